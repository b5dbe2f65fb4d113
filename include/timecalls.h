/* gettimeofday, time and getcpu for a caller's pointers (src/time.c; getcpu in src/sched.c): the
 * system calls and the vsyscall emulation share them. 0 or -EFAULT (time:
 * the seconds). */
#pragma once
#include <stdbool.h>
#include <stdint.h>
int64_t time_gettimeofday(uint64_t tv, uint64_t tz, bool abi32);
int64_t time_time(uint64_t tloc, bool abi32);
int64_t time_getcpu(uint64_t cpu, uint64_t node);
