/* poll and ppoll: which fds a read or write would not wait on. A regular
 * (snapshot) file is always ready, as on Linux; the console's output is
 * always ready and its input when the line discipline has something
 * (src/tty_input.c). select and pselect6 are not offered (-ENOSYS). */
#include "clock.h"
#include "cpu.h"
#include "errno.h"
#include "fd.h"
#include "pipe.h"
#include "gdt.h"
#include "proc.h"
#include "rlimit.h"
#include "signal.h"
#include "syscall.h"
#include "timecalls.h"
#include "tty_input.h"
#include "uaccess.h"

#define POLLIN     0x001
#define POLLOUT    0x004
#define POLLERR    0x008
#define POLLHUP    0x010
#define POLLNVAL   0x020
#define POLLRDNORM 0x040
#define POLLWRNORM 0x100
#define NSEC 1000000000l

struct linux_pollfd {
    int32_t fd;
    int16_t events, revents;
};
_Static_assert(sizeof(struct linux_pollfd) == 8, "struct pollfd is 8 bytes in both ABIs");

static uint16_t ready_mask(struct process *p, const struct file *f)
{
    if (f->kind == FILE_CONSOLE)
        return POLLOUT | POLLWRNORM | (tty_readable(p) ? POLLIN | POLLRDNORM : 0);
    if (f->kind == FILE_PIPE)
        return pipe_poll(f);
    return POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
}

/* One pass over the array: revents written back, the count of ready fds
 * returned (or -EFAULT). */
static int64_t poll_pass(struct process *p, uint64_t ufds, uint64_t nfds)
{
    int64_t ready = 0;
    struct linux_pollfd chunk[64];
    for (uint64_t i = 0; i < nfds; i += 64) {
        uint64_t n = nfds - i < 64 ? nfds - i : 64;
        uint64_t at = ufds + i * sizeof chunk[0];
        if (copy_from_user(chunk, at, n * sizeof chunk[0]))
            return -EFAULT;
        for (uint64_t k = 0; k < n; k++) {
            struct linux_pollfd *e = &chunk[k];
            e->revents = 0;
            if (e->fd < 0)
                continue;
            const struct file *f = fd_get(p, e->fd);
            uint16_t m = f ? ready_mask(p, f) : POLLNVAL;
            e->revents = (int16_t)(m & ((uint16_t)e->events | POLLERR | POLLHUP | POLLNVAL));
            ready += e->revents != 0;
        }
        if (copy_to_user(at, chunk, n * sizeof chunk[0]))
            return -EFAULT;
    }
    return ready;
}

/* deadline: a TSC value, 0 for no wait, UINT64_MAX for none. */
static int64_t do_poll(const struct sc_call *c, uint64_t ufds, uint64_t nfds, uint64_t deadline)
{
    struct process *p = cpu0.proc;
    if (nfds > p->ts.rlim[RLIMIT_NOFILE].rlim_cur)
        return -EINVAL;
    for (;;) {
        int64_t r = poll_pass(p, ufds, nfds);
        if (r != 0 || !deadline || rdtsc() >= deadline)
            return r;
        if (p->sig.pending & ~p->sig.blocked)
            return -ERESTARTNOHAND; /* restarted unless a handler runs */
        tty_wait_tick(c->frame);
    }
}

static uint64_t deadline_after_ns(uint64_t ns)
{
    return ns ? rdtsc() + clock_ns_to_tsc(ns) : 0;
}

/* poll restarts by restart_syscall, to the deadline of its first wait
 * (Linux's do_restart_poll). */
static int64_t poll_until(struct sc_call *c, uint64_t ufds, uint64_t nfds, uint64_t deadline)
{
    int64_t r = do_poll(c, ufds, nfds, deadline);
    if (r == -ERESTARTNOHAND) {
        cpu0.proc->sig.restart =
            (struct restart_block){.kind = RESTART_POLL, .deadline = deadline, .uaddr = ufds, .n = nfds};
        r = -ERESTART_RESTARTBLOCK;
    }
    return r;
}

int64_t sys_poll(struct sc_call *c)
{
    int32_t ms = (int32_t)c->arg[2];
    uint64_t deadline = ms < 0 ? UINT64_MAX : deadline_after_ns((uint64_t)ms * 1000000u);
    return poll_until(c, c->arg[0], c->arg[1], deadline);
}

int64_t poll_restart(struct sc_call *c, const struct restart_block *b)
{
    /* A deadline passed meanwhile is a last look, as a zero timeout. */
    return poll_until(c, b->uaddr, b->n, b->deadline != UINT64_MAX && rdtsc() >= b->deadline ? 0 : b->deadline);
}

/* ppoll(fds, nfds, tmo, sigmask, sigsetsize): the timeout as a timespec,
 * updated to what is left (as Linux does), and a signal mask for the wait
 * only, kept for the handler when a signal ends it (as rt_sigsuspend). */
static int64_t do_ppoll(struct sc_call *c, bool ts32)
{
    struct process *p = cpu0.proc;
    uint64_t utmo = c->arg[2], umask = c->arg[3];
    uint64_t deadline = UINT64_MAX;
    int64_t sec = 0, nsec = 0;
    if (utmo) {
        int r = time_read_timespec(utmo, ts32, sc_abi32(c), &sec, &nsec);
        if (r)
            return r;
        uint64_t ns = (uint64_t)sec > UINT64_MAX / NSEC / 2 ? UINT64_MAX / 2 : (uint64_t)sec * NSEC + (uint64_t)nsec;
        deadline = deadline_after_ns(ns);
    }
    uint64_t old = p->sig.blocked;
    if (umask) {
        uint64_t mask;
        if (c->arg[4] != 8)
            return -EINVAL;
        if (copy_from_user(&mask, umask, 8))
            return -EFAULT;
        p->sig.blocked = mask & ~SIG_UNCATCHABLE;
    }
    int64_t r = do_poll(c, c->arg[0], c->arg[1], deadline);
    if (utmo && deadline != UINT64_MAX) {
        uint64_t now = rdtsc();
        int64_t left = deadline > now ? (int64_t)clock_tsc_to_ns(deadline - now) : 0;
        /* A read-only timespec is no error, but a call that cannot say
         * what is left cannot restart (Linux's poll_select_finish). */
        if (time_write_timespec(utmo, left, ts32) && r == -ERESTARTNOHAND)
            r = -EINTR;
    }
    if (umask) {
        if (r == -ERESTARTNOHAND) { /* the handler runs with the wait's mask */
            p->sig.suspend_restore = true;
            p->sig.saved_mask = old;
        } else {
            p->sig.blocked = old;
        }
    }
    return r;
}

int64_t sys_ppoll(struct sc_call *c) { return do_ppoll(c, sc_abi32(c)); }
int64_t sys_ppoll_time64(struct sc_call *c) { return do_ppoll(c, false); }
