package dcfs.replicanet.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Points lmdbjava at one copy of its native library per user and library version.
 *
 * <p>Left alone, lmdbjava extracts its bundled {@code liblmdb} to a fresh
 * {@code /tmp/lmdbjava-native-library-*.so} in every process and deletes it only on a clean exit,
 * so every node or mount that is killed leaves 360 KB behind for good. Here the library is
 * extracted once to {@code <tmpdir>/dcfs-<user>/lmdb-<sha256 prefix>.so} (a directory only its
 * owner can write), checked against the bundled bytes on every start, and handed to lmdbjava
 * through its {@code lmdbjava.native.lib} property. Must run before lmdbjava's {@code Library}
 * class initializes, i.e. before the first {@code Env.create()}: every class here that opens an
 * environment calls {@link #install()} first. Any failure leaves lmdbjava to its own extraction.
 */
public final class LmdbNativeLibrary {
    static final String PROPERTY = "lmdbjava.native.lib";
    private static boolean done;

    private LmdbNativeLibrary() {
    }

    /** Idempotent; cheap after the first call. */
    public static synchronized void install() {
        if (done) {
            return;
        }
        done = true;
        if (System.getProperty(PROPERTY) != null || System.getProperty("lmdbjava.embedded.lib") != null) {
            return; // the operator chose a library
        }
        String resource = bundledResource();
        if (resource == null) {
            return;
        }
        try (InputStream in = LmdbNativeLibrary.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return;
            }
            byte[] bytes = in.readAllBytes();
            Path lib = extractOnce(bytes, Path.of(System.getProperty("java.io.tmpdir")));
            System.setProperty(PROPERTY, lib.toString());
        } catch (IOException | RuntimeException e) {
            // lmdbjava extracts its own copy, as before.
        }
    }

    /** The bundled library's resource name for this machine (lmdbjava's naming), or null. */
    static String bundledResource() {
        String arch = switch (System.getProperty("os.arch", "").toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> null;
        };
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (arch == null) {
            return null;
        }
        if (os.startsWith("linux")) {
            boolean musl = Files.exists(Path.of("/lib/ld-musl-" + arch + ".so.1"));
            return "org/lmdbjava/native/" + arch + "-linux-" + (musl ? "musl" : "gnu") + ".so";
        }
        if (os.startsWith("mac")) {
            return "org/lmdbjava/native/" + arch + "-macos-none.so";
        }
        return null;
    }

    /**
     * The library's path under {@code tmp}: reused when its bytes are the bundled ones, written
     * (to a temporary name, then renamed) when missing or different.
     */
    static Path extractOnce(byte[] bytes, Path tmp) throws IOException {
        String hash = HexFormat.of().formatHex(sha256(bytes), 0, 8);
        Path dir = privateDirectory(tmp.resolve("dcfs-" + System.getProperty("user.name", "user")));
        Path lib = dir.resolve("lmdb-" + hash + ".so");
        if (Files.isRegularFile(lib, LinkOption.NOFOLLOW_LINKS)
                && MessageDigest.isEqual(sha256(Files.readAllBytes(lib)), sha256(bytes))) {
            return lib;
        }
        Path part = Files.createTempFile(dir, "lmdb-", ".part");
        try {
            Files.write(part, bytes);
            try {
                Files.move(part, lib, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, lib, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(part);
        }
        return lib;
    }

    /** {@code dir}, created owner-only; refused if it is a link or someone else's. */
    private static Path privateDirectory(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another process made it: checked below like any existing one
            }
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dir + " is not a directory");
        }
        String me = System.getProperty("user.name");
        if (!Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName().equals(me)
                || Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS).stream()
                .anyMatch(p -> p.name().startsWith("GROUP_WRITE") || p.name().startsWith("OTHERS_WRITE"))) {
            throw new IOException(dir + " is not private to " + me);
        }
        return dir;
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
