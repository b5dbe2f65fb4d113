/* restart64 / restart32: system-call restart after a signal (docs/abi.md,
 * "Restart"), through every door of the mode, as Linux 6.1 gives it:
 *   - a pipe read and write, a futex wait (all six arguments) and wait4 restart when
 *     the handler has SA_RESTART, and are -EINTR without it; a restarted
 *     read leaves every register as a plain read does;
 *   - nanosleep with a handler (SIGCHLD, even with SA_RESTART) is -EINTR
 *     with the time left in rem; poll, pause and rt_sigsuspend are -EINTR;
 *   - a signal that reaches a sleeping thread but finds no handler (its
 *     action became SIG_IGN meanwhile) does not end nanosleep early: it
 *     restarts through restart_syscall;
 *   - pause and rt_sigsuspend woken that way restart, and end at the next
 *     signal with a handler;
 *   - restart_syscall with nothing to resume is -EINTR;
 *   - nanosleep across a SIGSTOP and SIGCONT of the program sleeps its time.
 * A helper thread (raw clone) or a child process sends the signal while the
 * call waits. The binaries are ordinary static Linux programs: ctest runs
 * them on the host's Linux too (native.restart64/32); there only int 0x80,
 * syscall and __kernel_vsyscall are tried (entrylab's fixed vDSO stubs and
 * 64-bit sysenter need ENTRYLAB=1 in the environment). */
#include "kit.h"
#include <uapi/linux_wait.h>
#include <uapi/sigframe.h>

#define EINTR 4
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE 1
#define FUTEX_PRIVATE 128
#define POLLIN 1
#define MS 1000000ll
#define GAP (20 * MS)   /* the helper waits this long before each step */
#define SLEEP (100 * MS) /* the sleeps a signal must not shorten */

#define TFLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM | \
                CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID)


/* ---- the doors ------------------------------------------------------------ */


static long call(const struct tdoor *d, long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
    return d->fn(nr, a1, a2, a3, a4, a5, a6);
}

/* A timespec in the door's ABI (static: int 0x80 from 64-bit code takes
 * 32-bit pointers). */
static long long ts_buf[2], rem_buf[2];
static void *ts_of(const struct tdoor *d, long long *buf, long long ns)
{
    if (d->abi64) {
        buf[0] = ns / 1000000000, buf[1] = ns % 1000000000;
    } else {
        int32_t *t = (int32_t *)buf;
        t[0] = (int32_t)(ns / 1000000000), t[1] = (int32_t)(ns % 1000000000);
    }
    return buf;
}
static long long ns_of(const struct tdoor *d, const long long *buf)
{
    if (d->abi64)
        return buf[0] * 1000000000 + buf[1];
    const int32_t *t = (const int32_t *)buf;
    return (long long)t[0] * 1000000000 + t[1];
}


static void nap(long long ns)
{
    static long long b[2];
#ifdef __x86_64__
    b[0] = ns / 1000000000, b[1] = ns % 1000000000;
#else
    int32_t *w = (int32_t *)b;
    w[0] = (int32_t)(ns / 1000000000), w[1] = (int32_t)(ns % 1000000000);
#endif
    while (sys(NR(nanosleep), b, b) == -EINTR)
        ;
}

/* ---- signals -------------------------------------------------------------- */

static volatile int handled, handled2;
static void on_sig(int sig) { (void)sig, handled++; }
static void on_sig2(int sig) { (void)sig, handled2++; }


/* ---- the helper thread: waits, signals the main thread, then acts --------- */

enum act { ACT_NONE, ACT_WRITE, ACT_WAKE, ACT_READ };
static struct {
    int tid;          /* whom to signal */
    int sig;
    int ignore_after; /* set the signal's action to SIG_IGN right after */
    enum act act;
    int sig2;         /* sent at the end, if not 0 */
} plan;
static int pipefd[2];
static volatile int word; /* the futex */

#define STACK_SIZE 16384
static unsigned char stack[STACK_SIZE] __attribute__((aligned(16)));
static int ptid, ctid;

