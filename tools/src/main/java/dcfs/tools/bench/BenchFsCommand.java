package dcfs.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dcfs.tools.ExitCodes;
import dcfs.tools.UserError;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dcfs bench fs}: the same workloads on dcfs (6-node local cluster, RS 4+2, two replicas,
 * TLS), gocryptfs and a plain local directory — optionally a GlusterFS dispersed 4+2 volume — in one
 * run, round-robin so that drift in the machine hits every target alike; medians of the runs and the
 * ratios dcfs/gocryptfs (and dcfs/gluster). Before the measured runs, every target gets the same
 * unmeasured warm-up pass (sequential write and read): a fresh dcfs cluster is seven cold JVMs, and
 * its first GiB written runs at about half its steady speed while C2 compiles; the warm-up figures
 * are printed apart so the cold start stays visible.
 */
@Command(name = "fs", mixinStandardHelpOptions = true,
        description = "The mount beside gocryptfs and the local disk: fio, metadata and small-file workloads.")
public final class BenchFsCommand implements Callable<Integer> {
    @Option(names = "--runs", description = "Runs per target; medians are reported (default ${DEFAULT-VALUE}).")
    int runs = 3;

    @Option(names = "--warmup-runs", description = "Unmeasured sequential write and read passes on every target before "
            + "the measured runs: dcfs's JVMs start cold (JIT); reported apart, never in the medians (default ${DEFAULT-VALUE}).")
    int warmupRuns = 1;

    @Option(names = "--size-mb", description = "Size of the sequential file (default ${DEFAULT-VALUE}).")
    int sizeMb = 1024;

    @Option(names = "--randread-seconds", description = "Duration of the 4 KiB random-read job (default ${DEFAULT-VALUE}).")
    int randReadSeconds = 15;

    @Option(names = "--files", description = "Files for create/stat/unlink (default ${DEFAULT-VALUE}).")
    int files = 10_000;

    @Option(names = "--small-files", description = "Number of small files (default ${DEFAULT-VALUE}).")
    int smallFiles = 2_000;

    @Option(names = "--small-kb", description = "Size of each small file in KiB (default ${DEFAULT-VALUE}).")
    int smallKb = 16;

    @Option(names = "--targets", split = ",",
            description = "Targets, in order (default: ${DEFAULT-VALUE}); add gluster or use --gluster.")
    List<String> targets = new ArrayList<>(List.of("dcfs", "gocryptfs", "local"));

    @Option(names = "--gluster", description = "Also measure a GlusterFS dispersed 4+2 volume of 6 bricks.")
    boolean gluster;

    @Option(names = "--nodes", description = "Node processes of the dcfs cluster; 0 = the mount's embedded cluster (default ${DEFAULT-VALUE}).")
    int nodes = 6;

    @Option(names = "--dcfs-mount-arg", paramLabel = "ARG",
            description = "Extra argument for dcfs mount, repeatable (default: --data-shards 4 --parity-shards 2 --replicas 2).")
    List<String> dcfsMountArgs;

    @Option(names = "--memory-gib", description = "Afterwards, write and read a file of this many GiB on dcfs and report the mount's peak resident size (0 = skip; default ${DEFAULT-VALUE}).")
    int memoryGib = 0;

    @Option(names = "--work", description = "Work directory on the disk under test (default: a new directory under /var/tmp).")
    Path work;

    @Option(names = "--keep", description = "Keep the work directory afterwards.")
    boolean keep;

    @Option(names = "--json", description = "Print the results as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (gluster && !targets.contains("gluster")) {
            targets.add("gluster");
        }
        requireProgram("fio", "apt-get install -y fio");
        if (targets.contains("gocryptfs")) {
            requireProgram("gocryptfs", "apt-get install -y gocryptfs");
        }
        if (runs < 1) {
            throw new UserError("--runs must be at least 1");
        }
        if (warmupRuns < 0) {
            throw new UserError("--warmup-runs cannot be negative");
        }
        PrintStream progress = System.err;
        if (!PageCache.canDrop()) {
            progress.println("dcfs bench fs: not root: page caches cannot be dropped, reads will be flattered");
        }
        Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory(Path.of("/var/tmp"), "dcfs-bench-");
        FsWorkloads workloads = new FsWorkloads((long) sizeMb << 20, randReadSeconds, files, smallFiles, smallKb << 10, progress);

