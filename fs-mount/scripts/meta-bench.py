#!/usr/bin/env python3
"""Metadata and small-file workloads on one directory: create/stat/unlink N empty files, then
write and read back M files of 16 KiB. Prints one JSON object of rates (operations per second)."""
import json, os, sys, time

def rate(n, t):
    return round(n / t, 1) if t > 0 else 0.0

def main(d, n=10000, m=2000, size=16384):
    os.makedirs(d, exist_ok=True)
    out = {}
    names = [os.path.join(d, "f%06d" % i) for i in range(n)]
    t = time.perf_counter()
    for p in names:
        os.close(os.open(p, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o644))
    out["create_per_s"] = rate(n, time.perf_counter() - t)
    t = time.perf_counter()
    for p in names:
        os.stat(p)
    out["stat_per_s"] = rate(n, time.perf_counter() - t)
    t = time.perf_counter()
    for p in names:
        os.unlink(p)
    out["unlink_per_s"] = rate(n, time.perf_counter() - t)
    data = os.urandom(size)
    small = [os.path.join(d, "s%05d" % i) for i in range(m)]
    t = time.perf_counter()
    for p in small:
        fd = os.open(p, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o644)
        os.write(fd, data)
        os.close(fd)
    out["write16k_files_per_s"] = rate(m, time.perf_counter() - t)
    if os.geteuid() == 0:
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3\n")
    t = time.perf_counter()
    for p in small:
        fd = os.open(p, os.O_RDONLY)
        got = os.read(fd, size + 1)
        os.close(fd)
        assert got == data, p
    out["read16k_files_per_s"] = rate(m, time.perf_counter() - t)
    for p in small:
        os.unlink(p)
    print(json.dumps(out))

if __name__ == "__main__":
    main(sys.argv[1], *(int(a) for a in sys.argv[2:]))