static int helper(void *arg)
{
    (void)arg;
    nap(GAP);
    sys(NR(tgkill), sys0(NR(getpid)), plan.tid, plan.sig);
    if (plan.ignore_after)
        set_action(plan.sig, (void *)EL_SIG_IGN, 0);
    nap(GAP);
    if (plan.act == ACT_WRITE)
        sys(NR(write), pipefd[1], "x", 1);
    static char page[4096];
    if (plan.act == ACT_READ) /* room for a blocked write */
        sys(NR(read), pipefd[0], page, sizeof page);
    if (plan.act == ACT_WAKE) {
        word = 1;
        sys(NR(futex), &word, FUTEX_WAKE | FUTEX_PRIVATE, 1, 0, 0, 0);
    }
    if (plan.sig2)
        sys(NR(tgkill), sys0(NR(getpid)), plan.tid, plan.sig2);
    return 0;
}

static void start_helper(int sig, int ignore_after, enum act act)
{
    plan.tid = (int)sys0(NR(gettid));
    plan.sig = sig, plan.ignore_after = ignore_after, plan.act = act, plan.sig2 = 0;
    void **sp = (void **)(stack + STACK_SIZE);
    *--sp = 0;
    *--sp = 0;
    *--sp = 0;
    *--sp = (void *)helper;
    ctid = -1;
    long r = raw_clone(TFLAGS, sp, &ptid, &ctid, 0);
    if (r < 0)
        el_fail("clone: %ld", r);
}

static void join_helper(void)
{
    for (int v; (v = ctid) != 0;)
        sys(NR(futex), &ctid, 0 /* FUTEX_WAIT */, v, 0, 0, 0);
}

/* ---- the cases ------------------------------------------------------------ */

static char rbuf[4];

/* A read on an empty pipe that SIGUSR1 interrupts: with SA_RESTART it
 * restarts and gets the byte written after; without, -EINTR. Through
 * door_capture, every register after the restarted read must be what a
 * plain read leaves (rax aside). */
static void test_read(const struct tdoor *d, int restart)
{
    set_action(EL_SIGUSR1, (void *)on_sig, restart ? EL_SA_RESTART : 0);
    handled = 0;
    if (restart && d->cap >= 0) {
        static struct regs in, base, out;
        memset(&in, 0, sizeof in);
        for (int i = 0; i < EL_NGPR; i++)
            in.gpr[i] = 0x5a5a0000ul + (unsigned long)i * 0x111;
        in.gpr[R_AX] = (unsigned long)N(d, read);
#ifdef __x86_64__
        if (d->abi64)
            in.gpr[R_DI] = (unsigned long)pipefd[0], in.gpr[R_SI] = (unsigned long)rbuf, in.gpr[R_DX] = 1;
        else
#endif
            in.gpr[R_BX] = (unsigned long)pipefd[0], in.gpr[R_CX] = (unsigned long)rbuf, in.gpr[R_DX] = 1;
        in.flags = FL_FIXED | FL_CF;
        sys(NR(write), pipefd[1], "y", 1);
        door_capture(&in, &base, d->cap); /* the byte is there: no wait */
        start_helper(EL_SIGUSR1, 0, ACT_WRITE);
        door_capture(&in, &out, d->cap);
        join_helper();
        expect("plain read through door_capture", (long)base.gpr[R_AX], 1);
        for (int i = 0; i < EL_NGPR; i++) {
            if (i == R_AX)
                continue;
            if (out.gpr[i] != base.gpr[i])
                el_fail("%s: restarted read: %s 0x%lx, a plain read leaves 0x%lx", d->name, el_gpr_names[i],
                        out.gpr[i], base.gpr[i]);
        }
        if ((out.flags & ~FL_TF) != (base.flags & ~FL_TF) || out.sp != base.sp)
            el_fail("%s: restarted read: flags 0x%lx sp 0x%lx, a plain read 0x%lx 0x%lx", d->name, out.flags,
                    out.sp, base.flags, base.sp);
        expect("restarted read through door_capture: 1 byte", (long)out.gpr[R_AX], 1);
    } else {
        start_helper(EL_SIGUSR1, 0, ACT_WRITE);
        rbuf[0] = 0;
        long r = call(d, N(d, read), pipefd[0], (long)rbuf, 1, 0, 0, 0);
        join_helper();
        if (restart) {
            expect("SA_RESTART: the read restarts and gets the byte", r, 1);
            expect("the byte", rbuf[0], 'x');
        } else {
            expect("no SA_RESTART: the read is -EINTR", r, -EINTR);
            expect("the byte is still there", sys(NR(read), pipefd[0], rbuf, 1), 1);
        }
    }
    if (handled != 1)
        el_fail("%s: read, SA_RESTART %d: the handler ran %d times, want 1", d->name, restart, handled);
}

