#!/usr/bin/env python3
"""Runs POSIX calls, one per input line (fields separated by tabs: op, then arguments; whole
numbers are numbers, octal as 0o755), and prints one line per call: "OK <value>" or
"ERR <errno name>". Tests run it as root or as another uid (setpriv) against a mount, so errno
cases are checked exactly as the kernel reports them."""
import ctypes, errno, os, stat, sys

libc = ctypes.CDLL(None, use_errno=True)


class Timespec(ctypes.Structure):
    _fields_ = [("sec", ctypes.c_long), ("nsec", ctypes.c_long)]


UTIME_NOW, UTIME_OMIT = (1 << 30) - 1, (1 << 30) - 2


def arg(s):
    try:
        return int(s, 0)
    except ValueError:
        return s


def utimensat(path, a, m):
    t = (Timespec * 2)(Timespec(*a), Timespec(*m))
    if libc.utimensat(-100, path.encode(), t, 0x100) != 0:  # AT_SYMLINK_NOFOLLOW
        e = ctypes.get_errno()
        raise OSError(e, os.strerror(e))


def run(name, a):
    if name == "open":          # path flags(comma names) [mode]
        flags = 0
        for f in a[1].split(","):
            flags |= getattr(os, f)
        os.close(os.open(a[0], flags, a[2] if len(a) > 2 else 0o644))
        return ""
    if name == "write":         # path text
        with open(a[0], "w") as f:
            f.write(a[1])
        return ""
    if name == "append":
        with open(a[0], "a") as f:
            f.write(a[1])
        return ""
    if name == "read":
        with open(a[0]) as f:
            return f.read()
    if name == "stat" or name == "lstat":
        s = os.stat(a[0], follow_symlinks=(name == "stat"))
        return ("ino=%d perm=%o type=%o nlink=%d uid=%d gid=%d size=%d blocks=%d atime=%d mtime=%d ctime=%d" %
                (s.st_ino, stat.S_IMODE(s.st_mode), stat.S_IFMT(s.st_mode), s.st_nlink, s.st_uid, s.st_gid,
                 s.st_size, s.st_blocks, s.st_atime_ns, s.st_mtime_ns, s.st_ctime_ns))
    if name == "utimens":       # path atime_sec atime_nsec mtime_sec mtime_nsec ("now"/"omit" for nsec)
        def ts(sec, nsec):
            return (0, {"now": UTIME_NOW, "omit": UTIME_OMIT}[nsec]) if isinstance(nsec, str) else (sec, nsec)
        utimensat(a[0], ts(a[1], a[2]), ts(a[3], a[4]))
        return ""
    if name == "listdir":
        return ",".join(sorted(os.listdir(a[0])))
    if name == "setxattr":
        os.setxattr(a[0], a[1], str(a[2]).encode(), a[3] if len(a) > 3 else 0)
        return ""
    if name == "getxattr":
        return os.getxattr(a[0], a[1]).decode()
    if name == "listxattr":
        return ",".join(sorted(os.listxattr(a[0])))
    if name == "statvfs":
        s = os.statvfs(a[0])
        return "bsize=%d blocks=%d namemax=%d" % (s.f_bsize, s.f_blocks, s.f_namemax)
    if name == "access":
        return "yes" if os.access(a[0], a[1]) else "no"
    fn = {"mkdir": os.mkdir, "rmdir": os.rmdir, "unlink": os.unlink, "rename": os.rename, "link": os.link,
          "symlink": os.symlink, "readlink": os.readlink, "chmod": os.chmod, "truncate": os.truncate,
          "mknod": os.mknod, "mkfifo": os.mkfifo, "removexattr": os.removexattr}.get(name)
    if name == "chown":
        os.chown(a[0], a[1], a[2], follow_symlinks=False)
        return ""
    if fn is None:
        raise ValueError("unknown op " + name)
    r = fn(*a)
    return "" if r is None else str(r)


for line in sys.stdin:
    line = line.rstrip("\n")
    if not line:
        continue
    parts = line.split("\t")
    try:
        print("OK " + run(parts[0], [arg(p) for p in parts[1:]]).replace("\n", "\\n"))
    except OSError as e:
        print("ERR " + errno.errorcode.get(e.errno, str(e.errno)))
    sys.stdout.flush()
