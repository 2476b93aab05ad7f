/*
 * fstest: the syscall driver of dcfs's POSIX conformance suite (fs-tests, dcfs.fstests.driver).
 *
 *   fstest [-u UID] [-g GID[,GID...]] [-U UMASK] OP ARG... [: OP ARG...]...
 *
 * Runs the system calls named on the command line, in order, in the current directory, and prints
 * one line per call: "0" (or the value asked for) when it succeeded, the errno name (ENOENT, ...)
 * when it failed. The first failure ends the run. -g sets the supplementary groups to the list and
 * the real and effective gid to its first entry; -u then sets the uid; both happen before the first
 * call, so every call runs with that caller's rights. The umask is 0 unless -U gives one, so modes
 * come out exactly as asked.
 *
 * Descriptors: each successful "open" gets the next descriptor number, 0 first ("create" closes its
 * own); calls that take a descriptor (fchmod, fstat, write, ...) name it by that number.
 *
 * Exit status: 0 when the command line made sense (whatever the calls returned), 2 when it did not
 * (unknown call, wrong argument count, bad number) with a message on stderr, 3 when -u/-g failed.
 *
 * Values printed: stat fields as asked ("mode,uid,gid" prints "0644,0,0"); mode is the permission
 * bits in octal with a leading 0 (st_mode & 07777); type is regular|dir|fifo|char|block|socket|
 * symlink; atime/mtime/ctime are seconds, atime_ns/mtime_ns/ctime_ns are whole nanoseconds since
 * the epoch. readlink prints the target; read prints the bytes read.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/un.h>
#include <unistd.h>

#define MAX_DESCRIPTORS 64
#define MAX_GROUPS 64

static int descriptors[MAX_DESCRIPTORS];
static int descriptor_count;

struct name_value {
    const char *name;
    long value;
};

static const struct name_value errno_names[] = {
    {"EPERM", EPERM}, {"ENOENT", ENOENT}, {"ESRCH", ESRCH}, {"EINTR", EINTR}, {"EIO", EIO},
    {"ENXIO", ENXIO}, {"E2BIG", E2BIG}, {"ENOEXEC", ENOEXEC}, {"EBADF", EBADF},
    {"ECHILD", ECHILD}, {"EAGAIN", EAGAIN}, {"ENOMEM", ENOMEM}, {"EACCES", EACCES},
    {"EFAULT", EFAULT}, {"ENOTBLK", ENOTBLK}, {"EBUSY", EBUSY}, {"EEXIST", EEXIST},
    {"EXDEV", EXDEV}, {"ENODEV", ENODEV}, {"ENOTDIR", ENOTDIR}, {"EISDIR", EISDIR},
    {"EINVAL", EINVAL}, {"ENFILE", ENFILE}, {"EMFILE", EMFILE}, {"ENOTTY", ENOTTY},
    {"ETXTBSY", ETXTBSY}, {"EFBIG", EFBIG}, {"ENOSPC", ENOSPC}, {"ESPIPE", ESPIPE},
    {"EROFS", EROFS}, {"EMLINK", EMLINK}, {"EPIPE", EPIPE}, {"ERANGE", ERANGE},
    {"ENAMETOOLONG", ENAMETOOLONG}, {"ENOSYS", ENOSYS}, {"ENOTEMPTY", ENOTEMPTY},
    {"ELOOP", ELOOP}, {"EOVERFLOW", EOVERFLOW}, {"ENOTSUP", ENOTSUP}, {"EDQUOT", EDQUOT},
    {"ENODATA", ENODATA}, {"ENOTCONN", ENOTCONN}, {"ECONNREFUSED", ECONNREFUSED},
    {"EADDRINUSE", EADDRINUSE}, {"ESTALE", ESTALE}, {NULL, 0}};

static const struct name_value open_flags[] = {
    {"O_RDONLY", O_RDONLY}, {"O_WRONLY", O_WRONLY}, {"O_RDWR", O_RDWR},
    {"O_NONBLOCK", O_NONBLOCK}, {"O_APPEND", O_APPEND}, {"O_CREAT", O_CREAT},
    {"O_TRUNC", O_TRUNC}, {"O_EXCL", O_EXCL}, {"O_NOFOLLOW", O_NOFOLLOW},
    {"O_DIRECTORY", O_DIRECTORY}, {"O_SYNC", O_SYNC}, {"O_NOCTTY", O_NOCTTY},
    {"O_CLOEXEC", O_CLOEXEC}, {"O_PATH", O_PATH}, {"O_NOATIME", O_NOATIME}, {NULL, 0}};

static const struct name_value access_modes[] = {
    {"F_OK", F_OK}, {"R_OK", R_OK}, {"W_OK", W_OK}, {"X_OK", X_OK}, {NULL, 0}};

static const struct name_value at_flags[] = {
    {"0", 0}, {"AT_SYMLINK_NOFOLLOW", AT_SYMLINK_NOFOLLOW}, {NULL, 0}};

/* linux/falloc.h, spelled out so that the driver builds without kernel headers. */
static const struct name_value falloc_modes[] = {
    {"0", 0}, {"KEEP_SIZE", 0x01}, {"PUNCH_HOLE", 0x02}, {"COLLAPSE_RANGE", 0x08},
    {"ZERO_RANGE", 0x10}, {"INSERT_RANGE", 0x20}, {NULL, 0}};

