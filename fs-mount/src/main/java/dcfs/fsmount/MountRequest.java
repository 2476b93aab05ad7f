package dcfs.fsmount;

import java.nio.file.Path;

/**
 * One {@code dcfs mount}: where, from which home, over which store directory (null: the home's),
 * read-only or not, with what cache budget and FUSE tuning.
 */
public record MountRequest(Path mountPoint, Path home, Path storeDir, boolean readOnly, long cacheBytes,
                           FuseTuning tuning) {
    public HomeLayout layout() {
        return new HomeLayout(home);
    }

    public Path effectiveStoreDir() {
        return storeDir != null ? storeDir : layout().stripes();
    }
}
