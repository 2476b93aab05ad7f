package dcfs.replicanet.upkeep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.keyring.identity.NetworkAuthority;
import dcfs.keyring.identity.NodeIdentity;
import dcfs.keyring.identity.PeerVerifier;
import dcfs.keyring.identity.RevocationList;
import dcfs.proofs.audit.AuditChallenge;
import dcfs.proofs.audit.AuditProof;
import dcfs.proofs.audit.AuditVerifier;
import dcfs.proofs.ledger.EntryKind;
import dcfs.proofs.ledger.LedgerEntry;
import dcfs.proofs.merkle.MerkleTree;
import dcfs.replicanet.MemberId;
import dcfs.replicanet.ShardId;
import dcfs.replicanet.client.ClientConfig;
import dcfs.replicanet.client.ReplicaClient;
import dcfs.replicanet.cluster.EmbeddedCluster;
import dcfs.replicanet.membership.MembershipConfig;
import dcfs.replicanet.node.NodeServer;
import dcfs.replicanet.store.StoreConfig;
import dcfs.replicanet.transport.Connection;
import dcfs.replicanet.transport.Connector;
import dcfs.replicanet.transport.RemoteException;
import dcfs.replicanet.transport.Transport;
import dcfs.replicanet.transport.TransportSecurity;
import dcfs.replicanet.wire.ErrorCode;
import dcfs.replicanet.wire.Message;
import dcfs.replicanet.wire.ReportKind;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upkeep messages against real TLS nodes in this JVM, with short periods: audits are answered
 * from the stored bytes, capacity challenges only from nodes, every node measures the others and
 * records rewards for those it is the recorder of in a ledger anyone with the network certificate
 * can verify; reports and revocations become ledger entries.
 */
class UpkeepProtocolTest {
    @TempDir
    static Path dir;
    static EmbeddedCluster cluster;
    static ReplicaClient client;
    static PeerVerifier network;

    @BeforeAll
    static void start() throws Exception {
        UpkeepConfig fast = new UpkeepConfig(Duration.ofMillis(300), 20_000, Duration.ofSeconds(3),
                Duration.ofSeconds(2), 0.5, dcfs.proofs.ledger.RewardParameters.DEFAULT);
        cluster = EmbeddedCluster.start(dir.resolve("c"), 4, MembershipConfig.fast(), StoreConfig.defaults(), fast);
        client = ReplicaClient.connect(ClientConfig.of(TransportSecurity.fromIdentity(cluster.clientIdentity()),
                cluster.endpoints()), Duration.ofSeconds(20));
        client.awaitMembers(4, Duration.ofSeconds(20));
        network = NodeIdentity.load(cluster.clientIdentity()).peerVerifier();
    }

    @AfterAll
    static void stop() {
        client.close();
        cluster.close();
    }

