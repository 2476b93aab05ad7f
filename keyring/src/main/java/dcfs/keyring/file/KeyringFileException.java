package dcfs.keyring.file;

/** A keyring file could not be created or opened; the message is one line a user can act on. */
public final class KeyringFileException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong, for callers that react differently (e.g. prompt again on a wrong passphrase). */
    public enum Problem {
        /** There is no keyring file. */
        MISSING,
        /** A keyring file is there and replacing it was not asked for. */
        EXISTS,
        /** The file does not start with the keyring magic. */
        NOT_A_KEYRING,
        /** Written by a newer dcfs (a higher format version). */
        TOO_NEW,
        /** A format version no dcfs wrote. */
        UNKNOWN_VERSION,
        /** Shorter than its header says. */
        TRUNCATED,
        /** Checksum mismatch, implausible fields or an unreadable payload. */
        CORRUPT,
        /** The file is sealed with a passphrase and none was given. */
        PASSPHRASE_REQUIRED,
        /** The passphrase does not open the file. */
        WRONG_PASSPHRASE
    }

    private final Problem problem;

    KeyringFileException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    KeyringFileException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
