package dcfs.fstests.posix;

import dcfs.fstests.mount.MountMode;
import org.junit.jupiter.api.Test;

/**
 * A read-only mount ({@code -o ro}): every call that would change something fails with EROFS and
 * changes nothing; reading, stat and readlink still work (pjdfstest's EROFS cases of each call).
 * The filesystem is mounted read-write again before the test ends, whatever happened.
 */
class ReadOnlyMountTest extends PosixTest {

    @Test
    void everyChangeIsEROFS() throws Exception {
        sys.must("open", "f", "O_CREAT,O_WRONLY", "0644", ":", "write", "0", "data", ":", "mkdir", "d", "0755",
                ":", "symlink", "f", "s", ":", "mkdir", "full", "0755", ":", "create", "full/x", "0644");
        String before = sys.call("stat", "f", "inode,mode,uid,gid,size,mtime_ns,ctime_ns");
        scratch.filesystem().remount(MountMode.READ_ONLY);
        try {
            String[][] refused = {
                {"create", "new", "0644"},
                {"open", "new", "O_CREAT,O_WRONLY", "0644"},
                {"open", "f", "O_WRONLY"},
                {"open", "f", "O_RDWR"},
                {"open", "f", "O_RDONLY,O_TRUNC"},
                {"mkdir", "new", "0755"},
                {"mkfifo", "new", "0644"},
                {"mknod", "new", "p", "0644", "0", "0"},
                {"mknod", "new", "c", "0644", "1", "2"},
                {"bind", "new"},
                {"symlink", "f", "new"},
                {"link", "f", "new"},
                {"unlink", "f"},
                {"unlink", "full/x"},
                {"rmdir", "d"},
                {"rename", "f", "new"},
                {"rename", "f", "d"},
                {"chmod", "f", "0600"},
                {"chmod", "d", "0700"},
                {"chown", "f", "65534", "65534"},
                {"lchown", "s", "65534", "65534"},
                {"truncate", "f", "0"},
                {"truncate", "f", "100"},
                {"utimensat", "f", "0", "UTIME_NOW", "0", "UTIME_NOW", "0"},
                {"utimensat", "f", "1", "0", "2", "0", "0"},
            };
            for (String[] call : refused) {
                sys.expect("EROFS", call);
            }
            sys.expect("data", "open", "f", "O_RDONLY", ":", "read", "0", "10");
            sys.expect("f", "readlink", "s");
            sys.expect("regular", "stat", "s", "type");
            sys.expect("regular", "lstat", "full/x", "type");
            sys.expect(java.util.regex.Pattern.quote(before), "stat", "f", "inode,mode,uid,gid,size,mtime_ns,ctime_ns");
            sys.expect("ENOENT", "lstat", "new", "type");
        } finally {
            scratch.filesystem().remount(MountMode.READ_WRITE);
        }
        sys.expect("0", "create", "new", "0644");
    }
}
