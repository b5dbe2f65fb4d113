/* Waiting for children: wait4 and waitid with Linux's status words, and
 * getppid. A child that has ended is a zombie (include/sched.h) until one
 * of these reaps it; the parent blocks in the scheduler until a child
 * ends or a signal arrives. A tracer also waits for its tracees' ptrace
 * stops (src/ptrace.c), and a parent for its children's group stops and
 * continues (WSTOPPED, WCONTINUED: src/jobctl.c). */
#include "clock.h"
#include "cpu.h"
#include "errno.h"
#include "gdt.h"
#include "kstring.h"
#include "proc.h"
#include "sched.h"
#include "syscall.h"
#include "uaccess.h"
#include "uapi/linux_wait.h"

static struct process *cur(void) { return cpu0.proc; }

/* The parent's pid, or 1: the runner, a program's parent and an orphan's
 * new one. One load: getppid is the benchmark's call (tests/bench-budgets.txt). */
int64_t sys_getppid(struct sc_call *c)
{
    (void)c;
    return cur()->ppid;
}

enum wtype { W_ANY, W_PID, W_PGID };

static bool matches(const struct process *ch, enum wtype type, int id, uint32_t options)
{
    if (type == W_PID && ch->pid != id)
        return false;
    if (type == W_PGID && ch->ts.cred.pgid != id)
        return false;
    /* A "clone" child reports with another signal than SIGCHLD: only
     * __WCLONE waits for those, only without it for the others; __WALL
     * for both. */
    if (options & __WALL)
        return true;
    bool clone_child = ch->exit_signal != EL_SIGCHLD;
    return clone_child == ((options & __WCLONE) != 0);
}

struct wresult {
    int pid, status, code, cld_status;
    uint64_t cpu_ns;
};

/* The common wait: the pid reaped (or seen, WNOWAIT) with *w filled, 0 for
 * WNOHANG with nothing ready, -ECHILD, -ERESTARTSYS. */
static int do_wait(enum wtype type, int id, uint32_t options, struct wresult *w)
{
    struct process *p = cur();
    for (;;) {
        bool any = false;
        int i = 0;
        for (struct process *ch; (ch = sched_next(&i));) {
            /* A tracee is the tracer's to wait for while it lives, child
             * or not, clone child or not (Linux's rule for tracees). */
            bool traced = ptrace_traced_by(ch, proc_group(p)) && ch->state != PS_ZOMBIE;
            if (traced && (type != W_PID || ch->pid == id) && (type != W_PGID || ch->ts.cred.pgid == id)) {
                any = true;
                int st;
                /* A ptrace-stop, or else a group stop, each reported once. */
                if (ptrace_take_stop(ch, !(options & WNOWAIT), &st) ||
                    jobctl_take_traced(ch, !(options & WNOWAIT), &st)) {
                    *w = (struct wresult){ch->pid, st, CLD_TRAPPED, (st >> 8) & 0xff, 0};
                    return w->pid;
                }
            }
            if (ch->parent != proc_group(p) || ch->reap_by_runner || !matches(ch, type, id, options))
                continue;
            any = true;
            if (ch->state == PS_ZOMBIE && (options & WEXITED)) {
                *w = (struct wresult){ch->pid, ch->wait_status, ch->cld_code, ch->cld_status, ch->cpu_ns};
                if (!(options & WNOWAIT))
                    sched_release(ch);
                return w->pid;
            }
            int st, code, cs;
            if (jobctl_take(ch, options, !(options & WNOWAIT), &st, &code, &cs)) {
                *w = (struct wresult){ch->pid, st, code, cs, 0};
                return w->pid;
            }
        }
        if (!any)
            return -ECHILD;
        if (options & WNOHANG)
            return 0;
        /* Interrupted: restarted with SA_RESTART, else -EINTR (Linux). */
        if (sched_signal_pending(p, p->sig.blocked))
            return -ERESTARTSYS;
        sched_block();
    }
}

