package dcfs.tools.upkeep;

import dcfs.vfs.upkeep.StripePass;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dcfs scrub}: every copy of every shard read and authenticated; nothing changed on the nodes. */
@Command(name = "scrub", mixinStandardHelpOptions = true,
        description = {"Check every shard of the filesystem: read every copy where placement wants it and "
                + "authenticate it with the file key. Changes nothing on the nodes.",
            "The filesystem is read from the superblock on the nodes (no lease: a mount may run beside it).",
            "Exit 1 if a stripe is lost (fewer than k good shards)."})
public final class ScrubCommand extends PassCommand {
    @Option(names = "--quick", description = "Only ask every node whether it holds its copies (nothing read or authenticated).")
    boolean quick;

    @Override
    StripePass.Kind kind() {
        return quick ? StripePass.Kind.PRESENCE : StripePass.Kind.SCRUB;
    }
}
