package dcfs.vfs.sync;

import dcfs.replicanet.placement.Shape;
import dcfs.vfs.VfsConfig;

/**
 * What a filesystem fixes when it is created and never changes after: the code (k data, m parity
 * shards, R copies), the stripe size (and so every stripe key), the AEAD segment size of new shards,
 * the key epoch new stripes are written under, and the inline limit. Kept in the superblock; a later
 * mount takes it from there, whatever its options say.
 */
public record FsShape(int dataShards, int parityShards, int replicas, int stripeSize, int segmentSize, int keyEpoch,
                      int inlineMax) {
    public FsShape {
        new Shape(dataShards, parityShards, replicas); // same rules as the placement's
        if (parityShards < 1) {
            throw new IllegalArgumentException("a filesystem needs at least one parity shard");
        }
        if (stripeSize < 4096 || Integer.bitCount(stripeSize) != 1) {
            throw new IllegalArgumentException("stripe size must be a power of two ≥ 4096: " + stripeSize);
        }
        if (segmentSize < 1024 || segmentSize > 256 * 1024) {
            throw new IllegalArgumentException("segment size must be 1 KiB .. 256 KiB: " + segmentSize);
        }
        if (keyEpoch < 0 || inlineMax < 0 || inlineMax > stripeSize) {
            throw new IllegalArgumentException("bad key epoch " + keyEpoch + " or inline limit " + inlineMax);
        }
    }

    /** The shape a new filesystem gets from a mount's options. */
    public static FsShape of(Shape shape, VfsConfig config, int segmentSize, int keyEpoch) {
        return new FsShape(shape.dataShards(), shape.parityShards(), shape.replicas(), config.stripeSize(), segmentSize,
                keyEpoch, config.inlineMax());
    }

    public Shape shape() {
        return new Shape(dataShards, parityShards, replicas);
    }

    /** {@code config} with this shape's stripe size and inline limit. */
    public VfsConfig applyTo(VfsConfig config) {
        return config.withStripeSize(stripeSize, inlineMax);
    }

    /** "RS 4+2 ×2, 4 MiB stripes". */
    public String describe() {
        String stripes = stripeSize >= (1 << 20) ? (stripeSize >> 20) + " MiB" : (stripeSize >> 10) + " KiB";
        return "RS " + dataShards + "+" + parityShards + " ×" + replicas + ", " + stripes + " stripes";
    }
}