static int put_rusage(const struct sc_call *c, uint64_t ru, const struct wresult *w)
{
    int64_t us = (int64_t)(w->cpu_ns / 1000);
    if (sc_abi32(c)) {
        struct linux_rusage32 r;
        memset(&r, 0, sizeof r);
        r.utime_sec = (int32_t)(us / 1000000), r.utime_usec = (int32_t)(us % 1000000);
        return copy_to_user(ru, &r, sizeof r);
    }
    struct linux_rusage64 r;
    memset(&r, 0, sizeof r);
    r.utime_sec = us / 1000000, r.utime_usec = us % 1000000;
    return copy_to_user(ru, &r, sizeof r);
}

/* wait4(pid, status, options, rusage): pid > 0 that child, -1 any, 0 the
 * caller's group, < -1 the group -pid. */
int64_t sys_wait4(struct sc_call *c)
{
    int32_t upid = (int32_t)c->arg[0];
    uint32_t options = (uint32_t)c->arg[2];
    if (options & ~(uint32_t)(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL))
        return -EINVAL;
    if (upid == INT32_MIN) /* -INT_MIN is no pid */
        return -ESRCH;
    enum wtype type = W_PID;
    int id = upid;
    if (upid == -1)
        type = W_ANY;
    else if (upid < 0)
        type = W_PGID, id = -upid;
    else if (upid == 0)
        type = W_PGID, id = cur()->ts.cred.pgid;
    struct wresult w;
    int r = do_wait(type, id, options | WEXITED, &w);
    if (r <= 0)
        return r;
    if (c->arg[3] && put_rusage(c, c->arg[3], &w))
        return -EFAULT;
    if (c->arg[1] && copy_to_user(c->arg[1], &w.status, 4))
        return -EFAULT; /* the child is reaped all the same, as on Linux */
    return r;
}

/* waitid(idtype, id, infop, options, rusage): 0, with infop's signo,
 * errno, code, pid, uid and status written (all zero when WNOHANG found
 * nothing ready); rusage only for a child found. */
int64_t sys_waitid(struct sc_call *c)
{
    uint32_t idtype = (uint32_t)c->arg[0];
    int32_t id = (int32_t)c->arg[1];
    uint64_t infop = c->arg[2];
    uint32_t options = (uint32_t)c->arg[3];
    if (options & ~(uint32_t)(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL))
        return -EINVAL;
    if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
        return -EINVAL;
    enum wtype type;
    switch (idtype) {
    case P_ALL: type = W_ANY; break;
    case P_PID:
        if (id <= 0)
            return -EINVAL;
        type = W_PID;
        break;
    case P_PGID:
        if (id < 0)
            return -EINVAL;
        type = W_PGID;
        if (id == 0)
            id = cur()->ts.cred.pgid;
        break;
    default: return -EINVAL;
    }
    struct wresult w;
    memset(&w, 0, sizeof w);
    int r = do_wait(type, id, options, &w);
    int signo = 0;
    if (r > 0) {
        signo = EL_SIGCHLD;
        r = 0;
        if (c->arg[4] && put_rusage(c, c->arg[4], &w))
            return -EFAULT;
    }
    if (!infop)
        return r;
    int32_t zero = 0, uid = 0;
    bool a = sc_abi32(c);
    if (copy_to_user(infop + WAITID_SI_SIGNO, &signo, 4) || copy_to_user(infop + WAITID_SI_ERRNO, &zero, 4) ||
        copy_to_user(infop + WAITID_SI_CODE, &w.code, 4) || copy_to_user(infop + WAITID_SI_PID(a), &w.pid, 4) ||
        copy_to_user(infop + WAITID_SI_UID(a), &uid, 4) ||
        copy_to_user(infop + WAITID_SI_STATUS(a), &w.cld_status, 4))
        return -EFAULT;
    return r;
}

/* i386's waitpid(pid, status, options): wait4 without rusage. */
int64_t sys_waitpid(struct sc_call *c)
{
    struct sc_call w = *c;
    uint64_t a[6] = {c->arg[0], c->arg[1], c->arg[2], 0, 0, 0};
    w.arg = a;
    return sys_wait4(&w);
}
