package dcfs.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * dcfs as a user runs it: a keyring, a local cluster of node processes (TLS), and a mount through the
 * launcher — every step an external {@code dcfs} command, so the figures include everything a user
 * pays for.
 */
final class DcfsTarget implements BenchTarget {
    private final Path launcher;
    private final int nodes;
    private final List<String> mountArgs;
    private Path home;
    private Path cluster;
    private Path mountPoint;

    /**
     * @param launcher  the tools/dcfs script
     * @param nodes     node processes in the local cluster; 0 = the mount's embedded cluster
     * @param mountArgs extra arguments for {@code dcfs mount} (codec shape, cache size)
     */
    DcfsTarget(Path launcher, int nodes, List<String> mountArgs) {
        this.launcher = launcher;
        this.nodes = nodes;
        this.mountArgs = List.copyOf(mountArgs);
    }

    @Override
    public String name() {
        return "dcfs";
    }

    @Override
    public Path setUp(Path work) throws IOException {
        home = work.resolve("dcfs.home");
        if (!Files.exists(home)) {
            dcfs("init", "--home", home.toString(), "--no-passphrase");
        }
        List<String> mount = new ArrayList<>(List.of("mount"));
        mountPoint = Files.createDirectories(work.resolve("dcfs.mnt"));
        mount.add(mountPoint.toString());
        mount.addAll(List.of("--home", home.toString()));
        if (nodes > 0) {
            cluster = work.resolve("dcfs.cluster");
            dcfs("cluster", "start", "--dir", cluster.toString(), "--nodes", Integer.toString(nodes));
            mount.addAll(List.of("--cluster", cluster.toString()));
        }
        mount.addAll(mountArgs);
        dcfs(mount.toArray(String[]::new));
        return mountPoint;
    }

    @Override
    public void tearDown() throws IOException {
        IOException first = null;
        try {
            if (mountPoint != null && Mounts.isMounted(mountPoint)) {
                dcfs("umount", mountPoint.toString());
            }
        } catch (IOException e) {
            first = e;
            Mounts.unmountFuse(mountPoint);
        }
        try {
            if (cluster != null) {
                dcfs("cluster", "stop", "--dir", cluster.toString());
            }
        } catch (IOException e) {
            first = first == null ? e : first;
        }
        if (first != null) {
            throw first;
        }
    }

    /** The mount process: the one whose command line names our mount point. */
    @Override
    public OptionalLong serverPid() {
        String mp = mountPoint == null ? null : mountPoint.toString();
        if (mp == null) {
            return OptionalLong.empty();
        }
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("dcfs.tools.Main") && c.contains(" mount ")
                        && c.contains(mp)).orElse(false))
                .mapToLong(ProcessHandle::pid)
                .max();
    }

    private void dcfs(String... args) throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add(launcher.toString());
        argv.addAll(List.of(args));
        new ExternalCommand(argv, null, 600).run();
    }
}
