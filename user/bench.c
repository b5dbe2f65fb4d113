/* bench64 / bench32: the cost of one system call round trip through each
 * door this CPU accepts, measured with the TSC over many getpid calls, and
 * each door's cost relative to int 0x80. One run, no timing thresholds: the
 * numbers are what they are (./lab bench, docs/abi.md).
 *
 * Under QEMU with -icount (./lab bench) the TSC counts guest instructions,
 * so the figures are instruction counts, the same on every run; on a real
 * machine they are TSC ticks. */
#include "sys.h"

#ifdef __x86_64__
#define MODE 64
#else
#define MODE 32
#endif

#define CALLS 2000u

static uint64_t tsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi)::"memory");
    return ((uint64_t)hi << 32) | lo;
}

/* Ticks per call through door d (a short delta: 32-bit arithmetic suffices,
 * and 32-bit code has no 64-bit division without libgcc). */
static unsigned long per_call(const struct el_door *d)
{
    long nr = EL_NR(d, getpid);
    for (unsigned i = 0; i < 16; i++) /* warm the paths */
        d->call(nr, 0, 0, 0, 0, 0, 0);
    uint64_t t0 = tsc();
    for (unsigned i = 0; i < CALLS; i++)
        d->call(nr, 0, 0, 0, 0, 0, 0);
    return (unsigned long)(uint32_t)(tsc() - t0) / CALLS;
}

int main(int argc, char **argv, char **envp)
{
    (void)argc, (void)argv, (void)envp;
    unsigned long accepts = el_getauxval(AT_ENTRYLAB_ACCEPTS);
    unsigned long base = 0;
    el_printf("bench%d: getpid round trips, %u calls a door (TSC ticks per call; "
              "instructions under QEMU -icount)\n", MODE, CALLS);
    for (int i = 0; i < EL_NDOORS; i++) {
        const struct el_door *d = &el_doors[i];
        if (!(accepts & d->accept)) {
            el_printf("bench%d: %-9s refused by this CPU\n", MODE, d->name);
            continue;
        }
        unsigned long t = per_call(d);
        if (!base)
            base = t ? t : 1; /* int 0x80 comes first and always enters */
        unsigned long pct = t * 100 / base;
        el_printf("bench%d: %-9s %6lu per call, %lu.%02lu x int 0x80\n", MODE, d->name, t,
                  pct / 100, pct % 100);
    }
    return 0;
}
