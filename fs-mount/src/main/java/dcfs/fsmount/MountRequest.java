package dcfs.fsmount;

import dcfs.vfs.VfsConfig;
import java.nio.file.Path;

/**
 * One {@code dcfs mount}: where, from which home, over which store (null: the home's directory
 * store), with which filesystem settings (cache, read-only, read-ahead...) and FUSE tuning.
 */
public record MountRequest(Path mountPoint, Path home, StoreBackend backend, VfsConfig config, FuseTuning tuning) {
    public HomeLayout layout() {
        return new HomeLayout(home);
    }

    public StoreBackend effectiveBackend() {
        return backend != null ? backend : StoreBackend.directory(layout().stripes());
    }

    public boolean readOnly() {
        return config.readOnly();
    }
}
