package dcfs.keyring.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.keyring.internal.OwnerOnlyFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkAuthorityTest {
    @TempDir
    Path tmp;

    @Test
    void writesItsFilesWithTheDocumentedModesAndLoadsThemBack() throws Exception {
        Path dir = tmp.resolve("net");
        NetworkAuthority created = NetworkAuthority.create(dir);
        assertEquals(OwnerOnlyFiles.OWNER_READ_WRITE, Files.getPosixFilePermissions(dir.resolve("network.key")));
        assertEquals(OwnerOnlyFiles.PUBLIC_READ, Files.getPosixFilePermissions(dir.resolve("network.crt")));
        assertEquals(OwnerOnlyFiles.PUBLIC_READ, Files.getPosixFilePermissions(dir.resolve("revocations.rvl")));
        assertEquals(OwnerOnlyFiles.OWNER_DIRECTORY, Files.getPosixFilePermissions(dir));

        NetworkAuthority loaded = NetworkAuthority.load(dir);
        assertEquals(created.networkId(), loaded.networkId());
        assertEquals(created.certificate(), loaded.certificate());
        assertEquals(0, loaded.revocations().sequence());
        assertTrue(loaded.revocations().entries().isEmpty());
    }

    @Test
    void neverOverwritesANetwork() throws Exception {
        Path dir = tmp.resolve("net");
        NetworkAuthority.create(dir);
        byte[] key = Files.readAllBytes(dir.resolve("network.key"));
        IdentityException e = assertThrows(IdentityException.class, () -> NetworkAuthority.create(dir));
        assertTrue(e.getMessage().startsWith("a network already exists in "));
        assertArrayEquals(key, Files.readAllBytes(dir.resolve("network.key")));
    }

    @Test
    void issuesAnIdentityDirectoryThatLoads() throws Exception {
        NetworkAuthority net = NetworkAuthority.create(tmp.resolve("net"));
        Path out = tmp.resolve("node1");
        NodeIdentity issued = net.issue(Role.NODE, "node-1", Duration.ofDays(10), out);
        assertEquals(OwnerOnlyFiles.OWNER_READ_WRITE, Files.getPosixFilePermissions(out.resolve("identity.key")));
        for (String f : List.of("identity.crt", "network.crt", "revocations.rvl")) {
            assertEquals(OwnerOnlyFiles.PUBLIC_READ, Files.getPosixFilePermissions(out.resolve(f)), f);
        }
        NodeIdentity loaded = NodeIdentity.load(out);
        assertEquals(issued.nodeId(), loaded.nodeId());
        assertEquals(Role.NODE, loaded.role());
        assertEquals("node-1", loaded.name());
        assertEquals(net.networkId(), loaded.networkId());
        assertEquals(issued.nodeId(), loaded.selfCheck().nodeId());
        // The id is the hash of the key, written in CN and SAN.
        assertEquals(NodeId.of(loaded.certificate().getPublicKey()), loaded.nodeId());
        assertTrue(loaded.certificate().getSubjectX500Principal().getName().contains("CN=" + loaded.nodeId().hex()));
        assertEquals(List.of(issued.nodeId()), net.issued().stream().map(NetworkAuthority.Issued::nodeId).toList());

        IdentityException again = assertThrows(IdentityException.class,
                () -> net.issue(Role.NODE, "x", Duration.ofDays(1), out));
        assertTrue(again.getMessage().startsWith("an identity already exists in "));
    }

    @Test
    void refusesAnIdentityWhoseKeyIsNotItsCertificates() throws Exception {
        NetworkAuthority net = NetworkAuthority.create(tmp.resolve("net"));
        net.issue(Role.NODE, "a", Duration.ofDays(1), tmp.resolve("a"));
        net.issue(Role.NODE, "b", Duration.ofDays(1), tmp.resolve("b"));
        Files.copy(tmp.resolve("b/identity.key"), tmp.resolve("a/identity.key"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        IdentityException e = assertThrows(IdentityException.class, () -> NodeIdentity.load(tmp.resolve("a")));
        assertTrue(e.getMessage().contains("the private key does not belong to certificate of "), e.getMessage());
    }

    @Test
    void revokesByUniquePrefixWithGrowingSequence() throws Exception {
        NetworkAuthority net = NetworkAuthority.create(tmp.resolve("net"));
        NodeIdentity a = net.issue(Role.NODE, "a", Duration.ofDays(1));
        NodeIdentity b = net.issue(Role.CLIENT, "b", Duration.ofDays(1));
        RevocationList one = net.revoke(a.nodeId().hex().substring(0, 12), "gone");
        assertEquals(1, one.sequence());
        RevocationList two = net.revoke(b.nodeId().hex(), "");
        assertEquals(2, two.sequence());
        assertEquals(2, two.entries().size());
        assertEquals("gone", two.find(a.nodeId()).orElseThrow().reason());

        // What is on disk is what was returned, and it verifies against the network certificate.
        RevocationList onDisk = RevocationList.read(tmp.resolve("net/revocations.rvl"), net.certificate());
        assertArrayEquals(two.encoded(), onDisk.encoded());

        IdentityException again = assertThrows(IdentityException.class, () -> net.revoke(a.nodeId().hex(), ""));
        assertTrue(again.getMessage().startsWith("node " + a.nodeId().shortForm() + " is already revoked"));
        IdentityException unknown = assertThrows(IdentityException.class, () -> net.revoke("ffff0000", ""));
        assertTrue(unknown.getMessage().startsWith("no identity issued by this network starts with"));
        IdentityException junk = assertThrows(IdentityException.class, () -> net.revoke("zz", ""));
        assertTrue(junk.getMessage().contains("is not a node id"));
    }
}
