#pragma once
#include <stdbool.h>
#include <stdint.h>
void clock_init(void);
/* Time since boot from the TSC. */
void clock_monotonic(uint64_t *sec, uint64_t *nsec);
/* The TSC's measured rate; the 100 Hz timer (IRQ 0) only wakes the
 * watchdog, which measures with the TSC. */
uint64_t clock_tsc_hz(void);
/* The TSC value at boot, where monotonic time is 0. */
uint64_t clock_tsc_boot(void);
/* Wall-clock time (UTC): the CMOS RTC read once at boot, plus the TSC. */
void clock_realtime(uint64_t *sec, uint64_t *nsec);
/* The wall-clock time of the boot itself. */
void clock_boot_realtime(uint64_t *sec, uint64_t *nsec);
/* Conversions between TSC ticks and nanoseconds (no overflow below 18 GHz
 * for ns values up to centuries). */
uint64_t clock_tsc_to_ns(uint64_t ticks);
uint64_t clock_ns_to_tsc(uint64_t ns);
