/* The TSC as a monotonic clock, its rate measured against the 8254 PIT
 * (1.193182 MHz) at boot: CPUID's frequency leaves are often missing under
 * emulators. CLOCK_REALTIME is the CMOS RTC at boot (src/rtc.c) plus the
 * same TSC time; the vDSO reads both from its data page (src/vdso.c). */
#include "clock.h"
#include "console.h"
#include "cpu.h"
#include "rtc.h"
#include "vvar.h"

static uint64_t tsc_hz, tsc_boot;
/* The clock's parameters, in the vDSO data page's form: the kernel and the
 * vDSO compute time from the same fields with the same code (vvar.h). */
static struct vvar clk;

/* The largest shift (at most 32) whose mult = 1e9 * 2^shift / hz fits 32
 * bits: the finest rate the vDSO's 32x32 multiplies can carry. */
static void set_rate(uint64_t hz)
{
    uint32_t shift = 32;
    while (shift > 0 && (1000000000ull << shift) / hz > 0xFFFFFFFFull)
        shift--;
    clk.shift = shift;
    clk.mult = (uint32_t)((1000000000ull << shift) / hz);
    clk.tsc_hz = hz;
}

void clock_init(void)
{
    /* PIT channel 2, mode 0 (count down once), gate on, speaker off: its
     * output (port 0x61 bit 5) goes high when the count reaches zero. */
    const uint32_t ticks = 11932; /* 10 ms */
    outb(0x61, (inb(0x61) & ~0x02) | 0x01);
    outb(0x43, 0xB0);
    outb(0x42, ticks & 0xFF);
    outb(0x42, ticks >> 8);
    uint64_t t0 = rdtsc();
    uint64_t spins = 0;
    while (!(inb(0x61) & 0x20) && ++spins < 100000000)
        ;
    uint64_t t1 = rdtsc();
    tsc_hz = (t1 - t0) * 100; /* per 10 ms */
    if (!tsc_hz || spins >= 100000000)
        tsc_hz = 1000000000; /* no PIT: assume 1 GHz and say so */
    tsc_boot = t1;
    set_rate(tsc_hz);
    clk.tsc_base = tsc_boot;
    clk.mono_ns = 0;
    clk.real_sec = rtc_read_epoch(); /* once: the TSC keeps it from here */
    clk.real_nsec = 0;

    /* PIT channel 0 at 100 Hz on IRQ 0 (vector 32), for the runner's
     * watchdog. The kernel keeps IF clear; only programs get the ticks. */
    clock_tick_rate(100);
    outb(0x21, inb(0x21) & ~0x01);  /* unmask IRQ 0 */
    klog("clock", "TSC %lu.%03lu MHz%s", tsc_hz / 1000000, tsc_hz / 1000 % 1000,
         spins >= 100000000 ? " (PIT silent: assumed)" : " (measured against the PIT)");
}

void clock_tick_rate(uint32_t hz)
{
    uint32_t divisor = (1193182 + hz / 2) / hz; /* the PIT's input clock over hz */
    if (divisor > 0xFFFF)
        divisor = 0; /* 0 counts as 65536: the slowest, 18.2 Hz */
    outb(0x43, 0x34);               /* channel 0, lobyte/hibyte, rate generator */
    outb(0x40, divisor & 0xFF);
    outb(0x40, divisor >> 8);
}

uint64_t clock_tsc_hz(void) { return tsc_hz; }

void clock_monotonic(uint64_t *sec, uint64_t *nsec)
{
    uint32_t ns;
    *sec = vvar_split_ns(vvar_mono_ns(&clk, vvar_rdtsc()), &ns);
    *nsec = ns;
}

void clock_realtime(uint64_t *sec, uint64_t *nsec)
{
    uint32_t ns;
    uint64_t d = vvar_mul_shift(vvar_rdtsc() - clk.tsc_base, clk.mult, clk.shift);
    *sec = clk.real_sec + vvar_split_ns(clk.real_nsec + d, &ns);
    *nsec = ns;
}

const struct vvar *clock_params(void) { return &clk; }

void clock_boot_realtime(uint64_t *sec, uint64_t *nsec)
{
    *sec = clk.real_sec;
    *nsec = clk.real_nsec;
}

uint64_t clock_tsc_to_ns(uint64_t ticks)
{
    return ticks / tsc_hz * 1000000000ul + (ticks % tsc_hz) * 1000000000ul / tsc_hz;
}

uint64_t clock_ns_to_tsc(uint64_t ns)
{
    return ns / 1000000000ul * tsc_hz + (ns % 1000000000ul) * tsc_hz / 1000000000ul;
}
