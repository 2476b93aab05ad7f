package dcfs.replicanet.cluster;

import dcfs.replicanet.Endpoint;
import dcfs.replicanet.client.ClientConfig;
import dcfs.replicanet.client.ReplicaClient;
import dcfs.replicanet.node.NodeMain;
import dcfs.replicanet.transport.TransportSecurity;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A cluster of node processes on 127.0.0.1 under one directory ({@link ClusterLayout}): what
 * {@code dcfs cluster start|stop|status} and the integration tests use.
 *
 * <p>Node processes run the same Java, class path and JVM flags as the starting JVM, each in its
 * own session ({@code setsid}) so that it outlives the command that started it, with its output in
 * {@code node-i/node.log} and its pid in {@code node-i/node.pid}. Stopping goes by those pid files:
 * SIGTERM, then SIGKILL after a grace period, and only to a process whose command line names the
 * node's directory (a pid may have been reused since).
 */
public final class LocalCluster {
    /** The JVM option that names a node process's directory (see {@link #isNodeOf}). */
    static final String NODE_DIR_PROPERTY = "-Ddcfs.node.dir";

    private LocalCluster() {
    }

    /**
     * How to start node processes.
     *
     * @param mainArgs main class and leading arguments that take the node options after them
     * @param nodeJvmOptions extra JVM options for node processes (heap, GC)
     * @param gossipIntervalMillis gossip round of the nodes
     * @param perNodeArgs extra node arguments by node index (e.g. the test delay injector)
     * @param startTimeout how long to wait for every node to listen and see the others
     */
    public record Options(List<String> mainArgs, List<String> nodeJvmOptions, long gossipIntervalMillis,
            Map<Integer, List<String>> perNodeArgs, Duration startTimeout) {
        public Options {
            mainArgs = List.copyOf(mainArgs);
            nodeJvmOptions = List.copyOf(nodeJvmOptions);
            perNodeArgs = Map.copyOf(perNodeArgs);
        }

        public static Options defaults() {
            return new Options(List.of(NodeMain.class.getName()),
                    List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-Xss512k"), 500, Map.of(),
                    Duration.ofSeconds(90));
        }

        public Options withMainArgs(List<String> m) {
            return new Options(m, nodeJvmOptions, gossipIntervalMillis, perNodeArgs, startTimeout);
        }

        public Options withNodeJvmOptions(List<String> o) {
            return new Options(mainArgs, o, gossipIntervalMillis, perNodeArgs, startTimeout);
        }

        public Options withPerNodeArgs(Map<Integer, List<String>> a) {
            return new Options(mainArgs, nodeJvmOptions, gossipIntervalMillis, a, startTimeout);
        }
    }

