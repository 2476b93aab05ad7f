package dcfs.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Samples a process's resident set size (VmRSS) in the background and keeps the peak. */
final class ResidentMemoryProbe implements AutoCloseable {
    private final long pid;
    private final Thread sampler;
    private volatile long peakKib;
    private volatile boolean running = true;

    ResidentMemoryProbe(long pid) {
        this.pid = pid;
        this.sampler = Thread.ofVirtual().name("rss-probe-" + pid).start(this::sample);
    }

    private void sample() {
        while (running) {
            long kib = residentKib(pid);
            if (kib > peakKib) {
                peakKib = kib;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** VmRSS of the process in KiB, or 0 once it is gone. */
    static long residentKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException gone) {
            // the process ended between samples
        }
        return 0;
    }

    long peakMib() {
        return peakKib >> 10;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join();
    }
}
