/* Clocks and sleeping: clock_gettime, clock_getres, clock_nanosleep,
 * nanosleep, gettimeofday and time, with i386's 32-bit and time64 forms.
 * Wall-clock time is the RTC at boot plus the TSC (src/clock.c). A sleep
 * blocks in the scheduler until its TSC deadline (other processes run
 * meanwhile); a signal ends it early with the time left in rem, and the
 * sleep restarts (restart_syscall, to the same deadline) unless a handler
 * runs: then -EINTR. */
#include "clock.h"
#include "cpu.h"
#include "errno.h"
#include "gdt.h"
#include "proc.h"
#include "sched.h"
#include "syscall.h"
#include "uaccess.h"
#include "timecalls.h"
#include "uapi/linux_task.h"

static struct process *cur(void) { return cpu0.proc; }

#define NSEC 1000000000ll
#define COARSE_NS 10000000ll /* the 100 Hz tick: what a coarse clock counts in */

static int64_t cputime_ns(struct process *p)
{
    return (int64_t)clock_tsc_to_ns(rdtsc() - p->ts.start_tsc - p->ts.slept_tsc);
}

/* The clock's time in ns, or -EINVAL for a clock entrylab lacks (the alarm
 * clocks need an RTC alarm device; other processes' CPU clocks are not here). */
static int clock_ns(uint64_t clk, int64_t *ns)
{
    uint64_t s, n;
    switch ((int32_t)clk) {
    case CLOCK_REALTIME:
    case CLOCK_TAI: /* TAI's offset is 0 until NTP sets it, as on Linux */
    case CLOCK_REALTIME_COARSE:
        clock_realtime(&s, &n);
        break;
    case CLOCK_MONOTONIC:
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_BOOTTIME: /* no suspend: the same as monotonic */
    case CLOCK_MONOTONIC_COARSE:
        clock_monotonic(&s, &n);
        break;
    case CLOCK_PROCESS_CPUTIME_ID:
    case CLOCK_THREAD_CPUTIME_ID: /* one thread */
        *ns = cputime_ns(cur());
        return 0;
    default:
        return -EINVAL;
    }
    *ns = (int64_t)s * NSEC + (int64_t)n;
    if (clk == CLOCK_REALTIME_COARSE || clk == CLOCK_MONOTONIC_COARSE)
        *ns -= *ns % COARSE_NS;
    return 0;
}

/* struct timespec out in the caller's form: 32-bit for i386's old calls. */
static int put_ts(uint64_t u, int64_t ns, bool ts32)
{
    if (ts32) {
        struct linux_timespec32 t = {(int32_t)(ns / NSEC), (int32_t)(ns % NSEC)};
        return copy_to_user(u, &t, sizeof t);
    }
    struct linux_timespec64 t = {ns / NSEC, ns % NSEC};
    return copy_to_user(u, &t, sizeof t);
}

/* A timespec in: 0, -EFAULT, or -EINVAL when not a valid time. */
static int get_ts(uint64_t u, bool ts32, bool compat, int64_t *sec, int64_t *nsec)
{
    if (ts32) {
        struct linux_timespec32 t;
        if (copy_from_user(&t, u, sizeof t))
            return -EFAULT;
        *sec = t.tv_sec, *nsec = t.tv_nsec;
    } else {
        struct linux_timespec64 t;
        if (copy_from_user(&t, u, sizeof t))
            return -EFAULT;
        /* i386's time64 calls ignore the upper half of tv_nsec (padding there). */
        *sec = t.tv_sec, *nsec = compat ? (int64_t)(uint32_t)t.tv_nsec : t.tv_nsec;
    }
    return *sec < 0 || *nsec < 0 || *nsec >= NSEC ? -EINVAL : 0;
}

static int64_t do_gettime(uint64_t clk, uint64_t ts, bool ts32)
{
    int64_t ns;
    int r = clock_ns(clk, &ns);
    return r ? r : put_ts(ts, ns, ts32);
}

