package dcfs.keyring.identity;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JSSE face of {@link PeerVerifier}. Extends {@link X509ExtendedTrustManager} so JSSE calls it
 * as is, without wrapping it in its own hostname and PKIX checks: peers are named by node id, not
 * by host name, and the only anchor is the network certificate.
 */
final class NetworkTrustManager extends X509ExtendedTrustManager {
    private final PeerVerifier verifier;

    NetworkTrustManager(PeerVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, Role.NODE);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(chain, null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(chain, Role.NODE);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain, null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain, Role.NODE);
    }

    /** The network certificate: servers name it in their certificate request, so clients pick the right key. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[] {verifier.networkCertificate()};
    }

    private void check(X509Certificate[] chain, Role required) throws CertificateException {
        try {
            verifier.verify(chain, required);
        } catch (PeerRejectedException e) {
            throw new CertificateException(e.getMessage(), e);
        }
    }
}
