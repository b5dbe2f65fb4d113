#pragma once
#include <stdint.h>
void clock_init(void);
/* Time since boot from the TSC. */
void clock_monotonic(uint64_t *sec, uint64_t *nsec);
/* The TSC's measured rate; the 100 Hz timer (IRQ 0) only wakes the
 * watchdog, which measures with the TSC. */
uint64_t clock_tsc_hz(void);
/* Sets the timer (PIT channel 0, IRQ 0) to about hz ticks a second. */
void clock_tick_rate(uint32_t hz);
/* CLOCK_REALTIME: the CMOS RTC read once at boot, advanced by the TSC. */
void clock_realtime(uint64_t *sec, uint64_t *nsec);
/* The clock's parameters (rate, base point) for the vDSO data page. */
struct vvar;
const struct vvar *clock_params(void);
/* The wall-clock time of the boot itself (file dates). */
void clock_boot_realtime(uint64_t *sec, uint64_t *nsec);
/* Conversions between TSC ticks and nanoseconds at the measured rate (no
 * overflow below 18 GHz for spans up to centuries). */
uint64_t clock_tsc_to_ns(uint64_t ticks);
uint64_t clock_ns_to_tsc(uint64_t ns);
