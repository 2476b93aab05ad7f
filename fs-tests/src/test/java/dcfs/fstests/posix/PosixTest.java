package dcfs.fstests.posix;

import dcfs.fstests.driver.Caller;
import dcfs.fstests.driver.Syscalls;
import dcfs.fstests.mount.MountExtension;
import dcfs.fstests.mount.Scratch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the per-syscall conformance classes: each test runs in its own directory of the
 * filesystem under test, with the syscall driver working there ({@link #sys}).
 *
 * <p>Uids and gids follow pjdfstest: 65534 (nobody) and its neighbours 65533..65531 stand for
 * unprivileged users that exist nowhere in particular.
 */
@ExtendWith(MountExtension.class)
abstract class PosixTest {
    static final Caller NOBODY = Caller.user(65534, 65534);
    static final Caller OTHER = Caller.user(65533, 65533);
    static final String N0 = "n0";
    static final String N1 = "n1";
    static final String N2 = "n2";
    static final String N3 = "n3";

    Syscalls sys;
    Scratch scratch;

    @BeforeEach
    void enterScratch(Scratch s) {
        scratch = s;
        sys = new Syscalls(s.dir(), getClass());
    }

    void create(FileType type, String name) {
        sys.must(type.createWords(name));
    }

    void create(FileType type, String name, String mode) {
        sys.must(type.createWords(name, mode));
    }

    /** Created by root, then given to {@code uid:gid} (lchown, so a symlink itself changes hands). */
    void createOwned(FileType type, String name, int uid, int gid) {
        sys.must(FileType.then(type.createWords(name), "lchown", name, Integer.toString(uid), Integer.toString(gid)));
    }

    void remove(FileType type, String name) {
        sys.expect("0", type.removeWords(name));
    }

    long stat(String name, String field) {
        return sys.number("stat", name, field);
    }

    long lstat(String name, String field) {
        return sys.number("lstat", name, field);
    }

    void pause() {
        sys.pauseForTimestamps();
    }

    /** A stat field compared across an operation: it must now be greater. */
    void assertIncreased(long before, long after, String what) {
        sys.check(after > before, what + " should have increased: was " + before + ", now " + after);
    }

    void assertUnchanged(long before, long after, String what) {
        sys.check(after == before, what + " should not have changed: was " + before + ", now " + after);
    }
}
