package dcfs.replicanet.membership;

import dcfs.replicanet.wire.Health;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Measures this host for the health report: the JVM's and OS's figures
 * ({@link com.sun.management.OperatingSystemMXBean}), the store's file system, and, on Linux,
 * sockets and cores per socket from /proc/cpuinfo (the P and Q of the capacity formula).
 */
public final class HostMetrics {
    private final FileStore disk;
    private final LongSupplier shards;
    private final LongSupplier shardBytes;
    private final String version;
    private final int sockets;
    private final int coresPerSocket;

    public HostMetrics(Path storeDir, LongSupplier shards, LongSupplier shardBytes) throws IOException {
        this.disk = Files.getFileStore(storeDir);
        this.shards = shards;
        this.shardBytes = shardBytes;
        String v = HostMetrics.class.getPackage().getImplementationVersion();
        this.version = v == null ? "dev" : v;
        int[] topo = cpuTopology();
        this.sockets = topo[0];
        this.coresPerSocket = topo[1];
    }

    public Health measure() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long total;
        long used;
        try {
            total = disk.getTotalSpace();
            used = total - disk.getUnallocatedSpace();
        } catch (IOException e) {
            total = 0;
            used = 0;
        }
        double load = os.getSystemLoadAverage();
        return new Health(ManagementFactory.getRuntimeMXBean().getUptime(), Runtime.getRuntime().availableProcessors(),
                sockets, coresPerSocket, load < 0 ? 0 : Math.round(load * 1000), os.getTotalMemorySize(),
                os.getFreeMemorySize(), os.getTotalSwapSpaceSize(), os.getFreeSwapSpaceSize(), total, used,
                shards.getAsLong(), shardBytes.getAsLong(), version);
    }

    /** {sockets, cores per socket}; one socket of all CPUs where /proc/cpuinfo says nothing. */
    private static int[] cpuTopology() {
        int cpus = Runtime.getRuntime().availableProcessors();
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            Set<String> physical = new HashSet<>();
            int cores = 0;
            for (String l : lines) {
                int colon = l.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String k = l.substring(0, colon).trim();
                String v = l.substring(colon + 1).trim();
                if (k.equals("physical id")) {
                    physical.add(v);
                } else if (k.equals("cpu cores")) {
                    cores = Integer.parseInt(v);
                }
            }
            return new int[] {Math.max(1, physical.size()), cores > 0 ? cores : cpus};
        } catch (IOException | RuntimeException e) {
            return new int[] {1, cpus};
        }
    }
}
