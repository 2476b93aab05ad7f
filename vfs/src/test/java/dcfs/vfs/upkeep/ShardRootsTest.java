package dcfs.vfs.upkeep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.replicanet.MemberId;
import dcfs.replicanet.ShardId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The roots table: what scrubs learn, what repair drops, what survives a reopen. */
class ShardRootsTest {
    @TempDir
    Path dir;

    static ShardId shard(int n) {
        byte[] b = new byte[ShardId.LENGTH];
        b[0] = (byte) n;
        return new ShardId(b);
    }

    static MemberId node(int n) {
        byte[] b = new byte[MemberId.LENGTH];
        b[31] = (byte) n;
        return new MemberId(b);
    }

    static byte[] root(int n) {
        byte[] b = new byte[32];
        b[5] = (byte) n;
        return b;
    }

    @Test
    void learningAddsRootsAndHoldersOnceAndANewLengthStartsOver() throws Exception {
        try (ShardRoots roots = ShardRoots.open(dir)) {
            assertNull(roots.get(shard(1)));
            roots.learn(shard(1), 1000, root(1), node(1));
            roots.learn(shard(1), 1000, root(1), node(2));
            roots.learn(shard(1), 1000, root(1), node(2));
            roots.learn(shard(1), 1000, root(2), null);
            ShardRoots.Entry e = roots.get(shard(1));
            assertEquals(1000, e.length());
            assertEquals(2, e.roots().size());
            assertArrayEquals(root(1), e.roots().get(0));
            assertEquals(List.of(node(1), node(2)), e.holders());

            roots.learn(shard(1), 2000, root(3), node(3));
            e = roots.get(shard(1));
            assertEquals(2000, e.length(), "a rewritten shard replaces the record");
            assertEquals(1, e.roots().size());
            assertEquals(List.of(node(3)), e.holders());
        }
    }

    @Test
    void rootsAndHoldersAreBoundedOldestFirstOut() throws Exception {
        try (ShardRoots roots = ShardRoots.open(dir)) {
            for (int i = 0; i < ShardRoots.MAX_ROOTS + 2; i++) {
                roots.learn(shard(1), 10, root(i), null);
            }
            for (int i = 0; i < ShardRoots.MAX_HOLDERS + 3; i++) {
                roots.learn(shard(1), 10, root(ShardRoots.MAX_ROOTS + 1), node(i)); // a root it has: no new one
            }
            ShardRoots.Entry e = roots.get(shard(1));
            assertEquals(ShardRoots.MAX_ROOTS, e.roots().size());
            assertArrayEquals(root(2), e.roots().get(0), "the two oldest roots went first");
            assertEquals(ShardRoots.MAX_HOLDERS, e.holders().size());
            assertEquals(node(3), e.holders().get(0));
        }
    }

    @Test
    void dropHolderRetainOnlyAndReopen() throws Exception {
        try (ShardRoots roots = ShardRoots.open(dir)) {
            for (int i = 0; i < 5; i++) {
                roots.learn(shard(i), 100 + i, root(i), node(1));
                roots.learn(shard(i), 100 + i, root(i), node(2));
            }
            roots.dropHolder(shard(0), node(1));
            roots.dropHolder(shard(0), node(9));
            assertEquals(List.of(node(2)), roots.get(shard(0)).holders());
            assertEquals(2, roots.retainOnly(Set.of(shard(0), shard(1), shard(2))));
            assertEquals(3, roots.count());
            assertNull(roots.get(shard(4)));
        }
        try (ShardRoots roots = ShardRoots.open(dir)) {
            List<ShardId> seen = new ArrayList<>();
            roots.forEach((id, e) -> seen.add(id));
            assertEquals(List.of(shard(0), shard(1), shard(2)), seen, "kept, in id order");
            assertEquals(102, roots.get(shard(2)).length());
            roots.close();
            roots.close();
            assertThrows(IllegalStateException.class, () -> roots.get(shard(0)));
        }
    }

    @Test
    void entriesAreImmutableCopies() {
        List<byte[]> r = new ArrayList<>(List.of(root(1)));
        ShardRoots.Entry e = new ShardRoots.Entry(1, r, List.of());
        r.clear();
        assertEquals(1, e.roots().size());
        assertTrue(e.hasRoot(root(1)));
    }
}
