package dcfs.vfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dcfs.vfs.inode.FileType;
import dcfs.vfs.inode.Inode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Random sequences of operations on vfs and on a plain in-memory model of a POSIX tree; every
 * result (success or errno) must agree and every file must read back as the model says. Small
 * stripes (64 KiB) and a tiny cache make the sequences cross stripes, inline/stored boundaries,
 * write-back and eviction; remounts and crashes after a sync check persistence.
 */
class VfsModelTest {
    static final String[] NAMES = {"a", "b", "c"};

    // ------------------------------------------------------------------ operations

    sealed interface Op {
    }

    record Create(String path) implements Op {
    }

    record Write(String path, int offset, int length, int seed) implements Op {
    }

    record Truncate(String path, int size) implements Op {
    }

    record Read(String path) implements Op {
    }

    record Mkdir(String path) implements Op {
    }

    record Rmdir(String path) implements Op {
    }

    record Unlink(String path) implements Op {
    }

    record Rename(String from, String to) implements Op {
    }

    record Link(String from, String to) implements Op {
    }

    record Remount() implements Op {
    }

    record SyncAndCrash() implements Op {
    }

    @Provide
    Arbitrary<List<Op>> programs() {
        Arbitrary<String> path = Combinators.combine(Arbitraries.of(NAMES), Arbitraries.of(NAMES),
                Arbitraries.integers().between(1, 2)).as((x, y, d) -> d == 1 ? "/" + x : "/" + x + "/" + y);
        Arbitrary<Integer> offset = Arbitraries.oneOf(Arbitraries.integers().between(0, 5000),
                Arbitraries.integers().between(60_000, 200_000));
        Arbitrary<Integer> length = Arbitraries.oneOf(Arbitraries.integers().between(1, 3000),
                Arbitraries.integers().between(3000, 140_000));
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, path.map(Create::new)),
                net.jqwik.api.Tuple.of(8, Combinators.combine(path, offset, length, Arbitraries.integers())
                        .as(Write::new)),
                net.jqwik.api.Tuple.of(3, Combinators.combine(path, Arbitraries.oneOf(
                        Arbitraries.integers().between(0, 5000), Arbitraries.integers().between(0, 250_000)))
                        .as(Truncate::new)),
                net.jqwik.api.Tuple.of(5, path.map(Read::new)),
                net.jqwik.api.Tuple.of(3, path.map(Mkdir::new)),
                net.jqwik.api.Tuple.of(2, path.map(Rmdir::new)),
                net.jqwik.api.Tuple.of(2, path.map(Unlink::new)),
                net.jqwik.api.Tuple.of(3, Combinators.combine(path, path).as(Rename::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(path, path).as(Link::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Remount())),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new SyncAndCrash())));
        return op.list().ofMinSize(5).ofMaxSize(60);
    }

    // ------------------------------------------------------------------ the model

    /** A file's bytes; shared between hard links. */
    static final class MFile {
        byte[] data = new byte[0];
    }

    /** path → MFile, or DIR for a directory. */
    private final Map<String, Object> tree = new TreeMap<>();
    private static final Object DIR = new Object();

    static String parentOf(String p) {
        int i = p.lastIndexOf('/');
        return i == 0 ? "/" : p.substring(0, i);
    }

    /** The errno resolving the parent of {@code p} fails with, or null. */
    Errno parentError(String p) {
        String parent = parentOf(p);
        if (parent.equals("/")) {
            return null;
        }
        Object o = tree.get(parent);
        if (o == null) {
            return Errno.ENOENT;
        }
        return o == DIR ? null : Errno.ENOTDIR;
    }

    boolean isEmptyDir(String p) {
        return tree.keySet().stream().noneMatch(k -> k.startsWith(p + "/"));
    }

    /** The model's answer: null for success, else the errno. */
    Errno apply(Op op) {
        switch (op) {
            case Create c -> {
                Errno e = parentError(c.path());
                if (e != null) {
                    return e;
                }
                if (tree.containsKey(c.path())) {
                    return Errno.EEXIST;
                }
                tree.put(c.path(), new MFile());
                return null;
            }
            case Write w -> {
                Errno e = openError(w.path());
                if (e != null) {
                    return e;
                }
                MFile f = (MFile) tree.get(w.path());
                byte[] src = data(w.seed(), w.length());
                int end = w.offset() + w.length();
                if (end > f.data.length) {
                    f.data = Arrays.copyOf(f.data, end);
                }
                System.arraycopy(src, 0, f.data, w.offset(), src.length);
                return null;
            }
            case Truncate t -> {
                Errno e = openError(t.path());
                if (e != null) {
                    return e;
                }
                MFile f = (MFile) tree.get(t.path());
                f.data = Arrays.copyOf(f.data, t.size());
                return null;
            }
            case Read r -> {
                return openError(r.path());
            }
            case Mkdir m -> {
                Errno e = parentError(m.path());
                if (e != null) {
                    return e;
                }
                if (tree.containsKey(m.path())) {
                    return Errno.EEXIST;
                }
                tree.put(m.path(), DIR);
                return null;
            }
            case Rmdir r -> {
                Errno e = parentError(r.path());
                if (e != null) {
                    return e;
                }
                Object o = tree.get(r.path());
                if (o == null) {
                    return Errno.ENOENT;
                }
                if (o != DIR) {
                    return Errno.ENOTDIR;
                }
                if (!isEmptyDir(r.path())) {
                    return Errno.ENOTEMPTY;
                }
                tree.remove(r.path());
                return null;
            }
            case Unlink u -> {
                Errno e = parentError(u.path());
                if (e != null) {
                    return e;
                }
                Object o = tree.get(u.path());
                if (o == null) {
                    return Errno.ENOENT;
                }
                if (o == DIR) {
                    return Errno.EISDIR;
                }
                tree.remove(u.path());
                return null;
            }
            case Link l -> {
                Errno e = parentError(l.from());
                if (e != null) {
                    return e;
                }
                Object src = tree.get(l.from());
                if (src == null) {
                    return Errno.ENOENT;
                }
                if (src == DIR) {
                    return Errno.EPERM;
                }
                e = parentError(l.to());
                if (e != null) {
                    return e;
                }
                if (tree.containsKey(l.to())) {
                    return Errno.EEXIST;
                }
                tree.put(l.to(), src);
                return null;
            }
            case Rename r -> {
                return rename(r.from(), r.to());
            }
            case Remount x -> {
                return null;
            }
            case SyncAndCrash x -> {
                return null;
            }
        }
    }

    private Errno openError(String p) {
        Errno e = parentError(p);
        if (e != null) {
            return e;
        }
        Object o = tree.get(p);
        if (o == null) {
            return Errno.ENOENT;
        }
        return o == DIR ? Errno.EISDIR : null;
    }

    private Errno rename(String from, String to) {
        Errno e = parentError(from);
        if (e != null) {
            return e;
        }
        e = parentError(to);
        if (e != null) {
            return e;
        }
        Object src = tree.get(from);
        if (src == null) {
            return Errno.ENOENT;
        }
        Object dst = tree.get(to);
        if (from.equals(to) || (dst != null && dst != DIR && dst == src)) {
            return null;
        }
        if (src == DIR && (to.startsWith(from + "/"))) {
            return Errno.EINVAL;
        }
        if (dst != null) {
            if (src == DIR && dst != DIR) {
                return Errno.ENOTDIR;
            }
            if (src != DIR && dst == DIR) {
                return Errno.EISDIR;
            }
            if (dst == DIR && !isEmptyDir(to)) {
                return Errno.ENOTEMPTY;
            }
        }
        tree.remove(to);
        Map<String, Object> moved = new TreeMap<>();
        for (var it = tree.entrySet().iterator(); it.hasNext(); ) {
            var en = it.next();
            if (en.getKey().equals(from) || en.getKey().startsWith(from + "/")) {
                moved.put(to + en.getKey().substring(from.length()), en.getValue());
                it.remove();
            }
        }
        tree.putAll(moved);
        return null;
    }

    static byte[] data(int seed, int length) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    // ------------------------------------------------------------------ the system under test

    static Errno run(VfsFixture fx, Op op) throws Exception {
        Vfs vfs = fx.vfs;
        Caller c = Caller.ROOT;
        try {
            switch (op) {
                case Create cr -> {
                    Opened o = vfs.create(c, cr.path(), 0644, OpenFlags.O_WRONLY | OpenFlags.O_EXCL);
                    vfs.release(o.handle());
                }
                case Write w -> {
                    long fh = vfs.open(c, w.path(), OpenFlags.O_WRONLY);
                    try {
                        vfs.write(c, fh, w.offset(), ByteBuffer.wrap(data(w.seed(), w.length())));
                        vfs.flush(fh);
                    } finally {
                        vfs.release(fh);
                    }
                }
                case Truncate t -> vfs.truncate(c, t.path(), t.size());
                case Read r -> {
                    long fh = vfs.open(c, r.path(), OpenFlags.O_RDONLY);
                    vfs.release(fh);
                }
                case Mkdir m -> vfs.mkdir(c, m.path(), 0755);
                case Rmdir r -> vfs.rmdir(c, r.path());
                case Unlink u -> vfs.unlink(c, u.path());
                case Rename r -> vfs.rename(c, r.from(), r.to(), RenameMode.REPLACE);
                case Link l -> vfs.link(c, l.from(), l.to());
                case Remount x -> fx.remount();
                case SyncAndCrash x -> {
                    vfs.syncAll();
                    fx.crashAndRemount();
                }
            }
            return null;
        } catch (FsException e) {
            return e.errno();
        }
    }

    void checkAll(VfsFixture fx, String context) throws Exception {
        Map<Object, Integer> links = new java.util.IdentityHashMap<>();
        for (Object o : tree.values()) {
            if (o != DIR) {
                links.merge(o, 1, Integer::sum);
            }
        }
        for (var en : tree.entrySet()) {
            Inode a = fx.vfs.getattr(Caller.ROOT, en.getKey());
            if (en.getValue() == DIR) {
                assertEquals(FileType.DIRECTORY, a.type(), context + " " + en.getKey());
                long subdirs = tree.entrySet().stream().filter(x -> x.getValue() == DIR
                        && parentOf(x.getKey()).equals(en.getKey())).count();
                assertEquals(2 + subdirs, a.nlink(), context + " nlink of " + en.getKey());
            } else {
                MFile f = (MFile) en.getValue();
                assertEquals(f.data.length, a.size(), context + " size of " + en.getKey());
                assertEquals((int) links.get(f), a.nlink(), context + " nlink of " + en.getKey());
                assertArrayEquals(f.data, fx.read(en.getKey()), context + " content of " + en.getKey());
            }
        }
        long dh = fx.vfs.opendir(Caller.ROOT, "/");
        List<String> names = new ArrayList<>();
        for (DirEntry d : fx.vfs.readdir(dh)) {
            if (!d.name().equals(".") && !d.name().equals("..")) {
                names.add("/" + d.name());
            }
        }
        fx.vfs.releasedir(dh);
        List<String> expected = tree.keySet().stream().filter(k -> parentOf(k).equals("/")).sorted().toList();
        assertEquals(expected, names.stream().sorted().toList(), context + " root listing");
    }

    @Property(tries = 60)
    void vfsBehavesLikeTheModel(@ForAll("programs") @Size(max = 60) List<Op> program) throws Exception {
        tree.clear();
        Path dir = Files.createTempDirectory("dcfs-model");
        // Stripe buffers are recycled as harshly as can be (junk lent, junk written over what is given back).
        var store = new dcfs.vfs.store.RecyclingStripeStore(new dcfs.vfs.store.InMemoryStripeStore());
        try (VfsFixture fx = new VfsFixture(dir, store,
                VfsFixture.smallConfig().withCacheBytes(4L * VfsFixture.STRIPE))) {
            for (int i = 0; i < program.size(); i++) {
                Op op = program.get(i);
                Errno expected = apply(op);
                Errno actual = run(fx, op);
                if (expected != actual) {
                    fail("step " + i + " " + op + ": model says " + expected + ", vfs says " + actual
                            + "\nprogram: " + program.subList(0, i + 1));
                }
                if (op instanceof Read || op instanceof Remount || op instanceof SyncAndCrash || i == program.size() - 1) {
                    checkAll(fx, "after step " + i + " " + op);
                }
            }
            fx.vfs.syncAll();
            assertEquals(List.of(), store.misuse());
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
