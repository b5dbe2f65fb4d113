/* The CMOS real-time clock, read once at boot for CLOCK_REALTIME. */
#pragma once
#include <stdint.h>
/* Seconds since 1970-01-01 00:00 UTC (the RTC is taken to keep UTC, as
 * QEMU's and Bochs' do by default). */
uint64_t rtc_read_epoch(void);
/* Days since 1970-01-01 of a civil date (pure; the RTC's conversion). */
int64_t rtc_days_from_civil(int64_t y, unsigned m, unsigned d);
