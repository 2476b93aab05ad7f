package dcfs.shardcodec.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The quick measurement behind {@code dcfs bench crypto}: each {@link CryptoCase} warmed up, then
 * timed in several short rounds, reported as the median MB/s (10^6 bytes per second of plaintext).
 * JMH ({@code *Benchmark} in the test tree) measures the same cases more carefully.
 */
public final class CryptoBench {
    public static final int KIB = 1024;
    public static final int MIB = 1024 * 1024;

    private final long roundNanos;
    private final int rounds;

    /**
     * @param millisPerCase warm-up is a third of it, measuring the rest in {@code rounds} rounds
     */
    public CryptoBench(long millisPerCase, int rounds) {
        this.rounds = rounds;
        this.roundNanos = millisPerCase * 1_000_000L * 2 / 3 / rounds;
    }

    /** One measured case. */
    public record Measurement(String op, int k, int m, int shardBytes, int segmentBytes, double mbPerS) {
    }

    /**
     * A case to build when its turn comes (a 10+4 stripe of 1 MiB shards holds ~50 MB while it
     * runs; building all cases up front would hold them all).
     *
     * @param op "gcm-encrypt", "gcm-decrypt", or a {@link StripeRound} op
     */
    public record Spec(String op, int k, int m, int shardBytes, int segmentBytes) {
        public CryptoCase create() {
            return switch (op) {
                case "gcm-encrypt" -> new GcmCall(true, shardBytes);
                case "gcm-decrypt" -> new GcmCall(false, shardBytes);
                default -> new StripeRound(op, k, m, shardBytes, segmentBytes);
            };
        }
    }

    /** The default set: GCM by call size, then the stripe path in every shape the issue names. */
    public static List<Spec> defaultCases() {
        List<Spec> cases = new ArrayList<>();
        for (int size : new int[] {4 * KIB, 16 * KIB, 64 * KIB, 256 * KIB, MIB}) {
            cases.add(new Spec("gcm-encrypt", 0, 0, size, size));
            cases.add(new Spec("gcm-decrypt", 0, 0, size, size));
        }
        for (int[] km : new int[][] {{4, 2}, {10, 4}}) {
            for (int shard : new int[] {64 * KIB, MIB}) {
                for (int segment : new int[] {16 * KIB, 64 * KIB, 256 * KIB}) {
                    if (segment > shard) {
                        continue; // one segment per shard: the same as segment = shard
                    }
                    cases.add(new Spec("encode", km[0], km[1], shard, segment));
                    cases.add(new Spec("decode", km[0], km[1], shard, segment));
                }
                cases.add(new Spec("decode-degraded", km[0], km[1], shard, 64 * KIB));
                cases.add(new Spec("encode-one-call", km[0], km[1], shard, shard));
            }
        }
        return cases;
    }

    public List<Measurement> run(List<Spec> cases, Consumer<Measurement> progress) {
        List<Measurement> out = new ArrayList<>();
        for (Spec spec : cases) {
            Measurement m = measure(spec.create());
            progress.accept(m);
            out.add(m);
        }
        return out;
    }

    public Measurement measure(CryptoCase c) {
        long sink = 0;
        long warmEnd = System.nanoTime() + roundNanos * rounds / 2;
        while (System.nanoTime() < warmEnd) {
            sink += c.runOnce();
        }
        double[] mbPerS = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long runs = 0;
            long start = System.nanoTime();
            long now;
            do {
                sink += c.runOnce();
                runs++;
                now = System.nanoTime();
            } while (now - start < roundNanos);
            mbPerS[r] = runs * c.bytesPerRun() * 1e3 / (now - start);
        }
        if (sink == 42) {
            System.out.print(""); // keeps the results alive
        }
        Arrays.sort(mbPerS);
        return new Measurement(c.op(), c.k(), c.m(), c.shardBytes(), c.segmentBytes(), mbPerS[rounds / 2]);
    }
}
