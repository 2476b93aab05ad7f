package dcfs.fsmount;

import java.util.ArrayList;
import java.util.List;

/**
 * The libfuse options a dcfs mount uses, and why (the low-level API takes only the kernel and
 * session options below; the others are the high-level API's, see docs/fs-mount.md):
 * <ul>
 *   <li>{@code big_writes,max_write=131072}: writes arrive in 128 KiB pieces, not 4 KiB (the
 *       difference between ≈106 MB/s and disk speed, measured); the low-level mount's own channel
 *       then raises requests to 1 MiB where the kernel allows ({@link FuseChannel}).</li>
 *   <li>{@code use_ino}: st_ino is ours, so hard links show the same inode number.</li>
 *   <li>{@code default_permissions}: the kernel checks mode bits (vfs checks them too).</li>
 *   <li>{@code hard_remove}: unlink really removes the name even while the file is open (no
 *       .fuse_hidden files); operations on open handles then arrive without a path, which vfs
 *       never needs (nullpath_ok and nopath are set on the operations table).</li>
 *   <li>attribute, entry and negative-lookup cache timeouts: measured, see docs/fs-mount.md.</li>
 *   <li>{@code allow_other} when root: other users can use the mount (permissions still apply).</li>
 * </ul>
 */
public record FuseTuning(double attrTimeout, double entryTimeout, double negativeTimeout, int threads,
                         int maxReadahead, boolean allowOther, boolean readOnly, boolean debug, Api api) {
    /** Which libfuse API the mount uses (see docs/fs-mount.md). */
    public enum Api {
        /** struct fuse_lowlevel_ops by inode: the default. */
        LOW_LEVEL,
        /** jnr-fuse's path-based operations (libfuse high-level API); kept for comparison. */
        HIGH_LEVEL
    }

    public static final int MAX_WRITE = 131072;
    /** Request threads: enough that a request waiting on the store does not stall the others. */
    public static final int DEFAULT_THREADS = 4;

    public static FuseTuning defaults(boolean readOnly) {
        return new FuseTuning(1.0, 1.0, 1.0, DEFAULT_THREADS, 0, isRoot(), readOnly, false, Api.LOW_LEVEL);
    }

    public FuseTuning withTimeouts(double attr, double entry, double negative) {
        return new FuseTuning(attr, entry, negative, threads, maxReadahead, allowOther, readOnly, debug, api);
    }

    public FuseTuning withThreads(int n) {
        return new FuseTuning(attrTimeout, entryTimeout, negativeTimeout, n, maxReadahead, allowOther, readOnly, debug,
                api);
    }

    /** The kernel read-ahead window a low-level mount sets when {@code max_readahead} is not given. */
    public static final int DEFAULT_READAHEAD = 1 << 20;

    /** The kernel read-ahead window for the mount: {@code max_readahead}, else {@link #DEFAULT_READAHEAD}. */
    public int readaheadBytes() {
        return maxReadahead > 0 ? maxReadahead : DEFAULT_READAHEAD;
    }

    /** Kernel read-ahead for the mount in bytes (0: {@link #DEFAULT_READAHEAD}). */
    public FuseTuning withMaxReadahead(int bytes) {
        return new FuseTuning(attrTimeout, entryTimeout, negativeTimeout, threads, bytes, allowOther, readOnly, debug,
                api);
    }

    public FuseTuning withDebug(boolean d) {
        return new FuseTuning(attrTimeout, entryTimeout, negativeTimeout, threads, maxReadahead, allowOther, readOnly, d,
                api);
    }

    public FuseTuning withApi(Api a) {
        return new FuseTuning(attrTimeout, entryTimeout, negativeTimeout, threads, maxReadahead, allowOther, readOnly,
                debug, a);
    }

    /**
     * The libfuse arguments. The low-level API takes the kernel and session options only; cache
     * timeouts travel in each reply there, and use_ino/hard_remove/timeouts are high-level options.
     */
    public List<String> arguments() {
        if (api == Api.LOW_LEVEL) {
            List<String> o = new ArrayList<>(List.of("fsname=dcfs", "subtype=dcfs", "big_writes",
                    "max_write=" + MAX_WRITE, "default_permissions"));
            if (maxReadahead > 0) {
                o.add("max_readahead=" + maxReadahead);
            }
            if (allowOther) {
                o.add("allow_other");
            }
            if (readOnly) {
                o.add("ro");
            }
            List<String> args = new ArrayList<>(List.of("-o", String.join(",", o)));
            if (debug) {
                args.add("-d");
            }
            return args;
        }
        return highLevelArguments();
    }

    private List<String> highLevelArguments() {
        List<String> o = new ArrayList<>(List.of("fsname=dcfs", "subtype=dcfs", "big_writes",
                "max_write=" + MAX_WRITE, "use_ino", "default_permissions", "hard_remove",
                "attr_timeout=" + attrTimeout, "entry_timeout=" + entryTimeout, "negative_timeout=" + negativeTimeout));
        if (maxReadahead > 0) {
            o.add("max_readahead=" + maxReadahead);
        }
        if (allowOther) {
            o.add("allow_other");
        }
        if (readOnly) {
            o.add("ro");
        }
        List<String> args = new ArrayList<>(List.of("-o", String.join(",", o)));
        if (debug) {
            args.add("-d");
        }
        return args;
    }

    static boolean isRoot() {
        try {
            Object uid = java.nio.file.Files.getAttribute(java.nio.file.Path.of("/proc/self"), "unix:uid");
            return uid instanceof Integer i && i == 0;
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }
}
