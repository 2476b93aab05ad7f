package dcfs.tools.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.tools.CommandRun;
import dcfs.tools.ExitCodes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code dcfs shards encode|decode} through {@link dcfs.tools.Main#run}, on real files. */
class ShardsCommandTest {
    @TempDir
    Path dir;

    private Path file(int bytes, long seed) throws IOException {
        byte[] content = new byte[bytes];
        new SplittableRandom(seed).nextBytes(content);
        Path f = dir.resolve("data.bin");
        Files.write(f, content);
        return f;
    }

    private static Path shard(Path f, int i) {
        return f.resolveSibling(f.getFileName() + "." + i);
    }

    private static CommandRun encode(Path f, int k, int m, String... extra) {
        return CommandRun.of(args("encode", f, k, m, extra));
    }

    private static CommandRun decode(Path f, int k, int m, String... extra) {
        return CommandRun.of(args("decode", f, k, m, extra));
    }

    private static String[] args(String op, Path f, int k, int m, String... extra) {
        List<String> a = new ArrayList<>(List.of("shards", op, "-k", String.valueOf(k), "-m", String.valueOf(m)));
        a.addAll(List.of(extra));
        a.add(f.toString());
        return a.toArray(String[]::new);
    }

    static Stream<Arguments> shapesAndSizes() {
        List<Arguments> cases = new ArrayList<>();
        int[][] shapes = {{4, 2}, {10, 4}, {17, 3}};
        int[] sizes = {0, 1, 13, 1000, 70_001};
        for (int[] s : shapes) {
            for (int size : sizes) {
                // Default blocks, and blocks of 7 bytes so every file crosses many block boundaries.
                cases.add(Arguments.of(s[0], s[1], size, 0));
                cases.add(Arguments.of(s[0], s[1], size, 7));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "RS({0},{1}), {2} bytes, block {3}")
    @MethodSource("shapesAndSizes")
    void encodeWritesBackblazesLayoutAndTheReferenceParity(int k, int m, int size, int block) throws IOException {
        Path f = file(size, size);
        CommandRun run = encode(f, k, m, "--block-size", String.valueOf(block));
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());

        int shardBytes = (size + 4 + k - 1) / k; // SampleEncoder: (storedSize + DATA_SHARDS - 1) / DATA_SHARDS
        byte[] stream = ByteBuffer.allocate(shardBytes * k).putInt(size).put(Files.readAllBytes(f)).array();
        byte[][] data = new byte[k][];
        for (int i = 0; i < k; i++) {
            data[i] = Files.readAllBytes(shard(f, i));
            assertArrayEquals(Arrays.copyOfRange(stream, i * shardBytes, (i + 1) * shardBytes), data[i], "data shard " + i);
        }
        byte[][] parity = new ReferenceReedSolomon(k, m).parity(data);
        for (int p = 0; p < m; p++) {
            assertArrayEquals(parity[p], Files.readAllBytes(shard(f, k + p)), "parity shard " + (k + p));
        }
        assertFalse(Files.exists(shard(f, k + m)));
        assertTrue(run.out().contains(k + " data + " + m + " parity shards of " + shardBytes + " bytes"), run.out());
    }

    @Test
    void theReferenceReproducesBackblazesOneEncode() {
        // Backblaze ReedSolomonTest.testOneEncode: checks the test's oracle itself.
        byte[][] parity = new ReferenceReedSolomon(5, 5).parity(new byte[][] {{0, 1}, {4, 5}, {2, 3}, {6, 7}, {8, 9}});
        assertArrayEquals(new byte[][] {{12, 13}, {10, 11}, {14, 15}, {90, 91}, {94, 95}}, parity);
    }

    /** RS(4,2): every set of up to 2 lost shards. */
    @Test
    void decodesAfterLosingAnyTwoOfSix() throws IOException {
        Path f = file(5000, 42);
        byte[] content = Files.readAllBytes(f);
        assertEquals(ExitCodes.OK, encode(f, 4, 2).exitCode());
        byte[][] shards = readShards(f, 6);
        for (int lost = 0; lost < 1 << 6; lost++) {
            if (Integer.bitCount(lost) > 2) {
                continue;
            }
            for (int i = 0; i < 6; i++) {
                if ((lost >>> i & 1) != 0) {
                    Files.delete(shard(f, i));
                }
            }
            CommandRun run = decode(f, 4, 2, "--block-size", "300");
            assertEquals(ExitCodes.OK, run.exitCode(), run.err());
            assertArrayEquals(content, Files.readAllBytes(dir.resolve("data.bin.decoded")), "lost " + lost);
            assertArrayEquals(shards, readShards(f, 6), "rebuilt shards, lost " + lost);
        }
    }

    @ParameterizedTest(name = "RS({0},{1})")
    @CsvSource({"10,4", "17,3"})
    void decodesAfterLosingMShards(int k, int m) throws IOException {
        Path f = file(123_457, k);
        byte[] content = Files.readAllBytes(f);
        assertEquals(ExitCodes.OK, encode(f, k, m).exitCode());
        byte[][] shards = readShards(f, k + m);
        SplittableRandom random = new SplittableRandom(m);
        List<int[]> patterns = new ArrayList<>();
        int[] firstData = new int[m];
        Arrays.setAll(firstData, i -> i);
        patterns.add(firstData); // m data shards, the benchmark's case
        int[] allParity = new int[m];
        Arrays.setAll(allParity, i -> k + i);
        patterns.add(allParity);
        for (int r = 0; r < 6; r++) {
            patterns.add(random.ints(0, k + m).distinct().limit(m).toArray());
        }
        for (int[] lost : patterns) {
            for (int i : lost) {
                Files.delete(shard(f, i));
            }
            CommandRun run = decode(f, k, m, "--block-size", "1000");
            assertEquals(ExitCodes.OK, run.exitCode(), run.err());
            assertArrayEquals(content, Files.readAllBytes(dir.resolve("data.bin.decoded")), Arrays.toString(lost));
            assertArrayEquals(shards, readShards(f, k + m), "rebuilt " + Arrays.toString(lost));
        }
    }

    @Test
    void decodeWithEveryShardPresentRebuildsNothing() throws IOException {
        Path f = file(10, 1);
        encode(f, 4, 2);
        CommandRun run = decode(f, 4, 2);
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        assertEquals("wrote " + dir.resolve("data.bin.decoded") + ": 10 bytes from 6 of 6 shards; none missing",
                run.out().strip());
        assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(dir.resolve("data.bin.decoded")));
    }

    @Test
    void tooFewShardsSaysHowManyWereFoundAndNeeded() throws IOException {
        Path f = file(100, 2);
        encode(f, 4, 2);
        for (int i : new int[] {1, 3, 4}) {
            Files.delete(shard(f, i));
        }
        CommandRun run = decode(f, 4, 2);
        assertEquals(ExitCodes.FAILURE, run.exitCode());
        assertEquals("dcfs shards decode: too few shards to decode data.bin: found 3 of 6 (data.bin.0, data.bin.2, "
                + "data.bin.5), need 4", run.errLine());
        assertNothingWritten();
    }

    @Test
    void shardsOfDifferentSizesAreNamed() throws IOException {
        Path f = file(100, 3);
        encode(f, 4, 2);
        byte[] three = Files.readAllBytes(shard(f, 3));
        Files.write(shard(f, 3), Arrays.copyOf(three, three.length - 1));
        CommandRun run = decode(f, 4, 2);
        assertEquals(ExitCodes.FAILURE, run.exitCode());
        assertEquals("dcfs shards decode: shards differ in size: data.bin.2 has 26 bytes, data.bin.3 has 25",
                run.errLine());
    }

    @ParameterizedTest(name = "-k {0} -m {1}")
    @CsvSource({
        "0,2,'k (data shards) must be at least 1, got 0'",
        "4,0,'m (parity shards) must be at least 1, got 0'",
        "200,57,'k + m must be at most 256, got 257'"})
    void shapesOutOfRangeAreUsageErrors(int k, int m, String message) throws IOException {
        Path f = file(10, 4);
        for (String op : new String[] {"encode", "decode"}) {
            CommandRun run = CommandRun.of(args(op, f, k, m));
            assertEquals(ExitCodes.USAGE, run.exitCode(), op);
            assertEquals("dcfs shards " + op + ": " + message, run.errLine());
        }
    }

    @Test
    void missingFilesAreNamed() {
        Path nothing = dir.resolve("nothing");
        CommandRun enc = encode(nothing, 4, 2);
        assertEquals(ExitCodes.FAILURE, enc.exitCode());
        assertEquals("dcfs shards encode: " + nothing + ": no such file", enc.errLine());
        CommandRun dec = decode(nothing, 4, 2);
        assertEquals(ExitCodes.FAILURE, dec.exitCode());
        assertEquals("dcfs shards decode: no shards of " + nothing + " found (looked for nothing.0 … nothing.5)",
                dec.errLine());
        CommandRun directory = encode(dir, 4, 2);
        assertEquals("dcfs shards encode: " + dir + ": not a regular file", directory.errLine());
    }

    @Test
    void aLengthPrefixThatDoesNotFitTheShardsIsRefused() throws IOException {
        Path f = file(100, 5);
        encode(f, 4, 2);
        Files.delete(shard(f, 4));
        Files.delete(shard(f, 5)); // exactly k left: nothing to cross-check, so the prefix is all there is
        byte[] zero = Files.readAllBytes(shard(f, 0));
        ByteBuffer.wrap(zero).putInt(1000);
        Files.write(shard(f, 0), zero);
        CommandRun run = decode(f, 4, 2);
        assertEquals(ExitCodes.FAILURE, run.exitCode());
        assertEquals("dcfs shards decode: the length prefix says 1000 bytes, but 4 data shards of 26 bytes hold "
                + "between 97 and 100: wrong -k/-m, or not a backblaze-layout shard set", run.errLine());
        assertNothingWritten();
    }

    @Test
    void shardsWrittenWithAnotherKAreCaughtByTheCrossCheck() throws IOException {
        Path f = file(1000, 6);
        encode(f, 10, 4);
        CommandRun run = decode(f, 4, 2);
        assertEquals(ExitCodes.FAILURE, run.exitCode());
        assertEquals("dcfs shards decode: the shards of data.bin disagree in bytes 0..100: one is corrupt, or they were "
                + "not written with -k 4 -m 2 (data.bin.6 exists too); nothing written", run.errLine());
    }

    @Test
    void aCorruptShardStopsTheDecodeAndWritesNothing() throws IOException {
        Path f = file(10_000, 7);
        encode(f, 4, 2);
        Files.delete(shard(f, 1));
        byte[] five = Files.readAllBytes(shard(f, 5));
        five[1234] ^= 0x40;
        Files.write(shard(f, 5), five);
        CommandRun run = decode(f, 4, 2, "--block-size", "1000");
        assertEquals(ExitCodes.FAILURE, run.exitCode());
        assertEquals("dcfs shards decode: the shards of data.bin disagree in bytes 1000..1999: one is corrupt, or they "
                + "were not written with -k 4 -m 2; nothing written", run.errLine());
        assertFalse(Files.exists(shard(f, 1)), "no rebuilt shard from a failed decode");
        assertNothingWritten();
    }

    @Test
    void encodeReplacesOldShards() throws IOException {
        Path f = file(1000, 8);
        encode(f, 4, 2);
        Files.write(f, new byte[] {1, 2, 3});
        assertEquals(ExitCodes.OK, encode(f, 4, 2).exitCode());
        assertEquals(2, Files.size(shard(f, 0))); // (3 + 4 + 3) / 4
        assertEquals(ExitCodes.OK, decode(f, 4, 2).exitCode());
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(dir.resolve("data.bin.decoded")));
    }

    @Test
    void backblazeIsTheDefaultLayoutAndOthersAreUsageErrors() throws IOException {
        CommandRun help = CommandRun.of("shards", "encode", "--help");
        assertEquals(ExitCodes.OK, help.exitCode());
        assertTrue(help.out().contains("default: backblaze"), help.out());
        assertTrue(CommandRun.of("shards", "decode", "--help").out().contains("default: backblaze"));

        Path f = file(10, 9);
        assertEquals(ExitCodes.OK, CommandRun.of("shards", "encode", "--layout", "Backblaze", f.toString()).exitCode());
        CommandRun other = CommandRun.of("shards", "encode", "--layout", "klauspost", f.toString());
        assertEquals(ExitCodes.USAGE, other.exitCode());
        assertTrue(other.err().startsWith("dcfs: Invalid value for option '--layout': unknown layout 'klauspost' "
                + "(known: backblaze)"), other.err());
    }

    /** No decoded file and no temporary files left behind by a failed command. */
    private void assertNothingWritten() throws IOException {
        assertFalse(Files.exists(dir.resolve("data.bin.decoded")));
        try (Stream<Path> files = Files.list(dir)) {
            List<String> parts = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".part")).toList();
            assertEquals(List.of(), parts);
        }
    }

    private static byte[][] readShards(Path f, int count) throws IOException {
        byte[][] shards = new byte[count][];
        for (int i = 0; i < count; i++) {
            shards[i] = Files.readAllBytes(shard(f, i));
        }
        return shards;
    }
}
