package dcfs.tools.fs;

import dcfs.fsmount.MountFailure;
import dcfs.fsmount.Unmounter;
import dcfs.tools.ExitCodes;
import dcfs.tools.UserError;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code dcfs umount MOUNTPOINT}: the mount process flushes everything, unmounts and exits. */
@Command(name = "umount", mixinStandardHelpOptions = true, description = "Flush everything, then unmount.")
public final class UmountCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MOUNTPOINT")
    Path mountPoint;

    @Override
    public Integer call() {
        try {
            System.out.println(Unmounter.unmount(mountPoint, Duration.ofSeconds(120)));
            return ExitCodes.OK;
        } catch (MountFailure e) {
            throw new UserError(e.getMessage());
        }
    }
}
