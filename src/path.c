/* Path calls: open, openat, access, faccessat, faccessat2, readlink,
 * readlinkat, getcwd and umask. Without a file system every path is
 * -ENOENT, except what the /proc hooks (src/procfs.c) answer. */
#include "errno.h"
#include "fd.h"
#include "fmt.h"
#include "gdt.h"
#include "kstring.h"
#include "path.h"
#include "proc.h"
#include "rootfs.h"
#include "syscall.h"
#include "uaccess.h"

static struct process *cur(void) { return cpu0.proc; }

int path_get(struct process *p, int64_t dirfd, uint64_t upath, char *out, bool empty_ok,
             bool *empty)
{
    static char raw[PATH_MAX]; /* one call at a time */
    long len = copy_string_from_user(raw, upath, PATH_MAX);
    if (len < 0)
        return (int)len;
    if (empty)
        *empty = len == 0;
    if (len == 0) {
        if (!empty_ok)
            return -ENOENT;
        out[0] = 0;
        return 0;
    }
    if (raw[0] != '/' && (int32_t)dirfd != AT_FDCWD) {
        /* Relative to an fd: it must be a directory. */
        const struct file *d = fd_get(p, (int32_t)dirfd);
        if (!d)
            return -EBADF;
        if (d->kind != FILE_DIR)
            return -ENOTDIR;
        static char joined[PATH_MAX];
        int n = ksnprintf(joined, sizeof joined, "%s/%s", rootfs_dir_path(d), raw);
        if (n < 0 || n >= PATH_MAX)
            return -ENAMETOOLONG;
        return path_plain(joined, out, p->pid);
    }
    return path_plain(raw, out, p->pid);
}

static char pathbuf[PATH_MAX];

static int64_t do_open(int64_t dirfd, uint64_t upath, uint64_t flags, bool abi32)
{
    struct process *p = cur();
    /* A 64-bit open is always large-file (Linux's force_o_largefile). */
    if (!abi32)
        flags |= O_LARGEFILE;
    int r = path_get(p, dirfd, upath, pathbuf, false, 0);
    if (r)
        return r;
    /* What exists is not to be created anew. */
    int fd = rootfs_open(p, pathbuf, (int)(uint32_t)flags);
    if (fd >= 0 && (flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) {
        fd_close(p, fd);
        return -EEXIST;
    }
    if (fd >= 0 && (flags & O_DIRECTORY) && fd_get(p, fd)->kind != FILE_DIR) {
        fd_close(p, fd);
        return -ENOTDIR;
    }
    return fd;
}

int64_t sys_open(struct sc_call *c) { return do_open(AT_FDCWD, c->arg[0], c->arg[1], sc_abi32(c)); }
int64_t sys_openat(struct sc_call *c)
{
    return do_open((int32_t)c->arg[0], c->arg[1], c->arg[2], sc_abi32(c));
}

static int64_t do_access(int64_t dirfd, uint64_t upath, uint64_t mode, uint64_t flags)
{
    if ((uint32_t)mode & ~7u)
        return -EINVAL;
    if ((uint32_t)flags & ~(uint32_t)(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    struct process *p = cur();
    bool empty = false;
    int r = path_get(p, dirfd, upath, pathbuf, flags & AT_EMPTY_PATH, &empty);
    if (r)
        return r;
    /* Root may read and write anything, and execute what has an execute
     * bit: directories (search) and the programs. */
    const struct file *f;
    int fd = -1;
    if (empty) { /* the fd itself */
        if ((int32_t)dirfd == AT_FDCWD)
            return -ENOENT;
        if (!(f = fd_get(p, (int32_t)dirfd)))
            return -EBADF;
    } else {
        fd = rootfs_open(p, pathbuf, O_RDONLY);
        if (fd < 0)
            return fd;
        f = fd_get(p, fd);
    }
    bool exec = f->kind == FILE_DIR || f->kind == FILE_MODULE;
    if (fd >= 0)
        fd_close(p, fd);
    return (mode & X_OK) && !exec ? -EACCES : 0;
}

int64_t sys_access(struct sc_call *c) { return do_access(AT_FDCWD, c->arg[0], c->arg[1], 0); }
int64_t sys_faccessat(struct sc_call *c) { return do_access((int32_t)c->arg[0], c->arg[1], c->arg[2], 0); }
int64_t sys_faccessat2(struct sc_call *c)
{
    return do_access((int32_t)c->arg[0], c->arg[1], c->arg[2], c->arg[3]);
}

static int64_t do_readlink(int64_t dirfd, uint64_t upath, uint64_t buf, uint64_t size)
{
    static char target[PATH_MAX];
    if ((int32_t)size <= 0)
        return -EINVAL;
    struct process *p = cur();
    bool empty = false;
    int r = path_get(p, dirfd, upath, pathbuf, true, &empty);
    if (r)
        return r;
    if (empty) /* the fd or directory itself is no link */
        return -ENOENT;
    int len = procfs_readlink(p, pathbuf, target);
    if (len < 0)
        return len;
    uint64_t n = (uint64_t)len < (uint32_t)size ? (uint64_t)len : (uint32_t)size;
    return copy_to_user(buf, target, n) ? -EFAULT : (int64_t)n;
}

int64_t sys_readlink(struct sc_call *c) { return do_readlink(AT_FDCWD, c->arg[0], c->arg[1], c->arg[2]); }
int64_t sys_readlinkat(struct sc_call *c)
{
    return do_readlink((int32_t)c->arg[0], c->arg[1], c->arg[2], c->arg[3]);
}

int64_t sys_getcwd(struct sc_call *c)
{
    /* The working directory is the root; the result counts the NUL. */
    if (c->arg[1] < 2)
        return -ERANGE;
    return copy_to_user(c->arg[0], "/", 2) ? -EFAULT : 2;
}

int64_t sys_umask(struct sc_call *c)
{
    struct process *p = cur();
    uint32_t old = p->ts.umask;
    p->ts.umask = (uint32_t)c->arg[0] & 0777;
    return old;
}
