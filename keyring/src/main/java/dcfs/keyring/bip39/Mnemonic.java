package dcfs.keyring.bip39;

import dcfs.keyring.bip39.InvalidMnemonicException.Problem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * A BIP39 mnemonic in the English list: 12, 15, 18, 21 or 24 words encoding 128 to 256 bits of
 * entropy plus a checksum of entropy-bits/32 bits (the first bits of its SHA-256).
 *
 * <p>This is the one secret of a dcfs filesystem. {@link #toString()} never shows the words.
 * Java strings cannot be wiped, so the words live as long as the garbage collector keeps them;
 * the entropy bytes held here are wiped by {@link #close()}.
 */
public final class Mnemonic implements AutoCloseable {
    /** Words in a new mnemonic: 24 words, 256 bits of entropy. */
    public static final int GENERATED_WORDS = 24;
    static final int PBKDF2_ROUNDS = 2048;
    static final int SEED_BYTES = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] entropy;
    private final List<String> words;

    private Mnemonic(byte[] entropy, List<String> words) {
        this.entropy = entropy;
        this.words = List.copyOf(words);
    }

    /** A new 24-word mnemonic from 256 bits of {@link SecureRandom}. */
    public static Mnemonic generate() {
        byte[] e = new byte[32];
        RANDOM.nextBytes(e);
        try {
            return fromEntropy(e);
        } finally {
            Arrays.fill(e, (byte) 0);
        }
    }

    /** The mnemonic of {@code entropy}: 16, 20, 24, 28 or 32 bytes. */
    public static Mnemonic fromEntropy(byte[] entropy) {
        int bits = entropy.length * 8;
        if (bits < 128 || bits > 256 || bits % 32 != 0) {
            throw new IllegalArgumentException("BIP39 entropy is 16, 20, 24, 28 or 32 bytes, not " + entropy.length);
        }
        int checksumBits = bits / 32;
        byte[] hash = sha256(entropy);
        int wordCount = (bits + checksumBits) / 11;
        List<String> words = new ArrayList<>(wordCount);
        for (int w = 0; w < wordCount; w++) {
            int index = 0;
            for (int b = 0; b < 11; b++) {
                int bit = w * 11 + b;
                int value = bit < bits ? bitAt(entropy, bit) : bitAt(hash, bit - bits);
                index = (index << 1) | value;
            }
            words.add(EnglishWordList.word(index));
        }
        return new Mnemonic(entropy.clone(), words);
    }

    /**
     * Reads a mnemonic a user typed or restored: words separated by any white space, any case,
     * NFKD-normalized as BIP39 says.
     *
     * @throws InvalidMnemonicException WRONG_LENGTH, UNKNOWN_WORD (naming the word, with a
     *     suggestion when one is close) or BAD_CHECKSUM
     */
    public static Mnemonic parse(String text) throws InvalidMnemonicException {
        String normalized = Normalizer.normalize(text, Normalizer.Form.NFKD).strip().toLowerCase(Locale.ROOT);
        List<String> words = normalized.isEmpty() ? List.of() : List.of(normalized.split("\\s+"));
        int n = words.size();
        if (n != 12 && n != 15 && n != 18 && n != 21 && n != 24) {
            throw new InvalidMnemonicException(Problem.WRONG_LENGTH, 0,
                    "a mnemonic has 12, 15, 18, 21 or 24 words; this one has " + n);
        }
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            indices[i] = EnglishWordList.indexOf(words.get(i));
            if (indices[i] < 0) {
                String suggestion = EnglishWordList.suggestion(words.get(i));
                throw new InvalidMnemonicException(Problem.UNKNOWN_WORD, i + 1, "word " + (i + 1) + " '"
                        + words.get(i) + "' is not in the BIP39 English list"
                        + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)"));
            }
        }
        int totalBits = n * 11;
        int checksumBits = totalBits / 33;
        int entropyBits = totalBits - checksumBits;
        byte[] entropy = new byte[entropyBits / 8];
        int checksum = 0;
        for (int bit = 0; bit < totalBits; bit++) {
            int value = (indices[bit / 11] >> (10 - bit % 11)) & 1;
            if (bit < entropyBits) {
                entropy[bit / 8] |= (byte) (value << (7 - bit % 8));
            } else {
                checksum = (checksum << 1) | value;
            }
        }
        byte[] hash = sha256(entropy);
        int expected = (hash[0] & 0xff) >> (8 - checksumBits);
        if (checksum != expected) {
            Arrays.fill(entropy, (byte) 0);
            throw new InvalidMnemonicException(Problem.BAD_CHECKSUM, n,
                    "bad checksum: the mnemonic's last word does not match the others (a word is wrong or out of order)");
        }
        return new Mnemonic(entropy, words);
    }

    /** The words, in order. */
    public List<String> words() {
        return words;
    }

    /** The words joined by single spaces: the sentence BIP39 hashes. */
    public String sentence() {
        return String.join(" ", words);
    }

    /** A copy of the entropy the words encode. */
    public byte[] entropy() {
        return entropy.clone();
    }

    /**
     * The 64-byte BIP39 seed: PBKDF2-HMAC-SHA512, 2048 rounds, password the NFKD sentence, salt
     * "mnemonic" + the NFKD passphrase (UTF-8). The caller wipes it.
     *
     * @param passphrase the optional BIP39 passphrase; "" (or null) for none
     */
    public byte[] toSeed(String passphrase) {
        String p = passphrase == null ? "" : passphrase;
        byte[] password = Normalizer.normalize(sentence(), Normalizer.Form.NFKD).getBytes(StandardCharsets.UTF_8);
        byte[] salt = ("mnemonic" + Normalizer.normalize(p, Normalizer.Form.NFKD)).getBytes(StandardCharsets.UTF_8);
        PKCS5S2ParametersGenerator gen = new PKCS5S2ParametersGenerator(new SHA512Digest());
        gen.init(password, salt, PBKDF2_ROUNDS);
        try {
            return ((KeyParameter) gen.generateDerivedParameters(SEED_BYTES * 8)).getKey();
        } finally {
            Arrays.fill(password, (byte) 0);
            Arrays.fill(salt, (byte) 0);
        }
    }

    /** Wipes the entropy held here (the words cannot be wiped). */
    @Override
    public void close() {
        Arrays.fill(entropy, (byte) 0);
    }

    @Override
    public String toString() {
        return "Mnemonic[" + words.size() + " words, redacted]";
    }

    private static int bitAt(byte[] bytes, int bit) {
        return (bytes[bit / 8] >> (7 - bit % 8)) & 1;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }
}
