package dcfs.keyring.bip32;

import java.util.ArrayList;
import java.util.List;

/**
 * A BIP32 path from the master key, such as {@code m/44'/0'/0'}: each step a child index below
 * 2^31, hardened when followed by {@code '}, {@code h} or {@code H}.
 *
 * @param steps raw child numbers, hardened ones with the high bit set ({@link ExtendedKey#HARDENED})
 */
public record DerivationPath(List<Integer> steps) {
    public DerivationPath {
        steps = List.copyOf(steps);
    }

    /**
     * Parses {@code m}, {@code m/0'/1}, {@code m/7146h/0h}; the leading {@code m/} may be left out.
     *
     * @throws IllegalArgumentException naming the step that is wrong
     */
    public static DerivationPath parse(String text) {
        String t = text.strip();
        if (t.equals("m") || t.equals("M") || t.isEmpty()) {
            return new DerivationPath(List.of());
        }
        if (t.startsWith("m/") || t.startsWith("M/")) {
            t = t.substring(2);
        }
        List<Integer> steps = new ArrayList<>();
        String[] parts = t.split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            boolean hardened = p.endsWith("'") || p.endsWith("h") || p.endsWith("H");
            String digits = hardened ? p.substring(0, p.length() - 1) : p;
            if (digits.isEmpty() || digits.length() > 10 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("path '" + text + "': step " + (i + 1) + " '" + p
                        + "' is not an index (digits, then ' or h for hardened)");
            }
            long index = Long.parseLong(digits);
            if (index >= ExtendedKey.HARDENED_OFFSET) {
                throw new IllegalArgumentException("path '" + text + "': step " + (i + 1) + " index " + index
                        + " is not below 2^31");
            }
            steps.add((int) index | (hardened ? ExtendedKey.HARDENED : 0));
        }
        return new DerivationPath(steps);
    }

    /** This path followed by {@code rawIndex}. */
    public DerivationPath child(int rawIndex) {
        List<Integer> more = new ArrayList<>(steps);
        more.add(rawIndex);
        return new DerivationPath(more);
    }

    /** The path in the form wallets print: {@code m/44'/0'/0'}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("m");
        for (int s : steps) {
            b.append('/').append(s & ~ExtendedKey.HARDENED);
            if ((s & ExtendedKey.HARDENED) != 0) {
                b.append('\'');
            }
        }
        return b.toString();
    }
}
