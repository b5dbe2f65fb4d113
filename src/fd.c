/* File descriptors: the table, the open file descriptions it points at, and
 * close, dup, dup2, dup3, fcntl (include/fd.h). */
#include "errno.h"
#include "fd.h"
#include "pipe.h"
#include "gdt.h"
#include "kstring.h"
#include "layout.h"
#include "paging.h"
#include "proc.h"
#include "syscall.h"
#include "uaccess.h"
#include "uapi/linux_fs.h"

static struct process *cur(void) { return cpu0.proc; }

static void file_put(struct file *f)
{
    if (--f->refs > 0)
        return;
    if (f->kind == FILE_PIPE)
        pipe_end_closed(f);
    for (int i = 0; i < SNAPSHOT_PAGES; i++)
        if (f->pages[i])
            frame_free(f->pages[i]);
    memset(f, 0, sizeof *f);
}

struct file *file_alloc(struct process *p, enum file_kind kind, uint32_t flags)
{
    static uint64_t next_ino = 4026531840ul; /* procfs-like inode numbers */
    for (int i = 0; i < FD_FILES; i++) {
        struct file *f = &proc_group(p)->ts.fds.files[i];
        if (f->kind == FILE_FREE) {
            memset(f, 0, sizeof *f);
            f->kind = kind;
            f->flags = flags;
            f->ino = next_ino++;
            return f;
        }
    }
    return 0;
}

static bool cloexec_get(struct fd_table *t, int fd) { return t->cloexec[fd / 64] >> (fd % 64) & 1; }
static void cloexec_set(struct fd_table *t, int fd, bool on)
{
    if (on)
        t->cloexec[fd / 64] |= 1ul << (fd % 64);
    else
        t->cloexec[fd / 64] &= ~(1ul << (fd % 64));
}

/* The fds a process may use: RLIMIT_NOFILE's soft limit, within the table. */
static int64_t fd_limit(struct process *p)
{
    uint64_t l = p->ts.rlim[RLIMIT_NOFILE].rlim_cur;
    return l < FD_TABLE_SIZE ? (int64_t)l : FD_TABLE_SIZE;
}

struct file *fd_get(struct process *p, int64_t fd)
{
    if (fd < 0 || fd >= FD_TABLE_SIZE)
        return 0;
    return proc_group(p)->ts.fds.fd[fd];
}

static void fd_set(struct process *p, int fd, struct file *f, bool cloexec)
{
    struct fd_table *t = &proc_group(p)->ts.fds;
    if (t->fd[fd])
        file_put(t->fd[fd]);
    t->fd[fd] = f;
    f->refs++;
    cloexec_set(t, fd, cloexec);
}

int fd_install(struct process *p, struct file *f, int64_t min, bool cloexec)
{
    int64_t lim = fd_limit(p);
    for (int64_t fd = min < 0 ? 0 : min; fd < lim; fd++) {
        if (!proc_group(p)->ts.fds.fd[fd]) {
            fd_set(p, (int)fd, f, cloexec);
            return (int)fd;
        }
    }
    if (f->refs == 0) { /* a fresh description: free it and what it holds */
        f->refs = 1;
        file_put(f);
    }
    return -EMFILE;
}

int fd_close(struct process *p, int64_t fd)
{
    struct file *f = fd_get(p, fd);
    if (!f)
        return -EBADF;
    proc_group(p)->ts.fds.fd[fd] = 0;
    cloexec_set(&proc_group(p)->ts.fds, (int)fd, false);
    file_put(f);
    return 0;
}

void fd_init(struct process *p)
{
    struct file *con = file_alloc(p, FILE_CONSOLE, O_RDWR);
    con->ino = 6; /* a small, fixed inode number for the device node */
    for (int fd = 0; fd < 3; fd++)
        fd_set(p, fd, con, false);
}

void fd_release(struct process *p)
{
    for (int fd = 0; fd < FD_TABLE_SIZE; fd++)
        if (proc_group(p)->ts.fds.fd[fd])
            fd_close(p, fd);
}

int fd_copy(struct process *dst, const struct process *src)
{
    /* dst's table is a byte copy of src's: point its fds at its own
     * descriptions, count the pipe ends copied, then give each snapshot its
     * own frames. */
    struct fd_table *t = &dst->ts.fds;
    for (int fd = 0; fd < FD_TABLE_SIZE; fd++)
        if (t->fd[fd])
            t->fd[fd] = &t->files[t->fd[fd] - src->ts.fds.files];
    /* A pipe end copied is one more description on that end. */
    for (int i = 0; i < FD_FILES; i++)
        if (t->files[i].kind == FILE_PIPE)
            pipe_end_copied(&t->files[i]);
    int r = 0;
    for (int i = 0; i < FD_FILES; i++) {
        struct file *f = &t->files[i];
        if (f->kind != FILE_SNAPSHOT)
            continue;
        for (int k = 0; k < SNAPSHOT_PAGES; k++) {
            if (!f->pages[k])
                continue;
            uint64_t pa = r ? 0 : frame_alloc();
            if (pa)
                memcpy(phys_to_virt(pa), phys_to_virt(f->pages[k]), PAGE_SIZE);
            else
                r = -ENOMEM; /* the rest are the parent's: not ours to free */
            f->pages[k] = pa;
        }
    }
    return r;
}

int fd_close_on_exec(struct process *p)
{
    for (int fd = 0; fd < FD_TABLE_SIZE; fd++)
        if (proc_group(p)->ts.fds.fd[fd] && cloexec_get(&proc_group(p)->ts.fds, fd))
            fd_close(p, fd);
    return 0;
}

