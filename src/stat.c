/* fstat, stat, lstat, newfstatat, the i386 stat64 family and statx. One
 * description of a file (struct kstat) is written out in each ABI's layout
 * (include/uapi/linux_fs.h). */
#include "clock.h"
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

static struct process *cur(void) { return cpu0.proc; }

struct kstat {
    uint32_t dev_major, dev_minor, rdev_major, rdev_minor;
    uint64_t ino, nlink, size, blocks;
    uint32_t mode, uid, gid, blksize;
    int64_t sec;   /* atime, mtime and ctime alike */
    uint32_t nsec;
};

static void file_stat(const struct file *f, struct kstat *k)
{
    memset(k, 0, sizeof *k);
    uint64_t s, ns;
    clock_boot_realtime(&s, &ns); /* both kinds of file date from the boot */
    k->sec = (int64_t)s, k->nsec = (uint32_t)ns;
    k->ino = f->ino;
    k->nlink = 1;
    k->blksize = 1024;
    if (f->kind == FILE_CONSOLE) {
        /* /dev/console on devtmpfs (0:6): root:tty, crw--w----. */
        k->dev_minor = 6;
        k->mode = S_IFCHR | 0620;
        k->gid = 5;
        k->rdev_major = CONSOLE_MAJOR, k->rdev_minor = CONSOLE_MINOR;
    } else if (f->kind == FILE_DIR) {
        /* The tree's directories (rootfs, 0:1; /proc's on procfs, 0:22). */
        bool proc = f->node == DIR_PROC || f->node == DIR_PROC_SELF;
        k->dev_minor = proc ? 22 : 1;
        k->mode = S_IFDIR | 0555;
        k->nlink = 2;
        k->blksize = 4096;
    } else if (f->kind == FILE_MODULE) {
        /* A program on the boot image: r-xr-xr-x, its size in 512-byte blocks. */
        k->dev_minor = 1;
        k->mode = S_IFREG | 0555;
        k->size = f->len;
        k->blocks = (f->len + 511) / 512;
        k->blksize = 4096;
    } else if (f->kind == FILE_NULL || f->kind == FILE_ZERO) {
        /* /dev/null (1:3) and /dev/zero (1:5) on devtmpfs: crw-rw-rw-. */
        k->dev_minor = 6;
        k->mode = S_IFCHR | 0666;
        k->rdev_major = 1, k->rdev_minor = f->kind == FILE_NULL ? 3 : 5;
    } else if (f->kind == FILE_PIPE) {
        /* An anonymous pipe (pipefs, 0:12): prw-------, the owner's, 4 KiB blocks. */
        k->dev_minor = 12;
        k->mode = S_IFIFO | 0600;
        k->uid = cpu0.proc->ts.cred.fsuid, k->gid = cpu0.proc->ts.cred.fsgid;
        k->blksize = 4096;
    } else {
        /* A /proc file (procfs, 0:22): r--r--r--, size 0 as /proc says. */
        k->dev_minor = 22;
        k->mode = S_IFREG | 0444;
    }
}

static int64_t put_stat(uint64_t ubuf, const struct kstat *k)
{
    struct linux_stat st;
    memset(&st, 0, sizeof st);
    st.st_dev = LINUX_DEV(k->dev_major, k->dev_minor);
    st.st_ino = k->ino;
    st.st_nlink = k->nlink;
    st.st_mode = k->mode, st.st_uid = k->uid, st.st_gid = k->gid;
    st.st_rdev = LINUX_DEV(k->rdev_major, k->rdev_minor);
    st.st_size = (int64_t)k->size, st.st_blksize = k->blksize, st.st_blocks = (int64_t)k->blocks;
    st.st_atime_sec = st.st_mtime_sec = st.st_ctime_sec = (uint64_t)k->sec;
    st.st_atime_nsec = st.st_mtime_nsec = st.st_ctime_nsec = k->nsec;
    return copy_to_user(ubuf, &st, sizeof st);
}