int64_t sys_clock_gettime(struct sc_call *c) { return do_gettime(c->arg[0], c->arg[1], sc_abi32(c)); }
int64_t sys_clock_gettime64(struct sc_call *c) { return do_gettime(c->arg[0], c->arg[1], false); }

static int64_t do_getres(uint64_t clk, uint64_t ts, bool ts32)
{
    int64_t ns;
    int r = clock_ns(clk, &ns);
    if (r)
        return r;
    if (!ts) /* a NULL result only checks the clock */
        return 0;
    bool coarse = clk == CLOCK_REALTIME_COARSE || clk == CLOCK_MONOTONIC_COARSE;
    return put_ts(ts, coarse ? COARSE_NS : 1, ts32);
}

int64_t sys_clock_getres(struct sc_call *c) { return do_getres(c->arg[0], c->arg[1], sc_abi32(c)); }
int64_t sys_clock_getres_time64(struct sc_call *c) { return do_getres(c->arg[0], c->arg[1], false); }

/* Waits from TSC t0 (when the caller read its clock) until TSC deadline
 * (UINT64_MAX: forever, which only a signal or the watchdog ends): 0, or
 * -ERESTARTNOHAND. The whole wait from t0 is sleep, not CPU time (the scheduler's
 * count of the time away is part of it). */
static int sleep_until(uint64_t t0, uint64_t deadline)
{
    struct process *p = cur();
    uint64_t slept = p->ts.slept_tsc;
    int r = sched_sleep_until(deadline, p->sig.blocked);
    p->ts.slept_tsc = slept + (rdtsc() - t0);
    return r;
}

/* A relative sleep a signal ended: the time left to rem (if given; a sleep
 * without a deadline reports forever_left), and the block restart_syscall
 * resumes from (Linux's hrtimer_nanosleep_restart). */
static int64_t sleep_interrupted(uint64_t deadline, uint64_t rem, bool ts32, int64_t forever_left)
{
    if (rem) {
        uint64_t t = rdtsc();
        int64_t left = deadline == UINT64_MAX ? forever_left
                       : t >= deadline        ? 0
                                              : (int64_t)clock_tsc_to_ns(deadline - t);
        int r = put_ts(rem, left, ts32);
        if (r)
            return r;
    }
    cur()->sig.restart = (struct restart_block){
        .kind = RESTART_NANOSLEEP, .ts32 = ts32, .deadline = deadline, .uaddr = rem, .n = (uint64_t)forever_left};
    return -ERESTART_RESTARTBLOCK;
}

/* sec + nsec after base, saturating at "forever". */
static int64_t add_ns(int64_t base, int64_t sec, int64_t nsec)
{
    if (sec > (INT64_MAX - base) / NSEC - 1)
        return INT64_MAX;
    return base + sec * NSEC + nsec;
}

static int64_t do_nanosleep(const struct sc_call *c, uint64_t clk, uint64_t flags, uint64_t req,
                            uint64_t rem, bool ts32)
{
    int64_t now, sec, nsec;
    switch ((int32_t)clk) {
    case CLOCK_REALTIME:
    case CLOCK_TAI:
    case CLOCK_MONOTONIC:
    case CLOCK_BOOTTIME:
    case CLOCK_PROCESS_CPUTIME_ID:
        break;
    case CLOCK_THREAD_CPUTIME_ID:
        return -EINVAL; /* Linux refuses to sleep on its own thread's clock */
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_REALTIME_COARSE:
    case CLOCK_MONOTONIC_COARSE:
    case CLOCK_REALTIME_ALARM:
    case CLOCK_BOOTTIME_ALARM:
        return -EOPNOTSUPP; /* clocks without a sleep */
    default:
        return -EINVAL;
    }
    int r = get_ts(req, ts32, sc_abi32(c), &sec, &nsec);
    if (r)
        return r;
    uint64_t t0 = rdtsc();
    clock_ns(clk, &now);
    int64_t target = flags & TIMER_ABSTIME ? add_ns(0, sec, nsec) : add_ns(now, sec, nsec);
    if (target <= now)
        return 0;
    /* A sleeping single-threaded process uses no CPU: its own CPU clock
     * never reaches the target. */
    bool forever = target == INT64_MAX || clk == CLOCK_PROCESS_CPUTIME_ID;
    uint64_t deadline = forever ? UINT64_MAX : t0 + clock_ns_to_tsc((uint64_t)(target - now));
    if (sleep_until(t0, deadline) == 0)
        return 0;
    /* A signal. An absolute sleep restarts with its own arguments when no
     * handler runs (Linux: -ERESTARTNOHAND); a relative one writes the time
     * left and restarts by restart_syscall to the same deadline. */
    if (flags & TIMER_ABSTIME)
        return -ERESTARTNOHAND;
    bool cpu = clk == CLOCK_PROCESS_CPUTIME_ID;
    return sleep_interrupted(deadline, cpu ? 0 : rem, ts32, deadline == UINT64_MAX ? target - now : 0);
}

