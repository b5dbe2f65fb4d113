/* clocks64 / clocks32: clock_gettime on every clock (wall time from the
 * RTC), clock_getres, nanosleep and clock_nanosleep (relative and
 * absolute, the time slept not counted as CPU time), gettimeofday and time,
 * and their errors. 32-bit: the old 32-bit calls and the time64 ones. */
#include "calls.h"

#define NS 1000000000ll

#ifdef __x86_64__
typedef struct linux_timespec64 ts_t;
#else
typedef struct linux_timespec32 ts_t;
#endif

static long long now_ns(int clk)
{
    static ts_t t;
    long r = sys(NR(clock_gettime), clk, &t);
    return r ? r : (long long)t.tv_sec * NS + t.tv_nsec;
}

static void test_gettime(void)
{
    long long rt = now_ns(CLOCK_REALTIME);
    el_printf("# CLOCK_REALTIME %lld s\n", div64(rt, NS, 0));
    check(div64(rt, NS, 0) > 1600000000ll && div64(rt, NS, 0) < 4000000000ll, "CLOCK_REALTIME is after 2020 (from the RTC)");
    static const int ok[] = {CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID,
                             CLOCK_MONOTONIC_RAW, CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE,
                             CLOCK_BOOTTIME, CLOCK_TAI};
    for (unsigned i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        long long v = now_ns(ok[i]);
        el_printf("# clock %d: %lld ns\n", ok[i], v);
        check(v > 0, "clock_gettime on a Linux clock succeeds");
    }
    expect("a coarse clock counts in 10 ms ticks", mod64(now_ns(CLOCK_MONOTONIC_COARSE), 10000000), 0);
    long long mono = now_ns(CLOCK_MONOTONIC), coarse = now_ns(CLOCK_MONOTONIC_COARSE);
    check(coarse <= now_ns(CLOCK_MONOTONIC) && coarse > mono - 20000000, "coarse is within a tick of monotonic");
    long long tai = now_ns(CLOCK_TAI), rt2 = now_ns(CLOCK_REALTIME);
    check(rt2 >= tai && rt2 - tai < NS, "CLOCK_TAI is CLOCK_REALTIME (offset 0)");
    static ts_t t;
    expect("clock 8 (REALTIME_ALARM, no RTC alarm) is -EINVAL", sys(NR(clock_gettime), 8, &t), -EINVAL);
    expect("clock 99 is -EINVAL", sys(NR(clock_gettime), 99, &t), -EINVAL);
    expect("clock -1 is -EINVAL", sys(NR(clock_gettime), -1, &t), -EINVAL);
    expect("CLOCK_REALTIME into NULL is -EFAULT", sys(NR(clock_gettime), 0, 0), -EFAULT);
#ifndef __x86_64__
    static struct linux_timespec64 t64;
    expect("clock_gettime64(REALTIME)", sys(NR32_clock_gettime64, CLOCK_REALTIME, &t64), 0);
    check(t64.tv_sec >= div64(rt, NS, 0) && t64.tv_sec - div64(rt, NS, 0) < 5, "clock_gettime64 agrees with the 32-bit reading");
#endif

    ts_t res;
    static ts_t r;
    expect("clock_getres(MONOTONIC)", sys(NR(clock_getres), CLOCK_MONOTONIC, &r), 0);
    res = r;
    expect("resolution 1 ns", (long long)res.tv_sec * NS + res.tv_nsec, 1);
    expect("clock_getres(MONOTONIC_COARSE)", sys(NR(clock_getres), CLOCK_MONOTONIC_COARSE, &r), 0);
    expect("coarse resolution is the 10 ms tick", (long long)r.tv_sec * NS + r.tv_nsec, 10000000);
    expect("clock_getres(PROCESS_CPUTIME_ID, NULL)", sys(NR(clock_getres), CLOCK_PROCESS_CPUTIME_ID, 0), 0);
    expect("clock_getres(99) is -EINVAL", sys(NR(clock_getres), 99, &r), -EINVAL);
    expect("clock_getres into the kernel is -EFAULT", sys(NR(clock_getres), 0, KPTR), -EFAULT);
#ifndef __x86_64__
    static struct linux_timespec64 r64;
    expect("clock_getres_time64(REALTIME)", sys(NR32_clock_getres_time64, 0, &r64), 0);
    expect("1 ns", r64.tv_sec * NS + r64.tv_nsec, 1);
#endif

#ifdef __x86_64__
    static struct linux_timeval64 tv;
#else
    static struct linux_timeval32 tv;
#endif
    static struct linux_timezone tz = {77, 77};
    expect("gettimeofday(&tv, &tz)", sys(NR(gettimeofday), &tv, &tz), 0);
    check(tv.tv_sec >= div64(rt, NS, 0) && tv.tv_sec - div64(rt, NS, 0) < 5 && tv.tv_usec >= 0 && tv.tv_usec < 1000000,
             "gettimeofday agrees with CLOCK_REALTIME");
    expect("the timezone is UTC", tz.tz_minuteswest * 10 + tz.tz_dsttime, 0);
    expect("gettimeofday(NULL, NULL)", sys(NR(gettimeofday), 0, 0), 0);
    expect("gettimeofday into the kernel is -EFAULT", sys(NR(gettimeofday), KPTR, 0), -EFAULT);
    static long tl;
    long t1 = sys(NR(time), 0);
    check(t1 >= div64(rt, NS, 0) && t1 - div64(rt, NS, 0) < 5, "time(NULL) agrees with CLOCK_REALTIME");
    expect("time(&t) returns t", sys(NR(time), &tl) - tl, 0);
    expect("time into the kernel is -EFAULT", sys(NR(time), KPTR), -EFAULT);
}

