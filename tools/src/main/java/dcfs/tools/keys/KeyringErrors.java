package dcfs.tools.keys;

import dcfs.keyring.file.KeyringFileException;
import dcfs.keyring.identity.IdentityException;
import dcfs.tools.UserError;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** The one place where keyring and identity failures become the one-line errors of the CLI. */
final class KeyringErrors {
    private KeyringErrors() {
    }

    static UserError of(KeyringFileException e) {
        return switch (e.problem()) {
            case MISSING -> new UserError(e.getMessage() + ": create one with dcfs init", e);
            case EXISTS -> new UserError(e.getMessage() + " (--force replaces it)", e);
            case PASSPHRASE_REQUIRED -> new UserError(e.getMessage()
                    + ": give --passphrase-file F, or run on a terminal to be asked", e);
            default -> new UserError(e.getMessage(), e);
        };
    }

    static UserError of(IdentityException e) {
        return new UserError(e.getMessage(), e);
    }

    /** File system failures: the JDK's messages for these name only the path, so say what happened. */
    static UserError of(IOException e) {
        String what = switch (e) {
            case NoSuchFileException x -> x.getFile() + ": no such file or directory";
            case AccessDeniedException x -> x.getFile() + ": permission denied";
            case FileAlreadyExistsException x -> x.getFile() + ": already exists";
            case NotDirectoryException x -> x.getFile() + ": not a directory";
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
        return new UserError(what, e);
    }
}
