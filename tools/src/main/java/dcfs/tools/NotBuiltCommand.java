package dcfs.tools;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Base of commands that are part of the documented surface (CLI.md) but not built yet: they
 * accept any arguments and say so, exit {@link ExitCodes#NOT_BUILT}.
 */
@Command(mixinStandardHelpOptions = true)
public abstract class NotBuiltCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Unmatched
    java.util.List<String> ignored;

    @Override
    public Integer call() {
        System.err.println("dcfs " + spec.qualifiedName(" ").replaceFirst("^dcfs ", "") + ": not built yet");
        return ExitCodes.NOT_BUILT;
    }
}