        Map<String, BenchTarget> byName = new LinkedHashMap<>();
        for (String t : targets) {
            byName.put(t, target(t));
        }
        Map<String, Map<Metric, List<Double>>> results = new LinkedHashMap<>();
        Map<String, Map<Metric, List<Double>>> warmups = new LinkedHashMap<>();
        Map<String, Path> mounted = new LinkedHashMap<>();
        long memoryPeakMib = -1;
        try {
            for (BenchTarget t : byName.values()) {
                progress.println("dcfs bench fs: setting up " + t.name());
                Path root = t.setUp(dir);
                mounted.put(t.name(), root);
                results.put(t.name(), new EnumMap<>(Metric.class));
            }
            for (int run = 1; run <= warmupRuns; run++) {
                for (BenchTarget t : byName.values()) {
                    progress.println("dcfs bench fs: warm-up " + run + "/" + warmupRuns + " on " + t.name());
                    Map<Metric, Double> r = workloads.warmUp(mounted.get(t.name()), t.name());
                    r.forEach((m, v) -> warmups.computeIfAbsent(t.name(), x -> new EnumMap<>(Metric.class))
                            .computeIfAbsent(m, x -> new ArrayList<>()).add(v));
                }
            }
            for (int run = 1; run <= runs; run++) {
                for (BenchTarget t : byName.values()) {
                    progress.println("dcfs bench fs: run " + run + "/" + runs + " on " + t.name());
                    Map<Metric, Double> r = workloads.runAll(mounted.get(t.name()), t.name());
                    r.forEach((m, v) -> results.get(t.name()).computeIfAbsent(m, x -> new ArrayList<>()).add(v));
                }
            }
            if (memoryGib > 0 && byName.containsKey("dcfs")) {
                memoryPeakMib = memoryRun(byName.get("dcfs"), mounted.get("dcfs"), progress);
            }
        } finally {
            for (BenchTarget t : byName.values()) {
                try {
                    t.tearDown();
                } catch (IOException e) {
                    progress.println("dcfs bench fs: tearing down " + t.name() + ": " + e.getMessage());
                }
            }
            if (!keep && work == null) {
                deleteTree(dir);
            }
        }
        if (json) {
            printJson(results, warmups, memoryPeakMib);
        } else {
            printTable(results, warmups, memoryPeakMib);
        }
        return ExitCodes.OK;
    }

    private BenchTarget target(String name) {
        return switch (name) {
            case "local" -> new LocalDirTarget();
            case "gocryptfs" -> new GocryptfsTarget();
            case "gluster" -> new GlusterTarget();
            case "dcfs" -> {
                String launcher = System.getProperty("dcfs.launcher");
                if (launcher == null) {
                    throw new UserError("run this through the launcher (tools/dcfs bench fs): it starts dcfs commands");
                }
                List<String> args = dcfsMountArgs != null ? dcfsMountArgs
                        : List.of("--data-shards", "4", "--parity-shards", "2", "--replicas", "2");
                yield new DcfsTarget(Path.of(launcher), nodes, args);
            }
            default -> throw new UserError("unknown target '" + name + "': use dcfs, gocryptfs, local, gluster");
        };
    }

    /** Writes then reads a big file on dcfs while sampling the mount process's resident size. */
    private long memoryRun(BenchTarget dcfs, Path root, PrintStream progress) throws Exception {
        long pid = dcfs.serverPid().orElseThrow(() -> new UserError("cannot find the dcfs mount process to measure"));
        Path big = root.resolve("bench-memory.dat");
        progress.println("dcfs bench fs: memory: write and read " + memoryGib + " GiB, sampling PID " + pid);
        try (ResidentMemoryProbe probe = new ResidentMemoryProbe(pid)) {
            new FioJob("memwrite", "write", "1M", (long) memoryGib << 30, 0, true).run(big);
            PageCache.drop();
            new FioJob("memread", "read", "1M", (long) memoryGib << 30, 0, false).run(big);
            Files.delete(big);
            probe.close();
            return probe.peakMib();
        }
    }

    private void printTable(Map<String, Map<Metric, List<Double>>> results,
            Map<String, Map<Metric, List<Double>>> warmups, long memoryPeakMib) {
        List<String> names = new ArrayList<>(results.keySet());
        StringBuilder head = new StringBuilder(String.format("%-42s %-8s", "workload (median of " + runs + ")", "unit"));
        names.forEach(n -> head.append(String.format(" %11s", n)));
        List<String> anchors = names.stream().filter(n -> n.equals("gocryptfs") || n.equals("gluster")).toList();
        boolean ratios = names.contains("dcfs");
        if (ratios) {
            anchors.forEach(a -> head.append(String.format(" %15s", "dcfs/" + a)));
        }
        System.out.println(head);
        for (Metric m : Metric.values()) {
            StringBuilder row = new StringBuilder(String.format("%-42s %-8s", m.label(), m.unit()));
            for (String n : names) {
                row.append(String.format(" %11.1f", median(results.get(n).get(m))));
            }
            if (ratios) {
                for (String a : anchors) {
                    row.append(String.format(" %15.2f", median(results.get("dcfs").get(m)) / median(results.get(a).get(m))));
                }
            }
            System.out.println(row);
        }
        if (!warmups.isEmpty()) {
            StringBuilder w = new StringBuilder("warm-up passes (" + warmupRuns + " per target, not in the medians):");
            warmups.forEach((name, metrics) -> {
                w.append(' ').append(name);
                metrics.forEach((m, values) -> w.append(' ').append(m.key()).append(' ')
                        .append(values.stream().map(v -> String.format("%.1f", v)).toList()));
                w.append(';');
            });
            System.out.println(w.substring(0, w.length() - 1));
        }
        if (memoryPeakMib >= 0) {
            System.out.println("dcfs mount peak resident size while writing and reading " + memoryGib + " GiB: "
                    + memoryPeakMib + " MiB");
        }
    }

    private void printJson(Map<String, Map<Metric, List<Double>>> results,
            Map<String, Map<Metric, List<Double>>> warmups, long memoryPeakMib) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("runs", runs);
        root.put("warmup_runs", warmupRuns);
        root.put("seq_file_mb", sizeMb);
        root.put("metadata_files", files);
        root.put("small_files", smallFiles);
        root.put("small_file_kb", smallKb);
        ObjectNode targetsNode = root.putObject("targets");
        results.forEach((name, metrics) -> {
            ObjectNode t = targetsNode.putObject(name);
            metrics.forEach((m, values) -> {
                ObjectNode o = t.putObject(m.key());
                o.put("median", median(values));
                o.put("unit", m.unit());
                ArrayNode arr = o.putArray("runs");
                values.forEach(arr::add);
            });
        });
        ObjectNode warmupNode = root.putObject("warmup");
        warmups.forEach((name, metrics) -> {
            ObjectNode t = warmupNode.putObject(name);
            metrics.forEach((m, values) -> {
                ArrayNode arr = t.putArray(m.key());
                values.forEach(arr::add);
            });
        });
        if (results.containsKey("dcfs")) {
            ObjectNode ratios = root.putObject("ratios");
            for (String anchor : List.of("gocryptfs", "gluster", "local")) {
                if (results.containsKey(anchor)) {
                    ObjectNode r = ratios.putObject("dcfs/" + anchor);
                    for (Metric m : Metric.values()) {
                        r.put(m.key(), median(results.get("dcfs").get(m)) / median(results.get(anchor).get(m)));
                    }
                }
            }
        }
        if (memoryPeakMib >= 0) {
            root.put("memory_file_gib", memoryGib);
            root.put("dcfs_peak_rss_mib", memoryPeakMib);
        }
        System.out.println(mapper.writeValueAsString(root));
    }

    static double median(List<Double> values) {
        if (values == null || values.isEmpty()) {
            return Double.NaN;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static void requireProgram(String name, String install) {
        boolean found = Arrays.stream(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, name)));
        if (!found) {
            throw new UserError(name + " is not installed (" + install + ")");
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
