package dcfs.fsmount;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's read-ahead window of a mount, {@code /sys/class/bdi/<major:minor>/read_ahead_kb}
 * (docs/fs-mount.md, "1 MiB requests").
 *
 * <p>Why here and not in the INIT reply: the kernel takes the smaller of the reply's
 * {@code max_readahead} and the device's window, which starts at 128 KiB, so a FUSE server can only
 * lower it that way. A window of 128 KiB keeps sequential reads at 128 KiB requests even when the
 * kernel agreed to 1 MiB ones. Writing the file needs root; anyone else keeps the kernel's window.
 */
final class KernelReadahead {
    private static final Logger LOG = LoggerFactory.getLogger(KernelReadahead.class);
    static final int KERNEL_DEFAULT = 128 << 10;
    static final Path BDI = Path.of("/sys/class/bdi");

    private KernelReadahead() {
    }

    /** Sets the window of the mount at {@code mountPoint}; returns the window in effect afterwards, in bytes. */
    static int set(Path mountPoint, int bytes) {
        var entry = MountTable.find(mountPoint).filter(MountTable.Entry::isDcfs);
        if (entry.isEmpty()) {
            LOG.warn("kernel read-ahead unchanged: {} is not in the mount table", mountPoint);
            return KERNEL_DEFAULT;
        }
        Path knob = BDI.resolve(entry.get().device()).resolve("read_ahead_kb");
        try {
            Files.writeString(knob, Integer.toString(Math.max(4, bytes >> 10)), StandardCharsets.US_ASCII);
            return Integer.parseInt(Files.readString(knob, StandardCharsets.US_ASCII).trim()) << 10;
        } catch (IOException | NumberFormatException e) {
            LOG.info("kernel read-ahead stays at its default: cannot write {} ({})", knob, e.getMessage());
            return KERNEL_DEFAULT;
        }
    }
}
