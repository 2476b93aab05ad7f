package dcfs.replicanet.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dcfs.replicanet.MemberId;
import dcfs.replicanet.ShardId;
import dcfs.replicanet.client.ClientConfig;
import dcfs.replicanet.client.ReadPolicy;
import dcfs.replicanet.client.ReplicaClient;
import dcfs.replicanet.client.StripeShards;
import dcfs.replicanet.client.StripeWrite;
import dcfs.replicanet.cluster.ClusterLayout;
import dcfs.replicanet.cluster.LocalCluster;
import dcfs.replicanet.cluster.NodeRecord;
import dcfs.replicanet.placement.Shape;
import dcfs.replicanet.store.ShardStore;
import dcfs.replicanet.testing.Stripes;
import dcfs.replicanet.transport.TransportSecurity;
import io.netty.util.ResourceLeakDetector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replica network's benchmarks (issue 4, section 6), over loopback TLS 1.3 to six node
 * processes started like {@code dcfs cluster start}:
 *
 * <ol>
 * <li>shard put and get throughput, 1 MiB and 64 KiB shards, 16 requests in flight per node;
 * <li>latency of 1000 stripe reads (RS 4+2, 64 KiB shards, one read at a time), p50/p99, with and
 * without one node answering every read 200 ms late, for both read policies.
 * </ol>
 *
 * Not part of the default build. Run:
 * <pre>
 * mvn -B -o -pl replica-net -am verify -Ddcfs.bench=true -Dtest=ReplicaBench -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * Figures go to stdout (the test's output file) and to {@code replica-net/target/bench-results.txt}.
 */
@EnabledIfSystemProperty(named = "dcfs.bench", matches = "true")
class ReplicaBench {
    static final Shape SHAPE = Shape.defaults();
    static final int PER_NODE_IN_FLIGHT = 16;

    @TempDir
    Path dir;
    final StringBuilder report = new StringBuilder();

    void say(String fmt, Object... args) {
        String line = String.format(Locale.ROOT, fmt, args);
        System.out.println(line);
        report.append(line).append('\n');
    }

    @Test
    void run() throws Exception {
        // The test JVM (this client) and the nodes it starts run with PARANOID leak detection, which
        // records a stack trace per buffer access: measure without it.
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        LocalCluster.Options options = LocalCluster.Options.defaults().withNodeJvmOptions(
                List.of("-Xms64m", "-Xmx512m", "-XX:+UseParallelGC", "-XX:MaxDirectMemorySize=512m",
                        "-Dio.netty.leakDetection.level=disabled"));
        List<NodeRecord> nodes = LocalCluster.start(dir, 6, options);
        try {
            say("load average at start: %.2f", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage());
        say("dcfs replica-net benchmark, %d nodes on loopback, TLS 1.3 (%s in this client), %d CPUs, %s",
                    nodes.size(), TransportSecurity.providerName(), Runtime.getRuntime().availableProcessors(),
                    Runtime.version());
            try (ReplicaClient c = client(nodes, ReadPolicy.ALL_SHARDS)) {
                throughput(c, nodes, 1 << 20, 240);
                throughput(c, nodes, 64 << 10, 3000);
            }
            List<Stripes.Stripe> stripes;
            try (ReplicaClient c = client(nodes, ReadPolicy.ALL_SHARDS)) {
                stripes = writeStripes(c, 1000, 64 << 10);
                for (ReadPolicy p : ReadPolicy.values()) {
                    try (ReplicaClient r = client(nodes, p)) {
                        latency(r, stripes, p + ", no delay");
                    }
                }
            }
            // One node now answers every shard read 200 ms late: restart it with the delay injector.
            NodeRecord slow = nodes.get(2);
            LocalCluster.stopNode(slow, Duration.ofSeconds(10));
            NodeRecord back = LocalCluster.restart(dir, slow.index(), List.of(nodes.get(0).endpoint()),
                    options.withPerNodeArgs(Map.of(slow.index(), List.of("--read-delay-ms", "200"))));
            assertEquals(slow.id(), back.id());
            nodes = new ArrayList<>(nodes);
            nodes.add(back);
            for (ReadPolicy p : ReadPolicy.values()) {
                try (ReplicaClient r = client(nodes, p)) {
                    latency(r, stripes, p + ", node " + slow.id().shortForm() + " +200 ms");
                }
            }
        } finally {
            LocalCluster.stop(dir, Duration.ofSeconds(10));
            for (NodeRecord n : nodes) {
                ProcessHandle.of(n.pid()).ifPresent(ProcessHandle::destroyForcibly);
            }
            Path out = Path.of("target", "bench-results.txt");
            Files.writeString(out, report.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        }
    }

    ReplicaClient client(List<NodeRecord> nodes, ReadPolicy policy) throws Exception {
        ReplicaClient c = ReplicaClient.connect(ClientConfig.of(
                TransportSecurity.fromIdentity(ClusterLayout.at(dir).clientDir()),
                nodes.stream().map(NodeRecord::endpoint).toList()).withReadPolicy(policy)
                .withRefresh(Duration.ofMillis(500)), Duration.ofSeconds(30));
        assertEquals(6, c.awaitMembers(6, Duration.ofSeconds(30)));
        return c;
    }

    void throughput(ReplicaClient c, List<NodeRecord> nodes, int size, int count) throws Exception {
        Random random = new Random(size);
        byte[][] payloads = new byte[8][size];
        for (byte[] p : payloads) {
            random.nextBytes(p);
        }
        byte[] tokenHash = ShardStore.sha256("bench".getBytes(StandardCharsets.US_ASCII));
        List<ShardId> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] id = new byte[32];
            random.nextBytes(id);
            ids.add(new ShardId(id));
        }
        List<MemberId> targets = nodes.stream().map(NodeRecord::id).toList();
        Semaphore window = new Semaphore(PER_NODE_IN_FLIGHT * targets.size());
        // Warm-up: a tenth, not counted.
        run(window, count / 4, i -> c.putShard(targets.get(i % targets.size()), ids.get(i), tokenHash,
                payloads[i % payloads.length]));
        long t0 = System.nanoTime();
        run(window, count, i -> c.putShard(targets.get(i % targets.size()), ids.get(i), tokenHash,
                payloads[i % payloads.length]));
        long putNanos = System.nanoTime() - t0;
        long t1 = System.nanoTime();
        run(window, count, i -> c.getShard(targets.get(i % targets.size()), ids.get(i), 0, -1).thenAccept(b -> {
            if (b.length != size) {
                throw new AssertionError("short read");
            }
        }));
        long getNanos = System.nanoTime() - t1;
        double mb = (double) size * count / 1e6;
        say("shard put %5s: %4d shards  %7.1f MB/s  %7.0f ops/s", label(size), count, mb / (putNanos / 1e9),
                count / (putNanos / 1e9));
        say("shard get %5s: %4d shards  %7.1f MB/s  %7.0f ops/s", label(size), count, mb / (getNanos / 1e9),
                count / (getNanos / 1e9));
    }

    interface Op {
        CompletableFuture<?> start(int i);
    }

    static void run(Semaphore window, int count, Op op) throws Exception {
        List<CompletableFuture<?>> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            window.acquire();
            all.add(op.start(i).whenComplete((x, e) -> window.release()));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
    }

    static String label(int size) {
        return size >= 1 << 20 ? (size >> 20) + "MiB" : (size >> 10) + "KiB";
    }

    List<Stripes.Stripe> writeStripes(ReplicaClient c, int n, int shardSize) throws Exception {
        Stripes codec = Stripes.of(SHAPE);
        Random random = new Random(99);
        List<Stripes.Stripe> out = new ArrayList<>();
        Semaphore window = new Semaphore(32);
        List<CompletableFuture<?>> all = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Stripes.Stripe s = codec.make(random, shardSize);
            out.add(s);
            window.acquire();
            StripeWrite w = c.writeStripe(s.key(), SHAPE, s.ids(), s.shards(), s.tokens());
            all.add(w.replicated().whenComplete((x, e) -> window.release()));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        double secs = (System.nanoTime() - t0) / 1e9;
        say("stripe write RS(4,2)x2, %s shards: %d stripes  %.1f stripes/s  %.1f MB/s of data", label(shardSize), n,
                n / secs, n * 4.0 * shardSize / 1e6 / secs);
        return out;
    }

    void latency(ReplicaClient c, List<Stripes.Stripe> stripes, String label) throws Exception {
        Stripes codec = Stripes.of(SHAPE);
        // Warm-up (and hedge-delay measurement): 100 reads.
        for (int i = 0; i < 100; i++) {
            Stripes.Stripe s = stripes.get(i);
            c.readStripe(s.key(), SHAPE, s.ids(), Stripes.authenticator(s.ids())).get(30, TimeUnit.SECONDS);
        }
        long[] nanos = new long[stripes.size()];
        for (int i = 0; i < stripes.size(); i++) {
            Stripes.Stripe s = stripes.get(i);
            long t = System.nanoTime();
            StripeShards got = c.readStripe(s.key(), SHAPE, s.ids(), Stripes.authenticator(s.ids()))
                    .get(30, TimeUnit.SECONDS);
            nanos[i] = System.nanoTime() - t;
            if (i % 100 == 0) {
                assertArrayEquals(s.data(), codec.decode(got));
            }
        }
        Arrays.sort(nanos);
        say("stripe read latency, %-40s p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms", label + ":",
                nanos[nanos.length / 2] / 1e6, nanos[(int) (nanos.length * 0.99)] / 1e6, nanos[nanos.length - 1] / 1e6);
    }
}
