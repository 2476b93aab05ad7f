package dcfs.vfs.handle;

import dcfs.vfs.OpenFlags;
import dcfs.vfs.data.OpenFile;

/** What a FUSE file handle (fh) stands for. */
public sealed interface Handle {
    /** An open regular file and how it was opened. */
    record FileHandle(OpenFile file, OpenFlags flags) implements Handle {
    }

    /**
     * An open directory: by inode, with the listing readdir serves offsets from (taken afresh when
     * reading starts over at offset 0).
     */
    record DirHandle(long ino, java.util.concurrent.atomic.AtomicReference<java.util.List<dcfs.vfs.DirEntry>> listing)
            implements Handle {
        public DirHandle(long ino) {
            this(ino, new java.util.concurrent.atomic.AtomicReference<>());
        }
    }
}
