package dcfs.shardcodec.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The quick measurement behind {@code dcfs bench crypto}: each {@link CryptoCase} warmed up, then
 * timed in several short rounds, reported as the median MB/s (10^6 bytes per second of plaintext).
 * JMH ({@code *Benchmark} in the test tree) measures the same cases, one fresh JVM per case.
 *
 * <p>What a JVM has run before changes AES-GCM speed a hundredfold: the JDK's GCM intrinsic is
 * reached only once the code calling it is compiled, and a JVM making only 1 MiB calls makes too
 * few of them to get there — it stays at ~50-120 MB/s for many seconds — while 64 KiB calls reach
 * GB/s within a few seconds, after which 1 MiB calls are fast too. Hence two kinds of case:
 * {@code shared} ones run one after another in one JVM after {@link #warmUp} (steady state), and
 * {@code fresh} ones each in a new JVM (as JMH forks), which is where segments show their worth.
 */
public final class CryptoBench {
    public static final int KIB = 1024;
    public static final int MIB = 1024 * 1024;

    private final long warmupNanos;
    private final long roundNanos;
    private final int rounds;

    /**
     * @param millisPerCase warm-up is half of it, measuring the other half in {@code rounds} rounds
     */
    public CryptoBench(long millisPerCase, int rounds) {
        this.rounds = rounds;
        this.warmupNanos = millisPerCase * 1_000_000L / 2;
        this.roundNanos = millisPerCase * 1_000_000L / 2 / rounds;
    }

    /** One measured case; {@code fresh} if it ran in a JVM of its own. */
    public record Measurement(String op, int k, int m, int shardBytes, int segmentBytes, boolean fresh,
                              double mbPerS) {
    }

    /**
     * A case to build when its turn comes (a 10+4 stripe of 1 MiB shards holds ~50 MB while it
     * runs; building all cases up front would hold them all).
     *
     * @param op    "gcm-encrypt", "gcm-decrypt", or a {@link StripeRound} op
     * @param fresh run in a JVM of its own
     */
    public record Spec(String op, int k, int m, int shardBytes, int segmentBytes, boolean fresh) {
        /** The arguments {@link CryptoBench#main} takes for this case, before the timing ones. */
        public List<String> toArgs() {
            return List.of(op, Integer.toString(k), Integer.toString(m), Integer.toString(shardBytes),
                    Integer.toString(segmentBytes));
        }

        public CryptoCase create() {
            return switch (op) {
                case "gcm-encrypt" -> new GcmCall(true, shardBytes);
                case "gcm-decrypt" -> new GcmCall(false, shardBytes);
                default -> new StripeRound(op, k, m, shardBytes, segmentBytes);
            };
        }
    }

    /**
     * The default set: GCM by call size and the stripe path in every shape, steady state; then,
     * each in a fresh JVM, GCM at 64 KiB and 1 MiB and the stripe encode in 64 KiB segments against
     * one call per 1 MiB shard — why segments matter.
     */
    public static List<Spec> defaultCases() {
        List<Spec> cases = new ArrayList<>();
        for (int size : new int[] {4 * KIB, 16 * KIB, 64 * KIB, 256 * KIB, MIB}) {
            cases.add(new Spec("gcm-encrypt", 0, 0, size, size, false));
            cases.add(new Spec("gcm-decrypt", 0, 0, size, size, false));
        }
        for (int[] km : new int[][] {{4, 2}, {10, 4}}) {
            for (int shard : new int[] {64 * KIB, MIB}) {
                for (int segment : new int[] {16 * KIB, 64 * KIB, 256 * KIB}) {
                    if (segment > shard) {
                        continue; // one segment per shard: the same as segment = shard
                    }
                    cases.add(new Spec("encode", km[0], km[1], shard, segment, false));
                    cases.add(new Spec("decode", km[0], km[1], shard, segment, false));
                }
                cases.add(new Spec("decode-degraded", km[0], km[1], shard, 64 * KIB, false));
            }
        }
        cases.add(new Spec("gcm-encrypt", 0, 0, 64 * KIB, 64 * KIB, true));
        cases.add(new Spec("gcm-encrypt", 0, 0, MIB, MIB, true));
        for (int[] km : new int[][] {{4, 2}, {10, 4}}) {
            cases.add(new Spec("encode", km[0], km[1], MIB, 64 * KIB, true));
            cases.add(new Spec("encode-one-call", km[0], km[1], MIB, MIB, true));
        }
        return cases;
    }

    /** Brings this JVM to steady state: the GCM and codec paths compiled, as in a running mount. */
    public static void warmUp(long millis) {
        List<CryptoCase> cases = List.of(new GcmCall(true, 16 * KIB), new GcmCall(false, 16 * KIB),
                new StripeRound("encode", 4, 2, 64 * KIB, 16 * KIB), new StripeRound("decode", 4, 2, 64 * KIB, 16 * KIB),
                new StripeRound("decode-degraded", 4, 2, 64 * KIB, 16 * KIB));
        long end = System.nanoTime() + millis * 1_000_000L;
        long sink = 0;
        while (System.nanoTime() < end) {
            for (CryptoCase c : cases) {
                sink += c.runOnce();
            }
        }
        if (sink == 42) {
            System.out.print("");
        }
    }

    /**
     * Measures one case in this JVM and prints {@code mb_per_s VALUE}: how {@code dcfs bench
     * crypto} runs a {@code fresh} case.
     *
     * <p>Arguments: op k m shardBytes segmentBytes millisPerCase rounds.
     */
    public static void main(String[] args) {
        if (args.length != 7) {
            throw new IllegalArgumentException("usage: CryptoBench op k m shardBytes segmentBytes millisPerCase rounds");
        }
        Spec spec = new Spec(args[0], Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                Integer.parseInt(args[4]), true);
        Measurement m = new CryptoBench(Long.parseLong(args[5]), Integer.parseInt(args[6])).measure(spec);
        System.out.println("mb_per_s " + m.mbPerS());
    }

    public Measurement measure(Spec spec) {
        CryptoCase c = spec.create();
        long sink = 0;
        long warmEnd = System.nanoTime() + warmupNanos;
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
        return new Measurement(c.op(), c.k(), c.m(), c.shardBytes(), c.segmentBytes(), spec.fresh(),
                mbPerS[rounds / 2]);
    }
}
