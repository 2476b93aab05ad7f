package dcfs.tools.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A GlusterFS dispersed volume, 4 data + 2 redundancy over 6 bricks on this machine: the peer for a
 * distributed, erasure-coded, self-healing mount. glusterd is started by hand (no systemd here) and
 * stopped again; gluster's CLI refuses 127.0.0.1 as a brick host, so the machine's host name (which
 * resolves to a loopback address) is used.
 */
final class GlusterTarget implements BenchTarget {
    private static final String VOLUME = "dcfsbench";
    private Path mountPoint;
    private List<Long> startedGlusterd = List.of();

    @Override
    public String name() {
        return "gluster";
    }

    @Override
    public Path setUp(Path work) throws IOException {
        if (!Files.isExecutable(Path.of("/usr/sbin/glusterd"))) {
            throw new IOException("GlusterFS is not installed: apt-get install -y glusterfs-server glusterfs-client");
        }
        String host = InetAddress.getLocalHost().getHostName();
        if (!InetAddress.getByName(host).isLoopbackAddress()) {
            throw new IOException("host name " + host + " does not resolve to a loopback address; gluster bricks must stay on this machine");
        }
        if (!glusterdRunning()) {
            ExternalCommand.of("glusterd", "--log-file=" + work.resolve("glusterd.log")).run();
            waitForGlusterd();
            // glusterd daemonizes: remember the PID it ended up with, to stop exactly that process.
            startedGlusterd = glusterdProcesses().stream().map(ProcessHandle::pid).toList();
        }
        List<String> create = new ArrayList<>(List.of("gluster", "--mode=script", "volume", "create", VOLUME,
                "disperse", "6", "redundancy", "2"));
        for (int i = 1; i <= 6; i++) {
            Path brick = Files.createDirectories(work.resolve("gluster.bricks/b" + i));
            create.add(host + ":" + brick);
        }
        create.add("force"); // several bricks on one host
        removeLeftoverVolume();
        new ExternalCommand(create, null, 120).run();
        ExternalCommand.of("gluster", "--mode=script", "volume", "start", VOLUME).withTimeout(120).run();
        mountPoint = Files.createDirectories(work.resolve("gluster.mnt"));
        ExternalCommand.of("mount", "-t", "glusterfs", host + ":/" + VOLUME, mountPoint.toString()).withTimeout(120).run();
        return mountPoint;
    }

    /** A volume of the same name left by an interrupted earlier run would make `create` fail. */
    private static void removeLeftoverVolume() {
        for (String[] cmd : new String[][] {
                {"gluster", "--mode=script", "volume", "stop", VOLUME, "force"},
                {"gluster", "--mode=script", "volume", "delete", VOLUME}}) {
            try {
                ExternalCommand.of(cmd).withTimeout(60).run();
            } catch (IOException absent) {
                // no such volume: the usual case
            }
        }
    }

    /**
     * glusterd is a link to glusterfsd (the brick server too), so the executable does not tell them
     * apart: the name it was started under, argv[0], does.
     */
    private static List<ProcessHandle> glusterdProcesses() {
        return ProcessHandle.allProcesses().filter(p -> isGlusterd(argv0(p.pid()))).toList();
    }

    private static boolean isGlusterd(String argv0) {
        return argv0.equals("glusterd") || argv0.endsWith("/glusterd");
    }

    private static String argv0(long pid) {
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            int end = 0;
            while (end < cmdline.length && cmdline[end] != 0) {
                end++;
            }
            return new String(cmdline, 0, end, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException gone) {
            return "";
        }
    }

    private static boolean glusterdRunning() {
        return !glusterdProcesses().isEmpty();
    }

    private static void waitForGlusterd() throws IOException {
        for (int i = 0; i < 50; i++) {
            try {
                ExternalCommand.of("gluster", "--mode=script", "volume", "list").withTimeout(10).run();
                return;
            } catch (IOException notYet) {
                sleep(200);
            }
        }
        throw new IOException("glusterd did not start answering within 10 s");
    }

    @Override
    public void tearDown() throws IOException {
        IOException first = null;
        try {
            if (mountPoint != null && Mounts.isMounted(mountPoint)) {
                ExternalCommand.of("umount", mountPoint.toString()).withTimeout(60).run();
            }
        } catch (IOException e) {
            first = e;
        }
        for (String[] cmd : new String[][] {
                {"gluster", "--mode=script", "volume", "stop", VOLUME, "force"},
                {"gluster", "--mode=script", "volume", "delete", VOLUME}}) {
            try {
                ExternalCommand.of(cmd).withTimeout(120).run();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        for (long pid : startedGlusterd) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        }
        if (first != null) {
            throw first;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
