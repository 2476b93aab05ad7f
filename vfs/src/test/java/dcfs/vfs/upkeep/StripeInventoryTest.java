package dcfs.vfs.upkeep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.vfs.VfsFixture;
import dcfs.vfs.inode.Inode;
import dcfs.vfs.meta.StripeRef;
import dcfs.vfs.meta.Stripes;
import dcfs.vfs.store.FileId;
import dcfs.vfs.sync.FsShape;
import dcfs.vfs.sync.ObjectKind;
import dcfs.vfs.sync.ObjectRef;
import dcfs.vfs.sync.RandomId;
import dcfs.vfs.sync.Superblock;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the inventory lists: stored file stripes with their generation, metadata object stripes; never inline data. */
class StripeInventoryTest {
    @TempDir
    Path dir;

    @Test
    void storedStripesOfEveryFileWithTheirCurrentGenerationAndNoInlineOnes() throws Exception {
        try (VfsFixture fs = new VfsFixture(dir)) {
            fs.write("/small", new byte[100]);
            fs.vfs.mkdir(VfsFixture.ROOT, "/d", 0755);
            fs.write("/d/big", new byte[2 * VfsFixture.STRIPE + 10]);
            Inode big = fs.write("/d/big", new byte[2 * VfsFixture.STRIPE + 10]); // rewritten: new generations
            fs.vfs.syncAll();
            List<StoredStripe> all = StripeInventory.files(fs.meta);
            assertEquals(3, all.size(), all.toString());
            for (int n = 0; n < 3; n++) {
                StoredStripe s = all.get(n);
                assertEquals(big.ino(), s.ino());
                assertEquals(n, s.stripe());
                assertEquals(big.fileId(), s.key().fileId());
                long stripe = n;
                StripeRef ref = fs.meta.read(v -> Stripes.get(v, big.ino(), stripe));
                assertEquals(((StripeRef.Stored) ref).generation(), s.key().generation());
                assertTrue(!s.isMetadata() && s.describe().startsWith("inode " + big.ino() + " stripe " + n));
            }
        }
    }

    @Test
    void metadataObjectsStripeByStripeCheckpointFirst() {
        FsShape shape = new FsShape(4, 2, 2, 65536, 16384, 0, 4096);
        ObjectRef cp = new ObjectRef(ObjectKind.CHECKPOINT, FileId.random(), 9, 9, 150_000);
        ObjectRef j1 = new ObjectRef(ObjectKind.JOURNAL, FileId.random(), 10, 12, 0);
        ObjectRef j2 = new ObjectRef(ObjectKind.JOURNAL, FileId.random(), 13, 20, 70_000);
        Superblock sb = new Superblock(FileId.random(), shape, 20, RandomId.random(), 0, cp, List.of(j1, j2),
                List.of(), List.of(), null);
        List<StoredStripe> m = StripeInventory.metadata(sb);
        assertEquals(3 + 1 + 2, m.size());
        assertTrue(m.stream().allMatch(StoredStripe::isMetadata));
        assertEquals(cp.stripe(2), m.get(2).key());
        assertEquals(j1.stripe(0), m.get(3).key());
        assertEquals(j2.stripe(1), m.get(5).key());
        assertTrue(m.get(0).describe().startsWith("metadata object stripe 0"));
        assertTrue(StripeInventory.metadata(Superblock.fresh(FileId.random(), shape, RandomId.random(), 0, null))
                .isEmpty(), "a new filesystem has no objects yet");
    }
}
