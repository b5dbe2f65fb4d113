/* The read-only file tree (include/rootfs.h). Nothing is stored: each
 * directory's entries are worked out when it is listed, from the boot
 * modules and a fixed list, and inode numbers follow from what a node is. */
#include "boot.h"
#include "errno.h"
#include "fd.h"
#include "gdt.h"
#include "kstring.h"
#include "path.h"
#include "proc.h"
#include "rootfs.h"
#include "syscall.h"
#include "uaccess.h"
#include "uapi/linux_fs.h"

#define DT_CHR 2
#define DT_DIR 4
#define DT_REG 8
#define DT_LNK 10
#define MODULE_INO 1000 /* module i is inode MODULE_INO + i */

static const char *const dir_paths[] = {
    [DIR_ROOT] = "/", [DIR_BOOT] = "/boot", [DIR_USER] = "/user",
    [DIR_DEV] = "/dev", [DIR_PROC] = "/proc", [DIR_PROC_SELF] = "/proc/self",
};
#define NDIRS (sizeof dir_paths / sizeof dir_paths[0])

const char *rootfs_dir_path(const struct file *f) { return dir_paths[f->node]; }

struct entry {
    const char *name;
    size_t len;
    uint64_t ino;
    uint8_t type;
};

/* The devices of /dev: name, kind, minor of major 1 (0: the console). */
static const struct {
    const char *name;
    enum file_kind kind;
    uint32_t minor;
} devices[] = {
    {"console", FILE_CONSOLE, 0}, {"null", FILE_NULL, 3}, {"tty", FILE_CONSOLE, 0}, {"zero", FILE_ZERO, 5},
};

/* The module whose name (its command line's first word) is name[0..len),
 * the first of several with that name; -1 if none. */
static long module_named(const char *name, size_t len)
{
    for (size_t i = 0; i < boot_module_count(); i++) {
        const char *c = boot_module(i)->cmdline;
        size_t n = 0;
        while (c[n] && c[n] != ' ')
            n++;
        if (n == len && strncmp(c, name, len) == 0)
            return (long)i;
    }
    return -1;
}

/* The k-th entry of directory d (after "." and ".."), false past the end. */
static bool dir_entry(enum rootfs_dir d, size_t k, struct entry *e)
{
    static const struct { enum rootfs_dir parent; const char *name; enum rootfs_dir dir; } subdirs[] = {
        {DIR_ROOT, "boot", DIR_BOOT}, {DIR_ROOT, "dev", DIR_DEV}, {DIR_ROOT, "proc", DIR_PROC},
        {DIR_ROOT, "user", DIR_USER}, {DIR_PROC, "self", DIR_PROC_SELF},
    };
    size_t seen = 0;
    for (size_t i = 0; i < sizeof subdirs / sizeof subdirs[0]; i++) {
        if (subdirs[i].parent != d)
            continue;
        if (seen++ == k) {
            *e = (struct entry){subdirs[i].name, strlen(subdirs[i].name), subdirs[i].dir, DT_DIR};
            return true;
        }
    }
    k -= seen;
    if (d == DIR_DEV) {
        if (k >= sizeof devices / sizeof devices[0])
            return false;
        *e = (struct entry){devices[k].name, strlen(devices[k].name), 100 + k, DT_CHR};
        return true;
    }
    if (d == DIR_PROC_SELF) {
        static const char *const files[] = {"cmdline", "exe", "maps"};
        if (k >= 3)
            return false;
        *e = (struct entry){files[k], strlen(files[k]), 200 + k, k == 1 ? DT_LNK : DT_REG};
        return true;
    }
    if (d == DIR_BOOT || d == DIR_USER) {
        /* Each name once: the first module of that name. */
        for (size_t i = 0, n = 0; i < boot_module_count(); i++) {
            const char *c = boot_module(i)->cmdline;
            size_t len = 0;
            while (c[len] && c[len] != ' ')
                len++;
            if (!len || module_named(c, len) != (long)i)
                continue;
            if (n++ == k) {
                *e = (struct entry){c, len, MODULE_INO + i, DT_REG};
                return true;
            }
        }
    }
    return false;
}

static int open_dir(struct process *p, enum rootfs_dir d, int flags)
{
    if ((flags & O_ACCMODE) != O_RDONLY || (flags & O_CREAT))
        return -EISDIR;
    struct file *f = file_alloc(p, FILE_DIR, O_RDONLY | ((uint32_t)flags & O_NONBLOCK));
    if (!f)
        return -ENFILE;
    f->node = d;
    f->ino = d;
    return fd_install(p, f, 0, flags & O_CLOEXEC);
}

