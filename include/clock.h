#pragma once
#include <stdint.h>
void clock_init(void);
/* Time since boot from the TSC. */
void clock_monotonic(uint64_t *sec, uint64_t *nsec);
/* The 100 Hz tick (IRQ 0), counted while programs run. */
#define CLOCK_HZ 100
void clock_tick(void);
uint64_t clock_ticks(void);
