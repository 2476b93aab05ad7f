package dcfs.tools.codec;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dcfs shards encode|decode}: offline Reed-Solomon on plain files, no network and no keys. */
@Command(name = "shards", mixinStandardHelpOptions = true,
        description = {"Offline Reed-Solomon on plain files (encode|decode), no network and no keys.",
            "Layout: backblaze (the default), the files of Backblaze JavaReedSolomon's SampleEncoder/SampleDecoder."},
        subcommands = {EncodeShardsCommand.class, DecodeShardsCommand.class})
public final class ShardsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
