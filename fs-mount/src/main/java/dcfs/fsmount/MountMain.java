package dcfs.fsmount;

import dcfs.vfs.VfsConfig;
import java.nio.file.Path;

/**
 * A mount process without the CLI around it (tests start it the way {@code dcfs mount} starts its
 * background process): {@code MountMain MOUNTPOINT HOME [ro] [cache-MiB]}. Prints the
 * {@link ReadySignal} line, serves until unmounted, exits 0.
 */
public final class MountMain {
    private MountMain() {
    }

    public static void main(String[] args) {
        Path mp = Path.of(args[0]);
        Path home = Path.of(args[1]);
        boolean ro = args.length > 2 && args[2].equals("ro");
        long cacheMiB = args.length > 3 ? Long.parseLong(args[3]) : 64;
        try {
            VfsConfig config = VfsConfig.defaults().withCacheBytes(cacheMiB << 20).withReadOnly(ro);
            int code = MountRunner.run(new MountRequest(mp, home, null, config, FuseTuning.defaults(ro)),
                    ReadySignal.stdoutLine());
            System.exit(code);
        } catch (MountFailure e) {
            System.err.println("dcfs mount: " + e.getMessage());
            System.exit(1);
        }
    }
}
