package dcfs.fstests.posix;

import dcfs.fstests.driver.Caller;
import dcfs.fstests.driver.Syscalls;
import java.util.ArrayList;
import java.util.List;

/**
 * The ways resolving a path can fail, which every path syscall must report the same way
 * (pjdfstest's 01–07 files of each syscall): each case checks the error and, where one exists,
 * the nearest success (255 bytes work where 256 fail).
 */
public enum PathFault {
    /** A component before the last is a regular file: ENOTDIR. */
    NOT_A_DIRECTORY {
        @Override
        void check(Syscalls sys, PathProbe probe) {
            sys.must("create", "file", "0644");
            sys.expect("ENOTDIR", call(probe, "file/x"));
        }
    },
    /** A component of 255 bytes works; 256 is ENAMETOOLONG. */
    NAME_TOO_LONG {
        @Override
        void check(Syscalls sys, PathProbe probe) {
            sys.expect("ENAMETOOLONG", call(probe, Names.ofLength(Names.NAME_MAX + 1, 'x')));
            String longest = Names.ofLength(Names.NAME_MAX, 'x');
            prepare(sys, Caller.ROOT, probe, longest);
            sys.expect("0", call(probe, longest));
        }
    },
    /** A path of 4095 bytes works; 4096 (no room for the NUL in PATH_MAX) is ENAMETOOLONG. */
    PATH_TOO_LONG {
        @Override
        void check(Syscalls sys, PathProbe probe) {
            sys.expect("ENAMETOOLONG", call(probe, Names.join(Names.componentsForPathOf(Names.PATH_MAX))));
            List<String> parts = Names.componentsForPathOf(Names.PATH_MAX - 1);
            List<String> mkdirs = new ArrayList<>();
            for (int i = 1; i < parts.size(); i++) {
                if (!mkdirs.isEmpty()) {
                    mkdirs.add(":");
                }
                mkdirs.addAll(List.of("mkdir", Names.join(parts.subList(0, i)), "0755"));
            }
            sys.must(mkdirs.toArray(String[]::new));
            String longest = Names.join(parts);
            prepare(sys, Caller.ROOT, probe, longest);
            sys.expect("0", call(probe, longest));
        }
    },
    /** A directory on the way does not exist: ENOENT (and so does the target itself, if needed). */
    MISSING_COMPONENT {
        @Override
        void check(Syscalls sys, PathProbe probe) {
            sys.expect("ENOENT", call(probe, "missing/x"));
            if (probe.needsExisting()) {
                sys.expect("ENOENT", call(probe, "missing"));
            }
        }
    },
    /** A directory on the way may not be searched by the caller: EACCES; once it may, the call works. */
    SEARCH_DENIED {
        @Override
        void check(Syscalls sys, PathProbe probe) {
            Caller nobody = Caller.user(65534, 65534);
            sys.must("chmod", ".", "0777");
            sys.must("mkdir", "d", "0755", ":", "chown", "d", "65534", "65534");
            // what the call starts from belongs to the caller (Linux's protected_hardlinks asks that of link)
            probe.source().ifPresent(f -> sys.must("chown", f, "65534", "65534"));
            prepare(sys, nobody, probe, "d/x");
            sys.must("chmod", "d", "0644");
            sys.expectAs("EACCES", nobody, call(probe, "d/x"));
            sys.must("chmod", "d", "0755");
            sys.expectAs("0", nobody, call(probe, "d/x"));
        }
    },
    /** Symlinks pointing at each other: ELOOP on the way, and at the end for calls that follow it. */
    SYMLINK_LOOP {
        @Override
        void check(Syscalls sys, PathProbe probe) {
            sys.must("symlink", "loop1", "loop0", ":", "symlink", "loop0", "loop1");
            sys.expect("ELOOP", call(probe, "loop0/x"));
            if (probe.followsLast()) {
                sys.expect("ELOOP", call(probe, "loop0"));
            }
        }
    };

    /** Runs this case for one probe in a fresh directory ({@code sys}'s). */
    public void run(Syscalls sys, PathProbe probe) {
        probe.source().ifPresent(f -> sys.must("create", f, "0644"));
        check(sys, probe);
    }

    abstract void check(Syscalls sys, PathProbe probe);

    static String[] call(PathProbe probe, String path) {
        return probe.call().apply(path).toArray(String[]::new);
    }

    static void prepare(Syscalls sys, Caller who, PathProbe probe, String path) {
        List<String> words = probe.prepare().apply(path);
        if (!words.isEmpty()) {
            sys.mustAs(who, words.toArray(String[]::new));
        }
    }
}
