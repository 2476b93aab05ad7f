package dcfs.tools.fs;

import dcfs.fsmount.Detacher;
import dcfs.fsmount.HomeLayout;
import dcfs.fsmount.JavaCommand;
import dcfs.fsmount.MountFailure;
import dcfs.fsmount.MountRequest;
import dcfs.fsmount.MountRunner;
import dcfs.fsmount.ReadySignal;
import dcfs.fsmount.StoreBackend;
import dcfs.keyring.file.Keyring;
import dcfs.keyring.file.KeyringFile;
import dcfs.replicanet.placement.Shape;
import dcfs.tools.ClusterOptions;
import dcfs.tools.DcfsCommand;
import dcfs.tools.ExitCodes;
import dcfs.tools.HomeOption;
import dcfs.tools.UserError;
import dcfs.tools.keys.PassphraseOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dcfs mount MOUNTPOINT}: the filesystem of this home's keyring over storage nodes — the
 * home's embedded cluster when no nodes are named, else {@code --cluster DIR} or {@code --peers}.
 * Without {@code --foreground} it starts the mount process in the background (same Java, class path
 * and flags; log in HOME/logs/mount.log) and returns once the mount is ready, or fails with the
 * process's reason. A passphrase asked on the terminal reaches that process on its standard input.
 */
@Command(name = "mount", mixinStandardHelpOptions = true,
        description = {"Mount the filesystem at MOUNTPOINT.",
            "Without --cluster or --peers, an embedded cluster of nodes (stores under HOME/cluster) starts with the mount and stops with it."})
public final class MountCommand implements Callable<Integer> {
    private static final String MAIN = "dcfs.tools.Main";
    /**
     * Java heap of the mount process beyond the stripe cache: metadata, buffers in flight, the
     * garbage collector's room. Measured (docs/fs-mount.md, "Memory"): a 4 GiB file written and
     * read with the default 256 MiB cache peaks at about cache + 350 MiB resident on a directory
     * store, cache + 770 MiB over the network.
     */
    static final long HEAP_HEADROOM_MIB = 192;
    /**
     * Extra heap of a mount over nodes: per I/O thread an encoder's scratch ((k+m) shards of a
     * stripe), the shards of the stripes whose copies are still being written (bounded by
     * NetworkStripeStore's replication window), and the client's and store's array pools (96 MiB).
     */
    static final long NETWORK_HEADROOM_MIB = 256;
    /** Extra heap when the mount also runs the embedded nodes (their requests in flight). */
    static final long EMBEDDED_HEADROOM_MIB = 256;
    /**
     * A filesystem process that ran out of memory is in an unknown state: better to die (what was
     * fsync'd is on the nodes; the next mount cleans the dead mount point) than to hang every caller.
     */
    static final List<String> MOUNT_JVM_FLAGS = List.of("-XX:+ExitOnOutOfMemoryError");

    @Parameters(index = "0", paramLabel = "MOUNTPOINT", description = "An existing empty directory.")
    Path mountPoint;

    @Mixin
    HomeOption home;

    @Mixin
    ClusterOptions nodes;

    @Mixin
    PassphraseOptions passphrase;

    @Spec
    CommandSpec spec;

    @Option(names = "--foreground", description = "Stay attached; unmount on Ctrl-C or SIGTERM.")
    boolean foreground;

    @Option(names = "-o", paramLabel = "OPTIONS", split = ",",
            description = "Mount options: ro, rw; tuning: attr_timeout=S, entry_timeout=S, negative_timeout=S, "
                    + "fuse_threads=N, io_threads=N, readahead=STRIPES, max_readahead=BYTES, fuse_api=low|high.")
    List<String> options = new ArrayList<>();

    @Option(names = "--cache-mb", paramLabel = "N", description = "Memory for the stripe cache, MiB (default: ${DEFAULT-VALUE}).")
    long cacheMb = 256;

    @Option(names = {"-k", "--data-shards"}, paramLabel = "K",
            description = "Data shards per stripe of a new filesystem (default: ${DEFAULT-VALUE}); an existing one keeps its own.")
    int dataShards = 4;

    @Option(names = {"-m", "--parity-shards"}, paramLabel = "M", description = "Parity shards per stripe (default: ${DEFAULT-VALUE}).")
    int parityShards = 2;

    @Option(names = {"-r", "--replicas"}, paramLabel = "R", description = "Copies of every shard (default: ${DEFAULT-VALUE}).")
    int replicas = 2;

    @Option(names = "--nodes", paramLabel = "N", description = "Nodes of the embedded cluster (default: ${DEFAULT-VALUE}).")
    int embeddedNodes = 6;

    @Option(names = "--store", paramLabel = "DIR",
            description = "Development only: keep stripes unencrypted in a local directory, no keyring, no nodes.")
    Path store;

