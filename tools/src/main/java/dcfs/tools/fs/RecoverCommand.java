package dcfs.tools.fs;

import dcfs.tools.ExitCodes;
import dcfs.tools.HomeOption;
import dcfs.tools.UserError;
import dcfs.tools.keys.PassphraseOptions;
import dcfs.tools.recover.Recovery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dcfs recover --from DIR --to DIR}: the whole tree back from node stores and the mnemonic
 * (the home's keyring), with no network and no node running. See {@link Recovery}.
 */
@Command(name = "recover", mixinStandardHelpOptions = true,
        description = {"Rebuild the whole tree from node stores and the mnemonic, with no network.",
            "--from: a cluster directory (dcfs cluster start, or HOME/cluster), or copies of node store/ directories.",
            "Exit 1 if any stripe could not be decoded (the summary says which files)."})
public final class RecoverCommand implements Callable<Integer> {
    @Option(names = "--from", required = true, paramLabel = "DIR", description = "Where the node stores are.")
    Path from;

    @Option(names = "--to", required = true, paramLabel = "DIR", description = "An empty or new directory for the tree.")
    Path to;

    @Mixin
    HomeOption home;

    @Mixin
    PassphraseOptions passphrase;

    @Override
    public Integer call() throws Exception {
        Path src = from.toAbsolutePath().normalize();
        Path dst = to.toAbsolutePath().normalize();
        if (!Files.isDirectory(src)) {
            throw new UserError("--from " + src + " is not a directory");
        }
        if (Files.exists(dst)) {
            if (!Files.isDirectory(dst)) {
                throw new UserError("--to " + dst + " exists and is not a directory");
            }
            try (var s = Files.list(dst)) {
                if (s.findAny().isPresent()) {
                    throw new UserError("--to " + dst + " is not empty: recover into an empty or new directory");
                }
            }
        }
        if (dst.startsWith(src)) {
            throw new UserError("--to must not be inside --from");
        }
        Path h = home.resolve();
        try (var keyring = passphrase.open(h)) {
            Recovery.Outcome o = Recovery.run(keyring.keyTree(), src, dst, System.err);
            System.out.println(o.summary());
            return o.complete() ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }
}
