/* jobctl64 / jobctl32: stopped processes (docs/abi.md, "Job control"), as
 * Linux 6.1 gives them:
 *   - a child that stops itself (SIGSTOP, SIGTSTP) or is stopped by its
 *     parent: wait4 with WUNTRACED reports (sig << 8) | 0x7f once, without
 *     it nothing; waitid WSTOPPED (WNOWAIT leaves it); SIGCHLD CLD_STOPPED;
 *   - a stopped child does not run (a counter in MAP_SHARED memory stays);
 *   - SIGCONT continues it: WCONTINUED 0xffff, waitid CLD_CONTINUED,
 *     SIGCHLD CLD_CONTINUED; its SIGCONT handler runs;
 *   - a group with two threads stops whole when one thread takes SIGSTOP;
 *   - SIGKILL ends a stopped child;
 *   - nanosleep and a pipe read stopped and continued restart and complete;
 *   - SA_NOCLDSTOP: no SIGCHLD for stops and continues, wait still sees them;
 *   - SIGCONT discards a pending stop signal, a stop signal a pending SIGCONT;
 *   - a tracee its tracer (the parent) resumes with SIGSTOP: the signal-
 *     delivery stop, then the group stop, each reported once.
 * Ordinary static Linux programs: ctest runs them on the host too
 * (native.jobctl64/32). */
#include "kit.h"
#include <uapi/linux_wait.h>
#include <uapi/mman.h>
#include <uapi/sigframe.h>

#define EINTR 4
#define MS 1000000ll
#define TFLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM)

#ifdef __x86_64__
typedef struct el_siginfo_64 siginfo;
#else
typedef struct el_siginfo_32 siginfo;
#endif

static void nap(long long ns)
{
    long long end = now_ns() + ns;
    for (long long t; (t = now_ns()) < end;)
        nanosleep_ns(end - t);
}

