package dcfs.tools.codec;

import dcfs.tools.ExitCodes;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code dcfs shards decode}: any k of FILE.0 … FILE.(k+m-1) → FILE.decoded, missing shards rebuilt. */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Rebuild FILE.decoded and any missing shard files from k of them.",
            "Reads whichever of FILE.0 … FILE.(k+m-1) exist (at least k), rebuilds the missing shard "
                + "files beside them, and writes the original bytes to FILE.decoded. With more than k shards "
                + "present, every byte is cross-checked and shards that disagree stop the decode. Nothing is "
                + "written unless all of it succeeds."})
public final class DecodeShardsCommand implements Callable<Integer> {
    @Mixin
    ShardSetOptions options;

    @Override
    public Integer call() throws Exception {
        BackblazeShardSet set = options.shardSet();
        BackblazeDecoder.Result result = BackblazeDecoder.decode(set, options.blockBytes);
        String rebuilt = result.rebuilt().isEmpty() ? "none missing"
                : "rebuilt " + result.rebuilt().stream().map(Path::getFileName).map(Path::toString)
                        .collect(Collectors.joining(", "));
        System.out.println("wrote " + set.decoded() + ": " + result.fileBytes() + " bytes from " + result.shardsFound()
                + " of " + set.totalShards() + " shards; " + rebuilt);
        return ExitCodes.OK;
    }
}
