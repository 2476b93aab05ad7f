package dcfs.keyring.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevocationListTest {
    @TempDir
    Path tmp;

    NetworkAuthority net;
    RevocationList list;

    @BeforeEach
    void setUp() throws Exception {
        net = NetworkAuthority.create(tmp.resolve("net"));
        net.revoke(net.issue(Role.NODE, "a", Duration.ofDays(1)).nodeId().hex(), "failed audits");
        list = net.revoke(net.issue(Role.CLIENT, "b", Duration.ofDays(1)).nodeId().hex(), "lost laptop ✓");
    }

    @Test
    void roundTrips() throws Exception {
        RevocationList back = RevocationList.decode(list.encoded(), net.certificate());
        assertEquals(list.sequence(), back.sequence());
        assertEquals(list.entries(), back.entries());
        assertEquals(list.issuedAt(), back.issuedAt());
        assertEquals(RevocationList.HEADER_BYTES + 2 * RevocationList.ENTRY_FIXED_BYTES
                + "failed audits".length() + "lost laptop ✓".getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                + 2 + sigLength(list.encoded()), list.encoded().length);
    }

    @Test
    void refusesEveryTruncation() {
        byte[] all = list.encoded();
        for (int n = 0; n < all.length; n++) {
            byte[] cut = Arrays.copyOf(all, n);
            IdentityException e = assertThrows(IdentityException.class, () -> RevocationList.decode(cut, net.certificate()));
            assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("bad magic")
                    || e.getMessage().contains("signature"), n + ": " + e.getMessage());
        }
    }

    /** A list built in memory (jqwik has no @TempDir): one entry, signed by a fresh network key. */
    private static final class InMemory {
        static final KeyPair KEY = CertificateIssuer.newKeyPair();
        static final X509Certificate NETWORK = CertificateIssuer.network(KEY, Instant.now(), Duration.ofDays(1));
        static final RevocationList LIST = RevocationList.sign(KEY.getPrivate(), NetworkId.of(KEY.getPublic()), 7,
                Instant.now(), List.of(new RevocationList.Entry(NodeId.of(CertificateIssuer.newKeyPair().getPublic()),
                        Instant.now(), "why")));
    }

    @Property(tries = 300)
    void refusesAnyFlippedBit(@ForAll @IntRange(min = 0, max = 100_000) int position) {
        byte[] bad = InMemory.LIST.encoded();
        int bit = position % (bad.length * 8);
        bad[bit / 8] ^= (byte) (1 << (bit % 8));
        assertThrows(IdentityException.class, () -> RevocationList.decode(bad, InMemory.NETWORK));
    }

    @Test
    void refusesAListOfAnotherNetwork() throws Exception {
        NetworkAuthority other = NetworkAuthority.create(tmp.resolve("other"));
        IdentityException e = assertThrows(IdentityException.class,
                () -> RevocationList.decode(list.encoded(), other.certificate()));
        assertEquals("revocation list is for network " + net.networkId().shortForm() + ", not "
                + other.networkId().shortForm(), e.getMessage());
    }

    @Test
    void refusesANewerVersion() {
        byte[] bad = list.encoded();
        bad[8] = 2;
        IdentityException e = assertThrows(IdentityException.class, () -> RevocationList.decode(bad, net.certificate()));
        assertEquals("revocation list version 2 is newer than this dcfs reads (1); upgrade dcfs", e.getMessage());
    }

    private static int sigLength(byte[] encoded) {
        // The signature is the tail; its length sits just before it. Scan from the end for a match.
        for (int s = 8; s <= RevocationList.MAX_SIGNATURE_BYTES; s++) {
            int at = encoded.length - s - 2;
            if (at > 0 && ((encoded[at] & 0xff) << 8 | (encoded[at + 1] & 0xff)) == s) {
                return s;
            }
        }
        throw new AssertionError("no signature length found");
    }
}