int fd_open_snapshot(struct process *p, const char *data, size_t len, int flags)
{
    if (len > SNAPSHOT_PAGES * PAGE_SIZE)
        return -ENOMEM;
    struct file *f = file_alloc(p, FILE_SNAPSHOT, (uint32_t)flags & (O_ACCMODE | O_APPEND | O_NONBLOCK | O_LARGEFILE));
    if (!f)
        return -ENFILE;
    for (size_t off = 0, i = 0; off < len; off += PAGE_SIZE, i++) {
        uint64_t pa = frame_alloc();
        if (!pa) {
            f->refs = 1;
            file_put(f);
            return -ENOMEM;
        }
        f->pages[i] = pa;
        size_t n = len - off < PAGE_SIZE ? len - off : PAGE_SIZE;
        memcpy(phys_to_virt(pa), data + off, n);
    }
    f->len = len;
    return fd_install(p, f, 0, flags & O_CLOEXEC);
}

int64_t snapshot_read(struct file *f, uint64_t buf, uint64_t count, uint64_t pos)
{
    if (pos >= f->len)
        return 0;
    if (count > f->len - pos)
        count = f->len - pos;
    uint64_t done = 0;
    while (done < count) {
        uint64_t at = pos + done, in = at % PAGE_SIZE;
        uint64_t n = PAGE_SIZE - in < count - done ? PAGE_SIZE - in : count - done;
        const char *src = (const char *)phys_to_virt(f->pages[at / PAGE_SIZE]) + in;
        if (copy_to_user(buf + done, src, n))
            return done ? (int64_t)done : -EFAULT;
        done += n;
    }
    return (int64_t)done;
}

/* --- the calls ------------------------------------------------------------ */

int64_t sys_close(struct sc_call *c) { return fd_close(cur(), (int32_t)c->arg[0]); }

int64_t sys_dup(struct sc_call *c)
{
    struct process *p = cur();
    struct file *f = fd_get(p, (int32_t)c->arg[0]);
    if (!f)
        return -EBADF;
    return fd_install(p, f, 0, false);
}

static int64_t do_dup3(uint64_t oldfd, uint64_t newfd, uint64_t flags)
{
    struct process *p = cur();
    if (flags & ~(uint64_t)O_CLOEXEC)
        return -EINVAL;
    if ((uint32_t)oldfd == (uint32_t)newfd)
        return -EINVAL;
    /* Linux takes both as unsigned int: a "negative" newfd is past any limit. */
    if ((uint32_t)newfd >= (uint64_t)fd_limit(p))
        return (uint32_t)newfd < p->ts.rlim[RLIMIT_NOFILE].rlim_cur ? -EMFILE : -EBADF;
    struct file *f = fd_get(p, (uint32_t)oldfd);
    if (!f)
        return -EBADF;
    fd_set(p, (int)(uint32_t)newfd, f, flags & O_CLOEXEC);
    return (uint32_t)newfd;
}

int64_t sys_dup3(struct sc_call *c) { return do_dup3(c->arg[0], c->arg[1], (uint32_t)c->arg[2]); }

int64_t sys_dup2(struct sc_call *c)
{
    /* dup2 onto itself checks the fd and changes nothing. */
    if ((uint32_t)c->arg[0] == (uint32_t)c->arg[1])
        return fd_get(cur(), (uint32_t)c->arg[0]) ? (int64_t)(uint32_t)c->arg[0] : -EBADF;
    return do_dup3(c->arg[0], c->arg[1], 0);
}

/* The status flags F_SETFL may change (Linux's SETFL_MASK, less the ones
 * that mean nothing here: O_DIRECT, O_NOATIME, FASYNC). */
#define SETFL_MASK (O_APPEND | O_NONBLOCK)

static int64_t do_fcntl(int64_t fd, uint64_t cmd, uint64_t arg)
{
    struct process *p = cur();
    struct file *f = fd_get(p, fd);
    if (!f)
        return -EBADF;
    switch ((uint32_t)cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
        /* arg is an unsigned long in Linux: from 64-bit code 2^32 is too big. */
        if (arg >= p->ts.rlim[RLIMIT_NOFILE].rlim_cur)
            return -EINVAL;
        return fd_install(p, f, (int64_t)arg, (uint32_t)cmd == F_DUPFD_CLOEXEC);
    case F_GETFD:
        return cloexec_get(&proc_group(p)->ts.fds, (int)fd) ? FD_CLOEXEC : 0;
    case F_SETFD:
        cloexec_set(&proc_group(p)->ts.fds, (int)fd, arg & FD_CLOEXEC);
        return 0;
    case F_GETFL:
        return f->flags;
    case F_SETFL:
        if (arg & O_DIRECT) /* neither kind of file does direct I/O */
            return -EINVAL;
        f->flags = (f->flags & ~(uint32_t)SETFL_MASK) | ((uint32_t)arg & SETFL_MASK);
        return 0;
    }
    return -EINVAL;
}

int64_t sys_fcntl(struct sc_call *c) { return do_fcntl((int32_t)c->arg[0], c->arg[1], c->arg[2]); }
/* i386's fcntl64 differs only in the lock commands, which entrylab lacks. */
int64_t sys_fcntl64(struct sc_call *c) { return do_fcntl((int32_t)c->arg[0], c->arg[1], c->arg[2]); }