static void test_sleep(void)
{
    static ts_t req;
    req.tv_sec = 0, req.tv_nsec = 20000000; /* 20 ms */
    /* The CPU clock is read inside the monotonic readings: whatever else
     * the host does, the CPU time is the wall time less the sleep. */
    long long m0 = now_ns(CLOCK_MONOTONIC), c0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
    long r = sys(NR(nanosleep), &req, 0);
    long long c1 = now_ns(CLOCK_PROCESS_CPUTIME_ID), m1 = now_ns(CLOCK_MONOTONIC);
    expect("nanosleep(20 ms)", r, 0);
    el_printf("# nanosleep(20 ms): %lld ns passed, %lld ns of CPU\n", m1 - m0, c1 - c0);
    check(m1 - m0 >= 20000000, "at least 20 ms passed");
    check((m1 - m0) - (c1 - c0) >= 19990000, "the sleep is not CPU time");
    req.tv_nsec = NS;
    expect("nanosleep with tv_nsec 10^9 is -EINVAL", sys(NR(nanosleep), &req, 0), -EINVAL);
    req.tv_sec = -1, req.tv_nsec = 0;
    expect("nanosleep with tv_sec -1 is -EINVAL", sys(NR(nanosleep), &req, 0), -EINVAL);
    expect("nanosleep(NULL) is -EFAULT", sys(NR(nanosleep), 0, 0), -EFAULT);
    req.tv_sec = 0, req.tv_nsec = 0;
    expect("nanosleep(0)", sys(NR(nanosleep), &req, 0), 0);

    long long target = now_ns(CLOCK_MONOTONIC) + 10000000;
    req.tv_sec = (long)div64(target, NS, 0), req.tv_nsec = (long)mod64(target, NS);
    expect("clock_nanosleep(MONOTONIC, TIMER_ABSTIME, now + 10 ms)",
           sys(NR(clock_nanosleep), CLOCK_MONOTONIC, TIMER_ABSTIME, &req, 0), 0);
    check(now_ns(CLOCK_MONOTONIC) >= target, "it woke at or after the target");
    /* (Were the past target taken as relative, the watchdog would end it.) */
    expect("an absolute time in the past returns",
           sys(NR(clock_nanosleep), CLOCK_MONOTONIC, TIMER_ABSTIME, &req, 0), 0);
    long long rt = now_ns(CLOCK_REALTIME) + 10000000;
    req.tv_sec = (long)div64(rt, NS, 0), req.tv_nsec = (long)mod64(rt, NS);
    expect("clock_nanosleep(REALTIME, TIMER_ABSTIME, now + 10 ms)",
           sys(NR(clock_nanosleep), CLOCK_REALTIME, TIMER_ABSTIME, &req, 0), 0);
    check(now_ns(CLOCK_REALTIME) >= rt, "the wall clock reached the target");
    req.tv_sec = 0, req.tv_nsec = 5000000;
    m0 = now_ns(CLOCK_MONOTONIC);
    expect("clock_nanosleep(BOOTTIME, relative 5 ms)", sys(NR(clock_nanosleep), CLOCK_BOOTTIME, 0, &req, 0), 0);
    check(now_ns(CLOCK_MONOTONIC) - m0 >= 5000000, "5 ms passed");
    expect("clock_nanosleep(THREAD_CPUTIME_ID) is -EINVAL",
           sys(NR(clock_nanosleep), CLOCK_THREAD_CPUTIME_ID, 0, &req, 0), -EINVAL);
    expect("clock_nanosleep(MONOTONIC_RAW) is -EOPNOTSUPP",
           sys(NR(clock_nanosleep), CLOCK_MONOTONIC_RAW, 0, &req, 0), -EOPNOTSUPP);
    expect("clock_nanosleep(99) is -EINVAL", sys(NR(clock_nanosleep), 99, 0, &req, 0), -EINVAL);
    expect("clock_nanosleep(MONOTONIC, NULL) is -EFAULT", sys(NR(clock_nanosleep), CLOCK_MONOTONIC, 0, 0, 0), -EFAULT);
    req.tv_nsec = -1;
    expect("clock_nanosleep with tv_nsec -1 is -EINVAL", sys(NR(clock_nanosleep), CLOCK_MONOTONIC, 0, &req, 0), -EINVAL);
    req.tv_nsec = 0;
    expect("clock_nanosleep(PROCESS_CPUTIME_ID, relative 0) returns at once",
           sys(NR(clock_nanosleep), CLOCK_PROCESS_CPUTIME_ID, 0, &req, 0), 0);
#ifndef __x86_64__
    static struct linux_timespec64 r64;
    r64.tv_sec = 0, r64.tv_nsec = 5000000 | (0x12345678ll << 32); /* the upper half is padding */
    m0 = now_ns(CLOCK_MONOTONIC);
    expect("clock_nanosleep_time64(MONOTONIC, 5 ms, padding ignored)",
           sys(NR32_clock_nanosleep_time64, CLOCK_MONOTONIC, 0, &r64, 0), 0);
    check(now_ns(CLOCK_MONOTONIC) - m0 >= 5000000, "5 ms passed");
    r64.tv_nsec = NS;
    expect("clock_nanosleep_time64 with tv_nsec 10^9 is -EINVAL",
           sys(NR32_clock_nanosleep_time64, CLOCK_MONOTONIC, 0, &r64, 0), -EINVAL);
#endif
}

int main(int argc, char **argv, char **envp)
{
    (void)argc, (void)argv, (void)envp;
    test_gettime();
    test_sleep();
    return calls_done("clocks");
}
