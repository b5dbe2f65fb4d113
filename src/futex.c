/* futex (x86-64 202, i386 240 with a 32-bit timespec, futex_time64 422):
 * FUTEX_WAIT, FUTEX_WAKE, FUTEX_WAIT_BITSET and FUTEX_WAKE_BITSET, each
 * with or without FUTEX_PRIVATE_FLAG. Everything else (REQUEUE,
 * CMP_REQUEUE, WAKE_OP, the PI operations, FUTEX_FD) is -ENOSYS: glibc
 * 2.36's and musl's mutexes, condition variables and joins do not use them.
 *
 * A waiter is a process blocked with futex_wait set and its key; there is
 * no queue: a wake scans the process table (NPROC entries), oldest slot
 * first. The key of a word in MAP_SHARED memory is its physical address
 * (one word for every process that maps it); any other word's is (thread
 * group, virtual address), private or not, as Linux keys private memory. */
#include "clock.h"
#include "cpu.h"
#include "errno.h"
#include "gdt.h"
#include "layout.h"
#include "mm.h"
#include "paging.h"
#include "proc.h"
#include "sched.h"
#include "syscall.h"
#include "thread.h"
#include "timecalls.h"
#include "uaccess.h"

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_CMD_MASK (~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))

#define NSEC 1000000000ll

static int futex_key(struct process *p, uint64_t uaddr, bool private, uint64_t key[2])
{
    struct process *g = proc_group(p);
    if (uaddr & 3)
        return -EINVAL;
    if (uaddr >= USER_END)
        return -EFAULT;
    uint32_t val;
    if (copy_from_user(&val, uaddr, 4)) /* present from here on */
        return -EFAULT;
    struct vma *v = private ? 0 : vma_find(&g->map, uaddr);
    if (v && (v->flags & VMA_SHARED)) {
        uint64_t pte = paging_query(g->pml4, uaddr);
        if (!pte)
            return -EFAULT;
        key[0] = 0;
        key[1] = (pte & 0x000FFFFFFFFFF000ull) | (uaddr & 0xFFF);
        return 0;
    }
    key[0] = (uint64_t)g;
    key[1] = uaddr;
    return 0;
}

static int wake_key(const uint64_t key[2], uint32_t bits, int n)
{
    /* The count is checked after a wake, as Linux's futex_wake does: n of
     * 0 (or less) still wakes one waiter (Linux's fsgsbase test relies on
     * FUTEX_WAKE with 0). */
    int woken = 0, i = 0;
    for (struct process *q; (q = sched_next(&i));) {
        /* Not only the blocked: one that another wake (a signal, a child's
         * end) made runnable is still waiting until it runs again. */
        if (q->futex_wait && q->futex_key[0] == key[0] &&
            q->futex_key[1] == key[1] && (q->futex_bits & bits)) {
            q->futex_wait = false;
            sched_wake(q);
            if (++woken >= n)
                break;
        }
    }
    return woken;
}

int futex_wake(struct process *p, uint64_t uaddr, bool private, uint32_t bits, int n)
{
    uint64_t key[2];
    int e = futex_key(p, uaddr, private, key);
    return e ? e : wake_key(key, bits, n);
}

/* The TSC deadline for the timeout: relative for FUTEX_WAIT, absolute on
 * CLOCK_MONOTONIC (or CLOCK_REALTIME) for FUTEX_WAIT_BITSET. */
static int deadline_of(struct sc_call *c, bool ts32, bool absolute, bool realtime, uint64_t *deadline)
{
    *deadline = UINT64_MAX;
    if (!c->arg[3])
        return 0;
    int64_t sec, nsec;
    int e = time_read_timespec(c->arg[3], ts32, sc_abi32(c), &sec, &nsec);
    if (e)
        return e;
    if (sec > (INT64_MAX / NSEC) - 1)
        return 0; /* as good as forever */
    int64_t want = sec * NSEC + nsec, now = 0;
    if (absolute) {
        uint64_t s, ns;
        if (realtime)
            clock_realtime(&s, &ns);
        else
            clock_monotonic(&s, &ns);
        now = (int64_t)(s * NSEC + ns);
        want = want > now ? want - now : 0;
    }
    uint64_t t0 = rdtsc(), d = clock_ns_to_tsc((uint64_t)want);
    *deadline = d > UINT64_MAX - t0 ? UINT64_MAX - 1 : t0 + d;
    return 0;
}

