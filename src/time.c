/* The time system calls beside clock_gettime (src/sys.c): gettimeofday,
 * time, getcpu and clock_getres, from the same clock the vDSO reads
 * (src/clock.c). The vsyscall page's emulation calls the same functions. */
#include "clock.h"
#include "errno.h"
#include "syscall.h"
#include "timecalls.h"
#include "uaccess.h"

int64_t time_gettimeofday(uint64_t tv, uint64_t tz, bool abi32)
{
    uint64_t sec, nsec;
    clock_realtime(&sec, &nsec);
    if (tv) {
        int r;
        if (abi32) {
            int32_t v[2] = {(int32_t)sec, (int32_t)(nsec / 1000)};
            r = copy_to_user(tv, v, sizeof v);
        } else {
            int64_t v[2] = {(int64_t)sec, (int64_t)(nsec / 1000)};
            r = copy_to_user(tv, v, sizeof v);
        }
        if (r)
            return r;
    }
    /* struct timezone: UTC, no daylight saving. */
    if (tz && copy_to_user(tz, &(int32_t[2]){0, 0}, 8))
        return -EFAULT;
    return 0;
}

int64_t time_time(uint64_t tloc, bool abi32)
{
    uint64_t sec, nsec;
    clock_realtime(&sec, &nsec);
    if (tloc) {
        int r = abi32 ? copy_to_user(tloc, &(int32_t){(int32_t)sec}, 4)
                      : copy_to_user(tloc, &(int64_t){(int64_t)sec}, 8);
        if (r)
            return r;
    }
    return abi32 ? (int32_t)sec : (int64_t)sec;
}

int64_t time_getcpu(uint64_t cpu, uint64_t node)
{
    uint32_t zero = 0; /* one CPU, one node */
    if (cpu && copy_to_user(cpu, &zero, 4))
        return -EFAULT;
    if (node && copy_to_user(node, &zero, 4))
        return -EFAULT;
    return 0;
}

int64_t sys_gettimeofday(struct sc_call *c) { return time_gettimeofday(c->arg[0], c->arg[1], c->abi32); }
int64_t sys_time(struct sc_call *c) { return time_time(c->arg[0], c->abi32); }
int64_t sys_getcpu(struct sc_call *c) { return time_getcpu(c->arg[0], c->arg[1]); }

/* The clocks the TSC serves count in nanoseconds (the vDSO says the same). */
int64_t sys_clock_getres(struct sc_call *c)
{
    uint64_t clk = c->arg[0];
    if (clk != 0 && clk != 1 && clk != 4 && clk != 7) /* REALTIME, MONOTONIC, _RAW, BOOTTIME */
        return -EINVAL;
    if (!c->arg[1])
        return 0;
    if (c->abi32)
        return copy_to_user(c->arg[1], &(int32_t[2]){0, 1}, 8);
    return copy_to_user(c->arg[1], &(int64_t[2]){0, 1}, 16);
}
