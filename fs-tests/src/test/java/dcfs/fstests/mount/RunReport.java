package dcfs.fstests.mount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the run checked, written to {@code target/fstests-report.txt} when the run ends: the target
 * and why it was chosen, and how many checked calls each test class made (one per expected syscall
 * result or timestamp comparison, pjdfstest's unit of counting).
 */
public final class RunReport {
    public static final String BUILD_DIR_PROPERTY = "dcfs.fstests.buildDir";
    private static final Map<String, AtomicLong> CHECKS = new ConcurrentHashMap<>();
    private static volatile String target = "(no filesystem was opened)";
    private static final List<String> INCIDENTS = java.util.Collections.synchronizedList(new ArrayList<>());

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(RunReport::write, "fstests report"));
    }

    private RunReport() {
    }

    static void target(String note) {
        target = note;
    }

    /** Something that happened to the mount itself (a server that died and was mounted again). */
    static void incident(String what) {
        INCIDENTS.add(what);
        System.err.println("dcfs fs-tests: " + what);
    }

    /** One more checked result in this test class. */
    public static void check(Class<?> testClass) {
        CHECKS.computeIfAbsent(testClass.getSimpleName(), k -> new AtomicLong()).incrementAndGet();
    }

    private static void write() {
        String dir = System.getProperty(BUILD_DIR_PROPERTY);
        if (dir == null) {
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add(target);
        long total = 0;
        for (var e : new TreeMap<>(CHECKS).entrySet()) {
            lines.add(String.format("%-28s %6d checks", e.getKey(), e.getValue().get()));
            total += e.getValue().get();
        }
        lines.add(String.format("%-28s %6d checks", "total", total));
        synchronized (INCIDENTS) {
            INCIDENTS.forEach(i -> lines.add("incident: " + i));
        }
        try {
            Files.write(Path.of(dir, "fstests-report.txt"), lines);
        } catch (IOException ignored) {
            // a report is a courtesy; the test results stand without it
        }
    }
}
