package dcfs.keyring.bip39;

/**
 * A mnemonic that is not a valid BIP39 English mnemonic. The message is one line a user can act
 * on; {@link #problem()} says which rule failed and {@link #wordNumber()} which word (1-based).
 */
public final class InvalidMnemonicException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What is wrong with a mnemonic. */
    public enum Problem {
        /** Not 12, 15, 18, 21 or 24 words. */
        WRONG_LENGTH,
        /** A word not in the BIP39 English list. */
        UNKNOWN_WORD,
        /** The words do not carry a matching checksum: a wrong word or a wrong order. */
        BAD_CHECKSUM
    }

    private final Problem problem;
    private final int wordNumber;

    InvalidMnemonicException(Problem problem, int wordNumber, String message) {
        super(message);
        this.problem = problem;
        this.wordNumber = wordNumber;
    }

    public Problem problem() {
        return problem;
    }

    /** The 1-based number of the offending word, or 0 when no single word is to blame. */
    public int wordNumber() {
        return wordNumber;
    }
}
