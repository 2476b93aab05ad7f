package dcfs.fsmount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs POSIX calls in a separate process (posix-probe.py), as root or as uid/gid 65534, and
 * returns what each one did: "OK value" or "ERR ENAME".
 */
final class Probe {
    static final int NOBODY = 65534;
    private static Path script;

    private Probe() {
    }

    /** Each call is one op with its arguments, e.g. {@code call("mkdir", path, 0755)}. */
    static String call(Object... op) {
        StringBuilder b = new StringBuilder();
        for (Object o : op) {
            if (!b.isEmpty()) {
                b.append('\t');
            }
            b.append(o instanceof Integer i && (op[0].equals("mkdir") || op[0].equals("chmod") || op[0].equals("mknod")
                    || op[0].equals("mkfifo") || op[0].equals("open")) ? "0o" + Integer.toOctalString(i) : o);
        }
        return b.toString();
    }

    static List<String> asRoot(String... calls) {
        return run(false, calls);
    }

    static List<String> asNobody(String... calls) {
        return run(true, calls);
    }

    static String one(boolean nobody, String call) {
        return run(nobody, call).getFirst();
    }

    static synchronized Path script() throws IOException {
        if (script == null) {
            script = Files.createTempFile("posix-probe", ".py");
            try (InputStream in = Probe.class.getResourceAsStream("/posix-probe.py")) {
                Files.write(script, in.readAllBytes());
            }
            // readable by the other uid the probe may run as
            Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            script.toFile().deleteOnExit();
        }
        return script;
    }

    static List<String> run(boolean nobody, String... calls) {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "python3 is needed for the probe");
        try {
            List<String> cmd = new ArrayList<>();
            if (nobody) {
                assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv is needed to run as another uid");
                cmd.addAll(List.of("/usr/bin/setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
            }
            cmd.addAll(List.of("/usr/bin/python3", script().toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
            p.getOutputStream().write((String.join("\n", calls) + "\n").getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe timed out");
            assertEquals(0, p.exitValue(), "probe failed: " + err);
            List<String> lines = out.lines().toList();
            assertEquals(calls.length, lines.size(), "probe output: " + out + err);
            return lines;
        } catch (IOException e) {
            throw new AssertionError("probe: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The key=value fields of a stat result line. */
    static Map<String, Long> stat(String okLine) {
        assertTrue(okLine.startsWith("OK "), okLine);
        Map<String, Long> m = new HashMap<>();
        for (String kv : okLine.substring(3).split(" ")) {
            int eq = kv.indexOf('=');
            String k = kv.substring(0, eq);
            String v = kv.substring(eq + 1);
            m.put(k, k.equals("perm") || k.equals("type") ? Long.parseLong(v, 8) : Long.parseLong(v));
        }
        return m;
    }
}
