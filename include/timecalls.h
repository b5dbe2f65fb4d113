/* gettimeofday, time and getcpu for a caller's pointers (src/time.c; getcpu in src/sched.c): the
 * system calls and the vsyscall emulation share them. 0 or -EFAULT (time:
 * the seconds). */
#pragma once
#include <stdbool.h>
#include <stdint.h>
int64_t time_gettimeofday(uint64_t tv, uint64_t tz, bool abi32);
int64_t time_time(uint64_t tloc, bool abi32);
int64_t time_getcpu(uint64_t cpu, uint64_t node);
/* A caller's struct timespec (ts32: the 32-bit one; compat: an i386
 * caller, whose 64-bit tv_nsec has a padding half): 0, -EFAULT or -EINVAL. */
int time_read_timespec(uint64_t u, bool ts32, bool compat, int64_t *sec, int64_t *nsec);
int time_write_timespec(uint64_t u, int64_t ns, bool ts32);
