package dcfs.keyring.identity;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * The PEM files of identities (RFC 7468): one "CERTIFICATE" or one unencrypted PKCS#8
 * "PRIVATE KEY" block per file, the forms openssl reads and writes.
 */
final class Pem {
    private static final String CERTIFICATE = "CERTIFICATE";
    private static final String PRIVATE_KEY = "PRIVATE KEY";

    private Pem() {
    }

    static byte[] certificate(X509Certificate cert) {
        try {
            return block(CERTIFICATE, cert.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode a certificate", e);
        }
    }

    /** The PKCS#8 PEM of {@code key}; the caller wipes the returned bytes once written. */
    static byte[] privateKey(PrivateKey key) {
        byte[] der = key.getEncoded();
        try {
            return block(PRIVATE_KEY, der);
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    static X509Certificate readCertificate(Path file) throws IOException, IdentityException {
        byte[] der = readBlock(file, CERTIFICATE);
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException e) {
            throw new IdentityException(file + " does not hold a valid X.509 certificate: " + e.getMessage(), e);
        }
    }

    static PrivateKey readPrivateKey(Path file) throws IOException, IdentityException {
        byte[] der = readBlock(file, PRIVATE_KEY);
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IdentityException(file + " does not hold an EC private key (PKCS#8): " + e.getMessage(), e);
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    private static byte[] block(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return ("-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] readBlock(Path file, String label) throws IOException, IdentityException {
        if (!Files.isRegularFile(file)) {
            throw new IdentityException(file + " is missing");
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < b) {
            throw new IdentityException(file + " is not a PEM " + label + " file");
        }
        String body = text.substring(b + begin.length(), e).replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException ex) {
            throw new IdentityException(file + " is corrupt: bad base64 in its " + label + " block", ex);
        }
    }
}
