package dcfs.replicanet.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.replicanet.Endpoint;
import dcfs.replicanet.client.ClientConfig;
import dcfs.replicanet.membership.MembershipConfig;
import dcfs.replicanet.node.NodeConfig;
import dcfs.replicanet.node.NodeServer;
import dcfs.replicanet.record.IdentityRecordCrypto;
import dcfs.replicanet.client.ReplicaClient;
import dcfs.replicanet.client.StripeShards;
import dcfs.replicanet.client.StripeWrite;
import dcfs.replicanet.placement.Shape;
import dcfs.replicanet.testing.Stripes;
import dcfs.replicanet.transport.TransportSecurity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Six TLS nodes in this JVM: stripes written, read back, a node stopped, read again. */
class EmbeddedClusterTest {
    @TempDir
    Path dir;

    /** A client of the cluster's six nodes, once it sees all of them. */
    private static ReplicaClient connect(EmbeddedCluster cluster) throws Exception {
        ReplicaClient client = ReplicaClient.connect(ClientConfig.of(
                TransportSecurity.fromIdentity(cluster.clientIdentity()), cluster.endpoints())
                .withRefresh(Duration.ofMillis(200)), Duration.ofSeconds(20));
        try {
            assertEquals(6, client.awaitMembers(6, Duration.ofSeconds(30)));
        } catch (Exception | AssertionError e) {
            client.close();
            throw e;
        }
        return client;
    }

    @Test
    void writesAndReadsStripesAndSurvivesAStoppedNode() throws Exception {
        Shape shape = Shape.defaults();
        Stripes stripes = Stripes.of(shape);
        Random random = new Random(7);
        try (EmbeddedCluster cluster = EmbeddedCluster.start(dir, 6);
                ReplicaClient client = connect(cluster)) {
            List<Stripes.Stripe> written = new ArrayList<>();
            List<StripeWrite> writes = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                Stripes.Stripe s = stripes.make(random, 4096 + i);
                written.add(s);
                writes.add(client.writeStripe(s.key(), shape, s.ids(), s.shards(), s.tokens()));
            }
            for (StripeWrite w : writes) {
                w.durable().get(30, TimeUnit.SECONDS);
                var pend = w.replicated().get(30, TimeUnit.SECONDS);
                assertTrue(pend.isEmpty(), "every copy placed: " + pend);
                assertTrue(w.placement().underReplicated(), "6 nodes cannot hold 2 copies on 6 distinct nodes each");
                assertEquals(2, w.placement().copies().size());
            }
            for (Stripes.Stripe s : written) {
                StripeShards got = client.readStripe(s.key(), shape, s.ids(), Stripes.authenticator(s.ids()))
                        .get(30, TimeUnit.SECONDS);
                assertTrue(got.presentCount() >= 4);
                assertArrayEquals(s.data(), stripes.decode(got));
            }
            // Stop one node: every stripe still reads.
            cluster.nodes().get(2).close();
            for (Stripes.Stripe s : written) {
                StripeShards got = client.readStripe(s.key(), shape, s.ids(), Stripes.authenticator(s.ids()))
                        .get(30, TimeUnit.SECONDS);
                assertArrayEquals(s.data(), stripes.decode(got));
            }
            // Delete needs the tokens.
            Stripes.Stripe first = written.get(0);
            List<String> unreached = client.deleteStripe(first.key(), shape, first.ids(), first.tokens())
                    .get(30, TimeUnit.SECONDS);
            assertFalse(unreached.isEmpty(), "the stopped node's copies are reported: " + unreached);
        }
    }

    @Test
    void shardArraysOfAnswersNobodyKeepsGoBackToThePool() throws Exception {
        Shape shape = Shape.defaults();
        Stripes stripes = Stripes.of(shape);
        Random random = new Random(11);
        try (EmbeddedCluster cluster = EmbeddedCluster.start(dir, 6);
                ReplicaClient client = connect(cluster)) {
            List<Stripes.Stripe> written = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                // Shards above the pool's minimum length, so that the pool keeps them.
                Stripes.Stripe s = stripes.make(random, 80_000);
                written.add(s);
                client.writeStripe(s.key(), shape, s.ids(), s.shards(), s.tokens()).durable().get(30, TimeUnit.SECONDS);
            }
            int reads = 40;
            for (int r = 0; r < reads; r++) {
                Stripes.Stripe s = written.get(r % written.size());
                StripeShards got = client.readStripe(s.key(), shape, s.ids(), Stripes.authenticator(s.ids()))
                        .get(30, TimeUnit.SECONDS);
                assertArrayEquals(s.data(), stripes.decode(got));
                client.shardArrays().giveBack(got.shards()); // what the store does once a stripe is decoded
            }
            // Every read asks all six shards and keeps the first four: the other two arrive late or
            // are cancelled. Had their arrays been left to the collector, each read would allocate again.
            long allocated = client.shardArrays().counts()[1];
            assertTrue(allocated <= 3L * shape.totalShards(),
                    reads + " reads allocated " + allocated + " shard arrays; the rest should have been recycled");
        }
    }

    @Test
    void readsFindStripesWrittenBeforeThePlacementChanged() throws Exception {
        Shape shape = Shape.defaults();
        Stripes stripes = Stripes.of(shape);
        Random random = new Random(8);
        try (EmbeddedCluster cluster = EmbeddedCluster.start(dir, 6);
                ReplicaClient client = connect(cluster)) {
            List<Stripes.Stripe> written = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                Stripes.Stripe s = stripes.make(random, 2048);
                written.add(s);
                StripeWrite w = client.writeStripe(s.key(), shape, s.ids(), s.shards(), s.tokens());
                w.durable().get(30, TimeUnit.SECONDS);
                assertTrue(w.replicated().get(30, TimeUnit.SECONDS).isEmpty(), "every copy where placement wants it");
            }
            // Three more nodes join: groups and placement change under the stripes already written.
            cluster.layout().ensure(9);
            List<NodeServer> extra = new ArrayList<>();
            try {
                for (int i = 7; i <= 9; i++) {
                    extra.add(NodeServer.start(NodeConfig.of(cluster.layout().nodeDir(i), new Endpoint("127.0.0.1", 0),
                                    List.of(cluster.endpoints().get(0))).withMembership(MembershipConfig.fast()).withIoThreads(1),
                            TransportSecurity.fromIdentity(cluster.layout().nodeDir(i)), IdentityRecordCrypto.INSTANCE));
                }
                assertEquals(9, client.awaitMembers(9, Duration.ofSeconds(30)));
                int moved = 0;
                for (Stripes.Stripe s : written) {
                    moved += client.placement(s.key(), shape).nodes().stream()
                            .anyMatch(m -> extra.stream().anyMatch(x -> x.id().equals(m))) ? 1 : 0;
                }
                assertTrue(moved > 0, "some stripes now place on the new nodes");
                for (Stripes.Stripe s : written) {
                    StripeShards got = client.readStripe(s.key(), shape, s.ids(), Stripes.authenticator(s.ids()))
                            .get(30, TimeUnit.SECONDS);
                    assertArrayEquals(s.data(), stripes.decode(got));
                }
                // Second time round the hints point at where the shards were found.
                for (Stripes.Stripe s : written) {
                    assertArrayEquals(s.data(), stripes.decode(client.readStripe(s.key(), shape, s.ids(),
                            Stripes.authenticator(s.ids())).get(30, TimeUnit.SECONDS)));
                }
            } finally {
                extra.forEach(NodeServer::close);
            }
        }
    }
}