static void usage_error(const char *what, const char *arg) {
    fprintf(stderr, "fstest: %s: %s\n", what, arg ? arg : "");
    exit(2);
}

static long long parse_number(const char *s, int base) {
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, base);
    if (errno != 0 || *s == '\0' || *end != '\0') {
        usage_error("not a number", s);
    }
    return v;
}

/* Octal, as chmod(1) takes it. */
static mode_t parse_mode(const char *s) {
    return (mode_t)parse_number(s, 8);
}

/* "O_CREAT,O_WRONLY" -> bits; a trailing comma is allowed ("O_RDONLY,"). */
static long parse_flag_list(const char *s, const struct name_value *table) {
    long flags = 0;
    char *copy = strdup(s);
    char *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
        const struct name_value *nv = table;
        while (nv->name != NULL && strcmp(nv->name, tok) != 0) {
            nv++;
        }
        if (nv->name == NULL) {
            usage_error("unknown flag", tok);
        }
        flags |= nv->value;
    }
    free(copy);
    return flags;
}

static int descriptor(const char *s) {
    long long n = parse_number(s, 10);
    if (n < 0 || n >= descriptor_count) {
        usage_error("no such descriptor", s);
    }
    return descriptors[n];
}

static void remember(int fd) {
    if (descriptor_count == MAX_DESCRIPTORS) {
        usage_error("too many descriptors", NULL);
    }
    descriptors[descriptor_count++] = fd;
}

/* A time argument of utimensat: seconds, and nanoseconds or UTIME_NOW / UTIME_OMIT. */
static long parse_nsec(const char *s) {
    if (strcmp(s, "UTIME_NOW") == 0) {
        return UTIME_NOW;
    }
    if (strcmp(s, "UTIME_OMIT") == 0) {
        return UTIME_OMIT;
    }
    return (long)parse_number(s, 10);
}

static const char *type_name(mode_t m) {
    switch (m & S_IFMT) {
    case S_IFREG: return "regular";
    case S_IFDIR: return "dir";
    case S_IFIFO: return "fifo";
    case S_IFCHR: return "char";
    case S_IFBLK: return "block";
    case S_IFSOCK: return "socket";
    case S_IFLNK: return "symlink";
    default: return "unknown";
    }
}

