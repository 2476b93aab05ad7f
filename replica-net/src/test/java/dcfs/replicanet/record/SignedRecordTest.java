package dcfs.replicanet.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.keyring.IdentityKey;
import dcfs.keyring.KeyTree;
import dcfs.replicanet.client.ClientConfig;
import dcfs.replicanet.client.ReplicaClient;
import dcfs.replicanet.cluster.EmbeddedCluster;
import dcfs.replicanet.transport.RemoteException;
import dcfs.replicanet.transport.TransportSecurity;
import dcfs.replicanet.wire.ErrorCode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Superblock-style records on three TLS nodes: only the owner's newer, validly signed record is taken. */
class SignedRecordTest {
    @TempDir
    Path dir;

    static byte[] record(IdentityKey key, byte[] locator, long seq, byte[] payload) {
        byte[] pub = key.publicKey();
        byte[] sig = key.sign(SignedRecord.signedBytes(locator, pub, seq, payload));
        return new SignedRecord(pub, seq, payload, sig).encode();
    }

    static ErrorCode refusal(java.util.concurrent.CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        return assertInstanceOf(RemoteException.class, e.getCause()).code();
    }

    @Test
    void onlyTheOwnersNewerRecordIsStored() throws Exception {
        byte[] seed = new byte[64];
        Arrays.fill(seed, (byte) 1);
        byte[] other = new byte[64];
        Arrays.fill(other, (byte) 2);
        try (KeyTree owner = KeyTree.fromSeed(seed); KeyTree stranger = KeyTree.fromSeed(other);
                EmbeddedCluster cluster = EmbeddedCluster.start(dir, 3);
                ReplicaClient client = ReplicaClient.connect(ClientConfig.of(
                        TransportSecurity.fromIdentity(cluster.clientIdentity()), cluster.endpoints())
                        .withRefresh(Duration.ofMillis(200)), Duration.ofSeconds(20))) {
            assertEquals(3, client.awaitMembers(3, Duration.ofSeconds(20)));
            byte[] locator = owner.superblockLocator();
            IdentityKey key = owner.identity();
            assertEquals(3, client.putRecord(locator, record(key, locator, 1, "root v1".getBytes())).get(10, TimeUnit.SECONDS));
            assertEquals(3, client.putRecord(locator, record(key, locator, 5, "root v5".getBytes())).get(10, TimeUnit.SECONDS));
            assertEquals(ErrorCode.RECORD_STALE, refusal(client.putRecord(locator, record(key, locator, 5, "again".getBytes()))));
            assertEquals(ErrorCode.RECORD_STALE, refusal(client.putRecord(locator, record(key, locator, 4, "older".getBytes()))));
            assertEquals(ErrorCode.RECORD_WRONG_KEY, refusal(client.putRecord(locator,
                    record(stranger.identity(), locator, 9, "hijack".getBytes()))));
            byte[] forged = record(key, locator, 9, "forged".getBytes());
            forged[forged.length - 1] ^= 1;
            assertEquals(ErrorCode.RECORD_BAD_SIGNATURE, refusal(client.putRecord(locator, forged)));
            assertEquals(ErrorCode.RECORD_MALFORMED, refusal(client.putRecord(locator, new byte[] {1, 2, 3})));
            Optional<byte[]> got = client.getRecord(locator, IdentityRecordCrypto.INSTANCE).get(10, TimeUnit.SECONDS);
            assertTrue(got.isPresent());
            SignedRecord r = SignedRecord.parse(got.get());
            assertEquals(5, r.sequence());
            assertArrayEquals("root v5".getBytes(), r.payload());
            assertTrue(client.getRecord(stranger.superblockLocator(), IdentityRecordCrypto.INSTANCE)
                    .get(10, TimeUnit.SECONDS).isEmpty());
        }
    }
}
