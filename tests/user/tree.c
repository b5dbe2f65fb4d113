/* tree64 / tree32: the file tree as a program sees it (src/rootfs.c):
 * directories listed with getdents64, the programs in /user and /boot as
 * read-only files with their bytes, /dev/null and /dev/zero, stat of each
 * kind, paths relative to a directory fd, and the errors Linux gives. */
#include "calls.h"

#define EISDIR 21
#define EROFS 30
#define DT_DIR 4
#define DT_REG 8
#define DT_CHR 2

static char buf[8192];

/* Whether the space-separated list has word w. */
static int has_word(const char *list, const char *w)
{
    size_t n = strlen(w);
    for (const char *s = list; *s;) {
        const char *e = s;
        while (*e && *e != ' ')
            e++;
        if ((size_t)(e - s) == n && memcmp(s, w, n) == 0)
            return 1;
        s = *e ? e + 1 : e;
    }
    return 0;
}

/* Lists dir; returns the names joined by spaces in out, -errno on error. */
static long list(const char *dir, char *out, size_t size)
{
    long fd = sys(NR(open), dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return fd;
    size_t used = 0;
    out[0] = 0;
    long n;
    while ((n = sys(NR(getdents64), fd, buf, sizeof buf)) > 0) {
        for (long at = 0; at < n;) {
            unsigned short reclen;
            memcpy(&reclen, buf + at + 16, 2);
            const char *name = buf + at + 19;
            size_t len = strlen(name);
            if (used + len + 2 < size) {
                if (used)
                    out[used++] = ' ';
                memcpy(out + used, name, len + 1);
                used += len;
            }
            check(reclen % 8 == 0 && reclen >= 20, "getdents64: records 8-byte aligned");
            at += reclen;
        }
    }
    sys(NR(close), fd);
    return n;
}

static void test_dirs(void)
{
    static char names[1024];
    expect("list /", list("/", names, sizeof names), 0);
    expect("/ holds . .. boot dev proc user", strcmp(names, ". .. boot dev proc user"), 0);
    expect("list /dev", list("/dev", names, sizeof names), 0);
    expect("/dev holds console null tty zero", strcmp(names, ". .. console null tty zero"), 0);
    expect("list /proc/self", list("/proc/self/", names, sizeof names), 0);
    expect("/proc/self holds cmdline exe maps", strcmp(names, ". .. cmdline exe maps"), 0);
    expect("list /user", list("/user", names, sizeof names), 0);
    check(has_word(names, "tree64") && has_word(names, "tree32"), "/user lists the programs");
    static char boot[1024];
    list("/boot", boot, sizeof boot);
    expect("/boot lists what /user does", strcmp(names, boot), 0);
    expect("list /dev/null is -ENOTDIR", list("/dev/null", names, sizeof names), -ENOTDIR);
    expect("list /nothing is -ENOENT", list("/nothing", names, sizeof names), -ENOENT);
    long fd = sys(NR(open), "/", O_RDONLY);
    check(fd >= 0, "open / without O_DIRECTORY");
    expect("read of a directory is -EISDIR", sys(NR(read), fd, buf, 10), -EISDIR);
    expect("getdents64 into 8 bytes is -EINVAL", sys(NR(getdents64), fd, buf, 8), -EINVAL);
    expect("getdents64 into a bad buffer is -EFAULT", sys(NR(getdents64), fd, UNMAPPED, 4096), -EFAULT);
    expect("open / for writing is -EISDIR", sys(NR(open), "/", O_RDWR), -EISDIR);
    long n = sys(NR(getdents64), fd, buf, sizeof buf);
    check(n > 0, "getdents64 of /");
    expect("at its end: 0", sys(NR(getdents64), fd, buf, sizeof buf), 0);
    expect("lseek to the start", sys(NR(lseek), fd, 0, 0), 0);
    expect("the same again", sys(NR(getdents64), fd, buf + 4096, 4096), n);
    expect("getdents64 of the console is -ENOTDIR", sys(NR(getdents64), 1, buf, sizeof buf), -ENOTDIR);
    expect("getdents64 of fd 99 is -EBADF", sys(NR(getdents64), 99, buf, sizeof buf), -EBADF);
    /* A path relative to a directory fd. */
    long dev = sys(NR(open), "/dev", O_RDONLY | O_DIRECTORY);
    long z = sys(NR(openat), dev, "zero", O_RDONLY);
    check(z >= 0, "openat(/dev fd, \"zero\")");
    sys(NR(close), z);
    expect("openat(/dev fd, \"../proc/self/maps\")", sys(NR(openat), dev, "../nothing", O_RDONLY), -ENOENT);
    sys(NR(close), dev);
    sys(NR(close), fd);
}

static void test_files(const char *self)
{
    static char path[64];
    memcpy(path, "/user/", 6);
    memcpy(path + 6, self, strlen(self) + 1);
    long fd = sys(NR(open), path, O_RDONLY);
    check(fd >= 0, "open /user/<this program>");
    expect("it starts with the ELF magic", sys(NR(read), fd, buf, 4), 4);
    expect("\\177ELF", memcmp(buf, "\177ELF", 4), 0);
    static struct linux_statx sx;
    expect("statx of it", sys(NR(statx), AT_FDCWD, path, 0, 0x7ff, &sx), 0);
    expect("statx: r-xr-xr-x", sx.stx_mode, S_IFREG | 0555);
    check(sx.stx_size > 1000, "statx: its size");
    expect("lseek to the end is its size", sys(NR(lseek), fd, 0, 2), sx.stx_size);
    expect("read at the end: 0", sys(NR(read), fd, buf, 10), 0);
    expect("pread64 at 1", sys(NR(pread64), fd, buf, 3, 1, 0), 3);
    expect("pread64: ELF", memcmp(buf, "ELF", 3), 0);
    sys(NR(close), fd);
    expect("access X_OK of a program", sys(NR(access), path, 1), 0);
    expect("access X_OK of /dev/null is -EACCES", sys(NR(access), "/dev/null", 1), -EACCES);
    expect("open a program for writing is -EROFS", sys(NR(open), path, O_RDWR), -EROFS);
    expect("open /user/nothing is -ENOENT", sys(NR(open), "/user/nothing", O_RDONLY), -ENOENT);
    expect("open a program with O_DIRECTORY is -ENOTDIR", sys(NR(open), path, O_RDONLY | O_DIRECTORY), -ENOTDIR);
    memcpy(path, "/boot/", 6);
    fd = sys(NR(open), path, O_RDONLY);
    check(fd >= 0, "/boot/<this program> too");
    sys(NR(close), fd);
}

static void test_devices(void)
{
    long fd = sys(NR(open), "/dev/null", O_RDWR);
    check(fd >= 0, "open /dev/null");
    expect("write to /dev/null: all of it", sys(NR(write), fd, buf, 5000), 5000);
    expect("read of /dev/null: end of file", sys(NR(read), fd, buf, 10), 0);
    expect("write to /dev/null from an unmapped user buffer: all of it", sys(NR(write), fd, UNMAPPED, 10), 10);
#ifdef __x86_64__
    /* (A 32-bit program's 0xfffff000 is below TASK_SIZE_MAX: Linux takes it.) */
    expect("write to /dev/null from the kernel is -EFAULT", sys(NR(write), fd, KPTR, 10), -EFAULT);
#endif
    expect("lseek on /dev/null is 0", sys(NR(lseek), fd, 100, 0), 0);
    static struct linux_statx sx;
    expect("statx /dev/null", sys(NR(statx), fd, "", 0x1000, 0x7ff, &sx), 0);
    expect("statx: crw-rw-rw-", sx.stx_mode, S_IFCHR | 0666);
    expect("statx: 1:3", sx.stx_rdev_major * 100 + sx.stx_rdev_minor, 103);
    sys(NR(close), fd);
    fd = sys(NR(open), "/dev/zero", O_RDONLY);
    memset(buf, 0x55, 300);
    expect("read of /dev/zero: all asked", sys(NR(read), fd, buf, 300), 300);
    int zero = 1;
    for (int i = 0; i < 300; i++)
        zero &= buf[i] == 0;
    check(zero, "... zeros");
    sys(NR(close), fd);
    fd = sys(NR(open), "/dev/tty", O_RDWR);
    check(fd >= 0, "open /dev/tty");
    static struct linux_termios t;
    expect("/dev/tty is a terminal", sys(NR(ioctl), fd, TCGETS, &t), 0);
    sys(NR(close), fd);
}

int main(int argc, char **argv, char **envp)
{
    (void)argc, (void)envp;
    test_dirs();
    test_files(argv[0]);
    test_devices();
    return calls_done("tree");
}