/* The wait itself, for the call and for restart_syscall: until a wake, the
 * TSC deadline, or a signal. Interrupted, a wait without a timeout restarts
 * with SA_RESTART (-ERESTARTSYS); one with a timeout restarts by
 * restart_syscall to the same deadline unless a handler runs (Linux's
 * futex_wait_restart). */
static int64_t futex_wait_on(uint64_t uaddr, uint32_t expect, uint32_t op, uint32_t bits, uint64_t deadline,
                             bool timeout)
{
    struct process *p = cpu0.proc;
    uint64_t key[2];
    int e = futex_key(p, uaddr, op & FUTEX_PRIVATE_FLAG, key);
    if (e)
        return e;
    /* One CPU and no interrupts in the kernel: nothing can change the word
     * between this read and the block. */
    uint32_t val;
    if (copy_from_user(&val, uaddr, 4))
        return -EFAULT;
    if (val != expect)
        return -EAGAIN;
    p->futex_key[0] = key[0];
    p->futex_key[1] = key[1];
    p->futex_bits = bits;
    p->futex_wait = true;
    int64_t r = 0;
    while (p->futex_wait) {
        if (sched_signal_pending(p, p->sig.blocked)) {
            r = -ERESTARTSYS;
            if (timeout) {
                p->sig.restart = (struct restart_block){.kind = RESTART_FUTEX, .deadline = deadline,
                                                        .uaddr = uaddr, .n = expect, .bits = bits, .op = op};
                r = -ERESTART_RESTARTBLOCK;
            }
            break;
        }
        if (rdtsc() >= deadline) {
            r = -ETIMEDOUT;
            break;
        }
        p->wake_tsc = deadline;
        sched_block();
    }
    p->futex_wait = false;
    p->wake_tsc = 0;
    return r;
}

static int64_t futex_wait(struct sc_call *c, bool ts32, uint32_t op, uint32_t bits)
{
    uint32_t cmd = op & FUTEX_CMD_MASK;
    if (!bits)
        return -EINVAL;
    uint64_t deadline;
    int e = deadline_of(c, ts32, cmd == FUTEX_WAIT_BITSET, op & FUTEX_CLOCK_REALTIME, &deadline);
    if (e)
        return e;
    return futex_wait_on(c->arg[0], (uint32_t)c->arg[2], op, bits, deadline, c->arg[3] != 0);
}

int64_t futex_restart(struct sc_call *c, const struct restart_block *b)
{
    (void)c;
    return futex_wait_on(b->uaddr, (uint32_t)b->n, b->op, b->bits, b->deadline, true);
}

static int64_t do_futex(struct sc_call *c, bool ts32)
{
    uint32_t op = (uint32_t)c->arg[1];
    uint32_t cmd = op & FUTEX_CMD_MASK;
    if ((op & FUTEX_CLOCK_REALTIME) && cmd != FUTEX_WAIT_BITSET)
        return -ENOSYS; /* Linux's rule */
    switch (cmd) {
    case FUTEX_WAIT:
        return futex_wait(c, ts32, op, ~0u);
    case FUTEX_WAIT_BITSET:
        return futex_wait(c, ts32, op, (uint32_t)c->arg[5]);
    case FUTEX_WAKE:
    case FUTEX_WAKE_BITSET: {
        uint32_t bits = cmd == FUTEX_WAKE ? ~0u : (uint32_t)c->arg[5];
        if (!bits)
            return -EINVAL;
        int n = (int32_t)c->arg[2]; /* 0 or less wakes one (wake_key) */
        return futex_wake(cpu0.proc, c->arg[0], op & FUTEX_PRIVATE_FLAG, bits, n);
    }
    }
    return -ENOSYS;
}

int64_t sys_futex(struct sc_call *c) { return do_futex(c, sc_abi32(c)); }
int64_t sys_futex_time64(struct sc_call *c) { return do_futex(c, false); }
