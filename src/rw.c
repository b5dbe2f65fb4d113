/* read, write, readv, writev, pread64, pwrite64, lseek and _llseek: through
 * the fd table to the file's kind (the console in src/tty.c, snapshots in
 * src/fd.c). Checks come in Linux's order: the fd (-EBADF), the file's
 * access mode (-EBADF) and abilities (-EINVAL, -ESPIPE), then the memory. */
#include "errno.h"
#include "fd.h"
#include "pipe.h"
#include "rootfs.h"
#include "gdt.h"
#include "proc.h"
#include "syscall.h"
#include "uaccess.h"
#include "uapi/linux_fs.h"

static struct process *cur(void) { return cpu0.proc; }

static bool can_read(const struct file *f) { return (f->flags & O_ACCMODE) != O_WRONLY; }
static bool can_write(const struct file *f) { return (f->flags & O_ACCMODE) != O_RDONLY; }

/* One read or write at pos (NULL: the file's own offset, advanced). */
static int64_t file_read(const struct sc_call *c, struct file *f, uint64_t buf, uint64_t count,
                         uint64_t *pos)
{
    if (count > MAX_RW_COUNT)
        count = MAX_RW_COUNT;
    if (!user_range_ok(buf, count))
        return -EFAULT;
    if (f->kind == FILE_CONSOLE)
        return tty_read(c, f, buf, count);
    if (f->kind == FILE_PIPE)
        return pipe_read(c, f, buf, count);
    if (f->kind == FILE_DIR)
        return -EISDIR;
    int64_t r = file_is_rootfs(f) ? rootfs_read(f, buf, count, pos ? *pos : f->pos)
                                  : snapshot_read(f, buf, count, pos ? *pos : f->pos);
    if (r > 0)
        *(pos ? pos : &f->pos) += (uint64_t)r;
    return r;
}

static int64_t file_write(const struct sc_call *c, struct file *f, uint64_t buf, uint64_t count)
{
    if (count > MAX_RW_COUNT)
        count = MAX_RW_COUNT;
    if (f->kind != FILE_CONSOLE && f->kind != FILE_PIPE && f->kind != FILE_NULL && f->kind != FILE_ZERO)
        return -EINVAL; /* a snapshot opened for writing has no write operation */
    if (!user_range_ok(buf, count))
        return -EFAULT;
    if (f->kind == FILE_NULL || f->kind == FILE_ZERO)
        return (int64_t)count; /* gone */
    if (f->kind == FILE_PIPE)
        return pipe_write(c, f, buf, count);
    return tty_write(c, f, buf, count);
}

int64_t sys_read(struct sc_call *c)
{
    struct file *f = fd_get(cur(), (int32_t)c->arg[0]);
    if (!f || !can_read(f))
        return -EBADF;
    return file_read(c, f, c->arg[1], c->arg[2], 0);
}

int64_t sys_write(struct sc_call *c)
{
    struct file *f = fd_get(cur(), (int32_t)c->arg[0]);
    if (!f || !can_write(f))
        return -EBADF;
    return file_write(c, f, c->arg[1], c->arg[2]);
}

/* pread64 and pwrite64: i386 passes the offset in two registers (low, high). */
static int64_t offset_arg(const struct sc_call *c)
{
    return sc_abi32(c) ? (int64_t)((c->arg[4] << 32) | (uint32_t)c->arg[3]) : (int64_t)c->arg[3];
}

/* The checks pread64 and pwrite64 share, in Linux's order: the offset, the
 * fd, a file with an offset, the access mode. 0 with *f set, or the error. */
static int64_t positioned(struct sc_call *c, bool write, struct file **f, uint64_t *at)
{
    int64_t pos = offset_arg(c);
    if (pos < 0)
        return -EINVAL;
    *f = fd_get(cur(), (int32_t)c->arg[0]);
    if (!*f)
        return -EBADF;
    if (file_is_stream(*f))
        return -ESPIPE; /* a terminal or a pipe has no offset */
    if (!(write ? can_write(*f) : can_read(*f)))
        return -EBADF;
    *at = (uint64_t)pos;
    return 0;
}

int64_t sys_pread64(struct sc_call *c)
{
    struct file *f;
    uint64_t at;
    int64_t r = positioned(c, false, &f, &at);
    return r ? r : file_read(c, f, c->arg[1], c->arg[2], &at);
}

int64_t sys_pwrite64(struct sc_call *c)
{
    struct file *f;
    uint64_t at;
    int64_t r = positioned(c, true, &f, &at);
    if (r)
        return r;
    /* /dev/null and /dev/zero take anything anywhere; the console and pipes
     * have no offset; nothing else is writable. */
    if (f->kind == FILE_NULL || f->kind == FILE_ZERO)
        return file_write(c, f, c->arg[1], c->arg[2]);
    return -EINVAL;
}

#define UIO_MAXIOV 1024