/* The compat struct stat: 16-bit ids, and -EOVERFLOW for what does not fit. */
static int64_t put_stat32(uint64_t ubuf, const struct kstat *k)
{
    struct linux_stat32 st;
    memset(&st, 0, sizeof st);
    if (k->ino > 0xFFFFFFFFu || k->size > 0x7FFFFFFF || k->nlink > 0xFFFF)
        return -EOVERFLOW;
    st.st_dev = LINUX_DEV(k->dev_major, k->dev_minor);
    st.st_ino = (uint32_t)k->ino;
    st.st_mode = (uint16_t)k->mode, st.st_nlink = (uint16_t)k->nlink;
    /* Ids past 16 bits read as the overflow id 65534. */
    st.st_uid = k->uid > 0xFFFF ? 65534 : (uint16_t)k->uid;
    st.st_gid = k->gid > 0xFFFF ? 65534 : (uint16_t)k->gid;
    st.st_rdev = LINUX_DEV(k->rdev_major, k->rdev_minor);
    st.st_size = (uint32_t)k->size, st.st_blksize = k->blksize, st.st_blocks = (uint32_t)k->blocks;
    st.st_atime_sec = st.st_mtime_sec = st.st_ctime_sec = (uint32_t)k->sec;
    st.st_atime_nsec = st.st_mtime_nsec = st.st_ctime_nsec = k->nsec;
    return copy_to_user(ubuf, &st, sizeof st);
}

static int64_t put_stat64(uint64_t ubuf, const struct kstat *k)
{
    struct linux_stat64 st;
    memset(&st, 0, sizeof st);
    st.st_dev = LINUX_DEV(k->dev_major, k->dev_minor);
    st.st_ino32 = (uint32_t)k->ino;
    st.st_ino = k->ino;
    st.st_mode = k->mode, st.st_nlink = (uint32_t)k->nlink, st.st_uid = k->uid, st.st_gid = k->gid;
    st.st_rdev = LINUX_DEV(k->rdev_major, k->rdev_minor);
    st.st_size = (int64_t)k->size, st.st_blksize = k->blksize, st.st_blocks = k->blocks;
    st.st_atime_sec = st.st_mtime_sec = st.st_ctime_sec = (uint32_t)k->sec;
    st.st_atime_nsec = st.st_mtime_nsec = st.st_ctime_nsec = k->nsec;
    return copy_to_user(ubuf, &st, sizeof st);
}

enum layout { L_STAT, L_STAT32, L_STAT64 };

static int64_t put(enum layout l, uint64_t ubuf, const struct kstat *k)
{
    return l == L_STAT ? put_stat(ubuf, k) : l == L_STAT32 ? put_stat32(ubuf, k) : put_stat64(ubuf, k);
}

static char pathbuf[PATH_MAX];

/* Looks a path up (dirfd, flags as fstatat's) and describes what it names. */
static int64_t lookup_stat(int64_t dirfd, uint64_t upath, uint32_t flags, struct kstat *k)
{
    struct process *p = cur();
    bool empty = false;
    int r = path_get(p, dirfd, upath, pathbuf, flags & AT_EMPTY_PATH, &empty);
    if (r)
        return r;
    if (empty && (int32_t)dirfd != AT_FDCWD) { /* the fd itself */
        struct file *f = fd_get(p, (int32_t)dirfd);
        if (!f)
            return -EBADF;
        file_stat(f, k);
        return 0;
    }
    int fd = rootfs_open(p, empty ? "/" : pathbuf, O_RDONLY); /* AT_FDCWD: the root */
    if (fd < 0)
        return fd;
    file_stat(fd_get(p, fd), k);
    fd_close(p, fd);
    return 0;
}

static int64_t do_fstat(uint64_t fd, uint64_t ubuf, enum layout l)
{
    struct file *f = fd_get(cur(), (int32_t)fd);
    if (!f)
        return -EBADF;
    struct kstat k;
    file_stat(f, &k);
    return put(l, ubuf, &k);
}

