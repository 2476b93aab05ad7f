package dcfs.keyring.bip32;

import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/** The secp256k1 curve of BIP32, from BouncyCastle's constant-time custom implementation. */
public final class Secp256k1 {
    private static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp256k1");
    /** The curve as BouncyCastle's signers take it. */
    public static final ECDomainParameters DOMAIN = new ECDomainParameters(PARAMS);
    /** The order of the group. */
    public static final BigInteger N = PARAMS.getN();
    /** n / 2: signatures with s above it are made low-S. */
    public static final BigInteger HALF_N = N.shiftRight(1);

    private Secp256k1() {
    }

    /** The compressed (33-byte) public point of private scalar {@code k}. */
    public static byte[] publicKeyOf(BigInteger k) {
        return new FixedPointCombMultiplier().multiply(PARAMS.getG(), k).normalize().getEncoded(true);
    }

    /** Decodes a compressed point; throws IllegalArgumentException if it is not on the curve. */
    public static ECPoint decode(byte[] compressed) {
        if (compressed.length != 33 || (compressed[0] != 2 && compressed[0] != 3)) {
            throw new IllegalArgumentException("not a compressed point");
        }
        ECPoint p = PARAMS.getCurve().decodePoint(compressed);
        if (p.isInfinity() || !p.isValid()) {
            throw new IllegalArgumentException("not a point on secp256k1");
        }
        return p;
    }

    static ECPoint multiplyG(BigInteger k) {
        return new FixedPointCombMultiplier().multiply(PARAMS.getG(), k);
    }
}
