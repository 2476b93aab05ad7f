package dcfs.keyring.identity;

import dcfs.keyring.internal.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A node's (or client's) identity in a network: its P-256 private key, its certificate signed by
 * the network key, the network certificate it trusts, and the revocation list it started with.
 * On disk, in one directory (docs/network-identity.md):
 *
 * <pre>
 * identity.key      0600  PKCS#8 PEM private key
 * identity.crt      0644  this node's certificate (PEM)
 * network.crt       0644  the network certificate: the only trust anchor
 * revocations.rvl   0644  the newest revocation list this node knows (RevocationList format)
 * </pre>
 *
 * <p>For TLS: {@link #sslContext()} gives a TLS 1.3 context with this key and a trust manager that
 * admits only members of the network; {@link #sslParameters(boolean)} requires client
 * certificates on the server side. The {@link PeerVerifier} is shared by every connection made
 * with this identity, so {@code peerVerifier().update(list)} takes effect on the next handshake.
 */
public final class NodeIdentity {
    public static final String KEY_FILE = "identity.key";
    public static final String CERTIFICATE_FILE = "identity.crt";
    public static final String NETWORK_CERTIFICATE_FILE = "network.crt";
    public static final String REVOCATIONS_FILE = "revocations.rvl";
    public static final String TLS_PROTOCOL = "TLSv1.3";

    private final PrivateKey privateKey;
    private final X509Certificate certificate;
    private final X509Certificate network;
    private final NodeId nodeId;
    private final Role role;
    private final String name;
    private final PeerVerifier verifier;

    NodeIdentity(PrivateKey privateKey, X509Certificate certificate, X509Certificate network,
            RevocationList revocations) throws IdentityException {
        this.privateKey = privateKey;
        this.certificate = certificate;
        this.network = network;
        this.nodeId = NodeId.of(certificate.getPublicKey());
        String who = "certificate of " + nodeId.shortForm();
        if (!keyMatches(privateKey, certificate)) {
            throw new IdentityException("the private key does not belong to " + who);
        }
        try {
            certificate.verify(network.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new IdentityException(who + " is not signed by network "
                    + NetworkId.of(network.getPublicKey()).shortForm());
        }
        try {
            this.role = PeerVerifier.roleOf(certificate, who);
        } catch (PeerRejectedException e) {
            throw new IdentityException(e.getMessage(), e);
        }
        this.name = CertificateIssuer.pseudonym(certificate.getSubjectX500Principal());
        this.verifier = new PeerVerifier(network, revocations);
    }

    /**
     * Reads an identity directory. Checks that the key belongs to the certificate and that the
     * certificate is signed by the network certificate beside it; expiry and revocation are left
     * to {@link #selfCheck()}, so an expired identity can still be read and shown.
     */
    public static NodeIdentity load(Path dir) throws IOException, IdentityException {
        X509Certificate network = Pem.readCertificate(dir.resolve(NETWORK_CERTIFICATE_FILE));
        X509Certificate cert = Pem.readCertificate(dir.resolve(CERTIFICATE_FILE));
        PrivateKey key = Pem.readPrivateKey(dir.resolve(KEY_FILE));
        RevocationList revocations = RevocationList.read(dir.resolve(REVOCATIONS_FILE), network);
        try {
            return new NodeIdentity(key, cert, network, revocations);
        } catch (IdentityException e) {
            throw new IdentityException(dir + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code dir} holds an identity (its key file). */
    public static boolean exists(Path dir) {
        return Files.exists(dir.resolve(KEY_FILE));
    }

    /**
     * Writes this identity to {@code dir} (created with mode 0700 if missing).
     *
     * @param force whether an identity already there may be replaced
     * @throws IdentityException if {@code dir} already holds an identity and not {@code force}
     */
    public void save(Path dir, boolean force) throws IOException, IdentityException {
        if (!force && exists(dir)) {
            throw new IdentityException("an identity already exists in " + dir + " (" + KEY_FILE + ")");
        }
        OwnerOnlyFiles.createDirectory(dir, OwnerOnlyFiles.OWNER_DIRECTORY);
        byte[] pem = Pem.privateKey(privateKey);
        try {
            OwnerOnlyFiles.write(dir.resolve(KEY_FILE), pem, OwnerOnlyFiles.OWNER_READ_WRITE, true);
        } finally {
            Arrays.fill(pem, (byte) 0);
        }
        OwnerOnlyFiles.write(dir.resolve(CERTIFICATE_FILE), Pem.certificate(certificate), OwnerOnlyFiles.PUBLIC_READ, true);
        OwnerOnlyFiles.write(dir.resolve(NETWORK_CERTIFICATE_FILE), Pem.certificate(network), OwnerOnlyFiles.PUBLIC_READ,
                true);
        verifier.revocations().write(dir.resolve(REVOCATIONS_FILE));
    }

    /**
     * Checks this identity as its peers will: in its validity window and not revoked.
     *
     * @throws PeerRejectedException saying why peers would refuse it
     */
    public Peer selfCheck() throws PeerRejectedException {
        return verifier.verify(certificateChain());
    }

    public NodeId nodeId() {
        return nodeId;
    }

    public Role role() {
        return role;
    }

    /** The name given at issue time (may be empty). */
    public String name() {
        return name;
    }

    public NetworkId networkId() {
        return verifier.networkId();
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public X509Certificate networkCertificate() {
        return network;
    }

    /** This certificate then the network's: what TLS sends. */
    public X509Certificate[] certificateChain() {
        return new X509Certificate[] {certificate, network};
    }

    /** The private key; never log or send it. */
    public PrivateKey privateKey() {
        return privateKey;
    }

    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    /** The verifier of peers, shared by every trust manager and context made from this identity. */
    public PeerVerifier peerVerifier() {
        return verifier;
    }

    public RevocationList revocations() {
        return verifier.revocations();
    }

    /** A key manager factory holding this key and chain (in memory only). */
    public KeyManagerFactory keyManagerFactory() {
        try {
            char[] password = new char[0];
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("identity", privateKey, password, certificateChain());
            // PKIX (not SunX509) so that the key manager honours the extended key usage of the role.
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(ks, password);
            return kmf;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a key manager for " + nodeId.shortForm(), e);
        }
    }

    /** A trust manager admitting members of this identity's network (see {@link PeerVerifier#trustManager()}). */
    public X509ExtendedTrustManager trustManager() {
        return verifier.trustManager();
    }

    /** A TLS 1.3 context: this identity as key, members of its network as the only trusted peers. */
    public SSLContext sslContext() {
        try {
            SSLContext ctx = SSLContext.getInstance(TLS_PROTOCOL);
            ctx.init(keyManagerFactory().getKeyManagers(), new javax.net.ssl.TrustManager[] {trustManager()},
                    new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no TLS 1.3", e);
        }
    }

    /**
     * TLS parameters for one side of a connection: TLS 1.3 only, no host name check (peers are
     * named by node id), and on the server side a client certificate is required.
     */
    public static SSLParameters sslParameters(boolean serverSide) {
        SSLParameters p = new SSLParameters();
        p.setProtocols(new String[] {TLS_PROTOCOL});
        p.setEndpointIdentificationAlgorithm(null);
        if (serverSide) {
            p.setNeedClientAuth(true);
        }
        return p;
    }

    @Override
    public String toString() {
        return "NodeIdentity[" + role + " " + nodeId.shortForm() + (name.isEmpty() ? "" : " '" + name + "'")
                + ", network " + networkId().shortForm() + "]";
    }

    private static boolean keyMatches(PrivateKey key, X509Certificate cert) {
        try {
            byte[] probe = "dcfs identity key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(CertificateIssuer.SIGNATURE_ALGORITHM);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            s.initVerify(cert.getPublicKey());
            s.update(probe);
            return s.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