/* Reads and checks an iovec array as Linux's import_iovec: at most 1024,
 * no negative length (ssize_t of the caller's ABI), each range a user
 * range, the total cut to MAX_RW_COUNT. */
static int64_t import_iovec(const struct sc_call *c, uint64_t iov, uint64_t cnt, uint64_t *base,
                            uint64_t *len)
{
    if (cnt > UIO_MAXIOV)
        return -EINVAL;
    uint64_t total = 0;
    for (uint64_t i = 0; i < cnt; i++) {
        if (sc_abi32(c)) {
            uint32_t v[2];
            if (copy_from_user(v, iov + i * 8, sizeof v))
                return -EFAULT;
            base[i] = v[0], len[i] = v[1];
            if ((int32_t)v[1] < 0)
                return -EINVAL;
        } else {
            uint64_t v[2];
            if (copy_from_user(v, iov + i * 16, sizeof v))
                return -EFAULT;
            base[i] = v[0], len[i] = v[1];
            if ((int64_t)v[1] < 0)
                return -EINVAL;
        }
        if (len[i] > MAX_RW_COUNT - total)
            len[i] = MAX_RW_COUNT - total;
        if (!user_range_ok(base[i], len[i]))
            return -EFAULT;
        total += len[i];
    }
    return 0;
}

static int64_t do_rw_vec(struct sc_call *c, bool write)
{
    static uint64_t base[UIO_MAXIOV], len[UIO_MAXIOV]; /* one call at a time */
    struct file *f = fd_get(cur(), (int32_t)c->arg[0]);
    if (!f || !(write ? can_write(f) : can_read(f)))
        return -EBADF;
    if (write && f->kind == FILE_SNAPSHOT)
        return -EINVAL;
    if (f->kind == FILE_DIR)
        return -EISDIR;
    uint64_t cnt = c->arg[2];
    int64_t r = import_iovec(c, c->arg[1], cnt, base, len);
    if (r)
        return r;
    int64_t total = 0;
    for (uint64_t i = 0; i < cnt; i++) {
        if (!len[i])
            continue;
        r = write ? file_write(c, f, base[i], len[i]) : file_read(c, f, base[i], len[i], 0);
        if (r < 0)
            return total ? total : r;
        total += r;
        if ((uint64_t)r < len[i])
            break; /* a short transfer ends the vector */
    }
    return total;
}

int64_t sys_writev(struct sc_call *c) { return do_rw_vec(c, true); }
int64_t sys_readv(struct sc_call *c) { return do_rw_vec(c, false); }

static int64_t do_lseek(struct file *f, int64_t off, uint64_t whence, int64_t *res)
{
    if (whence > SEEK_HOLE)
        return -EINVAL;
    if (file_is_stream(f))
        return -ESPIPE;
    if (f->kind == FILE_NULL || f->kind == FILE_ZERO) {
        f->pos = 0; /* Linux's null_lseek: always at 0 */
        *res = 0;
        return 0;
    }
    int64_t size = (int64_t)f->len, at;
    switch (whence) {
    case SEEK_SET: at = off; break;
    case SEEK_CUR:
        if (__builtin_add_overflow((int64_t)f->pos, off, &at))
            return -EINVAL;
        break;
    case SEEK_END:
        if (__builtin_add_overflow(size, off, &at))
            return -EINVAL;
        break;
    case SEEK_DATA:  /* no holes: data is everywhere before the end */
        if (off < 0 || off >= size)
            return -ENXIO;
        at = off;
        break;
    default:         /* SEEK_HOLE: the only hole is the end */
        if (off < 0 || off >= size)
            return -ENXIO;
        at = size;
        break;
    }
    if (at < 0)
        return -EINVAL;
    f->pos = (uint64_t)at;
    *res = at;
    return 0;
}

int64_t sys_lseek(struct sc_call *c)
{
    struct file *f = fd_get(cur(), (int32_t)c->arg[0]);
    /* i386's lseek takes a 32-bit signed offset. */
    int64_t off = sc_abi32(c) ? (int64_t)(int32_t)c->arg[1] : (int64_t)c->arg[1], res;
    if (!f)
        return -EBADF;
    int64_t r = do_lseek(f, off, (uint32_t)c->arg[2], &res);
    return r ? r : res;
}

/* i386 _llseek(fd, offset_high, offset_low, loff_t *result, whence). */
int64_t sys_llseek(struct sc_call *c)
{
    struct file *f = fd_get(cur(), (int32_t)c->arg[0]);
    uint64_t whence = (uint32_t)c->arg[4];
    if (!f)
        return -EBADF;
    if (whence > SEEK_HOLE)
        return -EINVAL;
    int64_t off = (int64_t)(((uint64_t)(uint32_t)c->arg[1] << 32) | (uint32_t)c->arg[2]), res;
    int64_t r = do_lseek(f, off, whence, &res);
    if (r)
        return r;
    return copy_to_user(c->arg[3], &res, sizeof res);
}
