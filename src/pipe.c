/* Pipes, as Linux 6.1 keeps them: a ring of 16 page-sized buffers shared
 * by the descriptions of the two ends. A write first tops up the newest
 * buffer with its sub-page remainder when that fits whole, then fills fresh
 * pages; so a write of at most PIPE_BUF bytes is never split, and how much
 * a pipe holds depends on the sizes written, as on Linux. A read drains the
 * oldest buffers. In packet mode (O_DIRECT) each buffer is one write and
 * each read takes one packet. A read of an empty pipe waits while a writer
 * exists and is end of file after; a write to a pipe nobody can read is
 * SIGPIPE and -EPIPE; O_NONBLOCK makes a wait -EAGAIN. A signal ends a
 * wait with -ERESTARTSYS (restarted with SA_RESTART, else -EINTR), or with
 * the count moved so far. */
#include "errno.h"
#include "fd.h"
#include "gdt.h"
#include "kstring.h"
#include "layout.h"
#include "paging.h"
#include "pipe.h"
#include "proc.h"
#include "signal.h"
#include "syscall.h"
#include "tty_input.h"
#include "uaccess.h"
#include "uapi/linux_fs.h"

#define MAX_PIPES 64

struct pipe_buf {
    uint32_t offset, len;
    bool merge;  /* a later write may append here (not in packet mode) */
    bool packet; /* O_DIRECT: one write, read whole or cut */
};

struct pipe {
    bool used;
    uint64_t pages[PIPE_PAGES];   /* one frame per slot */
    struct pipe_buf bufs[PIPE_PAGES];
    uint32_t head, tail;          /* slots [tail, head) hold data */
    int readers, writers;         /* descriptions open on each end */
};

static struct pipe pipes[MAX_PIPES];

static bool ring_empty(const struct pipe *q) { return q->head == q->tail; }
static bool ring_full(const struct pipe *q) { return q->head - q->tail >= PIPE_PAGES; }
static struct pipe_buf *slot(struct pipe *q, uint32_t i) { return &q->bufs[i % PIPE_PAGES]; }
static char *slot_mem(struct pipe *q, uint32_t i) { return (char *)phys_to_virt(q->pages[i % PIPE_PAGES]); }

static struct pipe *pipe_alloc(void)
{
    for (int i = 0; i < MAX_PIPES; i++) {
        struct pipe *q = &pipes[i];
        if (q->used)
            continue;
        memset(q, 0, sizeof *q);
        for (int k = 0; k < PIPE_PAGES; k++) {
            if (!(q->pages[k] = frame_alloc())) {
                while (k--)
                    frame_free(q->pages[k]);
                return 0;
            }
        }
        q->used = true;
        return q;
    }
    return 0;
}

static void pipe_free_if_unused(struct pipe *q)
{
    if (q->readers || q->writers)
        return;
    for (int k = 0; k < PIPE_PAGES; k++)
        frame_free(q->pages[k]);
    memset(q, 0, sizeof *q);
}

static bool is_reader(const struct file *f) { return (f->flags & O_ACCMODE) == O_RDONLY; }

void pipe_end_copied(struct file *f)
{
    if (is_reader(f))
        f->pipe->readers++;
    else
        f->pipe->writers++;
}

void pipe_end_closed(struct file *f)
{
    struct pipe *q = f->pipe;
    if (is_reader(f))
        q->readers--;
    else
        q->writers--;
    pipe_free_if_unused(q);
}

/* A blocked pipe call waits here: 0 to look again, -ERESTARTSYS for a
 * signal (a restart with SA_RESTART, else -EINTR, as Linux's pipes). */
static int pipe_wait(const struct sc_call *c)
{
    const struct process *p = cpu0.proc;
    if (p->sig.pending & ~p->sig.blocked)
        return -ERESTARTSYS;
    tty_wait_tick(c->frame);
    return 0;
}

int64_t pipe_read(const struct sc_call *c, struct file *f, uint64_t buf, uint64_t count)
{
    struct pipe *q = f->pipe;
    uint64_t done = 0;
    if (count == 0)
        return 0;
    for (;;) {
        while (!ring_empty(q) && done < count) {
            struct pipe_buf *b = slot(q, q->tail);
            uint64_t n = b->len < count - done ? b->len : count - done;
            if (copy_to_user(buf + done, slot_mem(q, q->tail) + b->offset, n))
                return done ? (int64_t)done : -EFAULT;
            done += n;
            b->offset += (uint32_t)n, b->len -= (uint32_t)n;
            if (b->packet)
                b->len = 0; /* the rest of a packet read short is gone */
            if (!b->len)
                q->tail++;
            if (b->packet)
                return (int64_t)done;
        }
        if (done)
            return (int64_t)done;
        if (q->writers == 0)
            return 0; /* end of file */
        if (f->flags & O_NONBLOCK)
            return -EAGAIN;
        int r = pipe_wait(c);
        if (r)
            return r;
    }
}

