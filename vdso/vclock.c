/* The vDSO's clock functions, for 64-bit and 32-bit programs alike: they
 * read the kernel's data page (struct vvar, include/vvar.h) and the TSC, and
 * never enter the kernel for the clocks the kernel keeps there. Any other
 * clock goes to the real system call, so the answer (or the error) is
 * always the kernel's own. */
#include <stddef.h>
#include <stdint.h>
#include "layout.h"
#include "uapi/entrylab.h"
#include "vvar.h"

_Static_assert(VDSO_VVAR_ADDR == EL_VVAR_ADDR, "vdso/layout.h and the uapi agree");
_Static_assert(VDSO_VVAR_DOOR32_ENTRY == offsetof(struct vvar, door32_entry), "doors32.S's offset");

/* The vDSO is mapped at a fixed address in every program (the kernel's
 * sysexit lands at fixed addresses in it), so the data page is too. */
#define VV ((const volatile struct vvar *)(uintptr_t)EL_VVAR_ADDR)

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_BOOTTIME 7

#define barrier() __asm__ volatile("" ::: "memory")

/* The clocks the data page serves; false for the others. */
static int vread(long clk, uint64_t *sec, uint32_t *nsec)
{
    if (clk != CLOCK_REALTIME && clk != CLOCK_MONOTONIC && clk != CLOCK_MONOTONIC_RAW &&
        clk != CLOCK_BOOTTIME)
        return 0;
    uint32_t seq;
    uint64_t d, base_sec, base_ns;
    do {
        seq = VV->seq;
        barrier();
        d = vvar_mul_shift(vvar_rdtsc() - VV->tsc_base, VV->mult, VV->shift);
        if (clk == CLOCK_REALTIME) {
            base_sec = VV->real_sec;
            base_ns = VV->real_nsec;
        } else {
            base_sec = 0;
            base_ns = VV->mono_ns;
        }
        barrier();
    } while ((seq & 1) || VV->seq != seq); /* the kernel was rewriting it: again */
    *sec = base_sec + vvar_split_ns(base_ns + d, nsec);
    return 1;
}

/* The real system calls. 64-bit: syscall; 32-bit: __kernel_vsyscall, the
 * door the kernel chose. */
#ifdef __x86_64__
#define NR_clock_gettime 228
#define NR_clock_getres 229
static long sys2(long nr, long a, long b)
{
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "a"(nr), "D"(a), "S"(b) : "rcx", "r11", "memory");
    return r;
}
#else
#define NR_clock_gettime 265
#define NR_clock_getres 266
#define NR_clock_gettime64 403
void el_kernel_vsyscall(void); /* __kernel_vsyscall, hidden (doors32.S) */
static long sys2(long nr, long a, long b)
{
    long r;
    __asm__ volatile("call el_kernel_vsyscall" : "=a"(r) : "a"(nr), "b"(a), "c"(b) : "memory");
    return r;
}
#endif

/* struct timespec and timeval as this width's programs know them (32-bit:
 * the old 32-bit time_t ones, and the 64-bit timespec of clock_gettime64). */
struct ts_long { long sec, nsec; };
struct ts64 { int64_t sec, nsec; };

long __vdso_clock_gettime(long clk, struct ts_long *ts);
long __vdso_clock_gettime(long clk, struct ts_long *ts)
{
    uint64_t sec;
    uint32_t nsec;
    if (!vread(clk, &sec, &nsec))
        return sys2(NR_clock_gettime, clk, (long)ts);
    ts->sec = (long)sec;
    ts->nsec = (long)nsec;
    return 0;
}

long __vdso_gettimeofday(struct ts_long *tv, void *tz);
long __vdso_gettimeofday(struct ts_long *tv, void *tz)
{
    uint64_t sec;
    uint32_t nsec;
    vread(CLOCK_REALTIME, &sec, &nsec);
    if (tv) {
        tv->sec = (long)sec;
        tv->nsec = (long)(nsec / 1000); /* microseconds */
    }
    if (tz) /* struct timezone: minutes west of UTC, DST: none here */
        ((int *)tz)[0] = ((int *)tz)[1] = 0;
    return 0;
}

long __vdso_time(long *t);
long __vdso_time(long *t)
{
    uint64_t sec;
    uint32_t nsec;
    vread(CLOCK_REALTIME, &sec, &nsec);
    if (t)
        *t = (long)sec;
    return (long)sec;
}

long __vdso_getcpu(unsigned *cpu, unsigned *node, void *unused);
long __vdso_getcpu(unsigned *cpu, unsigned *node, void *unused)
{
    (void)unused;
    if (cpu)
        *cpu = VV->cpu;
    if (node)
        *node = VV->node;
    return 0;
}

long __vdso_clock_getres(long clk, struct ts_long *res);
long __vdso_clock_getres(long clk, struct ts_long *res)
{
    if (clk != CLOCK_REALTIME && clk != CLOCK_MONOTONIC && clk != CLOCK_MONOTONIC_RAW &&
        clk != CLOCK_BOOTTIME)
        return sys2(NR_clock_getres, clk, (long)res);
    if (res) { /* the TSC clocks count in nanoseconds, as Linux's hres clocks */
        res->sec = 0;
        res->nsec = 1;
    }
    return 0;
}

#ifdef __x86_64__
/* Linux's x86-64 vDSO also exports the names without the prefix (weak). */
long clock_gettime(long, struct ts_long *) __attribute__((weak, alias("__vdso_clock_gettime")));
long gettimeofday(struct ts_long *, void *) __attribute__((weak, alias("__vdso_gettimeofday")));
long time(long *) __attribute__((weak, alias("__vdso_time")));
long getcpu(unsigned *, unsigned *, void *) __attribute__((weak, alias("__vdso_getcpu")));
long clock_getres(long, struct ts_long *) __attribute__((weak, alias("__vdso_clock_getres")));
#else
long __vdso_clock_gettime64(long clk, struct ts64 *ts);
long __vdso_clock_gettime64(long clk, struct ts64 *ts)
{
    uint64_t sec;
    uint32_t nsec;
    if (!vread(clk, &sec, &nsec))
        return sys2(NR_clock_gettime64, clk, (long)ts);
    ts->sec = (int64_t)sec;
    ts->nsec = nsec;
    return 0;
}
#endif
