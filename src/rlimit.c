/* getrlimit, setrlimit, prlimit64, and i386's ugetrlimit and old getrlimit.
 * The limits are stored per process; entrylab enforces RLIMIT_NOFILE (the
 * fd table) and reports the others. The rules are src/rlimit_rules.c. */
#include "errno.h"
#include "gdt.h"
#include "paging.h"
#include "proc.h"
#include "rlimit.h"
#include "syscall.h"
#include "uaccess.h"

static struct process *cur(void) { return cpu0.proc; }

void rlimit_init(struct process *p)
{
    /* Linux's max_threads: memory / (8 thread stacks of 16 KiB), at least 20. */
    static uint64_t threads;
    if (!threads) {
        threads = frame_free_count() / 32;
        if (threads < 20)
            threads = 20;
    }
    rlimit_defaults(p->ts.rlim, threads);
}

/* The one way limits are read and changed (Linux's do_prlimit). */
static int do_prlimit(uint32_t res, const struct linux_rlimit64 *new, struct linux_rlimit64 *old)
{
    struct process *p = cur();
    int r = rlimit_check(res, res < RLIM_NLIMITS ? &p->ts.rlim[res] : 0, new, cred_capable(p));
    if (r)
        return r;
    if (old)
        *old = p->ts.rlim[res];
    if (new)
        p->ts.rlim[res] = *new;
    return 0;
}

int64_t sys_getrlimit(struct sc_call *c)
{
    struct linux_rlimit64 v;
    int r = do_prlimit((uint32_t)c->arg[0], 0, &v);
    if (r)
        return r;
    if (!sc_abi32(c)) /* x86-64: struct rlimit is two unsigned longs */
        return copy_to_user(c->arg[1], &v, sizeof v);
    /* i386 #76, the old getrlimit: both clamp to 0x7FFFFFFF. */
    uint32_t w[2] = {rlimit_to_old(v.rlim_cur), rlimit_to_old(v.rlim_max)};
    return copy_to_user(c->arg[1], w, sizeof w);
}

int64_t sys_ugetrlimit(struct sc_call *c)
{
    struct linux_rlimit64 v;
    int r = do_prlimit((uint32_t)c->arg[0], 0, &v);
    if (r)
        return r;
    uint32_t w[2] = {rlimit_to_compat(v.rlim_cur), rlimit_to_compat(v.rlim_max)};
    return copy_to_user(c->arg[1], w, sizeof w);
}

int64_t sys_setrlimit(struct sc_call *c)
{
    struct linux_rlimit64 v;
    if (sc_abi32(c)) {
        uint32_t w[2];
        if (copy_from_user(w, c->arg[1], sizeof w))
            return -EFAULT;
        v.rlim_cur = rlimit_from_compat(w[0]), v.rlim_max = rlimit_from_compat(w[1]);
    } else if (copy_from_user(&v, c->arg[1], sizeof v)) {
        return -EFAULT;
    }
    return do_prlimit((uint32_t)c->arg[0], &v, 0);
}

/* prlimit64(pid, resource, new, old): pid 0 or our own. The runner (pid 1)
 * is the kernel, not a task with limits: like any other pid, -ESRCH. */
int64_t sys_prlimit64(struct sc_call *c)
{
    int32_t pid = (int32_t)c->arg[0];
    struct linux_rlimit64 nv, ov;
    if (c->arg[2] && copy_from_user(&nv, c->arg[2], sizeof nv))
        return -EFAULT;
    if (pid != 0 && pid != cur()->pid)
        return -ESRCH;
    int r = do_prlimit((uint32_t)c->arg[1], c->arg[2] ? &nv : 0, c->arg[3] ? &ov : 0);
    if (r)
        return r;
    return c->arg[3] ? copy_to_user(c->arg[3], &ov, sizeof ov) : 0;
}
