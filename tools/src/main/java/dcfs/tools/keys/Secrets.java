package dcfs.tools.keys;

import dcfs.tools.UserError;
import java.io.Console;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads secrets the way CLI.md promises: from a file the user names, or from the terminal with
 * echo off, never from the command line itself (where {@code ps} and shell history would keep
 * them). Reused by every command that needs the keyring ({@code mount} too).
 */
public final class Secrets {
    private Secrets() {
    }

    /**
     * The passphrase in {@code file}: its first line, without the line ending.
     *
     * @return the passphrase; the caller wipes it
     * @throws UserError if the file cannot be read, is not UTF-8 or its first line is empty
     */
    public static char[] readPassphraseFile(Path file) {
        byte[] bytes = readFile(file, "passphrase");
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            int end = 0;
            while (end < chars.limit() && chars.get(end) != '\n' && chars.get(end) != '\r') {
                end++;
            }
            char[] out = new char[end];
            chars.get(out, 0, end);
            Arrays.fill(chars.array(), '\0');
            if (out.length == 0) {
                throw new UserError("passphrase file " + file + " is empty; for no passphrase give --no-passphrase");
            }
            return out;
        } catch (CharacterCodingException e) {
            throw new UserError("passphrase file " + file + " is not UTF-8 text", e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** The whole text of a secret file (a mnemonic), checked to be UTF-8. */
    public static String readSecretText(Path file, String what) {
        byte[] bytes = readFile(file, what);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new UserError(what + " file " + file + " is not UTF-8 text", e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * Asks for a passphrase on the terminal, echo off.
     *
     * @param noTerminal the error message when there is no terminal to ask on
     */
    public static char[] promptPassphrase(String prompt, String noTerminal) {
        Console console = terminal(noTerminal);
        char[] p = console.readPassword("%s", prompt);
        if (p == null) {
            throw new UserError("no passphrase given (end of input)");
        }
        return p;
    }

    /** Asks twice for a new passphrase; they must match and not be empty. */
    public static char[] promptNewPassphrase() {
        String noTerminal = "no terminal to ask for a passphrase on: give --passphrase-file F or --no-passphrase";
        char[] first = promptPassphrase("New keyring passphrase: ", noTerminal);
        if (first.length == 0) {
            throw new UserError("an empty passphrase: for none give --no-passphrase");
        }
        char[] second = promptPassphrase("Same passphrase again: ", noTerminal);
        try {
            if (!Arrays.equals(first, second)) {
                Arrays.fill(first, '\0');
                throw new UserError("the two passphrases differ");
            }
            return first;
        } finally {
            Arrays.fill(second, '\0');
        }
    }

    /** A line to the user on the terminal (or stderr without one); for prompts' companions. */
    static void tell(String line) {
        Console console = System.console();
        if (console != null && console.isTerminal()) {
            console.printf("%s%n", line);
        } else {
            System.err.println(line);
        }
    }

    private static Console terminal(String noTerminal) {
        Console console = System.console();
        // Since JDK 22 System.console() exists even when redirected; only a real terminal may be asked.
        if (console == null || !console.isTerminal()) {
            throw new UserError(noTerminal);
        }
        return console;
    }

    private static byte[] readFile(Path file, String what) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UserError("cannot read " + what + " file: " + KeyringErrors.of(e).getMessage(), e);
        }
    }
}