static void sigpipe(void)
{
    struct process *p = cpu0.proc;
    struct ksiginfo info = {.signo = EL_SIGPIPE, .code = EL_SI_USER, .pid = p->pid};
    signal_send(p, &info);
}

int64_t pipe_write(const struct sc_call *c, struct file *f, uint64_t buf, uint64_t count)
{
    struct pipe *q = f->pipe;
    bool packet = f->flags & O_DIRECT;
    uint64_t done = 0;
    if (count == 0)
        return 0;
    if (q->readers == 0) {
        sigpipe();
        return -EPIPE;
    }
    /* The remainder below a page goes into the newest buffer, if whole. */
    uint64_t part = count & (PAGE_SIZE - 1);
    if (part && !ring_empty(q)) {
        struct pipe_buf *b = slot(q, q->head - 1);
        uint64_t end = b->offset + b->len;
        if (b->merge && end + part <= PAGE_SIZE) {
            if (copy_from_user(slot_mem(q, q->head - 1) + end, buf, part))
                return -EFAULT;
            b->len += (uint32_t)part;
            done = part;
        }
    }
    while (done < count) {
        if (q->readers == 0) {
            sigpipe();
            return done ? (int64_t)done : -EPIPE;
        }
        if (!ring_full(q)) {
            uint64_t n = count - done < PAGE_SIZE ? count - done : PAGE_SIZE;
            if (copy_from_user(slot_mem(q, q->head), buf + done, n))
                return done ? (int64_t)done : -EFAULT;
            *slot(q, q->head) = (struct pipe_buf){0, (uint32_t)n, !packet, packet};
            q->head++;
            done += n;
            continue;
        }
        if (f->flags & O_NONBLOCK)
            return done ? (int64_t)done : -EAGAIN;
        int r = pipe_wait(c);
        if (r)
            return done ? (int64_t)done : r;
    }
    return (int64_t)done;
}

uint16_t pipe_poll(const struct file *f)
{
    const struct pipe *q = f->pipe;
    if (is_reader(f)) /* POLLIN | POLLRDNORM with data, POLLHUP without writers */
        return (!ring_empty(q) ? 0x041 : 0) | (q->writers ? 0 : 0x010);
    /* POLLOUT | POLLWRNORM while a slot is free, POLLERR without readers */
    return (!ring_full(q) ? 0x104 : 0) | (q->readers ? 0 : 0x008);
}

uint64_t pipe_unread(const struct file *f)
{
    struct pipe *q = f->pipe;
    uint64_t n = 0;
    for (uint32_t i = q->tail; i != q->head; i++)
        n += slot(q, i)->len;
    return n;
}

/* pipe2(fds, flags): O_CLOEXEC, O_NONBLOCK and O_DIRECT (packet mode);
 * any other flag is -EINVAL. */
static int64_t do_pipe2(uint64_t ufds, uint64_t flags)
{
    struct process *p = cpu0.proc;
    if (flags & ~(uint64_t)(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
        return -EINVAL;
    struct pipe *q = pipe_alloc();
    if (!q)
        return -ENFILE;
    uint32_t fl = (uint32_t)flags & (O_NONBLOCK | O_DIRECT);
    struct file *r = file_alloc(p, FILE_PIPE, O_RDONLY | fl);
    if (!r) {
        pipe_free_if_unused(q);
        return -ENFILE;
    }
    r->pipe = q;
    q->readers = 1;
    bool cloexec = flags & O_CLOEXEC;
    int rfd = fd_install(p, r, 0, cloexec);
    if (rfd < 0)
        return rfd; /* fd_install freed r, and with it the pipe */
    struct file *w = file_alloc(p, FILE_PIPE, O_WRONLY | fl);
    if (!w) {
        fd_close(p, rfd);
        return -ENFILE;
    }
    w->pipe = q;
    w->ino = r->ino; /* both ends are one inode */
    q->writers = 1;
    int wfd = fd_install(p, w, 0, cloexec);
    if (wfd < 0) {
        fd_close(p, rfd);
        return wfd;
    }
    int32_t fds[2] = {rfd, wfd};
    if (copy_to_user(ufds, fds, sizeof fds)) {
        /* Linux undoes the fds when it cannot say which they are. */
        fd_close(p, rfd);
        fd_close(p, wfd);
        return -EFAULT;
    }
    return 0;
}

int64_t sys_pipe(struct sc_call *c) { return do_pipe2(c->arg[0], 0); }
int64_t sys_pipe2(struct sc_call *c) { return do_pipe2(c->arg[0], c->arg[1]); }
