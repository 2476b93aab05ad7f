package dcfs.keyring.file;

import dcfs.keyring.file.KeyringFileException.Problem;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.time.Instant;
import java.util.Arrays;
import java.util.zip.CRC32C;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The keyring file format, version 1: bytes in, bytes out (the file itself is {@link KeyringFile}'s).
 * All integers big-endian; docs/keyring-file.md has the worked sizes.
 *
 * <pre>
 * offset  size  field
 *  0       8    magic "dcfskeyr"
 *  8       2    format version = 1
 * 10       1    kdf: 0 = none (no passphrase), 1 = Argon2id
 * 11       1    reserved, 0
 * 12       4    Argon2 memory, KiB     (0 when kdf = none)
 * 16       4    Argon2 iterations      (0 when kdf = none)
 * 20       4    Argon2 parallelism     (0 when kdf = none)
 * 24      16    salt                   (zeros when kdf = none)
 * 40      12    AES-GCM nonce (random)
 * 52       4    sealed length L
 * 56       L    AES-256-GCM(key, nonce, payload), AAD = bytes 0..55; the last 16 bytes are the tag
 * 56+L     4    CRC32C of bytes 0..55+L
 *
 * payload:
 *  0       8    created at, seconds since the epoch
 *  8       1    flags: bit 0 = the seed was made with a BIP39 passphrase
 *  9       1    seed length s (64)
 * 10       s    BIP39 seed
 * 10+s     2    mnemonic length m
 * 12+s     m    mnemonic, UTF-8, words joined by single spaces
 * </pre>
 *
 * The key is Argon2id(NFKD(passphrase) as UTF-8, salt, parameters) → 32 bytes; with no
 * passphrase it is SHA-256 of {@value #NO_PASSPHRASE_LABEL}, a published constant: the file then
 * has integrity but no secrecy beyond its mode 0600. The CRC32C tells damage from a wrong
 * passphrase: a file whose checksum matches but whose tag does not was opened with the wrong one.
 */
final class KeyringFormat {
    static final byte[] MAGIC = "dcfskeyr".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int KDF_NONE = 0;
    static final int KDF_ARGON2ID = 1;
    static final int HEADER_BYTES = 56;
    static final int OFF_VERSION = 8;
    static final int OFF_KDF = 10;
    static final int OFF_MEMORY = 12;
    static final int OFF_SALT = 24;
    static final int OFF_NONCE = 40;
    static final int OFF_LENGTH = 52;
    static final int SALT_BYTES = 16;
    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;
    static final int CRC_BYTES = 4;
    /** No payload is anywhere near this; a larger length field is damage. */
    static final int MAX_SEALED_BYTES = 4096;
    static final String NO_PASSPHRASE_LABEL = "dcfs keyring without passphrase v1";
    static final int FLAG_BIP39_PASSPHRASE = 1;

    /** What the file seals. */
    record Content(Instant createdAt, boolean bip39Passphrase, byte[] seed, String mnemonic) {
    }

    private KeyringFormat() {
    }

    static byte[] seal(Content content, char[] passphrase, KdfParams params, SecureRandom random) {
        boolean hasPassphrase = passphrase != null;
        byte[] salt = new byte[SALT_BYTES];
        byte[] nonce = new byte[NONCE_BYTES];
        if (hasPassphrase) {
            random.nextBytes(salt);
        }
        random.nextBytes(nonce);
        byte[] mnemonic = content.mnemonic().getBytes(StandardCharsets.UTF_8);
        byte[] payload = ByteBuffer.allocate(12 + content.seed().length + mnemonic.length)
                .putLong(content.createdAt().getEpochSecond())
                .put((byte) (content.bip39Passphrase() ? FLAG_BIP39_PASSPHRASE : 0))
                .put((byte) content.seed().length).put(content.seed())
                .putShort((short) mnemonic.length).put(mnemonic).array();
        int sealedLength = payload.length + TAG_BYTES;
        ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + sealedLength + CRC_BYTES);
        out.put(MAGIC).putShort((short) VERSION).put((byte) (hasPassphrase ? KDF_ARGON2ID : KDF_NONE)).put((byte) 0);
        if (hasPassphrase) {
            out.putInt(params.memoryKiB()).putInt(params.iterations()).putInt(params.parallelism());
        } else {
            out.putInt(0).putInt(0).putInt(0);
        }
        out.put(salt).put(nonce).putInt(sealedLength);
        byte[] key = hasPassphrase ? argon2id(passphrase, salt, params) : noPassphraseKey();
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BYTES * 8, nonce));
            gcm.updateAAD(out.array(), 0, HEADER_BYTES);
            out.put(gcm.doFinal(payload));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM missing from this JVM", e);
        } finally {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(payload, (byte) 0);
            Arrays.fill(mnemonic, (byte) 0);
        }
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue());
        return out.array();
    }

    /** Whether {@code bytes} (a whole file, checked) is sealed under a passphrase. */
    static boolean needsPassphrase(byte[] bytes, String name) throws KeyringFileException {
        return checkedKdf(bytes, name) == KDF_ARGON2ID;
    }

    static Content open(byte[] bytes, char[] passphrase, String name) throws KeyringFileException {
        int kdf = checkedKdf(bytes, name);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte[] key;
        if (kdf == KDF_ARGON2ID) {
            if (passphrase == null) {
                throw new KeyringFileException(Problem.PASSPHRASE_REQUIRED, name + " is sealed with a passphrase");
            }
            KdfParams params;
            try {
                params = new KdfParams(b.getInt(OFF_MEMORY), b.getInt(OFF_MEMORY + 4), b.getInt(OFF_MEMORY + 8));
            } catch (IllegalArgumentException e) {
                throw new KeyringFileException(Problem.CORRUPT, name + " is corrupt: " + e.getMessage(), e);
            }
            key = argon2id(passphrase, Arrays.copyOfRange(bytes, OFF_SALT, OFF_SALT + SALT_BYTES), params);
        } else {
            key = noPassphraseKey();
        }
        int sealedLength = b.getInt(OFF_LENGTH);
        byte[] payload;
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG_BYTES * 8, bytes, OFF_NONCE, NONCE_BYTES));
            gcm.updateAAD(bytes, 0, HEADER_BYTES);
            payload = gcm.doFinal(bytes, HEADER_BYTES, sealedLength);
        } catch (AEADBadTagException e) {
            // The checksum matched, so the bytes are as written: the key is what differs.
            throw kdf == KDF_ARGON2ID
                    ? new KeyringFileException(Problem.WRONG_PASSPHRASE, "wrong passphrase for " + name, e)
                    : new KeyringFileException(Problem.CORRUPT, name + " is corrupt: it does not authenticate", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM missing from this JVM", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        try {
            return parsePayload(payload, name);
        } finally {
            Arrays.fill(payload, (byte) 0);
        }
    }

    /** Checks magic, version, length and checksum; returns the kdf id. */
    private static int checkedKdf(byte[] bytes, String name) throws KeyringFileException {
        if (bytes.length < MAGIC.length && Arrays.equals(bytes, Arrays.copyOf(MAGIC, bytes.length))) {
            throw new KeyringFileException(Problem.TRUNCATED, name + (bytes.length == 0 ? " is empty"
                    : " is truncated: " + bytes.length + " bytes"));
        }
        if (bytes.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new KeyringFileException(Problem.NOT_A_KEYRING, name + " is not a dcfs keyring file");
        }
        if (bytes.length < HEADER_BYTES) {
            throw new KeyringFileException(Problem.TRUNCATED, name + " is truncated: " + bytes.length
                    + " bytes, shorter than its " + HEADER_BYTES + "-byte header");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int version = Short.toUnsignedInt(b.getShort(OFF_VERSION));
        if (version > VERSION) {
            throw new KeyringFileException(Problem.TOO_NEW, name + " is keyring format version " + version
                    + ", newer than this dcfs reads (" + VERSION + "): upgrade dcfs");
        }
        if (version < VERSION) {
            throw new KeyringFileException(Problem.UNKNOWN_VERSION, name + " is keyring format version " + version
                    + ", which no dcfs wrote");
        }
        int sealedLength = b.getInt(OFF_LENGTH);
        if (sealedLength < TAG_BYTES || sealedLength > MAX_SEALED_BYTES) {
            throw new KeyringFileException(Problem.CORRUPT, name + " is corrupt: sealed length " + sealedLength);
        }
        int expected = HEADER_BYTES + sealedLength + CRC_BYTES;
        if (bytes.length < expected) {
            throw new KeyringFileException(Problem.TRUNCATED, name + " is truncated: " + bytes.length + " bytes of "
                    + expected);
        }
        if (bytes.length > expected) {
            throw new KeyringFileException(Problem.CORRUPT, name + " is corrupt: " + (bytes.length - expected)
                    + " bytes after its checksum");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, expected - CRC_BYTES);
        if ((int) crc.getValue() != b.getInt(expected - CRC_BYTES)) {
            throw new KeyringFileException(Problem.CORRUPT, name + " is corrupt: checksum mismatch");
        }
        int kdf = Byte.toUnsignedInt(bytes[OFF_KDF]);
        if (kdf != KDF_NONE && kdf != KDF_ARGON2ID) {
            throw new KeyringFileException(Problem.CORRUPT, name + " is corrupt: unknown key derivation " + kdf);
        }
        return kdf;
    }

    private static Content parsePayload(byte[] payload, String name) throws KeyringFileException {
        try {
            ByteBuffer p = ByteBuffer.wrap(payload);
            Instant created = Instant.ofEpochSecond(p.getLong());
            int flags = Byte.toUnsignedInt(p.get());
            byte[] seed = new byte[Byte.toUnsignedInt(p.get())];
            p.get(seed);
            byte[] mnemonic = new byte[Short.toUnsignedInt(p.getShort())];
            p.get(mnemonic);
            if (p.hasRemaining()) {
                throw new KeyringFileException(Problem.CORRUPT, name + " is corrupt: bytes after the mnemonic");
            }
            String words = new String(mnemonic, StandardCharsets.UTF_8);
            Arrays.fill(mnemonic, (byte) 0);
            return new Content(created, (flags & FLAG_BIP39_PASSPHRASE) != 0, seed, words);
        } catch (java.nio.BufferUnderflowException | java.time.DateTimeException e) {
            throw new KeyringFileException(Problem.CORRUPT, name + " is corrupt: its payload is malformed", e);
        }
    }

    static byte[] argon2id(char[] passphrase, byte[] salt, KdfParams params) {
        byte[] password = Normalizer.normalize(java.nio.CharBuffer.wrap(passphrase), Normalizer.Form.NFKD)
                .getBytes(StandardCharsets.UTF_8);
        try {
            Argon2BytesGenerator g = new Argon2BytesGenerator();
            g.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                    .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                    .withMemoryAsKB(params.memoryKiB())
                    .withIterations(params.iterations())
                    .withParallelism(params.parallelism())
                    .withSalt(salt)
                    .build());
            byte[] key = new byte[32];
            g.generateBytes(password, key);
            return key;
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    private static byte[] noPassphraseKey() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(NO_PASSPHRASE_LABEL.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }
}
