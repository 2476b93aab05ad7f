package dcfs.tools.codec;

import dcfs.shardcodec.rs.ReedSolomon;
import dcfs.tools.UserError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** Writes the shard files of {@link BackblazeShardSet}, streaming the file in column blocks. */
final class BackblazeEncoder {
    /** What was written. */
    record Result(long fileBytes, long shardBytes) {
    }

    private BackblazeEncoder() {
    }

    static Result encode(BackblazeShardSet set, int forcedBlockBytes) throws IOException {
        if (!Files.exists(set.file())) {
            throw new UserError(set.file() + ": no such file");
        }
        if (!Files.isRegularFile(set.file())) {
            throw new UserError(set.file() + ": not a regular file");
        }
        ReedSolomon codec = ReedSolomon.create(set.dataShards(), set.parityShards());
        try (FileChannel in = FileChannel.open(set.file(), StandardOpenOption.READ)) {
            long fileBytes = in.size();
            if (fileBytes > BackblazeShardSet.MAX_FILE_BYTES) {
                throw new UserError(set.file() + " is " + fileBytes + " bytes; the backblaze layout's 4-byte length holds at most "
                        + BackblazeShardSet.MAX_FILE_BYTES);
            }
            long shardBytes = set.shardBytes(fileBytes);
            int block = ColumnBlocks.blockBytes(set.totalShards(), shardBytes, forcedBlockBytes);
            byte[] header = ByteBuffer.allocate(BackblazeShardSet.LENGTH_BYTES).putInt((int) fileBytes).array();
            byte[][] buffers = new byte[set.totalShards()][block];
            List<PendingFile> outputs = new ArrayList<>();
            try {
                for (int i = 0; i < set.totalShards(); i++) {
                    outputs.add(PendingFile.create(set.shard(i)));
                }
                for (long column = 0; column < shardBytes; column += block) {
                    int n = (int) Math.min(block, shardBytes - column);
                    for (int i = 0; i < set.dataShards(); i++) {
                        readStream(in, fileBytes, header, i * shardBytes + column, buffers[i], n);
                    }
                    codec.encodeParity(buffers, 0, n);
                    for (int i = 0; i < set.totalShards(); i++) {
                        outputs.get(i).write(buffers[i], 0, n, column);
                    }
                }
                if (in.size() != fileBytes) {
                    throw new UserError(set.file() + " changed size while being encoded; shards not written");
                }
                for (PendingFile out : outputs) {
                    out.commit();
                }
            } finally {
                for (PendingFile out : outputs) {
                    out.close();
                }
            }
            return new Result(fileBytes, shardBytes);
        }
    }

    /**
     * Copies {@code n} bytes of the stored stream (length prefix, file, zero padding) from stream
     * offset {@code from} into {@code dst}.
     */
    private static void readStream(FileChannel in, long fileBytes, byte[] header, long from, byte[] dst, int n)
            throws IOException {
        int done = 0;
        long position = from;
        while (done < n && position < BackblazeShardSet.LENGTH_BYTES) {
            dst[done++] = header[(int) position++];
        }
        long fileEnd = BackblazeShardSet.LENGTH_BYTES + fileBytes;
        if (done < n && position < fileEnd) {
            int want = (int) Math.min(n - done, fileEnd - position);
            ByteBuffer target = ByteBuffer.wrap(dst, done, want);
            long at = position - BackblazeShardSet.LENGTH_BYTES;
            while (target.hasRemaining()) {
                int read = in.read(target, at);
                if (read < 0) {
                    throw new UserError("the file got shorter while being encoded; shards not written");
                }
                at += read;
            }
            done += want;
        }
        java.util.Arrays.fill(dst, done, n, (byte) 0);
    }
}