static long mmap_(unsigned long len)
{
#ifdef __x86_64__
    return sys6(NR64_mmap, 0, (long)len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
#else
    return sys6(NR32_mmap2, 0, (long)len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
#endif
}

/* What parent and children share (MAP_SHARED). */
struct shared {
    volatile unsigned long count, count2; /* the child's loops */
    volatile int tid;                      /* the child's second thread */
    volatile int after, cont_handled, go;
    volatile long r;
    volatile long long took;
    volatile char byte;
};
static struct shared *sh;
static int on_entrylab; /* ENTRYLAB=1 in the environment: the runner's */

static volatile int chld_stopped, chld_cont, chld_exited, chld_status, chld_pid;
static void on_chld(int sig, siginfo *si, void *uc)
{
    (void)sig, (void)uc;
    chld_pid = si->u.sigchld.pid, chld_status = si->u.sigchld.status;
    if (si->code == CLD_STOPPED)
        chld_stopped++;
    else if (si->code == CLD_CONTINUED)
        chld_cont++;
    else
        chld_exited++;
}
static void reset_chld(void) { chld_stopped = chld_cont = chld_exited = chld_status = chld_pid = 0; }

static void on_cont(int sig) { (void)sig, sh->cont_handled++; }

/* wait4, again after an interruption; the status or -1 for nothing. */
static long wait_(long pid, int options, int *status)
{
    static int st;
    long r;
    st = -1;
    while ((r = sys(NR(wait4), pid, &st, options, 0)) == -EINTR)
        ;
    *status = st;
    return r;
}

/* waitid: the code and status it reports (0, 0 for nothing). */
static unsigned char info[128];
static long waitid_(long pid, int options, int *code, int *status)
{
    long r;
    memset(info, 0, sizeof info);
    while ((r = sys(NR(waitid), P_PID, pid, info, options, 0)) == -EINTR)
        ;
    int a32 = MODE == 32;
    memcpy(code, info + WAITID_SI_CODE, 4);
    memcpy(status, info + WAITID_SI_STATUS(a32), 4);
    return r;
}

/* Waits up to a second for v to change from old. */
static int moved(volatile unsigned long *v, unsigned long old)
{
    for (int i = 0; i < 100 && *v == old; i++)
        nap(10 * MS);
    return *v != old;
}
static int became(volatile int *v, int want)
{
    for (int i = 0; i < 100 && *v != want; i++)
        nap(10 * MS);
    return *v == want;
}

/* A child stops itself; its parent sees it once with WUNTRACED, and
 * SIGCHLD; SIGCONT goes on with it, WCONTINUED and CLD_CONTINUED. */
static void test_self_stop(int sig)
{
    const char *name = sig == EL_SIGSTOP ? "SIGSTOP" : "SIGTSTP";
    int st, code, cs;
    sh->after = sh->go = 0;
    reset_chld();
    long pid = sys0(NR(fork));
    if (pid == 0) {
        sys(NR(kill), sys0(NR(getpid)), sig);
        sh->after = 1;
        while (!sh->go) /* until the parent has seen the continue */
            nap(MS);
        child_exit(7);
    }
    expect("self stop: wait4 WUNTRACED", wait_(pid, WUNTRACED, &st), pid);
    el_printf("# jobctl%d: %s: status 0x%x\n", MODE, name, st);
    expect("self stop: status (sig << 8) | 0x7f", st, sig << 8 | 0x7f);
    expect("self stop: the child has not gone on", sh->after, 0);
    expect("self stop: SIGCHLD CLD_STOPPED", chld_stopped, 1);
    expect("self stop: SIGCHLD's si_status", chld_status, sig);
    expect("self stop: SIGCHLD's si_pid", chld_pid, pid);
    expect("self stop: reported once", wait_(pid, WUNTRACED | WNOHANG, &st), 0);
    expect("self stop: waitid WSTOPPED after wait4 saw it: nothing", waitid_(pid, WSTOPPED | WNOHANG, &code, &cs),
           0);
    expect("self stop: waitid's code 0", code, 0);
    nap(50 * MS);
    expect("self stop: still stopped", sh->after, 0);
    expect("SIGCONT", sys(NR(kill), pid, EL_SIGCONT), 0);
    expect("SIGCONT: wait4 WCONTINUED", wait_(pid, WCONTINUED, &st), pid);
    expect("SIGCONT: status 0xffff", st, 0xffff);
    check(became(&chld_cont, 1), "SIGCONT: SIGCHLD CLD_CONTINUED");
    expect("SIGCONT: SIGCHLD's si_status", chld_status, EL_SIGCONT);
    sh->go = 1;
    expect("SIGCONT: the child ended", wait_(pid, 0, &st), pid);
    expect("SIGCONT: its exit code", st, 7 << 8);
    expect("SIGCONT: it went on after the stop", sh->after, 1);
    expect("SIGCHLD CLD_STOPPED came once", chld_stopped, 1);
}

/* A child spinning in ring 3, stopped by its parent: nothing without
 * WUNTRACED, waitid WSTOPPED|WNOWAIT leaves the report for wait4; the
 * counter stays while it is stopped; SIGCONT (waitid WCONTINUED); then
 * stopped again and killed by SIGKILL. */
static void test_parent_stops(void)
{
    int st, code, cs;
    sh->count = 0;
    long pid = sys0(NR(fork));
    if (pid == 0)
        for (;;)
            sh->count++;
    check(moved(&sh->count, 0), "the child runs");
    expect("kill SIGSTOP", sys(NR(kill), pid, EL_SIGSTOP), 0);
    expect("waitid WSTOPPED|WNOWAIT", waitid_(pid, WSTOPPED | WNOWAIT, &code, &cs), 0);
    expect("waitid: CLD_STOPPED", code, CLD_STOPPED);
    expect("waitid: si_status SIGSTOP", cs, EL_SIGSTOP);
    expect("wait4 without WUNTRACED: nothing", wait_(pid, WNOHANG, &st), 0);
    expect("waitid WEXITED: nothing", waitid_(pid, WEXITED | WNOHANG, &code, &cs), 0);
    expect("wait4 WUNTRACED: the stop WNOWAIT left", wait_(pid, WUNTRACED | WNOHANG, &st), pid);
    expect("wait4 WUNTRACED: status", st, EL_SIGSTOP << 8 | 0x7f);
    expect("wait4 WUNTRACED again: nothing", wait_(pid, WUNTRACED | WNOHANG, &st), 0);
    unsigned long c1 = sh->count;
    nap(100 * MS);
    expect("a stopped child does not run (its counter stays)", sh->count, c1);
    expect("kill SIGCONT", sys(NR(kill), pid, EL_SIGCONT), 0);
    expect("waitid WCONTINUED", waitid_(pid, WCONTINUED, &code, &cs), 0);
    expect("waitid: CLD_CONTINUED", code, CLD_CONTINUED);
    expect("waitid: si_status SIGCONT", cs, EL_SIGCONT);
    expect("waitid WCONTINUED again: nothing", waitid_(pid, WCONTINUED | WNOHANG, &code, &cs), 0);
    check(moved(&sh->count, c1), "the continued child runs again");
    expect("kill SIGSTOP again", sys(NR(kill), pid, EL_SIGSTOP), 0);
    expect("stopped again", wait_(pid, WUNTRACED, &st), pid);
    expect("kill SIGKILL", sys(NR(kill), pid, EL_SIGKILL), 0);
    expect("SIGKILL ends the stopped child", wait_(pid, 0, &st), pid);
    expect("SIGKILL: WTERMSIG", st, EL_SIGKILL);
}

/* A child with two threads, each counting; SIGSTOP sent to the second
 * thread (tgkill) stops both. */
#define STACK_SIZE 16384
static unsigned char tstack[STACK_SIZE] __attribute__((aligned(16)));
static __attribute__((noreturn)) int counter_thread(void *arg)
{
    (void)arg;
    sh->tid = (int)sys0(NR(gettid));
    for (;;)
        sh->count2++;
}

static void test_threads(void)
{
    int st;
    sh->count = sh->count2 = 0;
    sh->tid = 0;
    long pid = sys0(NR(fork));
    if (pid == 0) {
        void **sp = (void **)(tstack + STACK_SIZE);
        *--sp = 0;
        *--sp = 0;
        *--sp = 0;
        *--sp = (void *)counter_thread;
        if (raw_clone(TFLAGS, sp, 0, 0, 0) < 0)
            child_exit(1);
        for (;;)
            sh->count++;
    }
    for (int i = 0; i < 100 && !sh->tid; i++)
        nap(10 * MS);
    check(sh->tid != 0, "threads: the second thread started");
    check(moved(&sh->count, 0) && moved(&sh->count2, 0), "threads: both count");
    expect("threads: tgkill SIGSTOP to the second thread", sys(NR(tgkill), pid, sh->tid, EL_SIGSTOP), 0);
    expect("threads: wait4 WUNTRACED", wait_(pid, WUNTRACED, &st), pid);
    expect("threads: status", st, EL_SIGSTOP << 8 | 0x7f);
    unsigned long a = sh->count, b = sh->count2;
    nap(100 * MS);
    expect("threads: the leader does not run while stopped", sh->count, a);
    expect("threads: the second thread does not run while stopped", sh->count2, b);
    expect("threads: SIGCONT", sys(NR(kill), pid, EL_SIGCONT), 0);
    check(moved(&sh->count, a), "threads: the leader runs again");
    check(moved(&sh->count2, b), "threads: the second thread runs again");
    expect("threads: SIGKILL", sys(NR(kill), pid, EL_SIGKILL), 0);
    expect("threads: reaped", wait_(pid, 0, &st), pid);
    expect("threads: WTERMSIG", st, EL_SIGKILL);
}

/* nanosleep stopped and continued (no handler) restarts and sleeps its
 * whole time; a pipe read stopped, given its byte while stopped (it does
 * not complete then), continued with an SA_RESTART SIGCONT handler that
 * runs, restarts and reads it. */
static void test_restart(void)
{
    int st;
    sh->r = -1, sh->took = 0;
    long pid = sys0(NR(fork));
    if (pid == 0) {
        long long t0 = now_ns();
        sh->r = nanosleep_ns(300 * MS);
        sh->took = now_ns() - t0;
        child_exit(0);
    }
    nap(50 * MS);
    expect("nanosleep: SIGSTOP", sys(NR(kill), pid, EL_SIGSTOP), 0);
    expect("nanosleep: stopped", wait_(pid, WUNTRACED, &st), pid);
    nap(100 * MS);
    expect("nanosleep: SIGCONT", sys(NR(kill), pid, EL_SIGCONT), 0);
    expect("nanosleep: the child ends", wait_(pid, 0, &st), pid);
    expect("nanosleep: exit 0", st, 0);
    expect("nanosleep across a stop: 0", sh->r, 0);
    check(sh->took >= 300 * MS, "nanosleep across a stop: its whole time");

    static int fd[2];
    expect("pipe2", sys(NR(pipe2), fd, 0), 0);
    sh->r = -1, sh->byte = 0, sh->cont_handled = 0, sh->after = 0;
    pid = sys0(NR(fork));
    if (pid == 0) {
        set_action(EL_SIGCONT, (void *)on_cont, EL_SA_RESTART);
        static char b;
        sh->after = 1;
        sh->r = sys(NR(read), fd[0], &b, 1);
        sh->byte = b;
        child_exit(0);
    }
    check(became(&sh->after, 1), "read: the child started");
    nap(50 * MS);
    expect("read: SIGSTOP", sys(NR(kill), pid, EL_SIGSTOP), 0);
    expect("read: stopped", wait_(pid, WUNTRACED, &st), pid);
    expect("read: the byte written while stopped", sys(NR(write), fd[1], "x", 1), 1);
    nap(50 * MS);
    expect("read: not done while stopped", sh->r, -1);
    expect("read: SIGCONT", sys(NR(kill), pid, EL_SIGCONT), 0);
    expect("read: the child ends", wait_(pid, 0, &st), pid);
    expect("read: exit 0", st, 0);
    expect("read: SIGCONT's handler ran once", sh->cont_handled, 1);
    expect("read restarted: 1 byte", sh->r, 1);
    expect("read restarted: the byte", sh->byte, 'x');
    sys(NR(close), fd[0]);
    sys(NR(close), fd[1]);
}

/* SA_NOCLDSTOP: stops and continues send no SIGCHLD, wait sees them. */
static void test_nocldstop(void)
{
    int st;
    set_action(EL_SIGCHLD, (void *)on_chld, EL_SA_SIGINFO | EL_SA_RESTART | EL_SA_NOCLDSTOP);
    reset_chld();
    sh->go = 0;
    long pid = sys0(NR(fork));
    if (pid == 0) {
        sys(NR(kill), sys0(NR(getpid)), EL_SIGSTOP);
        while (!sh->go) /* until the parent has seen the continue */
            nap(MS);
        child_exit(3);
    }
    expect("SA_NOCLDSTOP: wait4 WUNTRACED", wait_(pid, WUNTRACED, &st), pid);
    expect("SA_NOCLDSTOP: status", st, EL_SIGSTOP << 8 | 0x7f);
    expect("SA_NOCLDSTOP: SIGCONT", sys(NR(kill), pid, EL_SIGCONT), 0);
    expect("SA_NOCLDSTOP: WCONTINUED", wait_(pid, WCONTINUED, &st), pid);
    expect("SA_NOCLDSTOP: WCONTINUED's status", st, 0xffff);
    sh->go = 1;
    expect("SA_NOCLDSTOP: ended", wait_(pid, 0, &st), pid);
    expect("SA_NOCLDSTOP: exit code", st, 3 << 8);
    expect("SA_NOCLDSTOP: no SIGCHLD for the stop", chld_stopped, 0);
    expect("SA_NOCLDSTOP: no SIGCHLD for the continue", chld_cont, 0);
    expect("SA_NOCLDSTOP: SIGCHLD for the end", chld_exited, 1);
    set_action(EL_SIGCHLD, (void *)on_chld, EL_SA_SIGINFO | EL_SA_RESTART);
}

/* SIGCONT discards a pending (blocked) SIGTSTP; SIGTSTP a pending SIGCONT
 * (caught, so that it is not dropped as ignored). In a child, which tells
 * by its exit code. */
static void test_discard(void)
{
    int st;
    long pid = sys0(NR(fork));
    if (pid == 0) {
        set_action(EL_SIGCONT, (void *)on_cont, 0);
        unsigned long long set = 1ull << (EL_SIGTSTP - 1) | 1ull << (EL_SIGCONT - 1), pend = 0;
        sys(NR(rt_sigprocmask), EL_SIG_BLOCK, &set, 0, 8);
        long me = sys0(NR(getpid));
        int bad = 0;
        sys(NR(kill), me, EL_SIGTSTP);
        sys(NR(rt_sigpending), &pend, 8);
        bad |= pend != 1ull << (EL_SIGTSTP - 1);
        sys(NR(kill), me, EL_SIGCONT);
        sys(NR(rt_sigpending), &pend, 8);
        bad |= (pend != 1ull << (EL_SIGCONT - 1)) << 1;
        sys(NR(kill), me, EL_SIGTSTP);
        sys(NR(rt_sigpending), &pend, 8);
        bad |= (pend != 1ull << (EL_SIGTSTP - 1)) << 2;
        sys(NR(kill), me, EL_SIGCONT); /* so that unblocking does not stop it */
        sys(NR(rt_sigprocmask), EL_SIG_UNBLOCK, &set, 0, 8);
        child_exit(bad);
    }
    expect("discard: the child ended", wait_(pid, 0, &st), pid);
    el_printf("# jobctl%d: discard: exit %d (bit 0: SIGTSTP not pending; 1: SIGCONT kept SIGTSTP; "
              "2: SIGTSTP kept SIGCONT)\n", MODE, (st >> 8) & 0xff);
    expect("discard: SIGCONT and a stop signal discard each other", st, 0);
}

/* PTRACE_TRACEME, then SIGSTOP: the tracer sees the signal-delivery stop,
 * resumes with SIGSTOP, and sees the group stop once (without WUNTRACED,
 * as a tracer's wait does). Then SIGCONT: entrylab resumes the group at
 * once; Linux keeps a traced group-stopped child stopped until its tracer
 * resumes it (PTRACE_CONT, there only). Either way the child then stops for
 * SIGCONT's delivery, and ends. */
#define PTRACE_TRACEME 0
#define PTRACE_CONT 7
static void test_ptrace(void)
{
    int st;
    long pid = sys0(NR(fork));
    if (pid == 0) {
        if (sys(NR(ptrace), PTRACE_TRACEME, 0, 0, 0))
            child_exit(1);
        sys(NR(kill), sys0(NR(getpid)), EL_SIGSTOP);
        child_exit(5);
    }
    expect("ptrace: the signal-delivery stop", wait_(pid, 0, &st), pid);
    expect("ptrace: its status", st, EL_SIGSTOP << 8 | 0x7f);
    expect("ptrace: PTRACE_CONT with SIGSTOP", sys(NR(ptrace), PTRACE_CONT, pid, 0, EL_SIGSTOP), 0);
    expect("ptrace: the group stop, to the tracer", wait_(pid, 0, &st), pid);
    expect("ptrace: the group stop's status", st, EL_SIGSTOP << 8 | 0x7f);
    expect("ptrace: the group stop reported once", wait_(pid, WUNTRACED | WNOHANG, &st), 0);
    expect("ptrace: SIGCONT", sys(NR(kill), pid, EL_SIGCONT), 0);
    if (!on_entrylab) /* Linux: out of the traced group stop, SIGCONT pending */
        expect("ptrace: PTRACE_CONT from the group stop", sys(NR(ptrace), PTRACE_CONT, pid, 0, 0), 0);
    expect("ptrace: SIGCONT's delivery stop", wait_(pid, 0, &st), pid);
    expect("ptrace: its status", st, EL_SIGCONT << 8 | 0x7f);
    expect("ptrace: PTRACE_CONT", sys(NR(ptrace), PTRACE_CONT, pid, 0, 0), 0);
    expect("ptrace: the tracee ended", wait_(pid, 0, &st), pid);
    expect("ptrace: exit code", st, 5 << 8);
}

int main(int argc, char **argv, char **envp)
{
    (void)argc, (void)argv;
    for (char **e = envp; *e; e++)
        on_entrylab |= strcmp(*e, "ENTRYLAB=1") == 0;
    long m = mmap_(4096);
    if ((unsigned long)m >= -4096ul) {
        el_fail("mmap MAP_SHARED: %ld", m);
        return 1;
    }
    sh = (struct shared *)m;
    /* Its own process group, whose parent (ctest, a shell) is in another
     * group of the session: Linux discards SIGTSTP, SIGTTIN and SIGTTOU
     * sent to an orphaned group, as ctest's is when started from a
     * background job, and the stop tests would wait for ever. A session
     * leader keeps its group (-EPERM), which is not orphaned either. */
    sys(NR(setpgid), 0, 0);
    set_action(EL_SIGCHLD, (void *)on_chld, EL_SA_SIGINFO | EL_SA_RESTART);
    test_self_stop(EL_SIGSTOP);
    test_self_stop(EL_SIGTSTP);
    test_parent_stops();
    test_threads();
    test_restart();
    test_nocldstop();
    test_discard();
    test_ptrace();
    return calls_done("jobctl");
}
