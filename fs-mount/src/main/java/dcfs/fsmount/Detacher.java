package dcfs.fsmount;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts a mount process in the background and waits for its {@link ReadySignal} line: the
 * {@code dcfs mount} that returns once the mount is ready, or fails with the child's reason.
 */
public final class Detacher {
    private Detacher() {
    }

    /** Starts {@code command} (stderr appended to {@code log}); returns its pid once it is ready. */
    public static long start(List<String> command, Path log, Duration timeout) throws MountFailure {
        return start(command, log, timeout, null);
    }

    /**
     * As {@link #start(List, Path, Duration)}, handing {@code secret} (a keyring passphrase) to the
     * child as the one line of its standard input — never on its command line, where every user
     * of the machine could read it — and wiping it here.
     */
    public static long start(List<String> command, Path log, Duration timeout, char[] secret) throws MountFailure {
        return start(command, log, timeout, secret, note -> { });
    }

    /** As above, handing each {@link ReadySignal#NOTE} line the child prints before it is ready to {@code notes}. */
    public static long start(List<String> command, Path log, Duration timeout, char[] secret,
                             java.util.function.Consumer<String> notes) throws MountFailure {
        Process p;
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder(JavaCommand.detached(command))
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
            if (secret == null) {
                pb.redirectInput(new File("/dev/null"));
            }
            p = pb.start();
            if (secret != null) {
                try (var in = new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
                    in.write(secret);
                    in.write('\n');
                } finally {
                    java.util.Arrays.fill(secret, '\0');
                }
            }
        } catch (IOException e) {
            throw new MountFailure("cannot start the mount process: " + e.getMessage(), e);
        }
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    if (l.startsWith(ReadySignal.NOTE + " ")) {
                        notes.accept(l.substring(ReadySignal.NOTE.length() + 1));
                    } else if (l.startsWith(ReadySignal.READY) || l.startsWith(ReadySignal.FAILED)) {
                        return l;
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        }, r -> Thread.ofPlatform().daemon(true).name("dcfs-mount-ready").start(r));
        String answer;
        try {
            answer = line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            p.destroy();
            throw new MountFailure("the mount process was not ready after " + timeout.toSeconds() + " s (log: " + log
                    + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroy();
            throw new MountFailure("interrupted while waiting for the mount");
        } catch (ExecutionException e) {
            throw new MountFailure("mount process: " + e.getCause());
        }
        if (answer == null) {
            int code = waitExit(p);
            throw new MountFailure("the mount process exited (" + code + ") before it was ready; see " + log);
        }
        if (answer.startsWith(ReadySignal.FAILED)) {
            waitExit(p);
            return fail(answer.substring(ReadySignal.FAILED.length()).trim());
        }
        return p.pid();
    }

    private static long fail(String reason) throws MountFailure {
        throw new MountFailure(reason);
    }

    private static int waitExit(Process p) {
        try {
            return p.waitFor(10, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
