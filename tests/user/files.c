/* files64 / files32: the fd table (close, dup, dup2, dup3, fcntl), reads and
 * writes through it, paths (open, access, readlink, getcwd), /proc/self's
 * cmdline as a snapshot file, the stat family in each ABI's layout, and
 * the console's ioctls. Results and errors as Linux gives them. */
#include "calls.h"

static char name[32]; /* argv[0] */

static void test_stat(void)
{
#ifdef __x86_64__
    static struct linux_stat st;
    memset(&st, 0xee, sizeof st);
    expect("fstat(1)", sys(NR(fstat), 1, &st), 0);
    expect("fstat: st_mode is S_IFCHR|0620", st.st_mode, S_IFCHR | 0620);
    expect("fstat: st_rdev is 5:1", st.st_rdev, LINUX_DEV(5, 1));
    expect("fstat: st_blksize 1024", st.st_blksize, 1024);
    expect("fstat: st_nlink 1, st_size 0", st.st_nlink * 1000 + (unsigned long)st.st_size, 1000);
    expect("fstat: padding and unused words are zero", st.pad0 | st.unused[0] | st.unused[1] | st.unused[2], 0);
    check(st.st_mtime_sec > 1600000000, "fstat: st_mtime after 2020 (the RTC)");
    static struct linux_stat at;
    expect("newfstatat(1, \"\", AT_EMPTY_PATH)", sys(NR(newfstatat), 1, "", &at, AT_EMPTY_PATH), 0);
    expect("newfstatat: the same as fstat", memcmp(&at, &st, sizeof st), 0);
    expect("newfstatat of a path is -ENOENT", sys(NR(newfstatat), AT_FDCWD, "/etc/passwd", &at, 0), -ENOENT);
    expect("newfstatat(\"\") without AT_EMPTY_PATH is -ENOENT", sys(NR(newfstatat), 1, "", &at, 0), -ENOENT);
    expect("newfstatat with flag 0x8000 is -EINVAL", sys(NR(newfstatat), 1, "", &at, 0x8000), -EINVAL);
    expect("newfstatat with a NULL path is -EFAULT", sys(NR(newfstatat), 1, 0, &at, AT_EMPTY_PATH), -EFAULT);
    expect("newfstatat relative to the console is -ENOTDIR", sys(NR(newfstatat), 1, "x", &at, 0), -ENOTDIR);
    expect("newfstatat relative to fd 99 is -EBADF", sys(NR(newfstatat), 99, "x", &at, 0), -EBADF);
    expect("newfstatat(99, \"\", AT_EMPTY_PATH) is -EBADF", sys(NR(newfstatat), 99, "", &at, AT_EMPTY_PATH), -EBADF);
#else
    static struct linux_stat64 st;
    memset(&st, 0xee, sizeof st);
    expect("fstat64(1)", sys(NR(fstat64), 1, &st), 0);
    expect("fstat64: st_mode is S_IFCHR|0620", st.st_mode, S_IFCHR | 0620);
    expect("fstat64: st_rdev is 5:1", st.st_rdev, LINUX_DEV(5, 1));
    expect("fstat64: st_blksize 1024", st.st_blksize, 1024);
    expect("fstat64: __st_ino is st_ino's low half", st.st_ino32, (uint32_t)st.st_ino);
    expect("fstat64: the padding is zero", st.pad0[0] | st.pad0[3] | st.pad3[0] | st.pad3[3], 0);
    check(st.st_mtime_sec > 1600000000, "fstat64: st_mtime after 2020 (the RTC)");
    static struct linux_stat64 at;
    expect("fstatat64(1, \"\", AT_EMPTY_PATH)", sys(NR(fstatat64), 1, "", &at, AT_EMPTY_PATH), 0);
    expect("fstatat64: the same as fstat64", memcmp(&at, &st, sizeof st), 0);
    expect("fstatat64 of a path is -ENOENT", sys(NR(fstatat64), AT_FDCWD, "/etc/passwd", &at, 0), -ENOENT);
    expect("fstatat64 with flag 0x8000 is -EINVAL", sys(NR(fstatat64), 1, "", &at, 0x8000), -EINVAL);
    expect("stat64 of a path is -ENOENT", sys(NR(stat64), "/bin/sh", &at), -ENOENT);
    expect("fstatat64 relative to fd 99 is -EBADF", sys(NR(fstatat64), 99, "x", &at, 0), -EBADF);
    static struct linux_stat32 old;
    expect("fstat #108 (compat struct stat)", sys(NR(fstat), 2, &old), 0);
    expect("fstat #108: 16-bit st_mode", old.st_mode, S_IFCHR | 0620);
    expect("fstat #108: st_rdev 5:1", old.st_rdev, LINUX_DEV(5, 1));
    expect("fstat #108: st_ino as fstat64's", old.st_ino, st.st_ino32);
#endif
    expect("fstat of fd 99 is -EBADF", sys(NR(fstat), 99, UNMAPPED), -EBADF);
    expect("fstat into NULL is -EFAULT", sys(NR(fstat), 1, 0), -EFAULT);
    expect("fstat into the kernel is -EFAULT", sys(NR(fstat), 1, KPTR), -EFAULT);
    expect("stat of a missing path is -ENOENT", sys(NR(stat), "/no/such", UNMAPPED), -ENOENT);
    expect("stat of the root into a bad buffer is -EFAULT", sys(NR(stat), "/", UNMAPPED), -EFAULT);
    expect("lstat of a NULL path is -EFAULT", sys(NR(lstat), 0, UNMAPPED), -EFAULT);

    static struct linux_statx x;
    memset(&x, 0xee, sizeof x);
    expect("statx(1, \"\", AT_EMPTY_PATH, STATX_BASIC_STATS)",
           sys(NR(statx), 1, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &x), 0);
    expect("statx: stx_mask is the basic stats and the mount id", x.stx_mask, STATX_BASIC_STATS | STATX_MNT_ID);
    expect("statx: stx_mode", x.stx_mode, S_IFCHR | 0620);
    expect("statx: stx_rdev 5:1", x.stx_rdev_major * 1000 + x.stx_rdev_minor, 5001);
    expect("statx: stx_blksize 1024", x.stx_blksize, 1024);
    expect("statx: stx_attributes_mask has STATX_ATTR_MOUNT_ROOT", x.stx_attributes_mask, STATX_ATTR_MOUNT_ROOT);
    expect("statx: the spare words are zero", x.spare3[0] | x.spare3[11] | x.spare0, 0);
    expect("statx with STATX__RESERVED is -EINVAL",
           sys(NR(statx), 1, "", AT_EMPTY_PATH, STATX__RESERVED, &x), -EINVAL);
    expect("statx with both sync flags is -EINVAL",
           sys(NR(statx), 1, "", AT_EMPTY_PATH | AT_STATX_SYNC_TYPE, 1, &x), -EINVAL);
    expect("statx of a path is -ENOENT", sys(NR(statx), AT_FDCWD, "/etc", 0, 1, &x), -ENOENT);
    expect("statx into NULL is -EFAULT", sys(NR(statx), 1, "", AT_EMPTY_PATH, 1, 0), -EFAULT);
}

