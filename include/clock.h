#pragma once
#include <stdint.h>
void clock_init(void);
/* Time since boot from the TSC. */
void clock_monotonic(uint64_t *sec, uint64_t *nsec);
