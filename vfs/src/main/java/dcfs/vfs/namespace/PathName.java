package dcfs.vfs.namespace;

import dcfs.vfs.Errno;
import dcfs.vfs.FsException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A path split into its components (UTF-8 bytes), with Linux's limits: a component is at most
 * {@value #NAME_MAX} bytes, the whole path less than {@value #PATH_MAX} (ENAMETOOLONG otherwise).
 * Empty components and "." are dropped; ".." is kept for the resolver.
 */
public record PathName(List<byte[]> components, boolean absolute) {
    public static final int NAME_MAX = 255;
    public static final int PATH_MAX = 4096;
    static final byte[] DOT_DOT = {'.', '.'};

    public static PathName parse(String path) throws FsException {
        byte[] all = path.getBytes(StandardCharsets.UTF_8);
        if (all.length >= PATH_MAX) {
            throw new FsException(Errno.ENAMETOOLONG, "path of " + all.length + " bytes");
        }
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= all.length; i++) {
            if (i == all.length || all[i] == '/') {
                int len = i - start;
                if (len > NAME_MAX) {
                    throw new FsException(Errno.ENAMETOOLONG, "name of " + len + " bytes in " + path);
                }
                if (len > 0 && !(len == 1 && all[start] == '.')) {
                    byte[] c = new byte[len];
                    System.arraycopy(all, start, c, 0, len);
                    out.add(c);
                }
                start = i + 1;
            }
        }
        return new PathName(out, all.length > 0 && all[0] == '/');
    }

    public boolean isRoot() {
        return components.isEmpty();
    }

    /** The last component. */
    public byte[] last() {
        return components.getLast();
    }

    public List<byte[]> parent() {
        return components.subList(0, components.size() - 1);
    }

    static boolean isDotDot(byte[] c) {
        return c.length == 2 && c[0] == '.' && c[1] == '.';
    }

    /** The original text of a final component ("." and ".." are refused by the operations). */
    static String text(byte[] name) {
        return new String(name, StandardCharsets.UTF_8);
    }
}
