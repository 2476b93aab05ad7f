package dcfs.fstests.apps;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Everything a copy of a tree should keep, entry by entry: type, permission bits (set-id and sticky
 * too), owner, size, mtime (whole seconds), a SHA-256 of the bytes, the symlink target, and which
 * names are hard links of one another. Two snapshots compare as lists of differences, so a failure
 * names the file and the field.
 */
public record TreeSnapshot(Map<String, Entry> entries) {

    /** One name in the tree; {@code linkGroup} is the first name (in order) of the same inode, if several. */
    public record Entry(String type, int mode, int uid, int gid, long size, long mtimeSeconds, String sha256,
                        String symlinkTarget, String linkGroup) {
    }

    /** Which fields a comparison looks at: every copy keeps content; not every copy keeps hard links. */
    public enum Fields { ALL, WITHOUT_HARD_LINKS }

    public static TreeSnapshot of(Path root) throws IOException {
        Map<String, Entry> entries = new TreeMap<>();
        Map<Long, String> firstNameOfInode = new HashMap<>();
        List<Path> paths;
        try (Stream<Path> s = Files.walk(root)) {
            paths = s.sorted().toList();
        }
        for (Path p : paths) {
            String name = root.relativize(p).toString();
            Map<String, Object> a = Files.readAttributes(p, "unix:*", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            String type = Files.isSymbolicLink(p) ? "symlink" : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir"
                    : Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? "file" : "other";
            boolean file = type.equals("file");
            String group = "";
            if (file && (Integer) a.get("nlink") > 1) {
                group = firstNameOfInode.computeIfAbsent((Long) a.get("ino"), k -> name);
            }
            entries.put(name, new Entry(type, mode & 07777, (Integer) a.get("uid"), (Integer) a.get("gid"),
                    file ? (Long) a.get("size") : 0,
                    type.equals("symlink") ? 0 : ((FileTime) a.get("lastModifiedTime")).toInstant().getEpochSecond(),
                    file ? sha256(p) : "", type.equals("symlink") ? Files.readSymbolicLink(p).toString() : "", group));
        }
        return new TreeSnapshot(entries);
    }

    /** Differences from {@code other}, one line each ("a/b: mode 0644 here, 0600 there"), at most {@code limit}. */
    public List<String> differences(TreeSnapshot other, Fields fields, int limit) {
        List<String> out = new ArrayList<>();
        for (var e : entries.entrySet()) {
            Entry there = other.entries.get(e.getKey());
            if (there == null) {
                out.add(e.getKey() + ": missing");
            } else {
                Entry here = e.getValue();
                compare(out, e.getKey(), "type", here.type(), there.type());
                compare(out, e.getKey(), "mode", Integer.toOctalString(here.mode()), Integer.toOctalString(there.mode()));
                compare(out, e.getKey(), "owner", here.uid() + ":" + here.gid(), there.uid() + ":" + there.gid());
                compare(out, e.getKey(), "size", here.size(), there.size());
                compare(out, e.getKey(), "mtime", here.mtimeSeconds(), there.mtimeSeconds());
                compare(out, e.getKey(), "content", here.sha256(), there.sha256());
                compare(out, e.getKey(), "symlink target", here.symlinkTarget(), there.symlinkTarget());
                if (fields == Fields.ALL) {
                    compare(out, e.getKey(), "hard link of", here.linkGroup(), there.linkGroup());
                }
            }
            if (out.size() >= limit) {
                return out;
            }
        }
        for (String name : other.entries.keySet()) {
            if (!entries.containsKey(name) && out.size() < limit) {
                out.add(name + ": not expected");
            }
        }
        return out;
    }

    private static void compare(List<String> out, String name, String field, Object here, Object there) {
        if (!here.equals(there)) {
            out.add(name + ": " + field + " " + here + " expected, " + there + " found");
        }
    }

    private static String sha256(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