    static void await(String what, long millis, BooleanSupplier condition) throws InterruptedException {
        long until = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > until) {
                throw new AssertionError("not within " + millis + " ms: " + what);
            }
            Thread.sleep(100);
        }
    }

    static Throwable cause(Throwable e) {
        return e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    }

    @Test
    void anAuditIsAnsweredFromTheStoredBytesAndChecksAgainstTheWritersRoot() throws Exception {
        NodeServer n = cluster.nodes().get(1);
        byte[] shard = new byte[100_000];
        new Random(3).nextBytes(shard);
        byte[] idBytes = new byte[32];
        new Random(4).nextBytes(idBytes);
        ShardId id = new ShardId(idBytes);
        client.putShard(n.id(), id, new byte[32], shard).get(10, TimeUnit.SECONDS);
        byte[] root = MerkleTree.build(shard, Message.Audit.LEAF_SIZE).root();

        AuditChallenge c = AuditChallenge.fresh(idBytes, 16, new SecureRandom());
        byte[] proof = client.audit(n.id(), id, c.nonce(), c.samples(), 5000).get(10, TimeUnit.SECONDS);
        AuditVerifier v = new AuditVerifier(Message.Audit.LEAF_SIZE);
        assertTrue(v.check(c, root, shard.length, AuditProof.decode(proof, Message.Audit.LEAF_SIZE)).passed());

        // Bytes other than the ones the writer kept the root of do not pass: every path leads elsewhere.
        byte[] other = shard.clone();
        other[50_000] ^= 1;
        assertFalse(v.check(c, MerkleTree.build(other, Message.Audit.LEAF_SIZE).root(), shard.length,
                AuditProof.decode(proof, Message.Audit.LEAF_SIZE)).passed());

        ExecutionException missing = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> client.audit(n.id(), new ShardId(new byte[32]), c.nonce(), 4, 5000).get(10, TimeUnit.SECONDS));
        assertEquals(ErrorCode.NOT_FOUND, assertInstanceOf(RemoteException.class, cause(missing)).code());
    }

    @Test
    void clientsMayNotSendCapacityChallenges() throws Exception {
        try (Transport t = Transport.create("test-io", 1)) {
            Connector connector = new Connector(t, TransportSecurity.fromIdentity(cluster.clientIdentity()), 3000);
            Connection c = connector.connect(cluster.endpoints().get(0)).get(10, TimeUnit.SECONDS);
            Message.Response r;
            try {
                r = c.send(new Message.Capacity(0, new byte[32], 10), 5000).get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                assertEquals(ErrorCode.NOT_PERMITTED, assertInstanceOf(RemoteException.class, e.getCause()).code());
                c.close();
                return;
            }
            c.close();
            throw new AssertionError("a client's capacity challenge was answered: " + r);
        }
    }

    @Test
    void everyNodeMeasuresItsPeersAndRecordsVerifiableCapacityRewards() throws Exception {
        await("every node measured all four", 15_000, () -> cluster.nodes().stream()
                .allMatch(n -> n.upkeep().capacities().size() == 4));
        for (NodeServer n : cluster.nodes()) {
            for (CapacityMeasurement m : n.upkeep().capacities().values()) {
                assertTrue(m.capacity() > 0 && m.millis() > 0, m.describe());
                assertEquals(0.5, m.offeredShare(), 1e-6);
            }
        }
        // After a period closes, each node's recorder has written its capacity reward.
        await("a capacity reward for every node", 15_000, () -> cluster.nodes().stream().allMatch(n ->
                cluster.nodes().stream().anyMatch(r -> r.upkeep().ledger().entries().stream().anyMatch(e ->
                        e.kind() == EntryKind.CAPACITY_REWARD && e.nodeId().equals(n.id().hex())))));
        for (NodeServer n : cluster.nodes()) {
            LedgerReader.Read read = LedgerReader.read(client, n.id(), network, 10_000);
            assertTrue(read.verified(), read.problem());
            for (LedgerEntry e : read.entries()) {
                assertFalse(e.nodeId().equals(n.id().hex()), "a node never records its own rewards");
                assertEquals(n.id().hex(), e.signerId());
            }
        }
    }

    @Test
    void reportsBecomeStorageServingAndFailureEntriesAtTheirRecorder() throws Exception {
        NodeServer recorder = cluster.nodes().get(0);
        MemberId subject = cluster.nodes().get(2).id();
        MemberId failing = cluster.nodes().get(3).id();
        int taken = client.report(recorder.id(), List.of(
                new Message.ReportRow(subject, ReportKind.AUDITS_PASSED, 5),
                new Message.ReportRow(subject, ReportKind.READS_SERVED, 7),
                new Message.ReportRow(failing, ReportKind.AUDITS_FAILED, 2),
                new Message.ReportRow(recorder.id(), ReportKind.READS_SERVED, 1000))).get(10, TimeUnit.SECONDS);
        assertEquals(3, taken, "nothing about the recorder itself");
        await("failure recorded at once", 5_000, () -> has(recorder, EntryKind.AUDIT_FAILED, failing));
        await("storage and serving rewards at the period's end", 10_000,
                () -> has(recorder, EntryKind.STORAGE_REWARD, subject) && has(recorder, EntryKind.SERVING_REWARD, subject));
        LedgerEntry serving = recorder.upkeep().ledger().entries().stream()
                .filter(e -> e.kind() == EntryKind.SERVING_REWARD && e.nodeId().equals(subject.hex())).findFirst()
                .orElseThrow();
        assertEquals(7 * dcfs.proofs.ledger.RewardParameters.DEFAULT.servingReward(), serving.amount());
        assertFalse(has(recorder, EntryKind.SERVING_REWARD, recorder.id()));
    }

    static boolean has(NodeServer n, EntryKind kind, MemberId about) {
        return n.upkeep().ledger().entries().stream().anyMatch(e -> e.kind() == kind && e.nodeId().equals(about.hex()));
    }

    @Test
    void aRevokedMemberIsRecordedAsEjectedByItsRecorderAndLeavesTheClientsView() throws Exception {
        NetworkAuthority authority = NetworkAuthority.load(cluster.layout().networkDir());
        Path extraDir = dir.resolve("extra");
        NodeIdentity extra = authority.issue(dcfs.keyring.identity.Role.NODE, "extra", Duration.ofDays(1), extraDir);
        MemberId extraId = MemberId.fromHex(extra.nodeId().hex());
        RevocationList list = authority.revoke(extra.nodeId().hex(), "failed audits");
        for (NodeServer n : cluster.nodes()) {
            list.write(n.config().dataDir().resolve(NodeIdentity.REVOCATIONS_FILE));
        }
        await("one NODE_EJECTED entry among the nodes", 10_000, () -> cluster.nodes().stream()
                .filter(n -> has(n, EntryKind.NODE_EJECTED, extraId)).count() == 1);
        assertTrue(client.applyRevocations(list));
        assertFalse(client.view().rows().containsKey(extraId));
    }
}
