package dcfs.tools.bench;

import dcfs.tools.NotBuiltCommand;
import picocli.CommandLine.Command;

@Command(name = "crypto", description = "AES-256-GCM and the whole stripe path (RS + AEAD) throughput.")
public final class BenchCryptoCommand extends NotBuiltCommand {
}
