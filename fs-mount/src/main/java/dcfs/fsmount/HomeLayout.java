package dcfs.fsmount;

import java.nio.file.Path;

/**
 * What a mount keeps under the dcfs home directory:
 * <pre>
 *   HOME/meta/          LMDB metadata (data.mdb, lock.mdb) and owner.lock
 *   HOME/stripes/       the local DirectoryStripeStore (unless --store DIR)
 *   HOME/run/mount.info the running mount: pid, mount point, control socket, store
 *   HOME/logs/mount.log the detached mount process's log
 * </pre>
 */
public record HomeLayout(Path home) {
    public Path metadata() {
        return home.resolve("meta");
    }

    public Path stripes() {
        return home.resolve("stripes");
    }

    public Path mountInfo() {
        return home.resolve("run").resolve("mount.info");
    }

    public Path log() {
        return home.resolve("logs").resolve("mount.log");
    }
}
