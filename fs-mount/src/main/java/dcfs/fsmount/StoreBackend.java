package dcfs.fsmount;

import dcfs.vfs.store.DirectoryStripeStore;
import dcfs.vfs.sync.NetworkTarget;
import dcfs.vfs.store.StoreException;
import dcfs.vfs.store.StripeStore;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a mount keeps its stripes, and everything that has to live exactly as long as the mount:
 * for the network, the keys, the replica client and (without peers) the embedded nodes. The mount
 * opens it before the session and closes it after the session is closed, whatever happened.
 */
public interface StoreBackend extends AutoCloseable {

    /** Opens the store the session will own (and close). */
    StripeStore open() throws MountFailure;

    /**
     * For stores on the nodes: connects and returns what the session needs to read the superblock,
     * take the lease and ship the metadata — the session then builds the store itself, in the
     * filesystem's own shape. Empty for local stores, which the session gets from {@link #open}.
     */
    default Optional<NetworkTarget> network() throws MountFailure {
        return Optional.empty();
    }

    /** One line for logs and {@code run/mount.info}: "6 embedded nodes under …", "directory …". */
    String describe();

    /**
     * The filesystem identity this mount acts as (keyring fingerprint), stamped into new metadata
     * and checked against existing metadata (the "key match"); empty for the unencrypted
     * development store, which has no keys.
     */
    default Optional<String> owner() {
        return Optional.empty();
    }

    /** Releases what {@link #open} started; idempotent, never throws. */
    @Override
    void close();

    /** Stripes as files in a local directory: unencrypted, one machine, for development and tests. */
    static StoreBackend directory(Path dir) {
        return new StoreBackend() {
            @Override
            public StripeStore open() throws MountFailure {
                try {
                    return DirectoryStripeStore.open(dir);
                } catch (StoreException e) {
                    throw new MountFailure("cannot open the store " + dir + ": " + e.getMessage(), e);
                }
            }

            @Override
            public String describe() {
                return "directory " + dir + " (unencrypted development store)";
            }

            @Override
            public void close() {
                // the session closes the store itself
            }
        };
    }
}
