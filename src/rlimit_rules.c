/* Resource limits: Linux's defaults, its rules for a change, and i386's
 * 32-bit forms (include/rlimit.h). Pure code. */
#include "errno.h"
#include "rlimit.h"

void rlimit_defaults(struct linux_rlimit64 out[RLIM_NLIMITS], uint64_t threads)
{
    const uint64_t inf = RLIM64_INFINITY;
    for (int i = 0; i < RLIM_NLIMITS; i++)
        out[i] = (struct linux_rlimit64){inf, inf};
    out[RLIMIT_STACK] = (struct linux_rlimit64){8ul << 20, inf};   /* _STK_LIM */
    out[RLIMIT_CORE] = (struct linux_rlimit64){0, inf};
    out[RLIMIT_NPROC] = (struct linux_rlimit64){threads / 2, threads / 2};
    out[RLIMIT_NOFILE] = (struct linux_rlimit64){1024, 4096};      /* INR_OPEN_CUR/MAX */
    out[RLIMIT_MEMLOCK] = (struct linux_rlimit64){8ul << 20, 8ul << 20};
    out[RLIMIT_SIGPENDING] = (struct linux_rlimit64){threads / 2, threads / 2};
    out[RLIMIT_MSGQUEUE] = (struct linux_rlimit64){819200, 819200}; /* MQ_BYTES_MAX */
    out[RLIMIT_NICE] = (struct linux_rlimit64){0, 0};
    out[RLIMIT_RTPRIO] = (struct linux_rlimit64){0, 0};
}

int rlimit_check(uint32_t resource, const struct linux_rlimit64 *old,
                 const struct linux_rlimit64 *new, bool capable)
{
    if (resource >= RLIM_NLIMITS)
        return -EINVAL;
    if (!new)
        return 0;
    if (new->rlim_cur > new->rlim_max)
        return -EINVAL;
    if (resource == RLIMIT_NOFILE && new->rlim_max > NR_OPEN)
        return -EPERM;
    if (new->rlim_max > old->rlim_max && !capable)
        return -EPERM;
    return 0;
}

uint32_t rlimit_to_compat(uint64_t v) { return v > RLIM32_INFINITY ? RLIM32_INFINITY : (uint32_t)v; }
uint32_t rlimit_to_old(uint64_t v) { return v > 0x7FFFFFFFu ? 0x7FFFFFFFu : (uint32_t)v; }
uint64_t rlimit_from_compat(uint32_t v) { return v == RLIM32_INFINITY ? RLIM64_INFINITY : v; }
