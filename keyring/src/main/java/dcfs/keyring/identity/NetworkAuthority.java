package dcfs.keyring.identity;

import dcfs.keyring.internal.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A private network's admission authority: the key that decides who is a member. It signs node
 * and client certificates and the revocation list. On disk, in one directory
 * (docs/network-identity.md):
 *
 * <pre>
 * network.key        0600  PKCS#8 PEM admission private key (ECDSA P-256)
 * network.crt        0644  self-signed network certificate (the CA of the network)
 * revocations.rvl    0644  the current signed revocation list
 * issued/ID.crt      0644  a copy of every certificate issued, by node id
 * </pre>
 *
 * <p>One administrator at a time: two processes revoking at once in the same directory could
 * each write a list with the same sequence number.
 */
public final class NetworkAuthority {
    public static final String KEY_FILE = "network.key";
    public static final String CERTIFICATE_FILE = "network.crt";
    public static final String REVOCATIONS_FILE = "revocations.rvl";
    public static final String ISSUED_DIRECTORY = "issued";
    /** How long a network certificate lasts unless told otherwise; every member's trust ends with it. */
    public static final Duration DEFAULT_NETWORK_VALIDITY = Duration.ofDays(3650);

    private final Path dir;
    private final PrivateKey key;
    private final X509Certificate certificate;
    private final NetworkId networkId;
    private final Clock clock;
    private RevocationList revocations;

    private NetworkAuthority(Path dir, PrivateKey key, X509Certificate certificate, RevocationList revocations,
            Clock clock) {
        this.dir = dir;
        this.key = key;
        this.certificate = certificate;
        this.networkId = NetworkId.of(certificate.getPublicKey());
        this.revocations = revocations;
        this.clock = clock;
    }

    /** Creates a network in {@code dir} valid for {@link #DEFAULT_NETWORK_VALIDITY}. */
    public static NetworkAuthority create(Path dir) throws IOException, IdentityException {
        return create(dir, DEFAULT_NETWORK_VALIDITY, Clock.systemUTC());
    }

    /**
     * Creates a network in {@code dir}: a new admission key pair, its self-signed certificate, an
     * empty revocation list (sequence 0).
     *
     * @throws IdentityException if {@code dir} already holds a network; nothing is overwritten
     */
    public static NetworkAuthority create(Path dir, Duration validity, Clock clock)
            throws IOException, IdentityException {
        if (exists(dir)) {
            throw new IdentityException("a network already exists in " + dir + " (" + KEY_FILE + ")");
        }
        OwnerOnlyFiles.createDirectory(dir, OwnerOnlyFiles.OWNER_DIRECTORY);
        KeyPair admission = CertificateIssuer.newKeyPair();
        Instant now = clock.instant();
        X509Certificate cert = CertificateIssuer.network(admission, now, validity);
        RevocationList empty = RevocationList.sign(admission.getPrivate(), NetworkId.of(admission.getPublic()), 0, now,
                List.of());
        byte[] pem = Pem.privateKey(admission.getPrivate());
        try {
            OwnerOnlyFiles.write(dir.resolve(KEY_FILE), pem, OwnerOnlyFiles.OWNER_READ_WRITE, false);
        } finally {
            Arrays.fill(pem, (byte) 0);
        }
        OwnerOnlyFiles.write(dir.resolve(CERTIFICATE_FILE), Pem.certificate(cert), OwnerOnlyFiles.PUBLIC_READ, true);
        empty.write(dir.resolve(REVOCATIONS_FILE));
        OwnerOnlyFiles.createDirectory(dir.resolve(ISSUED_DIRECTORY), OwnerOnlyFiles.OWNER_DIRECTORY);
        return new NetworkAuthority(dir, admission.getPrivate(), cert, empty, clock);
    }

    public static NetworkAuthority load(Path dir) throws IOException, IdentityException {
        return load(dir, Clock.systemUTC());
    }

    /** Reads the network in {@code dir}, checking that its key and certificate belong together. */
    public static NetworkAuthority load(Path dir, Clock clock) throws IOException, IdentityException {
        if (!exists(dir)) {
            throw new IdentityException("no network in " + dir + " (no " + KEY_FILE + "): create one with dcfs network init");
        }
        X509Certificate cert = Pem.readCertificate(dir.resolve(CERTIFICATE_FILE));
        PrivateKey key = Pem.readPrivateKey(dir.resolve(KEY_FILE));
        RevocationList revocations = RevocationList.read(dir.resolve(REVOCATIONS_FILE), cert);
        NetworkAuthority authority = new NetworkAuthority(dir, key, cert, revocations, clock);
        // A signed probe list proves the key file and certificate belong together.
        RevocationList probe = RevocationList.sign(key, authority.networkId, 0, clock.instant(), List.of());
        try {
            RevocationList.decode(probe.encoded(), cert);
        } catch (IdentityException e) {
            throw new IdentityException(dir.resolve(KEY_FILE) + " is not the key of " + dir.resolve(CERTIFICATE_FILE));
        }
        return authority;
    }

    /** Whether {@code dir} holds a network (its key file). */
    public static boolean exists(Path dir) {
        return Files.exists(dir.resolve(KEY_FILE));
    }

    public Path directory() {
        return dir;
    }

