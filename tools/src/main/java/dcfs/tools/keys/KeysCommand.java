package dcfs.tools.keys;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dcfs keys show|rotate}. */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Show the filesystem identity (fingerprint, xpub) or the xpub at a BIP32 path; rotate key epochs.",
        subcommands = {KeysShowCommand.class, KeysRotateCommand.class})
public final class KeysCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