/* A write to a full pipe (16 pages, as Linux's) that SIGUSR1 interrupts:
 * with SA_RESTART it restarts and goes in once the helper has read a page;
 * without, -EINTR. */
static void test_write(const struct tdoor *d, int restart)
{
    static char page[4096];
    set_action(EL_SIGUSR1, (void *)on_sig, restart ? EL_SA_RESTART : 0);
    handled = 0;
    for (int i = 0; i < 16; i++)
        expect("filling the pipe a page at a time", sys(NR(write), pipefd[1], page, sizeof page), sizeof page);
    start_helper(EL_SIGUSR1, 0, ACT_READ);
    long r = call(d, N(d, write), pipefd[1], (long)"z", 1, 0, 0, 0);
    join_helper();
    if (restart)
        expect("SA_RESTART: the write to a full pipe restarts and goes in", r, 1);
    else
        expect("no SA_RESTART: the write to a full pipe is -EINTR", r, -EINTR);
    expect("write: the handler ran once", handled, 1);
    long left = 15 * (long)sizeof page + (restart ? 1 : 0), got = 0;
    while (got < left) {
        long n = sys(NR(read), pipefd[0], page, left - got < (long)sizeof page ? left - got : (long)sizeof page);
        if (n <= 0) {
            el_fail("%s: draining the pipe: %ld", d->name, n);
            break;
        }
        got += n;
    }
}

/* FUTEX_WAIT_BITSET takes all six arguments (the bitset is the sixth,
 * syscall32's ebp-carried second is the op): a restart that lost one
 * would be -EINVAL or -ENOSYS instead of the wake. */
static void test_futex(const struct tdoor *d, int restart)
{
    set_action(EL_SIGUSR1, (void *)on_sig, restart ? EL_SA_RESTART : 0);
    handled = 0;
    word = 0;
    start_helper(EL_SIGUSR1, 0, ACT_WAKE);
    long r = call(d, N(d, futex), (long)&word, FUTEX_WAIT_BITSET | FUTEX_PRIVATE, 0, 0, 0, 0x10);
    join_helper();
    /* A restart that comes after the helper changed the word (a slow,
     * loaded machine: the handler ran past the helper's GAP) is -EAGAIN, as
     * on Linux: the restarted wait ran with all its arguments all the same. */
    if (restart && r == -EAGAIN && word == 1)
        r = 0;
    if (restart)
        expect("SA_RESTART: FUTEX_WAIT_BITSET restarts until the wake", r, 0);
    else
        expect("no SA_RESTART: FUTEX_WAIT_BITSET is -EINTR", r, -EINTR);
    expect("futex: the handler ran once", handled, 1);
}

/* wait4 for a child that signals its parent, then ends. */
static void test_wait4(const struct tdoor *d, int restart)
{
    static int st;
    set_action(EL_SIGUSR1, (void *)on_sig, restart ? EL_SA_RESTART : 0);
    handled = 0;
    long pid = sys0(NR(fork));
    if (pid == 0) {
        nap(GAP);
        sys(NR(kill), sys0(NR(getppid)), EL_SIGUSR1);
        nap(GAP);
        sys(NR(exit_group), 7);
    }
    st = -1;
    long r = call(d, N(d, wait4), pid, (long)&st, 0, 0, 0, 0);
    if (restart) {
        expect("SA_RESTART: wait4 restarts and reaps the child", r, pid);
        expect("wait4: exit status 7", (st >> 8) & 0xff, 7);
    } else {
        expect("no SA_RESTART: wait4 is -EINTR", r, -EINTR);
        while (sys(NR(wait4), pid, &st, 0, 0) == -EINTR)
            ;
    }
    expect("wait4: the handler ran once", handled, 1);
}

/* A handler always ends a sleep, SA_RESTART or not: -EINTR and the time
 * left (SIGCHLD from a child that ends after GAP). */
