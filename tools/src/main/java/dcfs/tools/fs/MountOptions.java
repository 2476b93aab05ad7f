package dcfs.tools.fs;

import dcfs.fsmount.FuseTuning;
import dcfs.tools.ExitCodes;
import dcfs.tools.UserError;
import dcfs.vfs.VfsConfig;
import java.util.List;

/**
 * The {@code -o} options of {@code dcfs mount}: {@code ro}/{@code rw}, and tuning knobs (defaults
 * chosen by measurement, see docs/fs-mount.md): {@code attr_timeout}, {@code entry_timeout},
 * {@code negative_timeout} (seconds), {@code fuse_threads}, {@code io_threads},
 * {@code readahead} (stripes), {@code max_readahead} (kernel, bytes).
 */
record MountOptions(VfsConfig config, FuseTuning tuning) {
    static MountOptions parse(List<String> options, long cacheBytes) {
        VfsConfig config = VfsConfig.defaults().withCacheBytes(cacheBytes);
        boolean ro = false;
        double attr = -1;
        double entry = -1;
        double negative = -1;
        int fuseThreads = -1;
        int ioThreads = config.ioThreads();
        int readahead = config.readAheadStripes();
        int maxReadahead = 0;
        for (String raw : options) {
            String o = raw.trim();
            if (o.isEmpty()) {
                continue;
            }
            int eq = o.indexOf('=');
            String key = eq < 0 ? o : o.substring(0, eq);
            String value = eq < 0 ? null : o.substring(eq + 1);
            try {
                switch (key) {
                    case "ro" -> ro = true;
                    case "rw" -> ro = false;
                    case "attr_timeout" -> attr = Double.parseDouble(value);
                    case "entry_timeout" -> entry = Double.parseDouble(value);
                    case "negative_timeout" -> negative = Double.parseDouble(value);
                    case "fuse_threads" -> fuseThreads = Integer.parseInt(value);
                    case "io_threads" -> ioThreads = Integer.parseInt(value);
                    case "readahead" -> readahead = Integer.parseInt(value);
                    case "max_readahead" -> maxReadahead = Integer.parseInt(value);
                    default -> throw new UserError("unknown mount option '" + o + "' (known: ro, rw, attr_timeout, "
                            + "entry_timeout, negative_timeout, fuse_threads, io_threads, readahead, max_readahead)",
                            ExitCodes.USAGE);
                }
            } catch (NumberFormatException | NullPointerException e) {
                throw new UserError("mount option '" + o + "' needs a number", ExitCodes.USAGE);
            }
        }
        try {
            config = config.withReadOnly(ro).withReadAhead(readahead, ioThreads);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), ExitCodes.USAGE);
        }
        FuseTuning t = FuseTuning.defaults(ro);
        t = t.withTimeouts(attr < 0 ? t.attrTimeout() : attr, entry < 0 ? t.entryTimeout() : entry,
                negative < 0 ? t.negativeTimeout() : negative);
        if (fuseThreads > 0) {
            t = t.withThreads(fuseThreads);
        }
        if (maxReadahead > 0) {
            t = t.withMaxReadahead(maxReadahead);
        }
        return new MountOptions(config, t);
    }
}
