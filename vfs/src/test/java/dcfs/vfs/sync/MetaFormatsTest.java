package dcfs.vfs.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.keyring.KeyTree;
import dcfs.replicanet.record.SignedRecord;
import dcfs.vfs.store.FileId;
import dcfs.vfs.store.InMemoryStripeStore;
import dcfs.vfs.store.StripeNotFoundException;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The byte formats of docs/metadata.md's network sections, without a network. */
class MetaFormatsTest {
    static final FsShape SHAPE = new FsShape(4, 2, 2, 64 * 1024, 16 * 1024, 0, 4096);
    /** 4 KiB stripes, so objects of a few KiB cross them. */
    static final FsShape SMALL = new FsShape(4, 2, 2, 4096, 1024, 0, 1024);

    static KeyTree keys(int fill) {
        byte[] seed = new byte[64];
        Arrays.fill(seed, (byte) fill);
        return KeyTree.fromSeed(seed);
    }

    static Superblock sample() {
        FileId fs = FileId.random();
        ObjectRef cp = new ObjectRef(ObjectKind.CHECKPOINT, FileId.random(), 40, 40, 123_456);
        ObjectRef j1 = new ObjectRef(ObjectKind.JOURNAL, FileId.random(), 38, 70, 70_000);
        ObjectRef old = new ObjectRef(ObjectKind.JOURNAL, FileId.random(), 1, 37, 5);
        List<EntryBytes> tail = List.of(new EntryBytes(71, new byte[] {1, 2, 3}), new EntryBytes(72, new byte[] {1}));
        Lease lease = new Lease(RandomId.random(), "host-ü", "/root/.dcfs", 4711, 1_700_000_000_000L,
                1_700_000_060_000L);
        return new Superblock(fs, SHAPE, 72, RandomId.random(), 1_700_000_001_000L, cp, List.of(j1), List.of(old), tail,
                lease);
    }

    @Test
    void superblockRoundTrip() throws Exception {
        Superblock sb = sample();
        Superblock back = Superblock.decode(sb.encode());
        assertEquals(sb.fsId(), back.fsId());
        assertEquals(sb.shape(), back.shape());
        assertEquals(sb.metaSeq(), back.metaSeq());
        assertEquals(sb.writerCopy(), back.writerCopy());
        assertEquals(sb.checkpoint(), back.checkpoint());
        assertEquals(sb.journal(), back.journal());
        assertEquals(sb.retired(), back.retired());
        assertEquals(sb.lease(), back.lease());
        assertEquals(2, back.tail().size());
        assertArrayEquals(new byte[] {1, 2, 3}, back.tail().getFirst().bytes());
        assertEquals(72, back.tail().getLast().seq());
        // Worked size of docs/metadata.md: 70 bytes of fixed fields, 41 per object, 12 per tail record
        // plus the entry, the lease 41 + host + home bytes.
        int host = "host-ü".getBytes(StandardCharsets.UTF_8).length;
        assertEquals(70 + 41 + 2 + 41 + 2 + 41 + 2 + (12 + 3) + (12 + 1) + 1 + 16 + 24 + 4 + host + 11,
                sb.encode().length);
        Superblock bare = Superblock.fresh(FileId.random(), SHAPE, RandomId.random(), 5, null);
        assertEquals(70 + 2 + 2 + 2 + 1, bare.encode().length);
        assertNull(Superblock.decode(bare.encode()).lease());
    }

    @Test
    void superblockRejectsWhatItDoesNotRead() {
        byte[] b = sample().encode();
        byte[] newer = b.clone();
        newer[1] = 2;
        MetadataFormatException e = assertThrows(MetadataFormatException.class, () -> Superblock.decode(newer));
        assertTrue(e.getMessage().contains("newer than this dcfs reads"), e.getMessage());
        assertThrows(MetadataFormatException.class, () -> Superblock.decode(Arrays.copyOf(b, b.length - 3)));
        byte[] longer = Arrays.copyOf(b, b.length + 1);
        assertThrows(MetadataFormatException.class, () -> Superblock.decode(longer));
    }

    @Test
    void sealedSuperblockOpensOnlyWithItsKeysAndUnchanged() throws Exception {
        try (KeyTree mine = keys(1); KeyTree other = keys(2)) {
            Superblock sb = sample();
            byte[] record = SuperblockSeal.seal(mine, 9, sb);
            Stored opened = SuperblockSeal.open(mine, record);
            assertEquals(9, opened.recordSeq());
            assertEquals(sb.fsId(), opened.superblock().fsId());
            // Nodes see magic and sizes, never the plaintext.
            SignedRecord r = SignedRecord.parse(record);
            String clear = new String(r.payload(), StandardCharsets.ISO_8859_1);
            assertTrue(clear.startsWith("DCFSSUPB"));
            assertFalse(clear.contains("/root/.dcfs"));
            // Another mnemonic: the record is not at its locator.
            assertThrows(MetadataFormatException.class, () -> SuperblockSeal.open(other, record));
            // A changed payload byte no longer verifies (signature), nor decrypts.
            byte[] bad = record.clone();
            bad[bad.length - 80] ^= 1;
            assertThrows(MetadataFormatException.class, () -> SuperblockSeal.open(mine, bad));
        }
    }