static void test_nanosleep_handler(const struct tdoor *d)
{
    set_action(EL_SIGCHLD, (void *)on_sig, EL_SA_RESTART);
    handled = 0;
    long pid = sys0(NR(fork));
    if (pid == 0) {
        nap(GAP);
        sys(NR(exit_group), 0);
    }
    memset(rem_buf, 0, sizeof rem_buf);
    long r = call(d, N(d, nanosleep), (long)ts_of(d, ts_buf, 400 * MS), (long)rem_buf, 0, 0, 0, 0);
    long long left = ns_of(d, rem_buf);
    expect("SIGCHLD with SA_RESTART: nanosleep is -EINTR", r, -EINTR);
    if (left <= 100 * MS || left >= 400 * MS)
        el_fail("%s: nanosleep's rem %lld ns, want between 100 and 400 ms", d->name, left);
    expect("nanosleep: the SIGCHLD handler ran once", handled, 1);
    static int st;
    while (sys(NR(wait4), pid, &st, 0, 0) == -EINTR)
        ;
    set_action(EL_SIGCHLD, (void *)EL_SIG_DFL, 0);
}

/* On entrylab's one CPU the helper's two calls follow each other unless a
 * tick falls between them: losing every race is a failure. On Linux the
 * woken thread may run on another CPU and take the handler first each
 * time, which is Linux's right: only a note (test_stop_cont shows the
 * restart there). */
static void lost_every_race(const struct tdoor *d, const char *what)
{
    if (on_entrylab)
        el_fail("%s: %s: the handler won every race", d->name, what);
    else
        el_printf("# %s %s: the handler won every race on this Linux: not judged\n", d->name, what);
}

/* A stop and a continue while nanosleep waits do not end it early; the
 * kernel restarts it through restart_syscall (src/jobctl.c's group stop). */
static void test_stop_cont(const struct tdoor *d)
{
    long pid = sys0(NR(fork));
    if (pid == 0) {
        long parent = sys0(NR(getppid));
        nap(GAP);
        sys(NR(kill), parent, EL_SIGSTOP);
        nap(GAP);
        sys(NR(kill), parent, EL_SIGCONT);
        sys(NR(exit_group), 0);
    }
    long long t0 = now_ns();
    long r = call(d, N(d, nanosleep), (long)ts_of(d, ts_buf, SLEEP), (long)rem_buf, 0, 0, 0, 0);
    long long took = now_ns() - t0;
    if (r != 0 || took < SLEEP)
        el_fail("%s: nanosleep across SIGSTOP and SIGCONT: %ld after %lld ns, want 0 after 100 ms", d->name, r, took);
    calls_checked++;
    static int st;
    while (sys(NR(wait4), pid, &st, 0, 0) == -EINTR)
        ;
}

/* A signal that wakes the sleeper but finds no handler (the helper set
 * SIG_IGN right after sending it): the sleep goes on through
 * restart_syscall and lasts its whole time. Should the handler win the race
 * (the helper preempted between its two calls; on Linux another CPU), the
 * sleep is rightly -EINTR: try again. */
static void test_nanosleep_no_handler(const struct tdoor *d, int clock)
{
    const char *what = clock ? "clock_nanosleep" : "nanosleep";
    for (int attempt = 0; attempt < 4; attempt++) {
        set_action(EL_SIGUSR1, (void *)on_sig, 0);
        handled = 0;
        start_helper(EL_SIGUSR1, 1, ACT_NONE);
        long long t0 = now_ns();
        long r = clock ? call(d, N(d, clock_nanosleep), CLOCK_MONOTONIC, 0, (long)ts_of(d, ts_buf, SLEEP),
                              (long)rem_buf, 0, 0)
                       : call(d, N(d, nanosleep), (long)ts_of(d, ts_buf, SLEEP), (long)rem_buf, 0, 0, 0, 0);
        long long took = now_ns() - t0;
        join_helper();
        if (handled) {
            el_printf("# %s %s: the handler won the race, again\n", d->name, what);
            continue;
        }
        if (r != 0 || took < SLEEP)
            el_fail("%s: %s with an ignored signal: %ld after %lld ns, want 0 after 100 ms", d->name, what, r,
                    took);
        calls_checked++;
        return;
    }
    lost_every_race(d, what);
}

