package dcfs.keyring.bip39;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The BIP39 English word list, read from the copy bitcoinj-core ships (a maintained library on
 * Maven Central) rather than typed in here. The file's SHA-256 is checked against the one the
 * BIP39 word list is known by, so a changed or damaged resource fails loudly instead of quietly
 * producing mnemonics no other wallet reads.
 */
final class EnglishWordList {
    static final String RESOURCE = "/org/bitcoinj/crypto/mnemonic/wordlist/english.txt";
    /** SHA-256 of bips/bip-0039/english.txt (2048 lines, LF-terminated). */
    static final String SHA256 = "2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda";
    static final int SIZE = 2048;

    private static final List<String> WORDS;
    private static final Map<String, Integer> INDEX;

    static {
        byte[] bytes;
        try (InputStream in = EnglishWordList.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the BIP39 English word list " + RESOURCE
                        + " is not on the class path (it comes with bitcoinj-core)");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String digest;
        try {
            digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (!digest.equals(SHA256)) {
            throw new IllegalStateException("the BIP39 English word list " + RESOURCE + " has SHA-256 " + digest
                    + ", not the published " + SHA256);
        }
        WORDS = List.of(new String(bytes, StandardCharsets.UTF_8).split("\n"));
        if (WORDS.size() != SIZE) {
            throw new IllegalStateException("the BIP39 English word list has " + WORDS.size() + " words");
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < SIZE; i++) {
            index.put(WORDS.get(i), i);
        }
        INDEX = Map.copyOf(index);
    }

    private EnglishWordList() {
    }

    static String word(int index) {
        return WORDS.get(index);
    }

    /** The index of {@code word}, or -1. */
    static int indexOf(String word) {
        return INDEX.getOrDefault(word, -1);
    }

    /**
     * The list word a mistyped {@code word} most likely meant: the one sharing its first four
     * letters (BIP39 words are unique in those), else the closest by edit distance if it is
     * within two edits; null if none is close.
     */
    static String suggestion(String word) {
        if (word.length() >= 4) {
            String prefix = word.substring(0, 4);
            for (String w : WORDS) {
                if (w.startsWith(prefix)) {
                    return w;
                }
            }
        }
        String best = null;
        int bestDistance = 3;
        for (String w : WORDS) {
            int d = editDistance(word, w, bestDistance);
            if (d < bestDistance) {
                bestDistance = d;
                best = w;
            }
        }
        return best;
    }

    static List<String> all() {
        return WORDS;
    }

    private static int editDistance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) >= limit) {
            return limit;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
