package dcfs.tools.codec;

import dcfs.shardcodec.rs.NotEnoughShardsException;
import dcfs.shardcodec.rs.ReedSolomon;
import dcfs.tools.UserError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Reads whichever shard files of a {@link BackblazeShardSet} exist, rebuilds the missing ones
 * (written back beside the others) and writes the original file to {@code NAME.decoded}, streaming
 * in column blocks. When more than k shards are present the surplus is used to check every block:
 * shards that disagree (a corrupt one, or shards written with another k or m) stop the decode
 * before anything is renamed into place.
 */
final class BackblazeDecoder {
    /** What was done. */
    record Result(long fileBytes, int shardsFound, List<Path> rebuilt) {
    }

    private BackblazeDecoder() {
    }

    static Result decode(BackblazeShardSet set, int forcedBlockBytes) throws IOException {
        int total = set.totalShards();
        boolean[] present = new boolean[total];
        long shardBytes = -1;
        int presentShard = -1;
        int found = 0;
        for (int i = 0; i < total; i++) {
            Path shard = set.shard(i);
            if (!Files.isRegularFile(shard)) {
                continue;
            }
            long size = Files.size(shard);
            if (shardBytes >= 0 && size != shardBytes) {
                throw new UserError("shards differ in size: " + set.shard(presentShard).getFileName() + " has "
                        + shardBytes + " bytes, " + shard.getFileName() + " has " + size);
            }
            shardBytes = size;
            presentShard = i;
            present[i] = true;
            found++;
        }
        if (found == 0) {
            throw new UserError("no shards of " + set.file() + " found (looked for " + set.shardNames() + ")");
        }
        if (found < set.dataShards()) {
            throw new UserError("too few shards to decode " + set.file().getFileName() + ": found " + found
                    + " of " + total + " (" + names(set, present, true) + "), need " + set.dataShards());
        }
        if (shardBytes == 0) {
            throw new UserError("the shards of " + set.file().getFileName() + " are empty; a backblaze-layout shard holds at least 1 byte");
        }

        ReedSolomon codec = ReedSolomon.create(set.dataShards(), set.parityShards());
        int block = ColumnBlocks.blockBytes(total, shardBytes, forcedBlockBytes);
        byte[][] buffers = new byte[total][block];
        List<FileChannel> inputs = new ArrayList<>();
        List<PendingFile> outputs = new ArrayList<>();
        PendingFile[] rebuilt = new PendingFile[total];
        try {
            FileChannel[] channels = new FileChannel[total];
            for (int i = 0; i < total; i++) {
                if (present[i]) {
                    channels[i] = FileChannel.open(set.shard(i), StandardOpenOption.READ);
                    inputs.add(channels[i]);
                } else {
                    rebuilt[i] = PendingFile.create(set.shard(i));
                    outputs.add(rebuilt[i]);
                }
            }
            PendingFile decoded = PendingFile.create(set.decoded());
            outputs.add(decoded);

            long fileBytes = -1;
            for (long column = 0; column < shardBytes; column += block) {
                int n = (int) Math.min(block, shardBytes - column);
                for (int i = 0; i < total; i++) {
                    if (present[i]) {
                        readFully(channels[i], buffers[i], n, column, set.shard(i));
                    }
                }
                try {
                    codec.decodeMissing(buffers, present, 0, n);
                } catch (NotEnoughShardsException e) {
                    throw new IllegalStateException("counted shards wrong", e);
                }
                if (found > set.dataShards() && !codec.isParityCorrect(buffers, 0, n)) {
                    throw new UserError("the shards of " + set.file().getFileName() + " disagree in bytes "
                            + column + ".." + (column + n - 1) + ": one is corrupt, or they were not written with -k "
                            + set.dataShards() + " -m " + set.parityShards() + otherShardHint(set) + "; nothing written");
                }
                if (column == 0) {
                    fileBytes = lengthPrefix(set, buffers, shardBytes);
                }
                for (int i = 0; i < total; i++) {
                    if (rebuilt[i] != null) {
                        rebuilt[i].write(buffers[i], 0, n, column);
                    }
                }
                writeFileBytes(decoded, buffers, set.dataShards(), shardBytes, column, n, fileBytes);
            }
            for (PendingFile out : outputs) {
                out.commit();
            }
            List<Path> rebuiltPaths = IntStream.range(0, total).filter(i -> !present[i]).mapToObj(set::shard).toList();
            return new Result(fileBytes, found, rebuiltPaths);
        } finally {
            for (PendingFile out : outputs) {
                out.close();
            }
            for (FileChannel in : inputs) {
                in.close();
            }
        }
    }

    /** The stored length, from the first 4 bytes of the stream (they may span several shards). */
    private static long lengthPrefix(BackblazeShardSet set, byte[][] firstBlock, long shardBytes) {
        if (shardBytes * set.dataShards() < BackblazeShardSet.LENGTH_BYTES) {
            throw new UserError(set.dataShards() + " data shards of " + shardBytes
                    + " bytes cannot hold the 4-byte length prefix: not a backblaze-layout shard set for -k " + set.dataShards());
        }
        long length = 0;
        for (int p = 0; p < BackblazeShardSet.LENGTH_BYTES; p++) {
            length = length << 8 | (firstBlock[(int) (p / shardBytes)][(int) (p % shardBytes)] & 0xFF);
        }
        if (!set.fits(length, shardBytes)) {
            long[] range = set.lengthRange(shardBytes);
            String fits = range[0] <= range[1] ? "between " + range[0] + " and " + range[1] : "no file";
            throw new UserError("the length prefix says " + length + " bytes, but " + set.dataShards()
                    + " data shards of " + shardBytes + " bytes hold " + fits
                    + ": wrong -k/-m, or not a backblaze-layout shard set" + otherShardHint(set));
        }
        return length;
    }

    /** A hint when a shard beyond k + m exists: the set was probably written with more shards. */
    private static String otherShardHint(BackblazeShardSet set) {
        Path next = set.shard(set.totalShards());
        return Files.exists(next) ? " (" + next.getFileName() + " exists too)" : "";
    }

    /** Writes the part of this column block of the data shards that is file content. */
    private static void writeFileBytes(PendingFile out, byte[][] buffers, int dataShards, long shardBytes,
                                       long column, int n, long fileBytes) throws IOException {
        long contentStart = BackblazeShardSet.LENGTH_BYTES;
        long contentEnd = contentStart + fileBytes;
        for (int i = 0; i < dataShards; i++) {
            long from = Math.max(i * shardBytes + column, contentStart);
            long to = Math.min(i * shardBytes + column + n, contentEnd);
            if (from < to) {
                int offset = (int) (from - i * shardBytes - column);
                out.write(buffers[i], offset, (int) (to - from), from - contentStart);
            }
        }
    }

    private static void readFully(FileChannel in, byte[] dst, int n, long position, Path name) throws IOException {
        ByteBuffer target = ByteBuffer.wrap(dst, 0, n);
        long at = position;
        while (target.hasRemaining()) {
            int read = in.read(target, at);
            if (read < 0) {
                throw new UserError(name.getFileName() + " got shorter while being decoded; nothing written");
            }
            at += read;
        }
    }

    private static String names(BackblazeShardSet set, boolean[] present, boolean which) {
        return IntStream.range(0, present.length).filter(i -> present[i] == which)
                .mapToObj(i -> set.shard(i).getFileName().toString()).collect(Collectors.joining(", "));
    }
}