/* pause and rt_sigsuspend woken by a signal that finds no handler (SIG_IGN
 * by then) restart with their own number and arguments, and end only at
 * the next signal with a handler (SIGUSR2, GAP later): the case of
 * Linux's ptrace_syscall selftest ("kernel syscall restart under ptrace"). */
static void test_nohand_restart(const struct tdoor *d, int suspend)
{
    static unsigned long long none;
    const char *what = suspend ? "rt_sigsuspend" : "pause";
    for (int attempt = 0; attempt < 4; attempt++) {
        set_action(EL_SIGUSR1, (void *)on_sig, 0);
        set_action(EL_SIGUSR2, (void *)on_sig2, EL_SA_RESTART);
        handled = handled2 = 0;
        start_helper(EL_SIGUSR1, 1, ACT_NONE);
        plan.sig2 = EL_SIGUSR2;
        long r = suspend ? call(d, N(d, rt_sigsuspend), (long)&none, 8, 0, 0, 0, 0)
                         : call(d, N(d, pause), 0, 0, 0, 0, 0, 0);
        join_helper();
        if (handled) {
            el_printf("# %s %s: the handler won the race, again\n", d->name, what);
            continue;
        }
        if (r != -EINTR || handled2 != 1)
            el_fail("%s: %s woken by an ignored signal: %ld, SIGUSR2's handler ran %d times; want -EINTR "
                    "from SIGUSR2 alone", d->name, what, r, handled2);
        calls_checked++;
        return;
    }
    lost_every_race(d, what);
}

/* poll, pause and rt_sigsuspend: -EINTR when a handler runs, SA_RESTART or not. */
static void test_nohand(const struct tdoor *d)
{
    set_action(EL_SIGUSR1, (void *)on_sig, EL_SA_RESTART);
    static struct { int fd; short events, revents; } pfd;
    pfd.fd = pipefd[0], pfd.events = POLLIN, pfd.revents = 0;
    handled = 0;
    start_helper(EL_SIGUSR1, 0, ACT_NONE);
    expect("poll with an SA_RESTART handler: -EINTR", call(d, N(d, poll), (long)&pfd, 1, 400, 0, 0, 0), -EINTR);
    join_helper();
    expect("poll: the handler ran", handled, 1);

    handled = 0;
    start_helper(EL_SIGUSR1, 0, ACT_NONE);
    expect("pause: -EINTR", call(d, N(d, pause), 0, 0, 0, 0, 0, 0), -EINTR);
    join_helper();
    expect("pause: the handler ran", handled, 1);

    static unsigned long long none;
    handled = 0;
    start_helper(EL_SIGUSR1, 0, ACT_NONE);
    expect("rt_sigsuspend: -EINTR", call(d, N(d, rt_sigsuspend), (long)&none, 8, 0, 0, 0, 0), -EINTR);
    join_helper();
    expect("rt_sigsuspend: the handler ran", handled, 1);
}


int main(int argc, char **argv, char **envp)
{
    (void)argc, (void)argv;
    doors_find(envp);
    expect("pipe2", sys(NR(pipe2), pipefd, 0), 0);
    for (int i = 0; i < ndoors; i++) {
        const struct tdoor *d = &doors[i];
        int before = el_failures;
        expect("restart_syscall with nothing to resume: -EINTR", call(d, N(d, restart_syscall), 0, 0, 0, 0, 0, 0),
               -EINTR);
        test_read(d, 1);
        test_read(d, 0);
        test_write(d, 1);
        test_write(d, 0);
        test_futex(d, 1);
        test_futex(d, 0);
        test_wait4(d, 1);
        test_wait4(d, 0);
        test_nanosleep_handler(d);
        test_nanosleep_no_handler(d, 0);
        test_nanosleep_no_handler(d, 1);
        test_stop_cont(d);
        test_nohand(d);
        test_nohand_restart(d, 0);
        test_nohand_restart(d, 1);
        el_printf("# %s restart%d through %s: %s\n", el_failures == before ? "ok" : "FAIL", MODE, d->name,
                  el_failures == before ? "restarts, -EINTR and rem as Linux" : "see above");
    }
    return calls_done("restart");
}
