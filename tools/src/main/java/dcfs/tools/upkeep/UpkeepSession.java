package dcfs.tools.upkeep;

import dcfs.keyring.file.Keyring;
import dcfs.keyring.identity.IdentityException;
import dcfs.keyring.identity.NodeIdentity;
import dcfs.replicanet.client.ClientConfig;
import dcfs.replicanet.client.ReplicaClient;
import dcfs.replicanet.transport.TransportSecurity;
import dcfs.tools.ClusterOptions;
import dcfs.tools.UserError;
import dcfs.tools.keys.PassphraseOptions;
import dcfs.vfs.FsException;
import dcfs.vfs.sync.Superblock;
import dcfs.vfs.upkeep.FilesystemSnapshot;
import dcfs.vfs.upkeep.ShardRoots;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@code dcfs scrub}, {@code repair} and {@code audit} work on: the keyring of the home, a
 * client connected to the nodes the cluster options name, a read-only snapshot of the filesystem
 * (its superblock and metadata, no lease), and the roots table {@code HOME/upkeep/roots}.
 */
final class UpkeepSession implements AutoCloseable {
    /** How long one node may take for one shard or record operation. */
    static final long TIMEOUT_MILLIS = 30_000;
    private static final Duration CONNECT = Duration.ofSeconds(30);
    private static final Duration SETTLE_MORE = Duration.ofSeconds(10);

    final Path home;
    /** The local cluster's directory, or null for --peers. */
    final Path clusterDir;
    final Keyring keyring;
    final ReplicaClient client;
    final FilesystemSnapshot snapshot;
    final ShardRoots roots;

    private UpkeepSession(Path home, Path clusterDir, Keyring keyring, ReplicaClient client,
            FilesystemSnapshot snapshot, ShardRoots roots) {
        this.home = home;
        this.clusterDir = clusterDir;
        this.keyring = keyring;
        this.client = client;
        this.snapshot = snapshot;
        this.roots = roots;
    }

    /** Where upkeep keeps its state between runs: roots and reputation. */
    static Path stateDir(Path home) {
        return home.resolve("upkeep");
    }

    static UpkeepSession open(Path home, ClusterOptions nodes, PassphraseOptions passphrase) {
        ClusterOptions.Seeds seeds = (ClusterOptions.Seeds) nodes.resolve(home, false);
        Keyring keyring = passphrase.open(home);
        ReplicaClient client = null;
        FilesystemSnapshot snapshot = null;
        try {
            try {
                NodeIdentity identity = NodeIdentity.load(seeds.identityDir());
                client = ReplicaClient.connect(ClientConfig.of(TransportSecurity.fromIdentity(identity),
                        seeds.endpoints()), CONNECT);
                // Nodes drop a revoked (ejected) member within seconds; this client keeps it out at once.
                client.applyRevocations(identity.revocations());
                ClusterOptions.awaitSettled(client, seeds.endpoints().size(), 1, CONNECT);
                // --peers may name a few nodes of many: placement must see every member before a
                // pass decides where copies belong, so wait (briefly) for all it has heard of.
                int known = client.view().rows().size();
                if (known > seeds.endpoints().size()) {
                    ClusterOptions.awaitSettled(client, known, 1, SETTLE_MORE);
                }
            } catch (IdentityException e) {
                throw new UserError("the client identity in " + seeds.identityDir() + " does not load: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new UserError("cannot reach the storage nodes (" + seeds.describe() + "): " + e.getMessage(), e);
            }
            try {
                snapshot = FilesystemSnapshot.open(home, client, keyring.keyTree(), TIMEOUT_MILLIS);
            } catch (IOException | FsException e) {
                throw new UserError("cannot read the filesystem from the nodes (" + seeds.describe() + "): "
                        + e.getMessage(), e);
            }
            ShardRoots roots;
            try {
                roots = ShardRoots.open(stateDir(home).resolve("roots"));
            } catch (IOException e) {
                throw new UserError(e.getMessage(), e);
            }
            return new UpkeepSession(home, nodes.clusterDir(home), keyring, client, snapshot, roots);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeAll(snapshot, client, keyring);
            throw new UserError("interrupted while connecting to the storage nodes");
        } catch (RuntimeException e) {
            closeAll(snapshot, client, keyring);
            throw e;
        }
    }

    /** "filesystem 1a2b3c4d… (RS 4+2 ×2, …), superblock 17: 24 stripes on the nodes (3 of metadata)". */
    void describe(PrintStream out) {
        Superblock sb = snapshot.superblock();
        long meta = snapshot.stripes().stream().filter(s -> s.isMetadata()).count();
        out.printf("filesystem %s… (%s), superblock %d: %d stripes on the nodes (%d of metadata)%n",
                sb.fsId().hex().substring(0, 8), sb.shape().describe(), snapshot.recordSeq(),
                snapshot.stripes().size(), meta);
    }

    @Override
    public void close() {
        try {
            roots.close();
        } finally {
            closeAll(snapshot, client, keyring);
        }
    }

    private static void closeAll(FilesystemSnapshot snapshot, ReplicaClient client, Keyring keyring) {
        try {
            if (snapshot != null) {
                snapshot.close();
            }
        } finally {
            try {
                if (client != null) {
                    client.close();
                }
            } finally {
                keyring.close();
            }
        }
    }
}
