package dcfs.tools.codec;

import dcfs.shardcodec.rs.ReedSolomon;
import dcfs.tools.ExitCodes;
import dcfs.tools.UserError;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options {@code dcfs shards encode} and {@code decode} share; a picocli {@code @Mixin}. */
final class ShardSetOptions {
    @Option(names = "--layout", paramLabel = "LAYOUT", defaultValue = "backblaze", converter = Layout.Converter.class,
            description = "Shard file layout (default: backblaze, the only one so far): FILE.0 … FILE.(k+m-1) as "
                    + "Backblaze JavaReedSolomon's SampleEncoder writes them, a 4-byte big-endian length, the "
                    + "file, zero padding to k equal shards, then m parity shards.")
    Layout layout;

    @Option(names = {"-k", "--data-shards"}, paramLabel = "K", defaultValue = "4",
            description = "Data shards (default: ${DEFAULT-VALUE}); k + m at most 256.")
    int dataShards;

    @Option(names = {"-m", "--parity-shards"}, paramLabel = "M", defaultValue = "2",
            description = "Parity shards: how many may be lost (default: ${DEFAULT-VALUE}).")
    int parityShards;

    /** Bytes of each shard processed at a time; hidden, for tests of the block boundaries. */
    @Option(names = "--block-size", hidden = true, defaultValue = "0")
    int blockBytes;

    @Parameters(index = "0", paramLabel = "FILE", description = "The file; its shards are FILE.0, FILE.1, …")
    Path file;

    /** The shard set named on the command line, after checking k and m. */
    BackblazeShardSet shardSet() {
        try {
            ReedSolomon.checkShape(dataShards, parityShards);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), ExitCodes.USAGE);
        }
        if (blockBytes != 0 && blockBytes < BackblazeShardSet.LENGTH_BYTES) {
            throw new UserError("--block-size must be at least " + BackblazeShardSet.LENGTH_BYTES, ExitCodes.USAGE);
        }
        return new BackblazeShardSet(file, dataShards, parityShards);
    }
}
