package dcfs.tools.fs;

import dcfs.fsmount.Detacher;
import dcfs.fsmount.HomeLayout;
import dcfs.fsmount.JavaCommand;
import dcfs.fsmount.MountFailure;
import dcfs.fsmount.MountRequest;
import dcfs.fsmount.MountRunner;
import dcfs.fsmount.ReadySignal;
import dcfs.tools.ExitCodes;
import dcfs.tools.HomeOption;
import dcfs.tools.UserError;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dcfs mount MOUNTPOINT}: without {@code --foreground}, starts the mount process in the
 * background (same Java, class path and flags; log in HOME/logs/mount.log) and returns once the
 * mount is ready, or fails with the process's reason.
 *
 * <p>This stage stores stripes in a local directory (HOME/stripes, or {@code --store}); the
 * keyring, the network store, the superblock and the lease come with the network stage.
 */
@Command(name = "mount", mixinStandardHelpOptions = true,
        description = "Mount the filesystem at MOUNTPOINT (this stage: stripes in a local directory store).")
public final class MountCommand implements Callable<Integer> {
    private static final String MAIN = "dcfs.tools.Main";
    /**
     * Java heap of the mount process beyond the stripe cache: metadata, buffers in flight, the
     * garbage collector's room. Measured: a 4 GiB file written and read with the default 256 MiB
     * cache peaks at about cache + 300 MiB resident (docs/fs-mount.md).
     */
    static final long HEAP_HEADROOM_MIB = 192;

    @Parameters(index = "0", paramLabel = "MOUNTPOINT", description = "An existing empty directory.")
    Path mountPoint;

    @Mixin
    HomeOption home;

    @Option(names = "--foreground", description = "Stay attached; unmount on Ctrl-C or SIGTERM.")
    boolean foreground;

    @Option(names = "-o", paramLabel = "OPTIONS", split = ",",
            description = "Mount options: ro, rw; tuning: attr_timeout=S, entry_timeout=S, negative_timeout=S, "
                    + "fuse_threads=N, io_threads=N, readahead=STRIPES, max_readahead=BYTES.")
    List<String> options = new ArrayList<>();

    @Option(names = "--cache-mb", paramLabel = "N", description = "Memory for the stripe cache, MiB (default: ${DEFAULT-VALUE}).")
    long cacheMb = 256;

    @Option(names = "--store", paramLabel = "DIR", description = "Directory of the local stripe store (default: HOME/stripes).")
    Path store;

    @Option(names = "--notify-ready", hidden = true, description = "Print the readiness line on stdout (background mounts).")
    boolean notifyReady;

    @Override
    public Integer call() {
        if (cacheMb < 16) {
            throw new UserError("--cache-mb must be at least 16", ExitCodes.USAGE);
        }
        MountOptions parsed = MountOptions.parse(options, cacheMb << 20);
        Path mp = mountPoint.toAbsolutePath().normalize();
        Path h = home.resolve();
        MountRequest request = new MountRequest(mp, h, store == null ? null : store.toAbsolutePath(), parsed.config(),
                parsed.tuning());
        try {
            if (foreground) {
                return MountRunner.run(request, notifyReady ? ReadySignal.stdoutLine() : ReadySignal.NONE);
            }
            List<String> args = new ArrayList<>(List.of("mount", mp.toString(), "--foreground", "--notify-ready",
                    "--home", h.toString(), "--cache-mb", Long.toString(cacheMb)));
            if (!options.isEmpty()) {
                args.addAll(List.of("-o", String.join(",", options)));
            }
            if (store != null) {
                args.addAll(List.of("--store", store.toAbsolutePath().toString()));
            }
            Path log = new HomeLayout(h).log();
            long pid = Detacher.start(JavaCommand.like(MAIN, args, cacheMb + HEAP_HEADROOM_MIB), log,
                    Duration.ofSeconds(120));
            System.out.println("mounted " + mp + " (pid " + pid + ", log " + log + ")");
            return ExitCodes.OK;
        } catch (MountFailure e) {
            throw new UserError(e.getMessage());
        }
    }
}
