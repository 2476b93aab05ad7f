package dcfs.tools.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The workloads of issue 6, run the same way on every target: fio for streaming and random I/O,
 * plain Java file calls for metadata and small files (the same calls on every target, so their
 * overhead cancels in the ratios). Small files are read back and compared, so a fast wrong answer
 * fails the run instead of winning it.
 */
final class FsWorkloads {
    private final long bigFileBytes;
    private final int randReadSeconds;
    private final int metadataFiles;
    private final int smallFiles;
    private final int smallFileBytes;
    private final PrintStream progress;

    FsWorkloads(long bigFileBytes, int randReadSeconds, int metadataFiles, int smallFiles, int smallFileBytes,
                PrintStream progress) {
        this.bigFileBytes = bigFileBytes;
        this.randReadSeconds = randReadSeconds;
        this.metadataFiles = metadataFiles;
        this.smallFiles = smallFiles;
        this.smallFileBytes = smallFileBytes;
        this.progress = progress;
    }

    Map<Metric, Double> runAll(Path dir, String label) throws IOException {
        Map<Metric, Double> r = new EnumMap<>(Metric.class);
        Path big = dir.resolve("bench-seq.dat");
        sequential(big, label, r);
        PageCache.drop();
        step(label, "random 4 KiB reads for " + randReadSeconds + " s");
        r.put(Metric.RAND_READ, new FioJob("randread", "randread", "4k", bigFileBytes, randReadSeconds, false).run(big).iops());
        Files.delete(big);
        metadata(dir.resolve("bench-meta"), label, r);
        smallFiles(dir.resolve("bench-small"), label, r);
        return r;
    }

    /**
     * The warm-up pass: the sequential write and read only, the workloads that move the most bytes
     * through a JVM's not yet compiled code (dcfs's mount and nodes start cold; gocryptfs and the
     * kernel have nothing to warm). Its figures are reported apart and never enter the medians.
     */
    Map<Metric, Double> warmUp(Path dir, String label) throws IOException {
        Map<Metric, Double> r = new EnumMap<>(Metric.class);
        Path big = dir.resolve("bench-warmup.dat");
        sequential(big, label + " (warm-up)", r);
        Files.delete(big);
        PageCache.drop();
        return r;
    }

    private void sequential(Path big, String label, Map<Metric, Double> r) throws IOException {
        step(label, "sequential write " + (bigFileBytes >> 20) + " MiB");
        r.put(Metric.SEQ_WRITE, new FioJob("seqwrite", "write", "1M", bigFileBytes, 0, true).run(big).megabytesPerSecond());
        PageCache.drop();
        step(label, "sequential read");
        r.put(Metric.SEQ_READ, new FioJob("seqread", "read", "1M", bigFileBytes, 0, false).run(big).megabytesPerSecond());
    }

    private void metadata(Path dir, String label, Map<Metric, Double> r) throws IOException {
        Files.createDirectories(dir);
        Path[] files = new Path[metadataFiles];
        for (int i = 0; i < files.length; i++) {
            files[i] = dir.resolve(String.format("f%06d", i));
        }
        step(label, "create, stat, unlink " + metadataFiles + " files");
        long t0 = System.nanoTime();
        for (Path f : files) {
            Files.newByteChannel(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        }
        long t1 = System.nanoTime();
        for (Path f : files) {
            Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        }
        long t2 = System.nanoTime();
        for (Path f : files) {
            Files.delete(f);
        }
        long t3 = System.nanoTime();
        Files.delete(dir);
        r.put(Metric.CREATE, rate(metadataFiles, t1 - t0));
        r.put(Metric.STAT, rate(metadataFiles, t2 - t1));
        r.put(Metric.UNLINK, rate(metadataFiles, t3 - t2));
    }

    private void smallFiles(Path dir, String label, Map<Metric, Double> r) throws IOException {
        Files.createDirectories(dir);
        step(label, "write and read " + smallFiles + " files of " + (smallFileBytes >> 10) + " KiB");
        SplittableRandom random = new SplittableRandom(smallFiles);
        byte[][] contents = new byte[smallFiles][smallFileBytes];
        for (byte[] c : contents) {
            random.nextBytes(c);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < smallFiles; i++) {
            try (FileChannel ch = FileChannel.open(dir.resolve("s" + i), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(contents[i]);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            }
        }
        long t1 = System.nanoTime();
        PageCache.drop();
        long t2 = System.nanoTime();
        for (int i = 0; i < smallFiles; i++) {
            byte[] back = Files.readAllBytes(dir.resolve("s" + i));
            if (!Arrays.equals(back, contents[i])) {
                throw new IOException("file " + dir.resolve("s" + i) + " read back different bytes than were written");
            }
        }
        long t3 = System.nanoTime();
        for (int i = 0; i < smallFiles; i++) {
            Files.delete(dir.resolve("s" + i));
        }
        Files.delete(dir);
        r.put(Metric.SMALL_WRITE, rate(smallFiles, t1 - t0));
        r.put(Metric.SMALL_READ, rate(smallFiles, t3 - t2));
    }

    private void step(String label, String what) {
        progress.println("  " + label + ": " + what);
    }

    private static double rate(long count, long nanos) {
        return count / (nanos / 1e9);
    }
}
