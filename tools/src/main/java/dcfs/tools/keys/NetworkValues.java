package dcfs.tools.keys;

import dcfs.keyring.identity.Role;
import dcfs.tools.UserError;

/** Checks of the values the network commands take. */
final class NetworkValues {
    /** Longest certificate validity accepted: 100 years. */
    static final int MAX_DAYS = 36_500;

    private NetworkValues() {
    }

    static void checkDays(int days) {
        if (days < 1 || days > MAX_DAYS) {
            throw new UserError("--days must be 1 to " + MAX_DAYS + ", not " + days);
        }
    }

    static Role role(String text) {
        try {
            return Role.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        }
    }
}
