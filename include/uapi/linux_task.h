/* Linux's process ABI as entrylab serves it: resource limits, prctl,
 * getrandom, the robust futex list head, clocks and time structures.
 * Shared by the kernel and the test programs; fixed-size types only. */
#ifndef ENTRYLAB_UAPI_LINUX_TASK_H
#define ENTRYLAB_UAPI_LINUX_TASK_H
#include <stddef.h>
#include <stdint.h>

/* Resource limits (getrlimit, setrlimit, prlimit64). */
#define RLIMIT_CPU 0
#define RLIMIT_FSIZE 1
#define RLIMIT_DATA 2
#define RLIMIT_STACK 3
#define RLIMIT_CORE 4
#define RLIMIT_RSS 5
#define RLIMIT_NPROC 6
#define RLIMIT_NOFILE 7
#define RLIMIT_MEMLOCK 8
#define RLIMIT_AS 9
#define RLIMIT_LOCKS 10
#define RLIMIT_SIGPENDING 11
#define RLIMIT_MSGQUEUE 12
#define RLIMIT_NICE 13
#define RLIMIT_RTPRIO 14
#define RLIMIT_RTTIME 15
#define RLIM_NLIMITS 16
#define RLIM64_INFINITY (~0ull)
#define RLIM32_INFINITY 0xFFFFFFFFu   /* i386 getrlimit/setrlimit */
#define NR_OPEN 1048576               /* fs.nr_open: the ceiling for RLIMIT_NOFILE */

/* prlimit64 and the 64-bit getrlimit: two 64-bit words in both ABIs. */
struct linux_rlimit64 {
    uint64_t rlim_cur, rlim_max;
};
_Static_assert(sizeof(struct linux_rlimit64) == 16, "struct rlimit64 is 16 bytes");

/* prctl options entrylab knows. */
#define PR_GET_DUMPABLE 3
#define PR_SET_DUMPABLE 4
#define PR_SET_NAME 15
#define PR_GET_NAME 16
#define LINUX_TASK_COMM_LEN 16

/* getrandom flags. */
#define GRND_NONBLOCK 0x1
#define GRND_RANDOM 0x2
#define GRND_INSECURE 0x4

/* set_robust_list: the head is three pointers (24 bytes, 12 for i386). */
#define ROBUST_LIST_HEAD_SIZE64 24
#define ROBUST_LIST_HEAD_SIZE32 12

/* Clocks. */
#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME 7
#define CLOCK_REALTIME_ALARM 8
#define CLOCK_BOOTTIME_ALARM 9
#define CLOCK_TAI 11
#define TIMER_ABSTIME 1

/* Time structures of each ABI: x86-64 and i386's 64-bit ("time64") forms,
 * and i386's 32-bit ones. */
struct linux_timespec64 { int64_t tv_sec, tv_nsec; };
struct linux_timespec32 { int32_t tv_sec, tv_nsec; };
struct linux_timeval64 { int64_t tv_sec, tv_usec; };
struct linux_timeval32 { int32_t tv_sec, tv_usec; };
struct linux_timezone { int32_t tz_minuteswest, tz_dsttime; };
_Static_assert(sizeof(struct linux_timespec64) == 16, "timespec64");
_Static_assert(sizeof(struct linux_timespec32) == 8, "old_timespec32");

#endif
