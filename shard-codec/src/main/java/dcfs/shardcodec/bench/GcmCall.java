package dcfs.shardcodec.bench;

import java.security.GeneralSecurityException;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One AES-256-GCM call of a given size through the JDK, re-initialised per call as the shard path
 * does: shows how throughput depends on call size (the reason segments are ≤ 256 KiB).
 */
public final class GcmCall implements CryptoCase {
    private final boolean encrypt;
    private final int size;
    private final Cipher cipher;
    private final SecretKeySpec key;
    private final byte[] nonce = new byte[12];
    private final byte[] aad = new byte[160];
    private final byte[] input;
    private final byte[] output;
    private long counter;

    public GcmCall(boolean encrypt, int size) {
        this.encrypt = encrypt;
        this.size = size;
        SplittableRandom r = new SplittableRandom(size);
        byte[] raw = new byte[32];
        r.nextBytes(raw);
        r.nextBytes(nonce);
        r.nextBytes(aad);
        key = new SecretKeySpec(raw, "AES");
        try {
            cipher = Cipher.getInstance("AES/GCM/NoPadding");
            byte[] plain = new byte[size];
            r.nextBytes(plain);
            if (encrypt) {
                input = plain;
            } else {
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
                cipher.updateAAD(aad);
                input = cipher.doFinal(plain);
            }
            output = new byte[size + 16];
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String op() {
        return encrypt ? "gcm-encrypt" : "gcm-decrypt";
    }

    @Override
    public int k() {
        return 0;
    }

    @Override
    public int m() {
        return 0;
    }

    @Override
    public int shardBytes() {
        return size;
    }

    @Override
    public int segmentBytes() {
        return size;
    }

    @Override
    public long bytesPerRun() {
        return size;
    }

    @Override
    public int runOnce() {
        try {
            if (encrypt) {
                // The JDK refuses a repeated (key, nonce) for encryption: count through nonces.
                long c = ++counter;
                for (int i = 0; i < 8; i++) {
                    nonce[4 + i] = (byte) (c >>> (56 - 8 * i));
                }
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            } else {
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            }
            cipher.updateAAD(aad);
            return cipher.doFinal(input, 0, input.length, output, 0) + output[0];
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
