package dcfs.tools.keys;

import com.fasterxml.jackson.databind.ObjectMapper;
import dcfs.keyring.IdentityKey;
import dcfs.keyring.KeyTree;
import dcfs.keyring.bip32.DerivationPath;
import dcfs.keyring.bip32.ExtendedKey;
import dcfs.keyring.file.Keyring;
import dcfs.tools.ExitCodes;
import dcfs.tools.HomeOption;
import dcfs.tools.UserError;
import java.io.PrintWriter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dcfs keys show}: nothing secret, only what identifies the keyring and what wallets can check. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Show the filesystem identity fingerprint and xpub (m/7146'/0').",
            "With --path P, the xpub at BIP32 path P of the mnemonic's master key, to compare with any BIP32 tool."})
public final class KeysShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HomeOption home;

    @Mixin
    PassphraseOptions passphrase;

    @Option(names = "--path", paramLabel = "P",
            description = "A BIP32 path from the master, e.g. \"m/44'/0'/0'\" (' or h marks hardened).")
    String path;

    @Option(names = "--json", description = "Print a JSON object (fingerprint, xpub, path, ...).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        DerivationPath wanted = null;
        if (path != null) {
            try {
                wanted = DerivationPath.parse(path);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage(), e);
            }
        }
        Map<String, Object> shown = new LinkedHashMap<>();
        try (Keyring keyring = passphrase.open(home.resolve()); ExtendedKey master = keyring.masterKey()) {
            IdentityKey identity = keyring.keyTree().identity();
            DerivationPath identityPath = DerivationPath.parse("m/" + KeyTree.PURPOSE + "'/" + KeyTree.IDENTITY + "'");
            shown.put("fingerprint", identity.fingerprint());
            if (wanted == null) {
                shown.put("xpub", identity.xpub());
                shown.put("path", identityPath.toString());
            } else {
                try (ExtendedKey node = master.derive(wanted)) {
                    shown.put("xpub", node.serializePublic());
                }
                shown.put("path", wanted.toString());
            }
            shown.put("masterFingerprint", String.format("%08x", master.fingerprint()));
            shown.put("identityPublicKey", HexFormat.of().formatHex(identity.publicKey()));
            shown.put("keyTreeVersion", KeyTree.VERSION);
            shown.put("keyring", keyring.file().toString());
            shown.put("passphrase", keyring.sealedWithPassphrase());
            shown.put("bip39Passphrase", keyring.hasBip39Passphrase());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(shown));
        } else {
            out.printf("identity fingerprint  %s%n", shown.get("fingerprint"));
            out.printf("%-21s %s%n", wanted == null ? "identity xpub" : "xpub", shown.get("xpub"));
            out.printf("path                  %s%n", shown.get("path"));
            out.printf("master fingerprint    %s%n", shown.get("masterFingerprint"));
            out.printf("keyring               %s%s%n", shown.get("keyring"),
                    keyringNote((Boolean) shown.get("passphrase"), (Boolean) shown.get("bip39Passphrase")));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String keyringNote(boolean sealed, boolean bip39) {
        String s = sealed ? " (passphrase-sealed" : " (no passphrase";
        return s + (bip39 ? "; seed made with a BIP39 passphrase)" : ")");
    }
}
