package dcfs.tools.upkeep;

import dcfs.vfs.upkeep.StripePass;
import picocli.CommandLine.Command;

/** {@code dcfs repair}: a scrub that rebuilds what it finds missing or bad. */
@Command(name = "repair", mixinStandardHelpOptions = true,
        description = {"Check every shard as scrub does, and rebuild every copy that is missing or fails "
                + "authentication onto the node placement wants it on: copied from a good copy, or re-sealed "
                + "from the stripe decoded out of k good shards. Copies where placement no longer wants them "
                + "are deleted once the placed ones are good.",
            "Exit 1 if a stripe is lost (fewer than k good shards)."})
public final class RepairCommand extends PassCommand {
    @Override
    StripePass.Kind kind() {
        return StripePass.Kind.REPAIR;
    }
}