/* restart_syscall's half of a relative sleep: on to the same deadline. */
int64_t time_nanosleep_restart(struct sc_call *c, const struct restart_block *b)
{
    (void)c;
    if (sleep_until(rdtsc(), b->deadline) == 0)
        return 0;
    return sleep_interrupted(b->deadline, b->uaddr, b->ts32, (int64_t)b->n);
}

/* clock_nanosleep(clock, flags, req, rem): rem is written only when a signal
 * interrupts a relative sleep. */
int64_t sys_clock_nanosleep(struct sc_call *c)
{
    return do_nanosleep(c, c->arg[0], c->arg[1], c->arg[2], c->arg[3], sc_abi32(c));
}
int64_t sys_clock_nanosleep_time64(struct sc_call *c)
{
    return do_nanosleep(c, c->arg[0], c->arg[1], c->arg[2], c->arg[3], false);
}
int64_t sys_nanosleep(struct sc_call *c)
{
    return do_nanosleep(c, CLOCK_MONOTONIC, 0, c->arg[0], c->arg[1], sc_abi32(c));
}

/* gettimeofday and time for a caller's pointers: the system calls and the
 * vsyscall page's emulation (src/vsyscall.c) share them. */
int64_t time_gettimeofday(uint64_t utv, uint64_t utz, bool abi32)
{
    int64_t ns;
    clock_ns(CLOCK_REALTIME, &ns);
    if (utv) {
        int r;
        if (abi32) {
            struct linux_timeval32 tv = {(int32_t)(ns / NSEC), (int32_t)(ns % NSEC / 1000)};
            r = copy_to_user(utv, &tv, sizeof tv);
        } else {
            struct linux_timeval64 tv = {ns / NSEC, ns % NSEC / 1000};
            r = copy_to_user(utv, &tv, sizeof tv);
        }
        if (r)
            return r;
    }
    /* The kernel's timezone is UTC with no DST unless settimeofday says. */
    struct linux_timezone tz = {0, 0};
    return utz ? copy_to_user(utz, &tz, sizeof tz) : 0;
}

int64_t sys_gettimeofday(struct sc_call *c) { return time_gettimeofday(c->arg[0], c->arg[1], sc_abi32(c)); }

int64_t time_time(uint64_t tloc, bool abi32)
{
    int64_t ns;
    clock_ns(CLOCK_REALTIME, &ns);
    int64_t s = ns / NSEC;
    if (abi32) { /* i386's time_t is 32 bits */
        int32_t s32 = (int32_t)s;
        if (tloc && copy_to_user(tloc, &s32, 4))
            return -EFAULT;
        return s32;
    }
    if (tloc && copy_to_user(tloc, &s, 8))
        return -EFAULT;
    return s;
}

int64_t sys_time(struct sc_call *c) { return time_time(c->arg[0], sc_abi32(c)); }

/* For the other calls that take or give a timespec (ppoll, src/poll.c). */
int time_read_timespec(uint64_t u, bool ts32, bool compat, int64_t *sec, int64_t *nsec)
{
    return get_ts(u, ts32, compat, sec, nsec);
}
int time_write_timespec(uint64_t u, int64_t ns, bool ts32) { return put_ts(u, ns, ts32); }
