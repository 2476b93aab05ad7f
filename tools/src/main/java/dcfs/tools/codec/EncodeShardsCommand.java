package dcfs.tools.codec;

import dcfs.tools.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code dcfs shards encode}: FILE → FILE.0 … FILE.(k+m-1). */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = {"Split FILE into k data + m parity shard files.",
            "Writes FILE.0 … FILE.(k+m-1) beside FILE (existing ones are replaced). Any k of them give the file back "
                + "(dcfs shards decode). Streams the file: memory stays bounded whatever its size."})
public final class EncodeShardsCommand implements Callable<Integer> {
    @Mixin
    ShardSetOptions options;

    @Override
    public Integer call() throws Exception {
        BackblazeShardSet set = options.shardSet();
        BackblazeEncoder.Result result = BackblazeEncoder.encode(set, options.blockBytes);
        System.out.println("wrote " + set.shardNames() + ": " + set.dataShards() + " data + " + set.parityShards()
                + " parity shards of " + result.shardBytes() + " bytes for " + result.fileBytes() + " bytes ("
                + options.layout.label() + " layout)");
        return ExitCodes.OK;
    }
}
