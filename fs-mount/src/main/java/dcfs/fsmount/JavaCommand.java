package dcfs.fsmount;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A command line that starts {@code mainClass} in a new JVM like this one: same java, flags and class path. */
public final class JavaCommand {
    private JavaCommand() {
    }

    /**
     * @param maxHeapMiB the child's -Xmx unless this JVM was given one (0: leave the JVM default)
     */
    public static List<String> like(String mainClass, List<String> args, long maxHeapMiB) {
        return like(mainClass, args, maxHeapMiB, List.of());
    }

    /** As {@link #like(String, List, long)}, with JVM flags of the child's own after this JVM's. */
    public static List<String> like(String mainClass, List<String> args, long maxHeapMiB, List<String> extraJvmFlags) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
        boolean hasXmx = false;
        for (String a : jvmArgs) {
            if (a.startsWith("-agentlib:jdwp")) {
                continue; // a debugger port cannot be shared
            }
            if (a.startsWith("-XX:SharedArchiveFile") || a.equals("-XX:+AutoCreateSharedArchive")) {
                continue; // the launcher's class-data archive fits its own command line, not this one's
            }
            hasXmx |= a.startsWith("-Xmx") || a.startsWith("-XX:MaxRAM");
            cmd.add(a);
        }
        if (!hasXmx && maxHeapMiB > 0) {
            cmd.add("-Xmx" + maxHeapMiB + "m");
        }
        cmd.addAll(extraJvmFlags);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    /** Prefixes {@code setsid} (when there is one), so the child leaves this terminal's session. */
    public static List<String> detached(List<String> cmd) {
        for (Path p : List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"))) {
            if (Files.isExecutable(p)) {
                List<String> out = new ArrayList<>();
                out.add(p.toString());
                out.addAll(cmd);
                return out;
            }
        }
        return cmd;
    }
}