static int64_t do_fstatat(int64_t dirfd, uint64_t upath, uint64_t ubuf, uint32_t flags, enum layout l)
{
    if (flags & ~(uint32_t)(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH))
        return -EINVAL;
    struct kstat k;
    int64_t r = lookup_stat(dirfd, upath, flags, &k);
    return r ? r : put(l, ubuf, &k);
}

/* fstat #5 (x86-64 struct stat) and i386 #108 (compat struct stat). */
int64_t sys_fstat(struct sc_call *c) { return do_fstat(c->arg[0], c->arg[1], sc_abi32(c) ? L_STAT32 : L_STAT); }
int64_t sys_fstat64(struct sc_call *c) { return do_fstat(c->arg[0], c->arg[1], L_STAT64); }
int64_t sys_stat(struct sc_call *c)
{
    return do_fstatat(AT_FDCWD, c->arg[0], c->arg[1], 0, sc_abi32(c) ? L_STAT32 : L_STAT);
}
int64_t sys_lstat(struct sc_call *c)
{
    return do_fstatat(AT_FDCWD, c->arg[0], c->arg[1], AT_SYMLINK_NOFOLLOW, sc_abi32(c) ? L_STAT32 : L_STAT);
}
int64_t sys_stat64(struct sc_call *c) { return do_fstatat(AT_FDCWD, c->arg[0], c->arg[1], 0, L_STAT64); }
int64_t sys_lstat64(struct sc_call *c)
{
    return do_fstatat(AT_FDCWD, c->arg[0], c->arg[1], AT_SYMLINK_NOFOLLOW, L_STAT64);
}
int64_t sys_newfstatat(struct sc_call *c)
{
    return do_fstatat((int32_t)c->arg[0], c->arg[1], c->arg[2], (uint32_t)c->arg[3], L_STAT);
}
int64_t sys_fstatat64(struct sc_call *c)
{
    return do_fstatat((int32_t)c->arg[0], c->arg[1], c->arg[2], (uint32_t)c->arg[3], L_STAT64);
}

/* statx(dirfd, path, flags, mask, buf): what is filled is the basic stats
 * and the mount id, whatever mask asks (Linux may give more or less). */
int64_t sys_statx(struct sc_call *c)
{
    uint32_t flags = (uint32_t)c->arg[2], mask = (uint32_t)c->arg[3];
    if (mask & STATX__RESERVED)
        return -EINVAL;
    if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
        return -EINVAL;
    if (flags & ~(uint32_t)(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH | AT_STATX_SYNC_TYPE))
        return -EINVAL;
    struct kstat k;
    int64_t r = lookup_stat((int32_t)c->arg[0], c->arg[1], flags, &k);
    if (r)
        return r;
    struct linux_statx x;
    memset(&x, 0, sizeof x);
    x.stx_mask = STATX_BASIC_STATS | STATX_MNT_ID;
    x.stx_blksize = k.blksize;
    x.stx_attributes_mask = STATX_ATTR_MOUNT_ROOT;
    x.stx_nlink = (uint32_t)k.nlink, x.stx_uid = k.uid, x.stx_gid = k.gid;
    x.stx_mode = (uint16_t)k.mode;
    x.stx_ino = k.ino, x.stx_size = k.size, x.stx_blocks = k.blocks;
    x.stx_atime.tv_sec = x.stx_ctime.tv_sec = x.stx_mtime.tv_sec = k.sec;
    x.stx_atime.tv_nsec = x.stx_ctime.tv_nsec = x.stx_mtime.tv_nsec = k.nsec;
    x.stx_rdev_major = k.rdev_major, x.stx_rdev_minor = k.rdev_minor;
    x.stx_dev_major = k.dev_major, x.stx_dev_minor = k.dev_minor;
    x.stx_mnt_id = k.dev_minor == 22 ? 22 : 21; /* one mount id per file system */
    return copy_to_user(c->arg[4], &x, sizeof x);
}