    @Option(names = "--notify-ready", hidden = true, description = "Print the readiness line on stdout (background mounts).")
    boolean notifyReady;

    @Option(names = "--passphrase-stdin", hidden = true, description = "Read the keyring passphrase from standard input.")
    boolean passphraseStdin;

    @Override
    public Integer call() {
        if (cacheMb < 16) {
            throw new UserError("--cache-mb must be at least 16", ExitCodes.USAGE);
        }
        Shape shape = shape();
        MountOptions parsed = MountOptions.parse(options, cacheMb << 20);
        Path mp = mountPoint.toAbsolutePath().normalize();
        Path h = home.resolve();
        try {
            // The cheapest checks first: a wrong mount point is reported before any key or node is touched.
            MountRunner.checkMountPoint(mp);
        } catch (MountFailure e) {
            throw new UserError(e.getMessage());
        }
        ClusterOptions.Target target = store == null ? nodes.resolve(h, true) : null;
        if (store == null) {
            ensureKeyring(h);
        }
        try {
            if (foreground) {
                StoreBackend backend = store != null ? StoreBackend.directory(store.toAbsolutePath())
                        : new NetworkBackend(openKeyring(h), target, shape, shapeGiven(), embeddedNodes);
                MountRequest request = new MountRequest(mp, h, backend, parsed.config(), parsed.tuning());
                return MountRunner.run(request, notifyReady ? ReadySignal.stdoutLine() : ReadySignal.NONE);
            }
            char[] secret = store == null ? passphrase.checkedPassphrase(h) : null;
            List<String> args = childArguments(mp, h, secret != null);
            long heap = cacheMb + HEAP_HEADROOM_MIB + (store == null ? NETWORK_HEADROOM_MIB : 0)
                    + (target instanceof ClusterOptions.Embedded ? EMBEDDED_HEADROOM_MIB : 0);
            Path log = new HomeLayout(h).log();
            long pid = Detacher.start(JavaCommand.like(MAIN, args, heap, MOUNT_JVM_FLAGS), log, Duration.ofSeconds(120),
                    secret, note -> System.out.println("note: " + note));
            System.out.println("mounted " + mp + " (pid " + pid + ", log " + log + ")");
            return ExitCodes.OK;
        } catch (MountFailure e) {
            throw new UserError(e.getMessage());
        }
    }

    /** Whether the user chose the code (a filesystem that exists keeps its own: worth saying then). */
    private boolean shapeGiven() {
        var parsed = spec.commandLine().getParseResult();
        return parsed.hasMatchedOption("--data-shards") || parsed.hasMatchedOption("--parity-shards")
                || parsed.hasMatchedOption("--replicas");
    }

    private Shape shape() {
        try {
            return new Shape(dataShards, parityShards, replicas);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), ExitCodes.USAGE);
        }
    }

    /**
     * No keyring yet: on a terminal, walk through {@code dcfs init} (the mnemonic shown once, a
     * passphrase asked); without one, say what to run.
     */
    private static void ensureKeyring(Path h) {
        if (KeyringFile.exists(h)) {
            return;
        }
        if (System.console() == null) {
            throw new UserError("no keyring in " + h + ": run `dcfs init` first (or `dcfs init --mnemonic-file F` to restore one)");
        }
        System.out.println("No keyring in " + h + " yet: creating one (dcfs init).");
        int code = DcfsCommand.commandLine().execute("init", "--home", h.toString());
        if (code != ExitCodes.OK) {
            throw new UserError("no keyring: dcfs init did not finish", code);
        }
    }

    private Keyring openKeyring(Path h) {
        return passphraseStdin ? PassphraseOptions.openWithPassphraseFrom(h, System.in) : passphrase.open(h);
    }

    /** The same mount, in the foreground, for the background process. */
    private List<String> childArguments(Path mp, Path h, boolean secretOnStdin) {
        List<String> args = new ArrayList<>(List.of("mount", mp.toString(), "--foreground", "--notify-ready",
                "--home", h.toString(), "--cache-mb", Long.toString(cacheMb),
                "--nodes", Integer.toString(embeddedNodes)));
        if (shapeGiven()) {
            args.addAll(List.of("-k", Integer.toString(dataShards), "-m", Integer.toString(parityShards), "-r",
                    Integer.toString(replicas)));
        }
        if (!options.isEmpty()) {
            args.addAll(List.of("-o", String.join(",", options)));
        }
        if (store != null) {
            args.addAll(List.of("--store", store.toAbsolutePath().toString()));
        }
        if (nodes.namesNodes()) {
            args.addAll(nodes.asArguments());
        }
        if (secretOnStdin) {
            args.add("--passphrase-stdin");
        } else if (store == null) {
            args.add("--no-passphrase");
        }
        return args;
    }
}
