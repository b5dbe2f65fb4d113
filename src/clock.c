/* The TSC as a monotonic clock, its rate measured against the 8254 PIT
 * (1.193182 MHz) at boot: CPUID's frequency leaves are often missing under
 * emulators. */
#include "clock.h"
#include "console.h"
#include "cpu.h"

static uint64_t tsc_hz, tsc_boot;

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

    /* PIT channel 0 at 100 Hz on IRQ 0 (vector 32), for the runner's
     * watchdog. The kernel keeps IF clear; only programs get the ticks. */
    const uint32_t divisor = 11932; /* 1193182 Hz / 100 */
    outb(0x43, 0x34);               /* channel 0, lobyte/hibyte, rate generator */
    outb(0x40, divisor & 0xFF);
    outb(0x40, divisor >> 8);
    outb(0x21, inb(0x21) & ~0x01);  /* unmask IRQ 0 */
    klog("clock", "TSC %lu.%03lu MHz%s", tsc_hz / 1000000, tsc_hz / 1000 % 1000,
         spins >= 100000000 ? " (PIT silent: assumed)" : " (measured against the PIT)");
}

uint64_t clock_tsc_hz(void) { return tsc_hz; }

void clock_monotonic(uint64_t *sec, uint64_t *nsec)
{
    uint64_t t = rdtsc() - tsc_boot;
    *sec = t / tsc_hz;
    /* rem < tsc_hz, so rem * 1e9 fits in 64 bits below 18 GHz. */
    *nsec = (t % tsc_hz) * 1000000000ul / tsc_hz;
}
