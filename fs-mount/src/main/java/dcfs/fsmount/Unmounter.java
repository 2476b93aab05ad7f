package dcfs.fsmount;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code dcfs umount}: asks the mount process (over its control socket) to flush and unmount,
 * then waits for it to exit. A dcfs mount whose process is gone (killed) is simply removed.
 */
public final class Unmounter {
    private Unmounter() {
    }

    /** Unmounts the dcfs mount at {@code mountPoint}; returns a one-line account of what happened. */
    public static String unmount(Path mountPoint, Duration timeout) throws MountFailure {
        Path mp = mountPoint.toAbsolutePath().normalize();
        Optional<MountTable.Entry> entry = MountTable.find(mp);
        if (entry.isEmpty()) {
            throw new MountFailure(mp + " is not mounted");
        }
        if (!entry.get().isDcfs()) {
            throw new MountFailure(mp + " is not a dcfs mount (it is " + entry.get().fsType() + ")");
        }
        Path socket = RuntimeDir.socketFor(mp);
        long pid;
        try {
            String status = ControlClient.request(socket, "status");
            if (!status.startsWith("ok ")) {
                throw new MountFailure("the mount process at " + mp + " answered: " + status);
            }
            pid = Long.parseLong(status.split(" ")[1]);
        } catch (IOException | RuntimeException e) {
            // nobody answers: the process that served this mount is gone
            Fusermount.Result r = Fusermount.unmount(mp, true);
            if (!r.ok()) {
                throw new MountFailure("cannot remove the dead mount at " + mp + ": " + r.message());
            }
            return "removed the mount at " + mp + " (its process had died)";
        }
        String reply;
        try {
            reply = ControlClient.request(socket, "unmount");
        } catch (IOException e) {
            throw new MountFailure("lost the mount process while unmounting " + mp + ": " + e.getMessage(), e);
        }
        if (!reply.equals("ok")) {
            throw new MountFailure(reply.startsWith("error ") ? reply.substring(6) : reply);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isRunning(pid)) {
            if (System.nanoTime() > deadline) {
                throw new MountFailure("unmounted " + mp + ", but its process (pid " + pid + ") has not exited after "
                        + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MountFailure("interrupted while waiting for the mount process to exit");
            }
        }
        return "unmounted " + mp;
    }

    /** Alive and not a zombie (a detached process is reaped by init, maybe late: it has finished). */
    static boolean isRunning(long pid) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive()) {
            return false;
        }
        try {
            String stat = java.nio.file.Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            return close < 0 || stat.length() <= close + 2 || stat.charAt(close + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }
}
