package dcfs.keyring;

import java.util.Arrays;
import javax.crypto.SecretKey;

/**
 * A symmetric key the key tree derived. Unlike {@code SecretKeySpec} it can be destroyed: its
 * bytes are wiped by {@link #destroy()} (or {@link #close()}), after which {@link #getEncoded()}
 * throws. JCE providers copy key bytes into their own state on {@code init}; those copies are
 * beyond our reach.
 */
public final class DerivedSecretKey implements SecretKey, AutoCloseable {
    private static final long serialVersionUID = 1L;

    private final String algorithm;
    private final byte[] key;
    private volatile boolean destroyed;

    /** Takes ownership of {@code key} (not copied). */
    DerivedSecretKey(String algorithm, byte[] key) {
        this.algorithm = algorithm;
        this.key = key;
    }

    @Override
    public String getAlgorithm() {
        return algorithm;
    }

    @Override
    public String getFormat() {
        return "RAW";
    }

    /** A copy of the key bytes; the caller wipes it. */
    @Override
    public byte[] getEncoded() {
        if (destroyed) {
            throw new IllegalStateException("this " + algorithm + " key was destroyed");
        }
        return key.clone();
    }

    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(key, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public void close() {
        destroy();
    }

    @Override
    public String toString() {
        return "DerivedSecretKey[" + algorithm + ", " + key.length * 8 + " bits, redacted]";
    }

    // Value equality would invite comparing keys in non-constant time; identity is enough here.
}
