package dcfs.replicanet.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.replicanet.MemberId;
import dcfs.replicanet.client.ClientConfig;
import dcfs.replicanet.client.ReplicaClient;
import dcfs.replicanet.client.StripeShards;
import dcfs.replicanet.client.StripeWrite;
import dcfs.replicanet.placement.Group;
import dcfs.replicanet.placement.Shape;
import dcfs.replicanet.testing.Stripes;
import dcfs.replicanet.transport.TransportSecurity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "done when", on six real node processes started by the code behind
 * {@code dcfs cluster start}: 1000 RS(4,2) stripes of random data written (two copies) and read
 * back; any m=2 nodes killed by pid and everything read; those two restarted, then a whole group
 * killed and everything read. Node logs must show no netty leak.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcessClusterTest {
    static final int NODES = 6;
    static final int STRIPES = 1000;
    static final int SHARD_SIZE = 8 * 1024;
    static final Shape SHAPE = Shape.defaults();

    @TempDir
    static Path dir;
    static List<NodeRecord> nodes;
    static ReplicaClient client;
    static final List<Stripes.Stripe> written = new ArrayList<>();
    /** The groups the stripes were written to (placement is a function of the view at write time). */
    static List<Group> groups;
    static final Stripes stripes = Stripes.of(SHAPE);
    static final LocalCluster.Options OPTIONS = LocalCluster.Options.defaults().withNodeJvmOptions(List.of(
            "-Xms16m", "-Xmx128m", "-XX:+UseSerialGC", "-Xss512k", "-XX:TieredStopAtLevel=1",
            "-XX:CICompilerCount=1", "-XX:MaxDirectMemorySize=256m"));

    @BeforeAll
    static void start() throws Exception {
        nodes = LocalCluster.start(dir, NODES, OPTIONS);
        client = ReplicaClient.connect(ClientConfig.of(TransportSecurity.fromIdentity(ClusterLayout.at(dir).clientDir()),
                nodes.stream().map(NodeRecord::endpoint).toList()).withRefresh(Duration.ofMillis(300)),
                Duration.ofSeconds(30));
        assertEquals(NODES, client.awaitMembers(NODES, Duration.ofSeconds(30)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        try {
            long alive = nodes.stream().filter(n -> ProcessHandle.of(n.pid()).map(ProcessHandle::isAlive).orElse(false))
                    .count();
            // The pid files find exactly the live nodes, whose command lines (long test class path) the OS cuts.
            assertEquals(alive, LocalCluster.running(dir).size());
            assertEquals(alive, LocalCluster.stop(dir, Duration.ofSeconds(10)));
            assertTrue(LocalCluster.running(dir).isEmpty());
        } finally {
            // Whatever happened, no process of ours outlives the test.
            if (nodes != null) {
                for (NodeRecord n : nodes) {
                    ProcessHandle.of(n.pid()).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            for (int i : ClusterLayout.at(dir).nodeIndexes()) {
                LocalCluster.process(ClusterLayout.at(dir).nodeDir(i)).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        for (int i = 1; i <= NODES; i++) {
            Path log = ClusterLayout.at(dir).nodeDir(i).resolve("node.log");
            String text = Files.exists(log) ? Files.readString(log) : "";
            assertFalse(text.contains("LEAK:"), "node-" + i + " reported a leaked buffer:\n" + text);
        }
    }

    @Test
    @Order(1)
    void writesAThousandStripesDurably() throws Exception {
        Random random = new Random(1234);
        Semaphore window = new Semaphore(32);
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int i = 0; i < STRIPES; i++) {
            Stripes.Stripe s = stripes.make(random, SHARD_SIZE);
            written.add(s);
            window.acquire();
            StripeWrite w = client.writeStripe(s.key(), SHAPE, s.ids(), s.shards(), s.tokens());
            CompletableFuture<?> done = w.durable().thenCombine(w.replicated(), (a, pending) -> {
                assertTrue(pending.isEmpty(), "all copies placed: " + pending);
                return null;
            });
            done.whenComplete((x, e) -> window.release());
            all.add(done);
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        groups = client.view().topology().groups(SHAPE);
        long held = 0;
        for (NodeRecord n : nodes) {
            held += client.stats(n.id()).get(10, TimeUnit.SECONDS).shards();
        }
        assertEquals((long) STRIPES * SHAPE.totalShards() * SHAPE.replicas(), held, "every copy of every shard stored");
    }

    @Test
    @Order(2)
    void readsEverything() throws Exception {
        readAll();
    }

    @Test
    @Order(3)
    void readsEverythingWithAnyTwoNodesKilled() throws Exception {
        // Two nodes of different groups: each copy loses two shards of every stripe, the worst case for m=2.
        assertEquals(2, groups.size());
        NodeRecord a = record(groups.get(0).members().get(0));
        NodeRecord b = record(groups.get(1).members().get(1));
        LocalCluster.kill(a);
        LocalCluster.kill(b);
        assertFalse(ProcessHandle.of(a.pid()).map(ProcessHandle::isAlive).orElse(false));
        readAll();
        // Back again, with their shards: `dcfs cluster start` on the running cluster restarts just those two.
        List<NodeRecord> restarted = LocalCluster.restartMissing(dir, NODES, OPTIONS);
        assertEquals(List.of(a.index(), b.index()).stream().sorted().toList(),
                restarted.stream().map(NodeRecord::index).sorted().toList());
        for (NodeRecord r : restarted) {
            replace(r.index() == a.index() ? a : b, r);
        }
        assertEquals(List.of(), LocalCluster.restartMissing(dir, NODES, OPTIONS), "nothing left to restart");
        assertEquals(NODES, client.awaitMembers(NODES, Duration.ofSeconds(30)));
    }

    @Test
    @Order(4)
    void readsEverythingWithAWholeGroupKilled() throws Exception {
        for (MemberId m : groups.get(1).members()) {
            LocalCluster.kill(record(m));
        }
        readAll();
    }

    static void readAll() throws Exception {
        Semaphore window = new Semaphore(32);
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (Stripes.Stripe s : written) {
            window.acquire();
            CompletableFuture<StripeShards> f = client.readStripe(s.key(), SHAPE, s.ids(), Stripes.authenticator(s.ids()));
            all.add(f.thenAccept(got -> {
                try {
                    assertArrayEquals(s.data(), stripes.decode(got));
                } catch (dcfs.shardcodec.rs.NotEnoughShardsException e) {
                    throw new AssertionError(e);
                }
            }).whenComplete((x, e) -> window.release()));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
    }

    static NodeRecord record(MemberId id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
    }

    static void replace(NodeRecord old, NodeRecord now) {
        nodes = new ArrayList<>(nodes);
        nodes.set(nodes.indexOf(old), now);
        assertEquals(old.id(), now.id(), "a restarted node keeps its identity");
    }
}
