/* The TSC as a monotonic clock, its rate measured against the 8254 PIT
 * (1.193182 MHz) at boot: CPUID's frequency leaves are often missing under
 * emulators. */
#include "clock.h"
#include "console.h"
#include "cpu.h"
#include "kstring.h"

static uint64_t tsc_hz, tsc_boot;
static int64_t rtc_boot; /* the RTC's reading at boot, seconds since 1970 (UTC) */

static uint8_t cmos(uint8_t reg)
{
    outb(0x70, reg);
    return inb(0x71);
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

/* The CMOS clock, read once: wait out an update in progress, read until two
 * readings agree, then decode BCD and the 12-hour form if the RTC uses them. */
static int64_t rtc_read(void)
{
    uint8_t r[6], again[6];
    static const uint8_t regs[6] = {0x00, 0x02, 0x04, 0x07, 0x08, 0x09}; /* s m h day mon year */
    for (int tries = 0; tries < 100; tries++) {
        for (uint32_t spin = 0; (cmos(0x0A) & 0x80) && spin < 1000000; spin++)
            ;
        for (int i = 0; i < 6; i++)
            r[i] = cmos(regs[i]);
        for (int i = 0; i < 6; i++)
            again[i] = cmos(regs[i]);
        if (!memcmp(r, again, sizeof r))
            break;
    }
    uint8_t b = cmos(0x0B);
    bool pm = r[2] & 0x80;
    r[2] &= 0x7F;
    if (!(b & 0x04)) /* BCD */
        for (int i = 0; i < 6; i++)
            r[i] = (uint8_t)((r[i] & 0x0F) + (r[i] >> 4) * 10);
    if (!(b & 0x02)) /* 12-hour clock: 12 AM is 0, 12 PM is 12 */
        r[2] = (uint8_t)(r[2] % 12 + (pm ? 12 : 0));
    int64_t year = r[5] + (r[5] < 70 ? 2000 : 1900);
    if (r[4] < 1 || r[4] > 12 || r[3] < 1 || r[3] > 31)
        return 0;
    return days_from_civil(year, r[4], r[3]) * 86400 + r[2] * 3600 + r[1] * 60 + r[0];
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
    rtc_boot = rtc_read();

    /* PIT channel 0 at 100 Hz on IRQ 0 (vector 32), for the runner's
     * watchdog. The kernel keeps IF clear; only programs get the ticks. */
    const uint32_t divisor = 11932; /* 1193182 Hz / 100 */
    outb(0x43, 0x34);               /* channel 0, lobyte/hibyte, rate generator */
    outb(0x40, divisor & 0xFF);
    outb(0x40, divisor >> 8);
    outb(0x21, inb(0x21) & ~0x01);  /* unmask IRQ 0 */
    klog("clock", "TSC %lu.%03lu MHz%s", tsc_hz / 1000000, tsc_hz / 1000 % 1000,
         spins >= 100000000 ? " (PIT silent: assumed)" : " (measured against the PIT)");
    klog("clock", "RTC at boot: %ld s since 1970", (long)rtc_boot);
}

uint64_t clock_tsc_hz(void) { return tsc_hz; }

void clock_monotonic(uint64_t *sec, uint64_t *nsec)
{
    uint64_t t = rdtsc() - tsc_boot;
    *sec = t / tsc_hz;
    /* rem < tsc_hz, so rem * 1e9 fits in 64 bits below 18 GHz. */
    *nsec = (t % tsc_hz) * 1000000000ul / tsc_hz;
}

uint64_t clock_tsc_boot(void) { return tsc_boot; }

void clock_realtime(uint64_t *sec, uint64_t *nsec)
{
    clock_monotonic(sec, nsec);
    *sec += (uint64_t)rtc_boot;
}

void clock_boot_realtime(uint64_t *sec, uint64_t *nsec)
{
    *sec = (uint64_t)rtc_boot;
    *nsec = 0;
}

uint64_t clock_tsc_to_ns(uint64_t ticks)
{
    return ticks / tsc_hz * 1000000000ul + (ticks % tsc_hz) * 1000000000ul / tsc_hz;
}

uint64_t clock_ns_to_tsc(uint64_t ns)
{
    return ns / 1000000000ul * tsc_hz + (ns % 1000000000ul) * tsc_hz / 1000000000ul;
}
