/* The vDSO's data page (vvar): what the kernel publishes for the clock
 * functions that run in ring 3, and the door __kernel_vsyscall takes. Shared
 * by the kernel (src/vdso.c, src/clock.c) and the vDSO (vdso/vclock.c),
 * 64-bit and 32-bit: fixed-size fields, the same layout in both. The
 * conversion below is the one both sides use, so a clock read in ring 3
 * and one read by the system call agree to the nanosecond. */
#pragma once
#include <stdint.h>

struct vvar {
    uint32_t seq;          /* odd while the kernel rewrites the fields below */
    uint32_t door32;       /* EL_DOOR_* that __kernel_vsyscall uses */
    uint32_t door32_entry; /* the stub __kernel_vsyscall jumps to (user address) */
    uint32_t mult, shift;  /* ns = (tsc - tsc_base) * mult >> shift */
    uint32_t real_nsec;    /* CLOCK_REALTIME at the base point: nanoseconds */
    uint64_t tsc_base;     /* the TSC at the base point */
    uint64_t mono_ns;      /* CLOCK_MONOTONIC at the base point, in ns */
    uint64_t real_sec;     /* CLOCK_REALTIME at the base point: seconds */
    uint64_t tsc_hz;       /* the TSC's measured rate, for the curious */
    uint32_t cpu, node;    /* what getcpu reports: one CPU, one node */
};
_Static_assert(sizeof(struct vvar) == 64, "one layout for 64-bit and 32-bit readers");

/* The TSC, ordered after every earlier load (lfence), as Linux's vDSO reads it. */
static inline uint64_t vvar_rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) :: "memory");
    return (uint64_t)hi << 32 | lo;
}

/* (t * mult) >> shift with only 32x32 multiplies (no libgcc on i386);
 * shift is at most 32. */
static inline uint64_t vvar_mul_shift(uint64_t t, uint32_t mult, uint32_t shift)
{
    uint64_t lo = (uint64_t)(uint32_t)t * mult;
    uint64_t hi = (uint64_t)(uint32_t)(t >> 32) * mult;
    /* hi * mult * 2^32 is a multiple of 2^shift: the two halves shift apart. */
    return (lo >> shift) + (hi << (32 - shift));
}

/* ns / 1e9 and ns % 1e9 without a 64-bit division instruction on i386. */
static inline uint64_t vvar_split_ns(uint64_t ns, uint32_t *nsec)
{
#ifdef __x86_64__
    *nsec = (uint32_t)(ns % 1000000000u);
    return ns / 1000000000u;
#else
    uint32_t hi = (uint32_t)(ns >> 32), lo = (uint32_t)ns, d = 1000000000u;
    uint32_t qhi = hi / d, r = hi % d, qlo;
    __asm__("divl %4" : "=a"(qlo), "=d"(r) : "a"(lo), "d"(r), "rm"(d)); /* r < d: no overflow */
    *nsec = r;
    return (uint64_t)qhi << 32 | qlo;
#endif
}

/* CLOCK_MONOTONIC in ns at TSC value t. */
static inline uint64_t vvar_mono_ns(const volatile struct vvar *v, uint64_t t)
{
    return v->mono_ns + vvar_mul_shift(t - v->tsc_base, v->mult, v->shift);
}