static void test_fds(void)
{
    expect("dup(1) is the lowest free fd, 3", sys(NR(dup), 1), 3);
    static const char msg[] = "# written through fd 3\n";
    expect("write(3) reaches the console", sys(NR(write), 3, msg, sizeof msg - 1), sizeof msg - 1);
    expect("close(3)", sys(NR(close), 3), 0);
    expect("close(3) again is -EBADF", sys(NR(close), 3), -EBADF);
    expect("write(3) after close is -EBADF", sys(NR(write), 3, msg, 1), -EBADF);
    expect("close(-1) is -EBADF", sys(NR(close), -1), -EBADF);
    expect("dup2(1, 10)", sys(NR(dup2), 1, 10), 10);
    expect("dup2 clears close-on-exec: F_GETFD(10) is 0", sys(NR(fcntl), 10, F_GETFD), 0);
    expect("dup2(1, 1) is 1", sys(NR(dup2), 1, 1), 1);
    expect("dup2(50, 50) is -EBADF", sys(NR(dup2), 50, 50), -EBADF);
    expect("dup2(50, 51) is -EBADF", sys(NR(dup2), 50, 51), -EBADF);
    expect("dup2 onto 1024 (RLIMIT_NOFILE) is -EBADF", sys(NR(dup2), 1, 1024), -EBADF);
    expect("dup3(1, 11, O_CLOEXEC)", sys(NR(dup3), 1, 11, O_CLOEXEC), 11);
    expect("F_GETFD(11) is FD_CLOEXEC", sys(NR(fcntl), 11, F_GETFD), FD_CLOEXEC);
    expect("F_SETFD(11, 0)", sys(NR(fcntl), 11, F_SETFD, 0), 0);
    expect("F_GETFD(11) is 0 again", sys(NR(fcntl), 11, F_GETFD), 0);
    expect("dup3(1, 1, 0) is -EINVAL", sys(NR(dup3), 1, 1, 0), -EINVAL);
    expect("dup3 with flag 1 is -EINVAL", sys(NR(dup3), 1, 12, 1), -EINVAL);
    expect("dup3 onto an open fd replaces it", sys(NR(dup3), 2, 10, 0), 10);
    expect("F_DUPFD(1, 20) is 20", sys(NR(fcntl), 1, F_DUPFD, 20), 20);
    expect("F_DUPFD(1, 20) again is 21", sys(NR(fcntl), 1, F_DUPFD, 20), 21);
    expect("F_DUPFD_CLOEXEC(1, 0) is 3", sys(NR(fcntl), 1, F_DUPFD_CLOEXEC, 0), 3);
    expect("F_GETFD(3) is FD_CLOEXEC", sys(NR(fcntl), 3, F_GETFD), FD_CLOEXEC);
    expect("FIONCLEX(3)", sys(NR(ioctl), 3, FIONCLEX, 0), 0);
    expect("F_GETFD(3) is 0 after FIONCLEX", sys(NR(fcntl), 3, F_GETFD), 0);
    expect("FIOCLEX(3)", sys(NR(ioctl), 3, FIOCLEX, 0), 0);
    expect("F_GETFD(3) is FD_CLOEXEC after FIOCLEX", sys(NR(fcntl), 3, F_GETFD), FD_CLOEXEC);
    expect("F_DUPFD at 1024 (RLIMIT_NOFILE) is -EINVAL", sys(NR(fcntl), 1, F_DUPFD, 1024), -EINVAL);
    expect("fcntl command 9999 is -EINVAL", sys(NR(fcntl), 1, 9999, 0), -EINVAL);
    expect("fcntl on fd 99 is -EBADF", sys(NR(fcntl), 99, F_GETFD), -EBADF);
    expect("F_GETFL(1) is O_RDWR", sys(NR(fcntl), 1, F_GETFL), O_RDWR);
    expect("F_SETFL(1, O_NONBLOCK|O_APPEND|O_CREAT)", sys(NR(fcntl), 1, F_SETFL, O_NONBLOCK | O_APPEND | O_CREAT), 0);
    expect("F_GETFL(0) shares it: O_RDWR|O_NONBLOCK|O_APPEND", sys(NR(fcntl), 0, F_GETFL),
           O_RDWR | O_NONBLOCK | O_APPEND);
    static char buf[64];
    long r = sys(NR(read), 0, buf, sizeof buf);
    check(r == -EAGAIN || r > 0, "a non-blocking read(0) is -EAGAIN or what is waiting");
    expect("F_SETFL(1, 0)", sys(NR(fcntl), 1, F_SETFL, 0), 0);
    static int on = 1, off = 0;
    expect("FIONBIO(0, 1)", sys(NR(ioctl), 0, FIONBIO, &on), 0);
    expect("F_GETFL(2) after FIONBIO", sys(NR(fcntl), 2, F_GETFL), O_RDWR | O_NONBLOCK);
    expect("FIONBIO(0, 0)", sys(NR(ioctl), 0, FIONBIO, &off), 0);
#ifndef __x86_64__
    expect("fcntl64(1, F_GETFL)", sys(NR32_fcntl64, 1, F_GETFL), O_RDWR);
    expect("fcntl64(1, F_DUPFD, 30)", sys(NR32_fcntl64, 1, F_DUPFD, 30), 30);
#endif
    for (int fd = 3; fd < 40; fd++)
        sys(NR(close), fd);
    expect("fd 10 closed by the sweep", sys(NR(fcntl), 10, F_GETFD), -EBADF);

    /* The console has no offset. */
    expect("lseek(1, 0, SEEK_SET) is -ESPIPE", sys(NR(lseek), 1, 0, SEEK_SET), -ESPIPE);
    expect("lseek(1, 0, 5) is -EINVAL", sys(NR(lseek), 1, 0, 5), -EINVAL);
    expect("lseek(99, 0, SEEK_SET) is -EBADF", sys(NR(lseek), 99, 0, SEEK_SET), -EBADF);
    expect("pread64(0) is -ESPIPE", sys(NR(pread64), 0, buf, 1, 0, 0), -ESPIPE);
    expect("pwrite64(1) is -ESPIPE", sys(NR(pwrite64), 1, buf, 1, 0, 0), -ESPIPE);
#ifdef __x86_64__
    expect("pread64 at offset -1 is -EINVAL", sys(NR(pread64), 0, buf, 1, -1), -EINVAL);
#else
    expect("pread64 at offset -1 (two words) is -EINVAL", sys(NR(pread64), 0, buf, 1, -1, -1), -EINVAL);
    static long long res;
    expect("_llseek(1) is -ESPIPE", sys(NR32__llseek, 1, 0, 0, &res, SEEK_SET), -ESPIPE);
    expect("_llseek(99) is -EBADF", sys(NR32__llseek, 99, 0, 0, &res, SEEK_SET), -EBADF);
#endif
    expect("pread64 on fd 99 is -EBADF", sys(NR(pread64), 99, buf, 1, 0, 0), -EBADF);
    expect("read into NULL is -EFAULT", sys(NR(read), 0, 0, 4), -EFAULT);
    expect("write from the kernel is -EFAULT", sys(NR(write), 1, KPTR, 4), -EFAULT);
    expect("write of 0 bytes is 0", sys(NR(write), 1, msg, 0), 0);

    static const char a[] = "# writev: ", b[] = "through ", c[] = "the table\n";
    static struct { const void *base; unsigned long len; } iov[3];
    iov[0].base = a, iov[0].len = sizeof a - 1;
    iov[1].base = b, iov[1].len = sizeof b - 1;
    iov[2].base = c, iov[2].len = sizeof c - 1;
    expect("writev(2) of three iovecs", sys(NR(writev), 2, iov, 3), sizeof a + sizeof b + sizeof c - 3);
    expect("writev of 1025 iovecs is -EINVAL", sys(NR(writev), 1, iov, 1025), -EINVAL);
    expect("writev to fd 99 is -EBADF", sys(NR(writev), 99, iov, 1), -EBADF);
    iov[1].len = (unsigned long)-1;
    expect("writev with a negative length is -EINVAL", sys(NR(writev), 1, iov, 2), -EINVAL);
    iov[0].base = buf, iov[0].len = 0;
    expect("readv(0) of an empty iovec is 0", sys(NR(readv), 0, iov, 1), 0);
    expect("readv with a NULL array is -EFAULT", sys(NR(readv), 0, 0, 1), -EFAULT);
}