    public NetworkId networkId() {
        return networkId;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public synchronized RevocationList revocations() {
        return revocations;
    }

    /**
     * Issues an identity in memory: a new P-256 key pair and its certificate. The certificate is
     * also recorded under {@code issued/}.
     *
     * @param name a human name (at most 64 letters, digits or {@code . _ : @ -}; may be empty)
     * @param validity how long from now the certificate lasts
     */
    public synchronized NodeIdentity issue(Role role, String name, Duration validity)
            throws IOException, IdentityException {
        Objects.requireNonNull(role);
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive: " + validity);
        }
        KeyPair pair = CertificateIssuer.newKeyPair();
        X509Certificate cert = CertificateIssuer.leaf(key, certificate, pair.getPublic(), role, name, clock.instant(),
                validity);
        NodeId id = NodeId.of(pair.getPublic());
        OwnerOnlyFiles.createDirectory(dir.resolve(ISSUED_DIRECTORY), OwnerOnlyFiles.OWNER_DIRECTORY);
        OwnerOnlyFiles.write(dir.resolve(ISSUED_DIRECTORY).resolve(id.hex() + ".crt"), Pem.certificate(cert),
                OwnerOnlyFiles.PUBLIC_READ, true);
        return new NodeIdentity(pair.getPrivate(), cert, certificate, revocations);
    }

    /**
     * Issues an identity and writes it to {@code outDir} (see {@link NodeIdentity} for the files),
     * with a copy of the network certificate and the current revocation list.
     *
     * @throws IdentityException if {@code outDir} already holds an identity
     */
    public synchronized NodeIdentity issue(Role role, String name, Duration validity, Path outDir)
            throws IOException, IdentityException {
        if (NodeIdentity.exists(outDir)) {
            throw new IdentityException("an identity already exists in " + outDir + " (" + NodeIdentity.KEY_FILE + ")");
        }
        NodeIdentity identity = issue(role, name, validity);
        identity.save(outDir, false);
        return identity;
    }

    /**
     * An issued certificate, as recorded under {@code issued/}.
     *
     * @param nodeId the holder's id
     * @param role its role
     * @param name its name (may be empty)
     * @param notAfter when it expires
     * @param certificate the certificate itself
     */
    public record Issued(NodeId nodeId, Role role, String name, Instant notAfter, X509Certificate certificate) {
    }

    /** Every certificate this authority recorded, by node id. */
    public List<Issued> issued() throws IOException, IdentityException {
        Path issuedDir = dir.resolve(ISSUED_DIRECTORY);
        List<Issued> out = new ArrayList<>();
        if (!Files.isDirectory(issuedDir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(issuedDir, "*.crt")) {
            for (Path f : files) {
                X509Certificate cert = Pem.readCertificate(f);
                NodeId id = NodeId.of(cert.getPublicKey());
                Role role;
                try {
                    role = PeerVerifier.roleOf(cert, f.toString());
                } catch (PeerRejectedException e) {
                    throw new IdentityException(e.getMessage(), e);
                }
                out.add(new Issued(id, role, CertificateIssuer.pseudonym(cert.getSubjectX500Principal()),
                        cert.getNotAfter().toInstant(), cert));
            }
        }
        out.sort((a, b) -> a.nodeId().compareTo(b.nodeId()));
        return out;
    }

    /**
     * The node id a user typed: all 64 hex characters, or a prefix (at least 4) of exactly one
     * issued id.
     */
    public NodeId resolve(String idOrPrefix) throws IOException, IdentityException {
        String text = idOrPrefix.trim().toLowerCase(java.util.Locale.ROOT);
        if (text.length() == KeyHash.HEX_CHARS && text.chars().allMatch(KeyHash::isLowerHex)) {
            return new NodeId(text);
        }
        if (text.length() < 4 || !text.chars().allMatch(KeyHash::isLowerHex)) {
            throw new IdentityException("'" + idOrPrefix + "' is not a node id (64 hex characters, or a prefix of at"
                    + " least 4 of an issued one)");
        }
        List<NodeId> matches = issued().stream().map(Issued::nodeId).filter(id -> id.hex().startsWith(text)).toList();
        if (matches.isEmpty()) {
            throw new IdentityException("no identity issued by this network starts with " + text);
        }
        if (matches.size() > 1) {
            throw new IdentityException(text + " matches " + matches.size() + " issued identities; give more characters");
        }
        return matches.getFirst();
    }

    /**
     * Revokes {@code nodeId} (or a unique prefix of an issued one): signs a new list with the next
     * sequence number and writes it to {@code revocations.rvl}. Distributing it is the nodes' job.
     *
     * @throws IdentityException if the id is already revoked, unknown as a prefix, or ambiguous
     */
    public synchronized RevocationList revoke(String nodeId, String reason) throws IOException, IdentityException {
        NodeId id = resolve(nodeId);
        var existing = revocations.find(id);
        if (existing.isPresent()) {
            throw new IdentityException("node " + id.shortForm() + " is already revoked (since "
                    + existing.get().revokedAt() + ")");
        }
        Instant now = clock.instant();
        List<RevocationList.Entry> entries = new ArrayList<>(revocations.entries());
        entries.add(new RevocationList.Entry(id, now, reason == null ? "" : reason));
        RevocationList next = RevocationList.sign(key, networkId, revocations.sequence() + 1, now, entries);
        next.write(dir.resolve(REVOCATIONS_FILE));
        revocations = next;
        return next;
    }

    /** A verifier of peers against this network and its current revocation list. */
    public PeerVerifier peerVerifier() {
        return new PeerVerifier(certificate, revocations(), clock);
    }

    @Override
    public String toString() {
        return "NetworkAuthority[" + networkId.shortForm() + " in " + dir + "]";
    }
}
