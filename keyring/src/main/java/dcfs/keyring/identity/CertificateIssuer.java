package dcfs.keyring.identity;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Builds the X.509 certificates of a network (bcpkix; keys, signatures and parsing stay with the
 * JDK's providers, so no provider is registered globally). What each certificate holds is listed
 * in docs/network-identity.md.
 */
final class CertificateIssuer {
    static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    static final String CURVE = "secp256r1";
    /** Certificates start this long before they are made, so a peer whose clock lags accepts them. */
    static final java.time.Duration CLOCK_SKEW = java.time.Duration.ofMinutes(5);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:@-]{0,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private CertificateIssuer() {
    }

    /** A new ECDSA P-256 key pair: the key type JDK TLS 1.3 signs handshakes with. */
    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(CURVE), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make P-256 keys", e);
        }
    }

    static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "name '" + name + "' must be at most 64 letters, digits or . _ : @ -");
        }
    }

    /** The network's self-signed certificate: the CA of the network, allowed to sign leaves only. */
    static X509Certificate network(KeyPair admission, Instant now, java.time.Duration validity) {
        NetworkId id = NetworkId.of(admission.getPublic());
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, "dcfs network " + id.shortForm())
                .addRDN(BCStyle.O, "dcfs")
                .build();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(CLOCK_SKEW)), Date.from(now.plus(validity)), subject, admission.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            ext.createSubjectKeyIdentifier(admission.getPublic()));
            return sign(b, admission.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot build the network certificate", e);
        }
    }

    /**
     * A node or client certificate: subject {@code CN=<node id>, OU=<role>, pseudonym=<name>}, SAN
     * URI {@code urn:dcfs:<role>:<node id>}, the role's extended key usage, not a CA.
     */
    static X509Certificate leaf(PrivateKey networkKey, X509Certificate network, PublicKey subjectKey, Role role,
            String name, Instant now, java.time.Duration validity) {
        checkName(name);
        NodeId id = NodeId.of(subjectKey);
        X500NameBuilder nb = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, id.hex())
                .addRDN(BCStyle.OU, role.label());
        if (!name.isEmpty()) {
            nb.addRDN(BCStyle.PSEUDONYM, name);
        }
        KeyPurposeId[] purposes = role == Role.NODE
                ? new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}
                : new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth};
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    X500Name.getInstance(network.getSubjectX500Principal().getEncoded()), serial(),
                    Date.from(now.minus(CLOCK_SKEW)), Date.from(now.plus(validity)), nb.build(), subjectKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes))
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, sanUri(role, id))))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(network));
            return sign(b, networkKey);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot build a " + role + " certificate", e);
        }
    }

    /** The SAN URI naming a node or client: {@code urn:dcfs:node:<hex>} or {@code urn:dcfs:client:<hex>}. */
    static String sanUri(Role role, NodeId id) {
        return "urn:dcfs:" + role.label() + ":" + id.hex();
    }

    static String commonName(X500Principal principal) {
        return rdn(principal, BCStyle.CN);
    }

    static String pseudonym(X500Principal principal) {
        return rdn(principal, BCStyle.PSEUDONYM);
    }

    private static String rdn(X500Principal principal, org.bouncycastle.asn1.ASN1ObjectIdentifier type) {
        var rdns = X500Name.getInstance(principal.getEncoded()).getRDNs(type);
        return rdns.length == 0 ? "" : rdns[0].getFirst().getValue().toString();
    }

    private static BigInteger serial() {
        // Random 127-bit serial (positive, under the 20-octet limit of RFC 5280).
        return new BigInteger(127, RANDOM).setBit(126);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(key)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }
}