static void test_paths(void)
{
    expect("open(\"/etc/passwd\") is -ENOENT", sys(NR(open), "/etc/passwd", O_RDONLY), -ENOENT);
    expect("open(NULL) is -EFAULT", sys(NR(open), 0, O_RDONLY), -EFAULT);
    expect("open(kernel pointer) is -EFAULT", sys(NR(open), KPTR, O_RDONLY), -EFAULT);
    expect("open(\"\") is -ENOENT", sys(NR(open), "", O_RDONLY), -ENOENT);
    static char longp[4100];
    memset(longp, 'a', 4096);
    longp[0] = '/';
    longp[4096] = 0;
    expect("open of a 4096-byte path is -ENAMETOOLONG", sys(NR(open), longp, O_RDONLY), -ENAMETOOLONG);
    longp[4095] = 0;
    expect("open of a 4095-byte path is -ENOENT", sys(NR(open), longp, O_RDONLY), -ENOENT);
    expect("openat(AT_FDCWD, \"tmp\") is -ENOENT", sys(NR(openat), AT_FDCWD, "tmp", O_RDONLY), -ENOENT);
    expect("openat(1, \"tmp\") is -ENOTDIR", sys(NR(openat), 1, "tmp", O_RDONLY), -ENOTDIR);
    expect("openat(99, \"tmp\") is -EBADF", sys(NR(openat), 99, "tmp", O_RDONLY), -EBADF);
    expect("access(\"/bin/sh\", X_OK) is -ENOENT", sys(NR(access), "/bin/sh", X_OK), -ENOENT);
    expect("access with mode 8 is -EINVAL", sys(NR(access), "/bin/sh", 8), -EINVAL);
    expect("access(NULL) is -EFAULT", sys(NR(access), 0, F_OK), -EFAULT);
    expect("faccessat(AT_FDCWD, \"/x\") is -ENOENT", sys(NR(faccessat), AT_FDCWD, "/x", R_OK), -ENOENT);
    expect("faccessat2 with flag 1 is -EINVAL", sys(NR(faccessat2), AT_FDCWD, "/x", R_OK, 1), -EINVAL);
    expect("faccessat2(1, \"\", W_OK, AT_EMPTY_PATH)", sys(NR(faccessat2), 1, "", W_OK, AT_EMPTY_PATH), 0);

    static char cwd[16];
    expect("getcwd returns 2 (with the NUL)", sys(NR(getcwd), cwd, sizeof cwd), 2);
    expect("getcwd is \"/\"", strcmp(cwd, "/"), 0);
    expect("getcwd into 1 byte is -ERANGE", sys(NR(getcwd), cwd, 1), -ERANGE);
    expect("getcwd into NULL is -EFAULT", sys(NR(getcwd), 0, 16), -EFAULT);
    expect("umask(0) returns the default 022", sys(NR(umask), 0), 022);
    expect("umask(01777) returns 0", sys(NR(umask), 01777), 0);
    expect("umask keeps only 0777", sys(NR(umask), 022), 0777);

    static char link[64], want[64];
    memset(link, 0, sizeof link);
    memcpy(want, "/user/", 6);
    memcpy(want + 6, name, strlen(name) + 1);
    long n = sys(NR(readlink), "/proc/self/exe", link, sizeof link);
    expect("readlink(/proc/self/exe) is the module's length", n, strlen(want));
    el_printf("# /proc/self/exe -> %s\n", link);
    expect("readlink(/proc/self/exe) is /user/<argv0>", strcmp(link, want), 0);
    memset(link, 0, sizeof link);
    expect("readlink into 4 bytes gives 4", sys(NR(readlink), "/proc/self/exe", link, 4), 4);
    expect("readlink truncates without a NUL", strcmp(link, "/use"), 0);
    expect("readlink with bufsiz 0 is -EINVAL", sys(NR(readlink), "/proc/self/exe", link, 0), -EINVAL);
    expect("readlink with bufsiz -1 is -EINVAL", sys(NR(readlink), "/proc/self/exe", link, -1), -EINVAL);
    expect("readlink(\"/etc/x\") is -ENOENT", sys(NR(readlink), "/etc/x", link, sizeof link), -ENOENT);
    expect("readlink(\"\") is -ENOENT", sys(NR(readlink), "", link, sizeof link), -ENOENT);
    expect("readlink into NULL is -EFAULT", sys(NR(readlink), "/proc/self/exe", 0, 8), -EFAULT);
    memset(link, 0, sizeof link);
    long pid = sys0(NR(getpid));
    n = sys(NR(readlinkat), AT_FDCWD, "/proc/self", link, sizeof link);
    check(n > 0 && n < 8, "readlinkat(/proc/self) gives the pid's digits");
    long v = 0;
    for (long i = 0; i < n; i++)
        v = v * 10 + (link[i] - '0');
    expect("/proc/self links to the pid", v, pid);
    expect("readlink of /proc/self/cmdline (a file) is -EINVAL",
           sys(NR(readlink), "/proc/self/cmdline", link, sizeof link), -EINVAL);
    memset(link, 0, sizeof link);
    expect("readlink(\"/proc/./self//exe\") resolves",
           sys(NR(readlink), "/proc/./self//exe", link, sizeof link), strlen(want));
}