static int open_kind(struct process *p, enum file_kind kind, uint64_t ino, int flags)
{
    if (flags & O_DIRECTORY)
        return -ENOTDIR;
    struct file *f = file_alloc(p, kind, (uint32_t)flags & (O_ACCMODE | O_APPEND | O_NONBLOCK | O_LARGEFILE));
    if (!f)
        return -ENFILE;
    f->ino = ino;
    return fd_install(p, f, 0, flags & O_CLOEXEC);
}

int rootfs_open(struct process *p, const char *path, int flags)
{
    for (size_t d = 1; d < NDIRS; d++)
        if (strcmp(path, dir_paths[d]) == 0)
            return open_dir(p, (enum rootfs_dir)d, flags);
    if (strncmp(path, "/dev/", 5) == 0) {
        for (size_t i = 0; i < sizeof devices / sizeof devices[0]; i++) {
            if (strcmp(path + 5, devices[i].name) != 0)
                continue;
            if (devices[i].kind == FILE_CONSOLE) {
                int fd = open_kind(p, FILE_CONSOLE, 6, flags);
                return fd;
            }
            return open_kind(p, devices[i].kind, 100 + i, flags);
        }
        return -ENOENT;
    }
    const char *name = 0;
    if (strncmp(path, "/user/", 6) == 0 || strncmp(path, "/boot/", 6) == 0)
        name = path + 6;
    if (name) {
        long m = strchr(name, '/') ? -1 : module_named(name, strlen(name));
        if (m < 0)
            return -ENOENT;
        /* A program file: read-only, whatever the flags ask (Linux: -EROFS
         * on a read-only mount for writing). */
        if ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC))
            return -EROFS;
        int fd = open_kind(p, FILE_MODULE, MODULE_INO + (uint64_t)m, flags);
        if (fd >= 0) {
            struct file *f = fd_get(p, fd);
            f->data = boot_module((size_t)m)->data;
            f->len = boot_module((size_t)m)->size;
        }
        return fd;
    }
    return procfs_open(p, path, flags);
}

int64_t rootfs_read(struct file *f, uint64_t buf, uint64_t count, uint64_t pos)
{
    if (f->kind == FILE_NULL)
        return 0;
    if (f->kind == FILE_ZERO) {
        static const char zeros[256];
        uint64_t done = 0;
        while (done < count) {
            uint64_t n = count - done < sizeof zeros ? count - done : sizeof zeros;
            if (copy_to_user(buf + done, zeros, n))
                return done ? (int64_t)done : -EFAULT;
            done += n;
        }
        return (int64_t)done;
    }
    /* A module's bytes. */
    if (pos >= f->len)
        return 0;
    if (count > f->len - pos)
        count = f->len - pos;
    return copy_to_user(buf, (const char *)f->data + pos, count) ? -EFAULT : (int64_t)count;
}

/* getdents64(fd, dirent, count): Linux's struct linux_dirent64, each record
 * 8-byte aligned; d_off is where the next one starts (the entry index). */
int64_t sys_getdents64(struct sc_call *c)
{
    struct process *p = cpu0.proc;
    struct file *f = fd_get(p, (int32_t)c->arg[0]);
    if (!f)
        return -EBADF;
    if (f->kind != FILE_DIR)
        return -ENOTDIR;
    uint64_t buf = c->arg[1], count = (uint32_t)c->arg[2], done = 0;
    if (!user_range_ok(buf, count))
        return -EFAULT;
    for (;; f->pos++) {
        struct entry e;
        if (f->pos == 0)
            e = (struct entry){".", 1, f->node, DT_DIR};
        else if (f->pos == 1)
            e = (struct entry){"..", 2, f->node == DIR_PROC_SELF ? DIR_PROC : DIR_ROOT, DT_DIR};
        else if (!dir_entry((enum rootfs_dir)f->node, f->pos - 2, &e))
            break;
        if (e.len > 255)
            continue; /* a module name too long for a directory entry */
        uint64_t reclen = (19 + e.len + 1 + 7) & ~7ul; /* ino, off, reclen, type, name, NUL */
        if (done + reclen > count)
            return done ? (int64_t)done : -EINVAL; /* the buffer cannot hold one entry */
        char rec[19 + 256 + 8];
        memset(rec, 0, reclen);
        uint64_t off = f->pos + 1;
        uint16_t rl = (uint16_t)reclen;
        memcpy(rec, &e.ino, 8);
        memcpy(rec + 8, &off, 8);
        memcpy(rec + 16, &rl, 2);
        rec[18] = (char)e.type;
        memcpy(rec + 19, e.name, e.len);
        if (copy_to_user(buf + done, rec, reclen))
            return -EFAULT;
        done += reclen;
    }
    return (int64_t)done;
}
