package dcfs.vfs.meta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.vfs.Errno;
import dcfs.vfs.FsException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetaStoreTest {
    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Every non-journal table as sorted hex key → hex value, for comparing two stores. */
    static Map<String, String> dump(MetaStore m) {
        Map<String, String> out = new TreeMap<>();
        m.read(v -> {
            for (Table t : Table.values()) {
                if (!t.journaled()) {
                    continue;
                }
                v.scan(t, new byte[0], null, (k, val) -> {
                    out.put(t + ":" + java.util.HexFormat.of().formatHex(k), java.util.HexFormat.of().formatHex(val));
                    return true;
                });
            }
            return null;
        });
        return out;
    }

    private static void someChanges(MetaStore m) throws FsException {
        for (int i = 0; i < 50; i++) {
            int n = i;
            m.write(t -> {
                t.put(Table.INODES, MetaKeys.ino(n), b("inode " + n));
                t.put(Table.DIRENTS, MetaKeys.dirent(1, b("name" + n)), b("x"));
                if (n % 3 == 0 && n > 0) {
                    t.delete(Table.INODES, MetaKeys.ino(n - 1));
                }
                return null;
            });
        }
    }

    @Test
    void eachWriteTransactionGetsTheNextSequenceAndAJournalEntry() throws Exception {
        try (MetaStore m = MetaStore.open(dir)) {
            assertEquals(0, m.lastSeq());
            m.write(t -> {
                t.put(Table.INODES, MetaKeys.ino(5), b("five"));
                t.put(Table.XATTRS, MetaKeys.xattr(5, b("user.a")), b("v"));
                return null;
            });
            m.write(t -> {
                t.delete(Table.INODES, MetaKeys.ino(5));
                return null;
            });
            m.write(t -> null); // no change: no sequence number
            assertEquals(2, m.lastSeq());
            List<JournalEntry> j = m.journal(1, 10);
            assertEquals(2, j.size());
            assertEquals(2, j.get(0).changes().size());
            Change.Put p = (Change.Put) j.get(0).changes().get(0);
            assertEquals(Table.INODES, p.table());
            assertArrayEquals(b("five"), p.value());
            assertTrue(j.get(1).changes().get(0) instanceof Change.Delete);
        }
    }

    @Test
    void aFailedTransactionLeavesNothing() throws Exception {
        try (MetaStore m = MetaStore.open(dir)) {
            assertThrows(FsException.class, () -> m.write(t -> {
                t.put(Table.INODES, MetaKeys.ino(1), b("x"));
                throw new FsException(Errno.EIO, "boom");
            }));
            assertEquals(0, m.lastSeq());
            assertNull(m.read(v -> v.get(Table.INODES, MetaKeys.ino(1))));
        }
    }

    @Test
    void reopenKeepsSequenceAndData() throws Exception {
        try (MetaStore m = MetaStore.open(dir)) {
            someChanges(m);
        }
        try (MetaStore m = MetaStore.open(dir)) {
            assertEquals(50, m.lastSeq());
            assertEquals(50, m.durableSeq());
            assertArrayEquals(b("inode 49"), m.read(v -> v.get(Table.INODES, MetaKeys.ino(49))));
        }
    }

    @Test
    void aSecondOpenOfTheSameDirectoryIsRefused() throws Exception {
        try (MetaStore m = MetaStore.open(dir)) {
            assertThrows(MetadataInUseException.class, () -> MetaStore.open(dir));
        }
    }

    @Test
    void syncAdvancesDurableSequence() throws Exception {
        try (MetaStore m = MetaStore.open(dir)) {
            someChanges(m);
            assertTrue(m.durableSeq() < m.lastSeq());
            m.awaitDurable(10);
            assertEquals(m.lastSeq(), m.durableSeq());
        }
    }

    @Test
    void replayingTheWholeJournalIntoAnEmptyStoreRebuildsIt() throws Exception {
        try (MetaStore a = MetaStore.open(dir.resolve("a")); MetaStore b = MetaStore.open(dir.resolve("b"))) {
            someChanges(a);
            for (JournalEntry e : a.journal(1, 1000)) {
                b.replay(e);
            }
            assertEquals(dump(a), dump(b));
            assertEquals(a.lastSeq(), b.lastSeq());
            // entries must come in order
            JournalEntry bogus = new JournalEntry(b.lastSeq() + 5, List.of());
            assertThrows(FsException.class, () -> b.replay(bogus));
        }
    }

    @Test
    void checkpointPlusLaterJournalRebuildsTheStore() throws Exception {
        try (MetaStore a = MetaStore.open(dir.resolve("a")); MetaStore b = MetaStore.open(dir.resolve("b"))) {
            someChanges(a);
            ByteArrayOutputStream ckpt = new ByteArrayOutputStream();
            long seq = Checkpoint.export(a, ckpt);
            assertEquals(50, seq);
            someChanges(a); // 50 more transactions after the checkpoint
            assertEquals(seq, Checkpoint.restore(b, new ByteArrayInputStream(ckpt.toByteArray())));
            assertEquals(seq, b.lastSeq());
            for (JournalEntry e : a.journal(seq + 1, 1000)) {
                b.replay(e);
            }
            assertEquals(dump(a), dump(b));
            assertEquals(a.lastSeq(), b.lastSeq());
        }
    }

    @Test
    void aDamagedCheckpointIsRefusedAndLeavesTheStoreEmpty() throws Exception {
        try (MetaStore a = MetaStore.open(dir.resolve("a")); MetaStore b = MetaStore.open(dir.resolve("b"))) {
            someChanges(a);
            ByteArrayOutputStream ckpt = new ByteArrayOutputStream();
            Checkpoint.export(a, ckpt);
            byte[] bytes = ckpt.toByteArray();
            bytes[bytes.length / 2] ^= 1;
            assertThrows(IOException.class, () -> Checkpoint.restore(b, new ByteArrayInputStream(bytes)));
            assertTrue(dump(b).isEmpty());
            byte[] cut = java.util.Arrays.copyOf(ckpt.toByteArray(), bytes.length - 10);
            assertThrows(IOException.class, () -> Checkpoint.restore(b, new ByteArrayInputStream(cut)));
            assertTrue(dump(b).isEmpty());
            assertEquals(0, b.lastSeq());
        }
    }

    @Test
    void restoreRefusesAStoreThatIsNotEmpty() throws Exception {
        try (MetaStore a = MetaStore.open(dir.resolve("a")); MetaStore b = MetaStore.open(dir.resolve("b"))) {
            someChanges(a);
            someChanges(b);
            ByteArrayOutputStream ckpt = new ByteArrayOutputStream();
            Checkpoint.export(a, ckpt);
            assertThrows(FsException.class, () -> Checkpoint.restore(b, new ByteArrayInputStream(ckpt.toByteArray())));
        }
    }

    @Test
    void trimKeepsTheNewestEntry() throws Exception {
        try (MetaStore m = MetaStore.open(dir)) {
            someChanges(m);
            assertEquals(40, m.trimJournal(40));
            assertEquals(41, m.firstJournalSeq());
            assertEquals(9, m.trimJournal(1000));
            assertEquals(50, m.firstJournalSeq());
        }
        try (MetaStore m = MetaStore.open(dir)) {
            assertEquals(50, m.lastSeq());
        }
    }
}