/* /proc/self/cmdline: a snapshot file, read, seeked, duplicated. */
static void test_snapshot(void)
{
    long fd = sys(NR(open), "/proc/self/cmdline", O_RDONLY);
    check(fd >= 3, "open(/proc/self/cmdline) gives an fd");
    if (fd < 0)
        return;
    static char buf[64];
    long len = (long)strlen(name) + 1;
    memset(buf, 0x55, sizeof buf);
    expect("read(cmdline) is argv[0] and its NUL", sys(NR(read), fd, buf, sizeof buf), len);
    expect("cmdline holds argv[0]", memcmp(buf, name, (size_t)len), 0);
    expect("read at the end is 0", sys(NR(read), fd, buf, sizeof buf), 0);
    expect("lseek(fd, 1, SEEK_SET)", sys(NR(lseek), fd, 1, SEEK_SET), 1);
    expect("read after lseek gives the rest", sys(NR(read), fd, buf, sizeof buf), len - 1);
    expect("the rest starts at byte 1", buf[0], name[1]);
    expect("lseek(fd, 0, SEEK_END) is the size", sys(NR(lseek), fd, 0, SEEK_END), len);
    expect("lseek(fd, -2, SEEK_CUR)", sys(NR(lseek), fd, -2, SEEK_CUR), len - 2);
    expect("lseek to -1 is -EINVAL", sys(NR(lseek), fd, -1, SEEK_SET), -EINVAL);
    expect("SEEK_DATA past the end is -ENXIO", sys(NR(lseek), fd, len, SEEK_DATA), -ENXIO);
    expect("SEEK_HOLE is the end", sys(NR(lseek), fd, 0, SEEK_HOLE), len);
    expect("pread64 at 2 reads 1 byte", sys(NR(pread64), fd, buf, 1, 2, 0), 1);
    expect("pread64 gave byte 2", buf[0], name[2]);
    expect("pread64 does not move the offset", sys(NR(lseek), fd, 0, SEEK_CUR), len);
#ifndef __x86_64__
    static long long res;
    expect("_llseek(fd, 0:3, SEEK_SET)", sys(NR32__llseek, fd, 0, 3, &res, SEEK_SET), 0);
    expect("_llseek wrote 3", res, 3);
    expect("_llseek with a bad result pointer is -EFAULT", sys(NR32__llseek, fd, 0, 3, UNMAPPED, SEEK_SET), -EFAULT);
#endif
    long d = sys(NR(dup), fd);
    expect("lseek(dup, 0, SEEK_SET)", sys(NR(lseek), d, 0, SEEK_SET), 0);
    expect("the dup shares the offset", sys(NR(lseek), fd, 0, SEEK_CUR), 0);
    expect("write to a read-only file is -EBADF", sys(NR(write), fd, "x", 1), -EBADF);
    expect("pwrite64 to a read-only file is -EBADF", sys(NR(pwrite64), fd, "x", 1, 0, 0), -EBADF);
    expect("TCGETS on a file is -ENOTTY", sys(NR(ioctl), fd, TCGETS, buf), -ENOTTY);
    expect("F_GETFL of the file", sys(NR(fcntl), fd, F_GETFL), MODE == 64 ? O_LARGEFILE : O_RDONLY);
    expect("read into NULL is -EFAULT", sys(NR(pread64), fd, 0, 4, 0, 0), -EFAULT);
#ifdef __x86_64__
    static struct linux_stat st;
    expect("fstat(cmdline)", sys(NR(fstat), fd, &st), 0);
#else
    static struct linux_stat64 st;
    expect("fstat64(cmdline)", sys(NR(fstat64), fd, &st), 0);
#endif
    expect("cmdline is S_IFREG|0444", st.st_mode, S_IFREG | 0444);
    expect("cmdline's st_size is 0, as /proc says", st.st_size, 0);
    expect("close(dup)", sys(NR(close), d), 0);
    expect("close(fd)", sys(NR(close), fd), 0);

    static char path[32];
    long pid = sys0(NR(getpid));
    memcpy(path, "/proc/", 6);
    int i = 6;
    char digits[12];
    int nd = 0;
    for (long v = pid; v; v /= 10)
        digits[nd++] = (char)('0' + v % 10);
    while (nd)
        path[i++] = digits[--nd];
    memcpy(path + i, "/cmdline", 9);
    fd = sys(NR(open), path, O_RDWR);
    check(fd >= 0, "open(/proc/<pid>/cmdline, O_RDWR) as root");
    expect("write to a /proc file opened O_RDWR is -EINVAL", sys(NR(write), fd, "x", 1), -EINVAL);
    sys(NR(close), fd);
    expect("open(cmdline, O_DIRECTORY) is -ENOTDIR", sys(NR(open), "/proc/self/cmdline", O_DIRECTORY), -ENOTDIR);
    expect("open(cmdline, O_CREAT|O_EXCL) is -EEXIST",
           sys(NR(open), "/proc/self/cmdline", O_CREAT | O_EXCL | O_WRONLY, 0644), -EEXIST);
    fd = sys(NR(open), "/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
    expect("O_CLOEXEC sets FD_CLOEXEC", sys(NR(fcntl), fd, F_GETFD), FD_CLOEXEC);
    expect("F_SETFL with O_DIRECT is -EINVAL", sys(NR(fcntl), fd, F_SETFL, O_DIRECT), -EINVAL);
#ifdef __x86_64__
    expect("lseek past 2^63 is -EINVAL", sys(NR(lseek), fd, 0x7fffffffffffffffl, SEEK_END), -EINVAL);
#else
    static long long big;
    expect("_llseek past 2^63 is -EINVAL", sys(NR32__llseek, fd, 0x7fffffff, 0xffffffff, &big, SEEK_END), -EINVAL);
#endif
    sys(NR(close), fd);
    expect("access(/proc/self/cmdline, R_OK|W_OK)", sys(NR(access), "/proc/self/cmdline", R_OK | W_OK), 0);
    expect("access(/proc/self/cmdline, X_OK) is -EACCES", sys(NR(access), "/proc/self/cmdline", X_OK), -EACCES);
#ifdef __x86_64__
    static struct linux_stat st2;
    expect("stat(/proc/self/cmdline)", sys(NR(stat), "/proc/self/cmdline", &st2), 0);
#else
    static struct linux_stat64 st2;
    expect("stat64(/proc/self/cmdline)", sys(NR(stat64), "/proc/self/cmdline", &st2), 0);
#endif
    expect("stat: S_IFREG|0444", st2.st_mode, S_IFREG | 0444);
}

/* /proc/self/maps: the regions, read in small pieces as a C library does. */
static void test_maps(void)
{
    long fd = sys(NR(open), "/proc/self/maps", O_RDONLY | O_CLOEXEC);
    check(fd >= 3, "open(/proc/self/maps)");
    if (fd < 0)
        return;
    static char text[8192];
    long n = 0, r;
    while (n < (long)sizeof text - 1 && (r = sys(NR(read), fd, text + n, 100)) > 0)
        n += r;
    text[n] = 0;
    check(n > 0 && text[n - 1] == '\n', "maps: whole lines");
    int stack = 0, vdso = 0, lines = 0;
    for (long i = 0; i < n; i++) {
        if (text[i] == '\n')
            lines++;
        if (text[i] == '[' && !strncmp(text + i, "[stack]", 7))
            stack = 1;
        if (text[i] == '[' && !strncmp(text + i, "[vdso]", 6))
            vdso = 1;
    }
    check(stack && vdso, "maps names [stack] and [vdso]");
    check(lines >= 3, "maps has the program's regions too");
    expect("lseek(maps, 0, SEEK_END) is its size", sys(NR(lseek), fd, 0, SEEK_END), n);
    expect("close(maps)", sys(NR(close), fd), 0);
}

static void test_tty(void)
{
    static struct linux_termios t, t2;
    memset(&t, 0xee, sizeof t);
    expect("TCGETS(0)", sys(NR(ioctl), 0, TCGETS, &t), 0);
    expect("TCGETS: c_iflag ICRNL|IXON", t.c_iflag, ICRNL | IXON);
    expect("TCGETS: c_oflag OPOST|ONLCR", t.c_oflag, OPOST | ONLCR);
    expect("TCGETS: c_cflag B38400|CS8|CREAD|HUPCL", t.c_cflag, B38400 | CS8 | CREAD | HUPCL);
    check((t.c_lflag & (ICANON | ECHO | ISIG)) == (ICANON | ECHO | ISIG), "TCGETS: canonical, echo, signals");
    expect("TCGETS: VINTR is ^C", t.c_cc[VINTR], 3);
    expect("TCGETS: VEOF is ^D", t.c_cc[VEOF], 4);
    expect("TCGETS: c_line 0, c_cc[18] 0", t.c_line | t.c_cc[18], 0);
    t2 = t;
    t2.c_lflag &= ~(unsigned)(ICANON | ECHO);
    t2.c_cc[VMIN] = 0;
    expect("TCSETS (raw mode)", sys(NR(ioctl), 1, TCSETS, &t2), 0);
    memset(&t, 0, sizeof t);
    expect("TCGETS after TCSETS", sys(NR(ioctl), 2, TCGETS, &t), 0);
    expect("the stored c_lflag comes back", t.c_lflag, t2.c_lflag);
    t2.c_lflag |= ICANON | ECHO;
    expect("TCSETSW", sys(NR(ioctl), 1, TCSETSW, &t2), 0);
    expect("TCSETSF", sys(NR(ioctl), 1, TCSETSF, &t2), 0);
    expect("TCSETS from NULL is -EFAULT", sys(NR(ioctl), 1, TCSETS, 0), -EFAULT);
    expect("TCGETS into NULL is -EFAULT", sys(NR(ioctl), 1, TCGETS, 0), -EFAULT);
    expect("TCGETS into the kernel is -EFAULT", sys(NR(ioctl), 1, TCGETS, KPTR), -EFAULT);
    static struct linux_winsize w;
    expect("TIOCGWINSZ", sys(NR(ioctl), 1, TIOCGWINSZ, &w), 0);
    expect("the console is 80x25", w.ws_col * 1000 + w.ws_row, 80025);
    static int pg;
    expect("TIOCGPGRP", sys(NR(ioctl), 0, TIOCGPGRP, &pg), 0);
    expect("the foreground group is the runner's (1)", pg, 1);
    static int bad = 4242;
    expect("TIOCSPGRP to a group that does not exist is -ESRCH", sys(NR(ioctl), 0, TIOCSPGRP, &bad), -ESRCH);
    expect("ioctl 0x1234 is -ENOTTY", sys(NR(ioctl), 1, 0x1234, 0), -ENOTTY);
    expect("TIOCSWINSZ-like 0x5499 is -ENOTTY", sys(NR(ioctl), 1, 0x5499, &w), -ENOTTY);
    expect("ioctl on fd 99 is -EBADF", sys(NR(ioctl), 99, TCGETS, &t), -EBADF);
    expect("ioctl on fd -1 is -EBADF", sys(NR(ioctl), -1, TCGETS, &t), -EBADF);
}

int main(int argc, char **argv, char **envp)
{
    (void)argc, (void)envp;
    size_t n = strlen(argv[0]);
    memcpy(name, argv[0], n < sizeof name - 1 ? n : sizeof name - 1);
    test_stat();
    test_fds();
    test_paths();
    test_snapshot();
    test_maps();
    test_tty();
    return calls_done("files");
}
