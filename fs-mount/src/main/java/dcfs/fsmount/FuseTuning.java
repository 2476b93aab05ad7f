package dcfs.fsmount;

import java.util.ArrayList;
import java.util.List;

/**
 * The libfuse options a dcfs mount uses, and why:
 * <ul>
 *   <li>{@code big_writes,max_write=131072}: writes arrive in 128 KiB pieces, not 4 KiB (the
 *       difference between ≈106 MB/s and disk speed, measured).</li>
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
                         int maxReadahead, boolean allowOther, boolean readOnly, boolean debug) {
    public static final int MAX_WRITE = 131072;
    /** Request threads: enough that a request waiting on the store does not stall the others. */
    public static final int DEFAULT_THREADS = 4;

    public static FuseTuning defaults(boolean readOnly) {
        return new FuseTuning(1.0, 1.0, 1.0, DEFAULT_THREADS, 0, isRoot(), readOnly, false);
    }

    public FuseTuning withTimeouts(double attr, double entry, double negative) {
        return new FuseTuning(attr, entry, negative, threads, maxReadahead, allowOther, readOnly, debug);
    }

    public FuseTuning withThreads(int n) {
        return new FuseTuning(attrTimeout, entryTimeout, negativeTimeout, n, maxReadahead, allowOther, readOnly, debug);
    }

    /** Kernel read-ahead for the mount in bytes (0: the kernel's default, 128 KiB). */
    public FuseTuning withMaxReadahead(int bytes) {
        return new FuseTuning(attrTimeout, entryTimeout, negativeTimeout, threads, bytes, allowOther, readOnly, debug);
    }

    public FuseTuning withDebug(boolean d) {
        return new FuseTuning(attrTimeout, entryTimeout, negativeTimeout, threads, maxReadahead, allowOther, readOnly, d);
    }

    /** The arguments after the mount point for fuse_main. */
    public List<String> arguments() {
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