    @Test
    void blobsRoundTripAndDataBlobsAreNotMetadata() {
        MetaBlob b = new MetaBlob(ObjectKind.JOURNAL, true, FileId.random(), 5, 9, 33, SHAPE);
        assertEquals(MetaBlob.BYTES, b.encode().length);
        assertEquals(b, MetaBlob.parse(b.encode()).orElseThrow());
        assertTrue(MetaBlob.parse(new byte[] {'d', 'c', 'f', 's', 1, 'D'}).isEmpty());
    }

    @Property(tries = 40)
    void objectsRoundTripAcrossStripes(@ForAll @IntRange(min = 0, max = 300) int entries,
                                       @ForAll @IntRange(min = 1, max = 3000) int maxEntry) throws Exception {
        InMemoryStripeStore mem = new InMemoryStripeStore();
        ObjectStore store = ObjectStore.of(mem);
        FileId fs = FileId.random();
        try (KeyTree k = keys(3)) {
            ObjectNames names = ObjectNames.of(k);
            Random rnd = new Random(entries * 31L + maxEntry);
            List<EntryBytes> written = new ArrayList<>();
            for (int i = 0; i < entries; i++) {
                byte[] e = new byte[1 + rnd.nextInt(maxEntry)];
                rnd.nextBytes(e);
                written.add(new EntryBytes(100 + i, e));
            }
            MetaObjectWriter w = new MetaObjectWriter(store, names, SMALL, fs, RandomId.random(), ObjectKind.JOURNAL, 7);
            w.start(100, 100 + Math.max(0, entries - 1));
            DataOutputStream out = new DataOutputStream(w);
            for (EntryBytes e : written) {
                e.writeTo(out);
            }
            out.writeLong(0);
            out.flush();
            ObjectRef ref = w.finish();
            assertEquals(ref.stripes(4096), mem.keys().size(), "one stripe per 4 KiB started");
            MetaObjectReader r = MetaObjectReader.open(store, ref, 4096, fs);
            List<EntryBytes> read = new ArrayList<>();
            EntryBytes e;
            while ((e = r.nextEntry()) != null) {
                read.add(e);
            }
            r.finish();
            assertEquals(written.size(), read.size());
            for (int i = 0; i < read.size(); i++) {
                assertEquals(written.get(i).seq(), read.get(i).seq());
                assertArrayEquals(written.get(i).bytes(), read.get(i).bytes());
            }
        }
    }

    @Test
    void aMissingLastStripeOrAnotherFilesystemIsRefused() throws Exception {
        InMemoryStripeStore mem = new InMemoryStripeStore();
        ObjectStore store = ObjectStore.of(mem);
        FileId fs = FileId.random();
        try (KeyTree k = keys(4)) {
            MetaObjectWriter w = new MetaObjectWriter(store, ObjectNames.of(k), SMALL, fs, RandomId.random(),
                    ObjectKind.JOURNAL, 1);
            w.start(1, 3);
            DataOutputStream out = new DataOutputStream(w);
            for (int i = 1; i <= 3; i++) {
                new EntryBytes(i, new byte[3000]).writeTo(out);
            }
            out.writeLong(0);
            ObjectRef ref = w.finish();
            assertEquals(3, ref.stripes(4096));
            assertThrows(IOException.class, () -> MetaObjectReader.open(store, ref, 4096, FileId.random()));
            mem.delete(ref.stripe(2));
            MetaObjectReader r = MetaObjectReader.open(store, ref, 4096, fs);
            IOException e = assertThrows(IOException.class, () -> {
                while (r.nextEntry() != null) {
                    // read to the end
                }
                r.finish();
            });
            assertTrue(e.getCause() instanceof StripeNotFoundException || e.getMessage().contains("stripe 2"),
                    e.toString());
        }
    }

    @Test
    void objectNamesDependOnKeysFilesystemMountKindAndRange() {
        FileId fs = FileId.random();
        RandomId mount = RandomId.random();
        try (KeyTree a = keys(5); KeyTree b = keys(6)) {
            ObjectNames na = ObjectNames.of(a);
            FileId id = na.objectId(fs, mount, ObjectKind.JOURNAL, 1, 9);
            assertEquals(id, ObjectNames.of(a).objectId(fs, mount, ObjectKind.JOURNAL, 1, 9), "deterministic");
            assertFalse(id.equals(ObjectNames.of(b).objectId(fs, mount, ObjectKind.JOURNAL, 1, 9)));
            assertFalse(id.equals(na.objectId(fs, RandomId.random(), ObjectKind.JOURNAL, 1, 9)));
            assertFalse(id.equals(na.objectId(fs, mount, ObjectKind.CHECKPOINT, 1, 9)));
            assertFalse(id.equals(na.objectId(fs, mount, ObjectKind.JOURNAL, 1, 10)));
        }
    }
}
