package dcfs.vfs.handle;

import dcfs.vfs.Errno;
import dcfs.vfs.FsException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Handle numbers handed to FUSE, and what they stand for. Lock-free; numbers are never reused. */
public final class HandleTable {
    private final AtomicLong next = new AtomicLong(1);
    private final ConcurrentHashMap<Long, Handle> handles = new ConcurrentHashMap<>();

    public long add(Handle h) {
        long fh = next.getAndIncrement();
        handles.put(fh, h);
        return fh;
    }

    public Handle.FileHandle file(long fh) throws FsException {
        if (handles.get(fh) instanceof Handle.FileHandle f) {
            return f;
        }
        throw new FsException(Errno.EBADF, "no open file with handle " + fh);
    }

    public Handle.DirHandle dir(long fh) throws FsException {
        if (handles.get(fh) instanceof Handle.DirHandle d) {
            return d;
        }
        throw new FsException(Errno.EBADF, "no open directory with handle " + fh);
    }

    public Handle remove(long fh) throws FsException {
        Handle h = handles.remove(fh);
        if (h == null) {
            throw new FsException(Errno.EBADF, "no handle " + fh);
        }
        return h;
    }

    public int size() {
        return handles.size();
    }
}
