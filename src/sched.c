/* Scheduling calls for one CPU: sched_yield (the scheduler itself is
 * src/scheduler.c), sched_getaffinity, sched_setaffinity and getcpu, with
 * Linux's checks. */
#include "errno.h"
#include "gdt.h"
#include "kstring.h"
#include "proc.h"
#include "sched.h"
#include "syscall.h"
#include "timecalls.h"
#include "uaccess.h"

/* Linux's cpumask_size() with one possible CPU: one unsigned long. */
#define CPUMASK_SIZE 8ul

int64_t sys_sched_yield(struct sc_call *c)
{
    (void)c;
    sched_yield_cpu(); /* the next runnable process runs, if any */
    return 0;
}

static int pid_ok(uint64_t arg)
{
    int32_t pid = (int32_t)arg;
    return pid == 0 || pid == cpu0.proc->pid || (pid > 0 && sched_find(pid)) ? 0 : -ESRCH;
}

/* sched_getaffinity(pid, len, mask): the bytes written (cpumask_size, or
 * len if smaller). len must cover the CPUs and be a whole number of the
 * caller's longs. */
int64_t sys_sched_getaffinity(struct sc_call *c)
{
    uint64_t len = (uint32_t)c->arg[1]; /* an unsigned int in both ABIs */
    uint64_t word = sc_abi32(c) ? 4 : 8;
    if (len * 8 < 1 || (len & (word - 1)))
        return -EINVAL;
    int r = pid_ok(c->arg[0]);
    if (r)
        return r;
    uint64_t n = len < CPUMASK_SIZE ? len : CPUMASK_SIZE;
    uint8_t mask[CPUMASK_SIZE] = {1}; /* CPU 0 */
    return copy_to_user(c->arg[2], mask, n) ? -EFAULT : (int64_t)n;
}

/* sched_setaffinity(pid, len, mask): a mask without CPU 0 names no CPU we
 * have. Bytes past cpumask_size are ignored, missing ones are zero. */
int64_t sys_sched_setaffinity(struct sc_call *c)
{
    uint64_t len = (uint32_t)c->arg[1]; /* an unsigned int in both ABIs */
    uint8_t mask[CPUMASK_SIZE];
    memset(mask, 0, sizeof mask);
    if (copy_from_user(mask, c->arg[2], len < CPUMASK_SIZE ? len : CPUMASK_SIZE))
        return -EFAULT;
    int r = pid_ok(c->arg[0]);
    if (r)
        return r;
    return mask[0] & 1 ? 0 : -EINVAL;
}

/* getcpu(cpu, node, cache): CPU 0 on node 0; NULL pointers are skipped. */
/* getcpu for a caller's pointers: the call and the vsyscall page's
 * emulation share it. One CPU, one node. */
int64_t time_getcpu(uint64_t cpu, uint64_t node)
{
    uint32_t zero = 0;
    if (cpu && copy_to_user(cpu, &zero, 4))
        return -EFAULT;
    if (node && copy_to_user(node, &zero, 4))
        return -EFAULT;
    return 0;
}

int64_t sys_getcpu(struct sc_call *c) { return time_getcpu(c->arg[0], c->arg[1]); }
