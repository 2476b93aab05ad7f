package dcfs.vfs.sync;

import dcfs.keyring.KeyTree;
import dcfs.replicanet.client.ReplicaClient;
import dcfs.replicanet.placement.Shape;
import dcfs.vfs.store.NetworkStripeStore;

/**
 * What a mount over the network needs from whoever connected it (the mount command's backend): the
 * client, the key tree, and the shape its options ask for a new filesystem.
 *
 * @param client        connected; owned by the caller (outlives the session)
 * @param keys          the keyring's key tree; owned by the caller
 * @param shape         k, m, R the options ask for (used only for a new filesystem)
 * @param shapeGiven    whether the user gave -k/-m/-r (then a different existing shape is worth a note)
 * @param segmentSize   AEAD segment size for a new filesystem
 * @param timeoutMillis how long a stripe or record operation may take before it fails
 */
public record NetworkTarget(ReplicaClient client, KeyTree keys, Shape shape, boolean shapeGiven, int segmentSize,
                            long timeoutMillis) {

    /** The filesystem's store, in its own shape (from the superblock, or the options for a new one). */
    public NetworkStripeStore store(FsShape fs) {
        return new NetworkStripeStore(client, keys, fs.shape(), fs.segmentSize(), fs.keyEpoch(), timeoutMillis);
    }
}
