package dcfs.vfs.handle;

import dcfs.vfs.OpenFlags;
import dcfs.vfs.data.OpenFile;

/** What a FUSE file handle (fh) stands for. */
public sealed interface Handle {
    /** An open regular file and how it was opened. */
    record FileHandle(OpenFile file, OpenFlags flags) implements Handle {
    }

    /** An open directory (by inode; readdir lists it afresh). */
    record DirHandle(long ino) implements Handle {
    }
}
