package dcfs.fstests.apps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic source tree to push through tar, rsync and git: a few thousand small files in
 * nested directories, a few larger ones spanning several dcfs stripes, symlinks (relative, absolute,
 * dangling, to directories), hard links, empty files and directories, assorted modes (set-id and
 * sticky bits included), other owners, odd names, and fixed whole-second mtimes (so tar's gnu format
 * keeps them exactly). The same seed always gives the same tree.
 */
public final class SourceTree {
    /** How big a tree to make. */
    public record Shape(int directories, int smallFiles, int[] largeFileMiB, int symlinks, int hardLinks) {
        public static final Shape DEFAULT = new Shape(80, 3_000, new int[] {1, 3, 6}, 40, 20);
        public static final Shape LONG = new Shape(300, 20_000, new int[] {1, 3, 6, 17, 33}, 200, 100);
    }

    private static final String[] MODES = {"rw-r--r--", "rw-r--r--", "rw-r--r--", "rwxr-xr-x", "rw-------", "r--r--r--",
        "rw-rw-r--", "r-xr-xr-x"};
    private static final String[] ODD_NAMES = {"with space", "ünïcødé-名前", "dash-leading", ".hidden", "a.b.c.d",
        "x".repeat(255)};

    private SourceTree() {
    }

    /** Makes the tree under {@code root} (which must not exist) and returns it. */
    public static Path create(Path root, Shape shape, long seed) throws IOException {
        Random random = new Random(seed);
        Files.createDirectories(root);
        List<Path> dirs = new ArrayList<>(List.of(root));
        for (int i = 0; i < shape.directories(); i++) {
            Path parent = dirs.get(random.nextInt(Math.min(dirs.size(), 1 + i / 3)));
            dirs.add(Files.createDirectory(parent.resolve(String.format("dir%03d", i))));
        }
        for (String odd : ODD_NAMES) {
            Files.writeString(root.resolve(odd), "odd name " + odd + "\n");
        }
        Files.createDirectory(root.resolve("empty-dir"));
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < shape.smallFiles(); i++) {
            Path f = dirs.get(random.nextInt(dirs.size())).resolve(String.format("file%05d.%s", i, ext(random)));
            Files.write(f, content(random, random.nextInt(10) == 0 ? 0 : random.nextInt(8192)));
            files.add(f);
        }
        for (int i = 0; i < shape.largeFileMiB().length; i++) {
            // not a multiple of anything: tails and partial stripes matter
            Path f = root.resolve("large" + i + ".bin");
            Files.write(f, content(random, shape.largeFileMiB()[i] * 1024 * 1024 + 12345 * (i + 1)));
            files.add(f);
        }
        for (int i = 0; i < shape.symlinks(); i++) {
            Path dir = dirs.get(random.nextInt(dirs.size()));
            Path link = dir.resolve(String.format("link%03d", i));
            Path target = switch (i % 4) {
                case 0 -> dir.relativize(files.get(random.nextInt(files.size())));
                case 1 -> orDot(dir.relativize(dirs.get(random.nextInt(dirs.size()))));
                case 2 -> Path.of("does/not/exist-" + i);
                default -> Path.of("/usr/share/dcfs-absolute-" + i);
            };
            Files.createSymbolicLink(link, target);
        }
        for (int i = 0; i < shape.hardLinks(); i++) {
            Path target = files.get(random.nextInt(files.size()));
            Files.createLink(dirs.get(random.nextInt(dirs.size())).resolve(String.format("hard%03d", i)), target);
        }
        Path special = Files.createDirectory(root.resolve("special"));
        Files.writeString(special.resolve("setuid-tool"), "#!/bin/sh\necho setuid\n");
        Files.writeString(special.resolve("owned-by-nobody"), "nobody's\n");
        Files.createDirectory(special.resolve("sticky"));
        Files.createDirectory(special.resolve("setgid"));

        // modes, owners and times last: files first, then directories deepest first, so setting a
        // directory's mtime is the final touch to it
        for (Path f : files) {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(MODES[random.nextInt(MODES.length)]));
        }
        chmod(special.resolve("setuid-tool"), 04755);
        chmod(special.resolve("sticky"), 01777);
        chmod(special.resolve("setgid"), 02775);
        Files.setAttribute(special.resolve("owned-by-nobody"), "unix:uid", 65534);
        Files.setAttribute(special.resolve("owned-by-nobody"), "unix:gid", 65534);
        Files.setAttribute(special.resolve("setgid"), "unix:gid", 1234);
        chmod(dirs.get(dirs.size() - 1), 0700);
        try (var all = Files.walk(root)) {
            List<Path> entries = all.sorted(java.util.Comparator.reverseOrder()).toList();
            for (Path p : entries) {
                FileTime t = FileTime.fromMillis((978_307_200L + random.nextInt(600_000_000)) * 1000);
                if (Files.isSymbolicLink(p)) {
                    continue; // symlink times are not what tar or rsync promise to keep
                }
                Files.getFileAttributeView(p, java.nio.file.attribute.BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .setTimes(t, t, null);
            }
        }
        return root;
    }

    private static void chmod(Path p, int mode) throws IOException {
        Files.setAttribute(p, "unix:mode", mode);
    }

    private static String ext(Random random) {
        return new String[] {"c", "h", "txt", "java", "md", "o"}[random.nextInt(6)];
    }

    /** Text-like bytes: lines of words, so the tree compresses like source (git packs it). */
    private static byte[] content(Random random, int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            int r = random.nextInt(40);
            b[i] = (byte) (r == 0 ? '\n' : r < 6 ? ' ' : 'a' + r % 26);
        }
        return b;
    }

    public static String describe(Shape s) {
        return s.smallFiles() + " small files, " + s.largeFileMiB().length + " large, " + s.symlinks() + " symlinks, "
                + s.hardLinks() + " hard links in " + s.directories() + " directories";
    }

    /** A link to its own directory relativizes to "", which symlink(2) refuses with ENOENT. */
    private static Path orDot(Path relative) {
        return relative.toString().isEmpty() ? Path.of(".") : relative;
    }
}
