package dcfs.keyring.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.keyring.bip39.Mnemonic;
import dcfs.keyring.file.KeyringFileException.Problem;
import dcfs.keyring.internal.OwnerOnlyFiles;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.zip.CRC32C;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyringFileTest {
    static final String ABANDON = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
    static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

    @TempDir
    Path tmp;

    Path home() {
        return tmp.resolve("home");
    }

    Keyring create(char[] passphrase) throws Exception {
        return KeyringFile.create(home(), Mnemonic.parse(ABANDON), "", passphrase, false, KdfParams.forTests());
    }

    @Test
    void roundTripsWithAPassphrase() throws Exception {
        String fingerprint;
        try (Keyring created = create(PASSPHRASE)) {
            fingerprint = created.keyTree().identity().fingerprint();
            assertTrue(created.sealedWithPassphrase());
        }
        assertTrue(KeyringFile.exists(home()));
        assertTrue(KeyringFile.needsPassphrase(home()));
        try (Keyring opened = KeyringFile.open(home(), PASSPHRASE)) {
            assertEquals(fingerprint, opened.keyTree().identity().fingerprint());
            assertEquals(ABANDON, opened.mnemonic().sentence());
            assertFalse(opened.hasBip39Passphrase());
            assertTrue(opened.createdAt().isAfter(Instant.now().minusSeconds(60)));
        }
    }

    @Test
    void roundTripsWithoutAPassphraseAndRecordsThat() throws Exception {
        create(null).close();
        assertFalse(KeyringFile.needsPassphrase(home()));
        try (Keyring opened = KeyringFile.open(home(), null)) {
            assertFalse(opened.sealedWithPassphrase());
            assertEquals(ABANDON, opened.mnemonic().sentence());
        }
        // A passphrase given for a file that has none is ignored.
        KeyringFile.open(home(), PASSPHRASE).close();
    }

    @Test
    void keepsTheBip39PassphraseSeedButNotThePassphrase() throws Exception {
        try (Keyring k = KeyringFile.create(home(), Mnemonic.parse(ABANDON), "TREZOR", null, false, KdfParams.forTests())) {
            assertTrue(k.hasBip39Passphrase());
        }
        byte[] file = Files.readAllBytes(KeyringFile.path(home()));
        try (Keyring k = KeyringFile.open(home(), null); var master = k.masterKey()) {
            // The Trezor vector's master key for this mnemonic and "TREZOR".
            assertEquals("xprv9s21ZrQH143K3h3fDYiay8mocZ3afhfULfb5GX8kCBdno77K4HiA15Tg23wpbeF1pLfs1c5SPmYHrEpTuuRhxMwvKDwqdKiGJS9XFKzUsAF",
                    master.serialize());
            assertTrue(k.hasBip39Passphrase());
        }
        assertFalse(new String(file, java.nio.charset.StandardCharsets.ISO_8859_1).contains("TREZOR"));
    }

    @Test
    void isOwnerOnlyInAnOwnerOnlyHome() throws Exception {
        create(PASSPHRASE).close();
        assertEquals(OwnerOnlyFiles.OWNER_READ_WRITE, Files.getPosixFilePermissions(KeyringFile.path(home())));
        assertEquals(OwnerOnlyFiles.OWNER_DIRECTORY, Files.getPosixFilePermissions(home()));
        try (var files = Files.list(home())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void neverOverwritesUnlessForced() throws Exception {
        create(PASSPHRASE).close();
        byte[] before = Files.readAllBytes(KeyringFile.path(home()));
        KeyringFileException e = assertThrows(KeyringFileException.class, () -> create(null));
        assertEquals(Problem.EXISTS, e.problem());
        assertTrue(e.getMessage().startsWith("a keyring already exists at "), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(KeyringFile.path(home())));

        KeyringFile.create(home(), Mnemonic.generate(), "", null, true, KdfParams.forTests()).close();
        assertFalse(Arrays.equals(before, Files.readAllBytes(KeyringFile.path(home()))));
    }

    @Test
    void tellsAWrongPassphraseFromAMissingOne() throws Exception {
        create(PASSPHRASE).close();
        KeyringFileException wrong = assertThrows(KeyringFileException.class,
                () -> KeyringFile.open(home(), "horse".toCharArray()));
        assertEquals(Problem.WRONG_PASSPHRASE, wrong.problem());
        assertEquals("wrong passphrase for " + KeyringFile.path(home()), wrong.getMessage());
        KeyringFileException none = assertThrows(KeyringFileException.class, () -> KeyringFile.open(home(), null));
        assertEquals(Problem.PASSPHRASE_REQUIRED, none.problem());
    }

    @Test
    void passphrasesAreNfkdNormalized() throws Exception {
        KeyringFile.create(home(), Mnemonic.parse(ABANDON), "", "caf\u00e9".toCharArray(), false, KdfParams.forTests())
                .close();
        KeyringFile.open(home(), "cafe\u0301".toCharArray()).close();
    }

    @Test
    void saysWhenThereIsNoKeyring() {
        KeyringFileException e = assertThrows(KeyringFileException.class, () -> KeyringFile.open(home(), null));
        assertEquals(Problem.MISSING, e.problem());
        assertEquals("no keyring at " + KeyringFile.path(home()), e.getMessage());
    }

    @Test
    void everyTruncationIsReportedAsSuch() throws Exception {
        create(PASSPHRASE).close();
        byte[] whole = Files.readAllBytes(KeyringFile.path(home()));
        for (int n = 0; n < whole.length; n++) {
            Files.write(KeyringFile.path(home()), Arrays.copyOf(whole, n));
            KeyringFileException e = assertThrows(KeyringFileException.class, () -> KeyringFile.open(home(), PASSPHRASE));
            assertEquals(Problem.TRUNCATED, e.problem(), n + " bytes: " + e.getMessage());
        }
    }

    @Test
    void aNewerVersionAsksForAnUpgrade() throws Exception {
        create(null).close();
        byte[] bytes = Files.readAllBytes(KeyringFile.path(home()));
        ByteBuffer.wrap(bytes).putShort(KeyringFormat.OFF_VERSION, (short) 2);
        fixChecksum(bytes);
        Files.write(KeyringFile.path(home()), bytes);
        KeyringFileException e = assertThrows(KeyringFileException.class, () -> KeyringFile.open(home(), null));
        assertEquals(Problem.TOO_NEW, e.problem());
        assertEquals(KeyringFile.path(home()) + " is keyring format version 2, newer than this dcfs reads (1): upgrade dcfs",
                e.getMessage());
    }

    @Test
    void anotherFileIsNotAKeyring() throws Exception {
        Files.createDirectories(home());
        Files.writeString(KeyringFile.path(home()), "[settings]\nfoo = bar\n");
        assertEquals(Problem.NOT_A_KEYRING,
                assertThrows(KeyringFileException.class, () -> KeyringFile.open(home(), null)).problem());
    }

    @Test
    void theStrongDefaultsOpenInBoundedTime() throws Exception {
        long start = System.nanoTime();
        KeyringFile.create(home(), Mnemonic.parse(ABANDON), "", PASSPHRASE, false).close();
        KeyringFile.open(home(), PASSPHRASE).close();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 30_000, "two Argon2id runs took " + millis + " ms");
        byte[] bytes = Files.readAllBytes(KeyringFile.path(home()));
        assertEquals(64 * 1024, ByteBuffer.wrap(bytes).getInt(KeyringFormat.OFF_MEMORY));
    }

    @Test
    void sealsToTheDocumentedSize() {
        byte[] bytes = KeyringFormat.seal(new KeyringFormat.Content(Instant.EPOCH, false, new byte[64], ABANDON), null,
                KdfParams.forTests(), new SecureRandom());
        // header 56 + payload (12 + 64 + mnemonic) + tag 16 + crc 4
        assertEquals(56 + 12 + 64 + ABANDON.length() + 16 + 4, bytes.length);
    }

    /** Damage anywhere is reported as damage (or as the field it hit), never as a wrong passphrase. */
    @Property(tries = 300)
    void aFlippedBitIsNeverAWrongPassphrase(@ForAll @IntRange(min = 0, max = 100_000) int position) {
        byte[] good = Sealed.BYTES.clone();
        int bit = position % (good.length * 8);
        good[bit / 8] ^= (byte) (1 << (bit % 8));
        KeyringFileException e = assertThrows(KeyringFileException.class,
                () -> KeyringFormat.open(good, Sealed.PASS, "keyring"));
        assertTrue(EnumSet.of(Problem.CORRUPT, Problem.TRUNCATED, Problem.NOT_A_KEYRING, Problem.TOO_NEW,
                Problem.UNKNOWN_VERSION).contains(e.problem()), e.getMessage());
        assertNotEquals(Problem.WRONG_PASSPHRASE, e.problem());
    }

    private static final class Sealed {
        static final char[] PASS = "pw".toCharArray();
        static final byte[] BYTES = KeyringFormat.seal(new KeyringFormat.Content(Instant.EPOCH, false, new byte[64],
                ABANDON), PASS, KdfParams.forTests(), new SecureRandom());
    }

    private static void fixChecksum(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes).putInt(bytes.length - 4, (int) crc.getValue());
    }
}