static long long nanos(struct timespec t) {
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* Prints the comma-separated fields of one stat result, in the order asked. */
static void print_stat(const struct stat *st, const char *fields) {
    char *copy = strdup(fields);
    char *save = NULL;
    int first = 1;
    for (char *f = strtok_r(copy, ",", &save); f != NULL; f = strtok_r(NULL, ",", &save)) {
        if (!first) {
            putchar(',');
        }
        first = 0;
        if (strcmp(f, "mode") == 0) printf("0%o", (unsigned)(st->st_mode & 07777));
        else if (strcmp(f, "type") == 0) fputs(type_name(st->st_mode), stdout);
        else if (strcmp(f, "inode") == 0) printf("%llu", (unsigned long long)st->st_ino);
        else if (strcmp(f, "nlink") == 0) printf("%llu", (unsigned long long)st->st_nlink);
        else if (strcmp(f, "uid") == 0) printf("%u", (unsigned)st->st_uid);
        else if (strcmp(f, "gid") == 0) printf("%u", (unsigned)st->st_gid);
        else if (strcmp(f, "size") == 0) printf("%lld", (long long)st->st_size);
        else if (strcmp(f, "blocks") == 0) printf("%lld", (long long)st->st_blocks);
        else if (strcmp(f, "atime") == 0) printf("%lld", (long long)st->st_atim.tv_sec);
        else if (strcmp(f, "mtime") == 0) printf("%lld", (long long)st->st_mtim.tv_sec);
        else if (strcmp(f, "ctime") == 0) printf("%lld", (long long)st->st_ctim.tv_sec);
        else if (strcmp(f, "atime_ns") == 0) printf("%lld", nanos(st->st_atim));
        else if (strcmp(f, "mtime_ns") == 0) printf("%lld", nanos(st->st_mtim));
        else if (strcmp(f, "ctime_ns") == 0) printf("%lld", nanos(st->st_ctim));
        else if (strcmp(f, "major") == 0) printf("%u", major(st->st_rdev));
        else if (strcmp(f, "minor") == 0) printf("%u", minor(st->st_rdev));
        else if (strcmp(f, "dev") == 0) printf("%llu", (unsigned long long)st->st_dev);
        else usage_error("unknown stat field", f);
    }
    putchar('\n');
    free(copy);
}

static mode_t node_type(const char *s) {
    if (strcmp(s, "b") == 0) return S_IFBLK;
    if (strcmp(s, "c") == 0) return S_IFCHR;
    if (strcmp(s, "p") == 0) return S_IFIFO;
    if (strcmp(s, "f") == 0) return S_IFREG;
    if (strcmp(s, "s") == 0) return S_IFSOCK;
    usage_error("unknown node type (b c p f s)", s);
    return 0;
}

/* A unix socket bound at a path: how sockets get into a directory. */
static int bind_socket(const char *path) {
    struct sockaddr_un sun;
    if (strlen(path) >= sizeof(sun.sun_path)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    if (s < 0) {
        return -1;
    }
    memset(&sun, 0, sizeof(sun));
    sun.sun_family = AF_UNIX;
    strcpy(sun.sun_path, path);
    int rc = bind(s, (struct sockaddr *)&sun, sizeof(sun));
    int saved = errno;
    close(s);
    errno = saved;
    return rc;
}

static void need(int argc, int want, const char *op) {
    if (argc != want) {
        fprintf(stderr, "fstest: %s takes %d argument(s), got %d\n", op, want, argc);
        exit(2);
    }
}

/*
 * Runs one call. Returns 0 when it succeeded (having printed its value, or nothing when "0" is to
 * be printed), -1 with errno set when it failed. *printed says whether it printed a value.
 */
static int run_call(const char *op, int argc, char **argv, int *printed) {
    struct stat st;
    *printed = 0;
    if (strcmp(op, "open") == 0) {
        if (argc != 2 && argc != 3) {
            need(argc, 3, op);
        }
        int flags = (int)parse_flag_list(argv[1], open_flags);
        int fd = argc == 3 ? open(argv[0], flags, parse_mode(argv[2])) : open(argv[0], flags);
        if (fd < 0) return -1;
        remember(fd);
        return 0;
    }
    if (strcmp(op, "create") == 0) {
        need(argc, 2, op);
        int fd = open(argv[0], O_CREAT | O_EXCL | O_WRONLY, parse_mode(argv[1]));
        if (fd < 0) return -1;
        return close(fd);
    }
    if (strcmp(op, "close") == 0) { need(argc, 1, op); return close(descriptor(argv[0])); }
    if (strcmp(op, "mkdir") == 0) { need(argc, 2, op); return mkdir(argv[0], parse_mode(argv[1])); }
    if (strcmp(op, "rmdir") == 0) { need(argc, 1, op); return rmdir(argv[0]); }
    if (strcmp(op, "mkfifo") == 0) { need(argc, 2, op); return mkfifo(argv[0], parse_mode(argv[1])); }
    if (strcmp(op, "mknod") == 0) {
        need(argc, 5, op);
        dev_t dev = makedev((unsigned)parse_number(argv[3], 10), (unsigned)parse_number(argv[4], 10));
        return mknod(argv[0], node_type(argv[1]) | parse_mode(argv[2]), dev);
    }
    if (strcmp(op, "bind") == 0) { need(argc, 1, op); return bind_socket(argv[0]); }
    if (strcmp(op, "link") == 0) { need(argc, 2, op); return link(argv[0], argv[1]); }
    if (strcmp(op, "symlink") == 0) { need(argc, 2, op); return symlink(argv[0], argv[1]); }
    if (strcmp(op, "unlink") == 0) { need(argc, 1, op); return unlink(argv[0]); }
    if (strcmp(op, "rename") == 0) { need(argc, 2, op); return rename(argv[0], argv[1]); }
    if (strcmp(op, "readlink") == 0) {
        need(argc, 1, op);
        char buf[PATH_MAX + 1];
        ssize_t n = readlink(argv[0], buf, sizeof(buf) - 1);
        if (n < 0) return -1;
        buf[n] = '\0';
        printf("%s\n", buf);
        *printed = 1;
        return 0;
    }
    if (strcmp(op, "truncate") == 0) {
        need(argc, 2, op);
        return truncate(argv[0], (off_t)parse_number(argv[1], 10));
    }
    if (strcmp(op, "ftruncate") == 0) {
        need(argc, 2, op);
        return ftruncate(descriptor(argv[0]), (off_t)parse_number(argv[1], 10));
    }
    if (strcmp(op, "fallocate") == 0) {
        need(argc, 4, op);
        return fallocate(descriptor(argv[0]), (int)parse_flag_list(argv[1], falloc_modes),
                         (off_t)parse_number(argv[2], 10), (off_t)parse_number(argv[3], 10));
    }
    if (strcmp(op, "posix_fallocate") == 0) {
        need(argc, 3, op);
        /* Returns the error instead of setting errno. */
        int r = posix_fallocate(descriptor(argv[0]), (off_t)parse_number(argv[1], 10),
                                (off_t)parse_number(argv[2], 10));
        if (r != 0) {
            errno = r;
            return -1;
        }
        return 0;
    }
    if (strcmp(op, "chmod") == 0) { need(argc, 2, op); return chmod(argv[0], parse_mode(argv[1])); }
    if (strcmp(op, "fchmod") == 0) { need(argc, 2, op); return fchmod(descriptor(argv[0]), parse_mode(argv[1])); }
    if (strcmp(op, "chown") == 0 || strcmp(op, "lchown") == 0 || strcmp(op, "fchown") == 0) {
        need(argc, 3, op);
        uid_t uid = (uid_t)parse_number(argv[1], 10);
        gid_t gid = (gid_t)parse_number(argv[2], 10);
        if (op[0] == 'f') return fchown(descriptor(argv[0]), uid, gid);
        return op[0] == 'l' ? lchown(argv[0], uid, gid) : chown(argv[0], uid, gid);
    }
    if (strcmp(op, "utimensat") == 0 || strcmp(op, "futimens") == 0) {
        int is_fd = op[0] == 'f';
        need(argc, is_fd ? 5 : 6, op);
        struct timespec ts[2];
        ts[0].tv_sec = (time_t)parse_number(argv[1], 10);
        ts[0].tv_nsec = parse_nsec(argv[2]);
        ts[1].tv_sec = (time_t)parse_number(argv[3], 10);
        ts[1].tv_nsec = parse_nsec(argv[4]);
        if (is_fd) return futimens(descriptor(argv[0]), ts);
        return utimensat(AT_FDCWD, argv[0], ts, (int)parse_flag_list(argv[5], at_flags));
    }
    if (strcmp(op, "stat") == 0 || strcmp(op, "lstat") == 0 || strcmp(op, "fstat") == 0) {
        need(argc, 2, op);
        int rc = op[0] == 'f' ? fstat(descriptor(argv[0]), &st)
                 : op[0] == 'l' ? lstat(argv[0], &st) : stat(argv[0], &st);
        if (rc < 0) return -1;
        print_stat(&st, argv[1]);
        *printed = 1;
        return 0;
    }
    if (strcmp(op, "access") == 0) {
        need(argc, 2, op);
        return access(argv[0], (int)parse_flag_list(argv[1], access_modes));
    }
    if (strcmp(op, "write") == 0) {
        need(argc, 2, op);
        size_t len = strlen(argv[1]);
        ssize_t n = write(descriptor(argv[0]), argv[1], len);
        if (n < 0) return -1;
        if ((size_t)n != len) { errno = EIO; return -1; }
        return 0;
    }
    if (strcmp(op, "pwrite") == 0) {
        need(argc, 3, op);
        size_t len = strlen(argv[2]);
        ssize_t n = pwrite(descriptor(argv[0]), argv[2], len, (off_t)parse_number(argv[1], 10));
        if (n < 0) return -1;
        if ((size_t)n != len) { errno = EIO; return -1; }
        return 0;
    }
    if (strcmp(op, "read") == 0) {
        need(argc, 2, op);
        long long want = parse_number(argv[1], 10);
        if (want < 0 || want > 65536) usage_error("read size out of range (0..65536)", argv[1]);
        char *buf = malloc((size_t)want + 1);
        ssize_t n = read(descriptor(argv[0]), buf, (size_t)want);
        if (n < 0) { free(buf); return -1; }
        buf[n] = '\0';
        printf("%s\n", buf);
        free(buf);
        *printed = 1;
        return 0;
    }
    if (strcmp(op, "fsync") == 0) { need(argc, 1, op); return fsync(descriptor(argv[0])); }
    fprintf(stderr, "fstest: unknown call: %s\n", op);
    exit(2);
}

static void set_caller(const char *uid_arg, const char *gid_arg) {
    if (gid_arg != NULL) {
        gid_t groups[MAX_GROUPS];
        int n = 0;
        char *copy = strdup(gid_arg);
        char *save = NULL;
        for (char *tok = strtok_r(copy, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
            if (n == MAX_GROUPS) usage_error("too many groups", gid_arg);
            groups[n++] = (gid_t)parse_number(tok, 10);
        }
        free(copy);
        if (n == 0) usage_error("empty group list", gid_arg);
        if (setgroups((size_t)n, groups) < 0 || setregid(groups[0], groups[0]) < 0) {
            perror("fstest: setting groups");
            exit(3);
        }
    }
    if (uid_arg != NULL) {
        uid_t uid = (uid_t)parse_number(uid_arg, 10);
        if (setreuid(uid, uid) < 0) {
            perror("fstest: setting uid");
            exit(3);
        }
    }
}

static const char *errno_name(int e) {
    static char unknown[32];
    for (const struct name_value *nv = errno_names; nv->name != NULL; nv++) {
        if (nv->value == e) return nv->name;
    }
    snprintf(unknown, sizeof(unknown), "E%d", e);
    return unknown;
}

int main(int argc, char **argv) {
    const char *uid_arg = NULL;
    const char *gid_arg = NULL;
    mode_t mask = 0;
    int opt;
    while ((opt = getopt(argc, argv, "+u:g:U:")) != -1) {
        switch (opt) {
        case 'u': uid_arg = optarg; break;
        case 'g': gid_arg = optarg; break;
        case 'U': mask = parse_mode(optarg); break;
        default: usage_error("usage", "fstest [-u UID] [-g GID[,GID...]] [-U UMASK] OP ARG... [: OP ARG...]...");
        }
    }
    if (optind < argc && strcmp(argv[optind], "--") == 0) {
        optind++;
    }
    if (optind >= argc) {
        usage_error("usage", "fstest [-u UID] [-g GID[,GID...]] [-U UMASK] OP ARG... [: OP ARG...]...");
    }
    umask(mask);
    set_caller(uid_arg, gid_arg);
    setvbuf(stdout, NULL, _IOLBF, 0);

    int i = optind;
    while (i < argc) {
        int end = i + 1;
        while (end < argc && strcmp(argv[end], ":") != 0) {
            end++;
        }
        int printed;
        if (run_call(argv[i], end - i - 1, argv + i + 1, &printed) < 0) {
            printf("%s\n", errno_name(errno));
            return 0;
        }
        if (!printed) {
            printf("0\n");
        }
        i = end + 1;
    }
    return 0;
}
