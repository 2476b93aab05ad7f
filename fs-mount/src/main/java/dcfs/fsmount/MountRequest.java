package dcfs.fsmount;

import dcfs.vfs.VfsConfig;
import java.nio.file.Path;

/**
 * One {@code dcfs mount}: where, from which home, over which store directory (null: the home's),
 * with which filesystem settings (cache, read-only, read-ahead...) and FUSE tuning.
 */
public record MountRequest(Path mountPoint, Path home, Path storeDir, VfsConfig config, FuseTuning tuning) {
    public HomeLayout layout() {
        return new HomeLayout(home);
    }

    public Path effectiveStoreDir() {
        return storeDir != null ? storeDir : layout().stripes();
    }

    public boolean readOnly() {
        return config.readOnly();
    }
}