    /**
     * Creates the network and identities that are missing, starts {@code n} node processes (node-1
     * first, then the others joining it), and waits until all listen and a client sees all of them
     * up. On failure, stops what it started and throws with the failing node's log tail.
     */
    public static List<NodeRecord> start(Path dir, int n, Options options) throws IOException, InterruptedException {
        if (n < 1) {
            throw new IllegalArgumentException("a cluster needs at least one node");
        }
        ClusterLayout layout = ClusterLayout.at(dir);
        List<NodeRecord> running = running(dir);
        if (!running.isEmpty()) {
            throw new IOException("a cluster is already running in " + layout.dir() + " (node-" + running.get(0).index()
                    + ", pid " + running.get(0).pid() + "); stop it first");
        }
        layout.ensure(n);
        List<Process> started = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + options.startTimeout().toNanos();
            Process first = launch(layout, 1, List.of(), options);
            started.add(first);
            NodeRecord seed = awaitReady(layout, 1, first, deadline);
            List<NodeRecord> records = new ArrayList<>(List.of(seed));
            List<Process> rest = new ArrayList<>();
            for (int i = 2; i <= n; i++) {
                Process p = launch(layout, i, List.of(seed.endpoint()), options);
                started.add(p);
                rest.add(p);
            }
            for (int i = 2; i <= n; i++) {
                records.add(awaitReady(layout, i, rest.get(i - 2), deadline));
            }
            awaitMembership(layout, records, deadline);
            return records;
        } catch (IOException | InterruptedException | RuntimeException e) {
            for (Process p : started) {
                p.destroyForcibly();
            }
            throw e;
        }
    }

    /**
     * Starts again the nodes of a running cluster whose processes are gone (killed, crashed), with
     * their identities and stores, joining the live ones; waits until every node sees the others.
     * Returns the restarted nodes (empty if all of node-1 … node-n were running).
     *
     * @throws IOException if no node of the cluster is running (use {@link #start}) or one fails to start
     */
    public static List<NodeRecord> restartMissing(Path dir, int n, Options options)
            throws IOException, InterruptedException {
        ClusterLayout layout = ClusterLayout.at(dir);
        List<NodeRecord> running = running(dir);
        List<Endpoint> seeds = running.stream().map(NodeRecord::endpoint).filter(java.util.Objects::nonNull).toList();
        if (seeds.isEmpty()) {
            throw new IOException("no node of the cluster in " + layout.dir() + " is running");
        }
        java.util.Set<Integer> alive = new java.util.HashSet<>();
        running.forEach(r -> alive.add(r.index()));
        int count = Math.max(n, layout.nodeIndexes().stream().mapToInt(Integer::intValue).max().orElse(0));
        layout.ensure(count);
        List<Process> started = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + options.startTimeout().toNanos();
            for (int i = 1; i <= count; i++) {
                if (!alive.contains(i)) {
                    started.add(launch(layout, i, seeds, options));
                    indexes.add(i);
                }
            }
            List<NodeRecord> restarted = new ArrayList<>();
            for (int j = 0; j < started.size(); j++) {
                restarted.add(awaitReady(layout, indexes.get(j), started.get(j), deadline));
            }
            if (!restarted.isEmpty()) {
                List<NodeRecord> all = new ArrayList<>(running);
                all.addAll(restarted);
                awaitMembership(layout, all, deadline);
            }
            return restarted;
        } catch (IOException | InterruptedException | RuntimeException e) {
            for (Process p : started) {
                p.destroyForcibly();
            }
            throw e;
        }
    }

    private static Process launch(ClusterLayout layout, int index, List<Endpoint> join, Options options)
            throws IOException {
        Path nodeDir = layout.nodeDir(index);
        Files.deleteIfExists(nodeDir.resolve("node.json"));
        List<String> cmd = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute()) {
            cmd.add("/usr/bin/setsid");
        }
        cmd.add(ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(inheritedJvmFlags());
        cmd.addAll(options.nodeJvmOptions());
        // Marks the process as this node's, early in its command line: the OS shows only the first
        // 4 KiB of it, and the class path that follows can be longer than that.
        cmd.add(NODE_DIR_PROPERTY + "=" + nodeDir);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.addAll(options.mainArgs());
        cmd.add("--data");
        cmd.add(nodeDir.toString());
        cmd.add("--listen");
        cmd.add("127.0.0.1:0");
        if (!join.isEmpty()) {
            cmd.add("--join");
            cmd.add(join.stream().map(Endpoint::toString).reduce((a, b) -> a + "," + b).orElseThrow());
        }
        cmd.add("--gossip-interval-ms");
        cmd.add(Long.toString(options.gossipIntervalMillis()));
        cmd.addAll(options.perNodeArgs().getOrDefault(index, List.of()));
        Path log = nodeDir.resolve("node.log");
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        Files.writeString(nodeDir.resolve("node.pid"), p.pid() + "\n", StandardCharsets.UTF_8);
        return p;
    }

    /**
     * The flags this JVM was started with that a node needs too (module opens, native access, leak
     * detection), without those that belong to this process only (debugger, heap, CDS archive).
     */
    static List<String> inheritedJvmFlags() {
        List<String> out = new ArrayList<>();
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith(NODE_DIR_PROPERTY) || a.startsWith("-agentlib:jdwp") || a.startsWith("-Xmx") || a.startsWith("-Xms") || a.startsWith("-Xss")
                    || a.startsWith("-XX:SharedArchiveFile") || a.equals("-XX:+AutoCreateSharedArchive")
                    || a.startsWith("-Xlog:cds") || a.startsWith("-javaagent") || a.startsWith("-Ddcfs.launcher")
                    || a.startsWith("-XX:+Use") && a.endsWith("GC") || a.startsWith("-XX:TieredStopAtLevel")) {
                continue;
            }
            out.add(a);
        }
        return out;
    }

    private static NodeRecord awaitReady(ClusterLayout layout, int index, Process p, long deadline)
            throws IOException, InterruptedException {
        Path dir = layout.nodeDir(index);
        while (true) {
            NodeRecord r = NodeRecord.read(index, dir);
            if (r != null) {
                if (r.pid() != p.pid()) {
                    // setsid forked (we were a group leader): the node's own pid is the one to stop.
                    Files.writeString(dir.resolve("node.pid"), r.pid() + "\n", StandardCharsets.UTF_8);
                }
                return r;
            }
            if (!p.isAlive()) {
                throw new IOException("node-" + index + " exited with status " + p.exitValue() + " before listening:\n"
                        + tail(dir.resolve("node.log"), 15));
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("node-" + index + " did not start listening in time:\n"
                        + tail(dir.resolve("node.log"), 15));
            }
            Thread.sleep(50);
        }
    }

    private static void awaitMembership(ClusterLayout layout, List<NodeRecord> nodes, long deadline)
            throws IOException, InterruptedException {
        TransportSecurity client = TransportSecurity.fromIdentity(layout.clientDir());
        long left = Math.max(1000, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        try (ReplicaClient c = ReplicaClient.connect(ClientConfig.of(client, List.of(nodes.get(0).endpoint()))
                .withRefresh(Duration.ofMillis(250)), Duration.ofMillis(left))) {
            left = Math.max(1000, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            int up = c.awaitMembers(nodes.size(), Duration.ofMillis(left));
            if (up < nodes.size()) {
                throw new IOException("only " + up + " of " + nodes.size() + " nodes see each other after "
                        + "starting; see the node.log files under " + layout.dir());
            }
        }
    }

    /** Tail of a log for error messages. */
    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    /** The nodes of {@code dir} whose process is alive (by pid file and command line). */
    public static List<NodeRecord> running(Path dir) throws IOException {
        ClusterLayout layout = ClusterLayout.at(dir);
        List<NodeRecord> out = new ArrayList<>();
        for (int i : layout.nodeIndexes()) {
            Optional<ProcessHandle> h = process(layout.nodeDir(i));
            if (h.isPresent()) {
                NodeRecord r = NodeRecord.read(i, layout.nodeDir(i));
                out.add(r != null ? r : new NodeRecord(i, layout.nodeDir(i), null, null, h.get().pid()));
            }
        }
        return out;
    }

    /** The live process of the node in {@code nodeDir}, if its pid file names one that is ours. */
    public static Optional<ProcessHandle> process(Path nodeDir) {
        Path pidFile = nodeDir.resolve("node.pid");
        long pid;
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            pid = Long.parseLong(Files.readString(pidFile).trim());
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> isNodeOf(h, nodeDir));
    }

    /**
     * True if {@code h} runs the node of {@code nodeDir}: its command line carries the marker
     * option with that directory (or, for processes started otherwise, the directory as an
     * argument). A pid file that outlived its process, and a pid since reused, are not ours.
     */
    static boolean isNodeOf(ProcessHandle h, Path nodeDir) {
        String marker = NODE_DIR_PROPERTY + "=" + nodeDir;
        Optional<String[]> args = h.info().arguments();
        if (args.isPresent()) {
            for (String a : args.get()) {
                if (a.equals(marker) || a.equals(nodeDir.toString())) {
                    return true;
                }
            }
            return false;
        }
        // No argument list (a long command line): the OS's first 4 KiB of it still hold the marker.
        return h.info().commandLine().map(c -> c.contains(marker)).orElse(false);
    }

    /**
     * Stops every node of {@code dir}: SIGTERM, and SIGKILL to those still alive after
     * {@code grace}. Returns how many were running.
     */
    public static int stop(Path dir, Duration grace) throws IOException, InterruptedException {
        ClusterLayout layout = ClusterLayout.at(dir);
        List<ProcessHandle> handles = new ArrayList<>();
        for (int i : layout.nodeIndexes()) {
            process(layout.nodeDir(i)).ifPresent(handles::add);
        }
        for (ProcessHandle h : handles) {
            h.destroy();
        }
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle h : handles) {
            long left = deadline - System.nanoTime();
            try {
                h.onExit().get(Math.max(1, left), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                h.destroyForcibly();
                try {
                    h.onExit().get(10, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e2) {
                    throw new IOException("node process " + h.pid() + " did not die on SIGKILL", e2);
                }
            }
        }
        for (int i : layout.nodeIndexes()) {
            if (process(layout.nodeDir(i)).isEmpty()) {
                Files.deleteIfExists(layout.nodeDir(i).resolve("node.pid"));
            }
        }
        return handles.size();
    }

    /**
     * Starts node {@code index} of an existing cluster again (after a kill or a stop), joining
     * {@code join}, and waits until it listens. Its identity and shards are where it left them.
     */
    public static NodeRecord restart(Path dir, int index, List<Endpoint> join, Options options)
            throws IOException, InterruptedException {
        ClusterLayout layout = ClusterLayout.at(dir);
        if (process(layout.nodeDir(index)).isPresent()) {
            throw new IOException("node-" + index + " is still running");
        }
        Process p = launch(layout, index, join, options);
        try {
            return awaitReady(layout, index, p, System.nanoTime() + options.startTimeout().toNanos());
        } catch (IOException | InterruptedException | RuntimeException e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /** Stops one node: SIGTERM, SIGKILL after {@code grace}. */
    public static void stopNode(NodeRecord node, Duration grace) throws IOException {
        Optional<ProcessHandle> h = process(node.dir());
        if (h.isEmpty()) {
            return;
        }
        h.get().destroy();
        try {
            h.get().onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            h.get().destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            h.get().destroyForcibly();
        }
    }

    /** Kills one node at once (SIGKILL), as a crash would. */
    public static void kill(NodeRecord node) throws InterruptedException {
        ProcessHandle.of(node.pid()).ifPresent(h -> {
            h.destroyForcibly();
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // reported by the caller's next check
            }
        });
    }
}
