package dcfs.shardcodec.rs;

import java.util.SplittableRandom;

/** Test data: seeded random shards and erasure patterns. */
final class Shards {
    private Shards() {
    }

    static byte[][] random(int count, int length, SplittableRandom random) {
        byte[][] shards = new byte[count][length];
        for (byte[] shard : shards) {
            fill(shard, random);
        }
        return shards;
    }

    static void fill(byte[] bytes, SplittableRandom random) {
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
    }

    /** Coefficients with zeros and ones over-represented: the cases table code gets wrong. */
    static byte[][] coefficients(int outputs, int inputs, SplittableRandom random) {
        byte[][] rows = new byte[outputs][inputs];
        for (byte[] row : rows) {
            for (int i = 0; i < inputs; i++) {
                int pick = random.nextInt(8);
                row[i] = pick == 0 ? 0 : pick == 1 ? 1 : (byte) random.nextInt(256);
            }
        }
        return rows;
    }

    static byte[][] copy(byte[][] shards) {
        byte[][] out = new byte[shards.length][];
        for (int i = 0; i < shards.length; i++) {
            out[i] = shards[i].clone();
        }
        return out;
    }

    /** {@code lost} distinct indexes out of {@code total}, marked false. */
    static boolean[] presentAfterLosing(int total, int lost, SplittableRandom random) {
        boolean[] present = new boolean[total];
        java.util.Arrays.fill(present, true);
        for (int gone = 0; gone < lost; ) {
            int i = random.nextInt(total);
            if (present[i]) {
                present[i] = false;
                gone++;
            }
        }
        return present;
    }
}
