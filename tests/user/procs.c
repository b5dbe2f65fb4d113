/* procs64 / procs32: several processes (docs/abi.md, "Processes and
 * scheduling"). fork copies the memory; wait4 and waitid report Linux's
 * status words; vfork holds the parent until the child ends; clone with
 * fork-like flags, and its refusals; SIGCHLD with its siginfo; kill from
 * one process to another, waking a child blocked in pause; a parent
 * spinning in ring 3 while its child sleeps (only preemption lets the
 * child finish); a child killed by a fault, reported to its parent; and an
 * orphan, reparented to the runner (pid 1), that ends after its parent:
 * the runner prints this program's result only after the orphan's line. */
#include "kit.h"
#include <uapi/linux_wait.h>
#include <uapi/sigframe.h>
#include <uapi/mman.h>

#ifdef __x86_64__
typedef struct el_siginfo_64 siginfo;
#else
typedef struct el_siginfo_32 siginfo;
#endif

#define ECHILD 10
#define EINTR 4

static volatile int chld_count, chld_pid, chld_code, chld_status;
static void on_chld(int sig, siginfo *si, void *uc)
{
    (void)sig, (void)uc;
    chld_count++;
    chld_pid = si->u.sigchld.pid, chld_code = si->code, chld_status = si->u.sigchld.status;
}

static volatile int usr1_seen;
static void on_usr1(int sig) { (void)sig; usr1_seen = 1; }

static int shared_value = 1; /* each process has its own copy after fork */

/* fork: two returns, copied memory, getppid, the exit status, SIGCHLD. */
static void test_fork(void)
{
    long me = sys0(NR(getpid));
    chld_count = 0;
    long pid = sys0(NR(fork));
    if (pid == 0) {
        shared_value = 99;
        if (sys0(NR(getppid)) != me)
            child_exit(1);
        if (sys0(NR(getpid)) == me)
            child_exit(2);
        child_exit(42);
    }
    check(pid > me, "fork: the parent gets the child's pid");
    int st = wait_child(pid);
    expect("fork: wait4 status is exit code << 8", st, 42 << 8);
    check(EL_WIFEXITED(st) && EL_WEXITSTATUS(st) == 42, "fork: WIFEXITED, WEXITSTATUS 42");
    expect("fork: the child's write stayed in its copy", shared_value, 1);
    expect("SIGCHLD: one delivered", chld_count, 1);
    expect("SIGCHLD: si_pid", chld_pid, pid);
    expect("SIGCHLD: si_code CLD_EXITED", chld_code, CLD_EXITED);
    expect("SIGCHLD: si_status", chld_status, 42);
    expect("wait4 with no child left: -ECHILD", sys(NR(wait4), -1, 0, 0, 0), -ECHILD);
    expect("kill of a reaped child: -ESRCH", sys(NR(kill), pid, 0), -ESRCH);
}

/* Copy-on-write: after fork the pages are shared until one side writes;
 * each write, by the program or by the kernel on its behalf (a system
 * call's result), must land in the writer's copy only. */
static unsigned char pages[16 * 4096];
static void test_cow(void)
{
    for (unsigned i = 0; i < sizeof pages; i++)
        pages[i] = (unsigned char)(i * 7);
#ifdef __x86_64__
    static struct linux_timespec64 ts;
#else
    static struct linux_timespec32 ts;
#endif
    memset(&ts, 0x77, sizeof ts);
    long pid = sys0(NR(fork));
    if (pid == 0) {
        int bad = 0;
        for (unsigned i = 0; i < sizeof pages; i += 4096 / 2)
            bad += pages[i] != (unsigned char)(i * 7);
        for (unsigned i = 0; i < sizeof pages; i += 4096)
            pages[i] = 0xEE;                       /* one write per page */
        sys(NR(clock_gettime), CLOCK_MONOTONIC, &ts); /* the kernel writes */
        static struct { long s, ns; } t = {0, 20000000};
        sys(NR(nanosleep), &t, 0);                 /* the parent writes meanwhile */
        for (unsigned i = 1; i < sizeof pages; i += 4096)
            bad += pages[i] != (unsigned char)(i * 7);
        child_exit(bad ? 1 : 0);
    }
    for (unsigned i = 1; i < sizeof pages; i += 4096)
        pages[i] = 0xDD; /* while the child still shares what it has not written */
    expect("copy-on-write: the child saw the old bytes, then its own writes only", wait_child(pid), 0);
    int bad = 0;
    for (unsigned i = 0; i < sizeof pages; i++)
        bad += pages[i] != (i % 4096 == 1 ? 0xDD : (unsigned char)(i * 7));
    expect("copy-on-write: the parent's pages have only the parent's writes", bad, 0);
    unsigned char *b = (unsigned char *)&ts;
    check(b[0] == 0x77 && b[sizeof ts - 1] == 0x77, "copy-on-write: the child's clock_gettime left the parent's copy");
}

static long mmap_(unsigned long len, long prot, long flags)
{
#ifdef __x86_64__
    return sys6(NR64_mmap, 0, (long)len, prot, flags, -1, 0);
#else
    return sys6(NR32_mmap2, 0, (long)len, prot, flags, -1, 0);
#endif
}

/* MAP_SHARED memory stays one memory across fork, the pages touched before
 * it and those not; MAP_PRIVATE memory is each side's own. */
static void test_map_shared(void)
{
    long sh = mmap_(2 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS);
    long pr = mmap_(4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
    check((unsigned long)sh < -4096ul && (unsigned long)pr < -4096ul, "mmap MAP_SHARED and MAP_PRIVATE");
    volatile int *a = (volatile int *)sh, *b = (volatile int *)(sh + 4096), *q = (volatile int *)pr;
    *a = 1, *q = 1; /* the second shared page is not touched before fork */
    long pid = sys0(NR(fork));
    if (pid == 0) {
        int ok = *a == 1 && *b == 0 && *q == 1;
        *a = 2, *b = 3, *q = 4;
        child_exit(ok ? 0 : 1);
    }
    expect("MAP_SHARED: the child saw the parent's memory", wait_child(pid), 0);
    expect("MAP_SHARED: the child's write to a page touched before fork", *a, 2);
    expect("MAP_SHARED: the child's write to a page not touched before", *b, 3);
    expect("MAP_PRIVATE: the child's write stayed its own", *q, 1);
    sys(NR(munmap), sh, 2 * 4096);
    sys(NR(munmap), pr, 4096);
}

/* A pipe across fork: the parent reads before the child has written (it
 * blocks, and the child must run meanwhile), then end of file once the
 * child, the last writer, has ended. */
static void test_pipe(void)
{
    static int fds[2];
    expect("pipe", sys(NR(pipe), fds), 0);
    long pid = sys0(NR(fork));
    if (pid == 0) {
        sys(NR(close), fds[0]);
        static struct { long s, ns; } t = {0, 20000000};
        sys(NR(nanosleep), &t, 0);
        child_exit(sys(NR(write), fds[1], "through", 7) == 7 ? 0 : 1);
    }
    sys(NR(close), fds[1]);
    static char buf[16];
    expect("pipe: the parent's read waits for the child's write", sys(NR(read), fds[0], buf, sizeof buf), 7);
    check(memcmp(buf, "through", 7) == 0, "pipe: the child's bytes");
    expect("pipe: end of file once the child has ended", sys(NR(read), fds[0], buf, sizeof buf), 0);
    expect("pipe: the child", wait_child(pid), 0);
    sys(NR(close), fds[0]);
}

/* exit ends the (single-threaded) process as exit_group does. */
static void test_exit_forms(void)
{
    long a = sys0(NR(fork));
    if (a == 0) {
        sys(NR(exit), 3);
        child_exit(100);
    }
    long b = sys0(NR(fork));
    if (b == 0)
        child_exit(4);
    expect("exit(3): status", wait_child(a), 3 << 8);
    expect("exit_group(4): status", wait_child(b), 4 << 8);
}

/* A child blocked in pause, woken by the parent's kill; WNOHANG first. */
static void test_kill_wakes(void)
{
    usr1_seen = 0;
    set_action(EL_SIGUSR1, (void *)on_usr1, 0); /* inherited by the child */
    long pid = sys0(NR(fork));
    if (pid == 0) {
        while (!usr1_seen)
            sys0(NR(pause));
        child_exit(7);
    }
    static int st;
    expect("wait4 WNOHANG with the child running: 0", sys(NR(wait4), pid, &st, WNOHANG, 0), 0);
    expect("kill(child, 0): it exists", sys(NR(kill), pid, 0), 0);
    /* Let the child reach pause, then signal it. */
    for (int i = 0; i < 3; i++)
        sys0(NR(sched_yield));
    expect("kill(child, SIGUSR1)", sys(NR(kill), pid, EL_SIGUSR1), 0);
    expect("the child's handler ran and it exited 7", wait_child(pid), 7 << 8);

    /* Killed by a signal: the status is the signal number. */
    set_action(EL_SIGUSR1, 0, 0);
    pid = sys0(NR(fork));
    if (pid == 0) {
        for (;;)
            sys0(NR(pause));
    }
    sys0(NR(sched_yield));
    expect("kill(child, SIGTERM)", sys(NR(kill), pid, EL_SIGTERM), 0);
    int s = wait_child(pid);
    check(EL_WIFSIGNALED(s) && EL_WTERMSIG(s) == EL_SIGTERM, "killed by SIGTERM: WIFSIGNALED, WTERMSIG 15");
    expect("SIGCHLD: si_code CLD_KILLED", chld_code, CLD_KILLED);
    expect("SIGCHLD: si_status is the signal", chld_status, EL_SIGTERM);
}

/* A child's fault is the parent's to see: SIGSEGV and SIGILL. */
static void test_fault_child(void)
{
    long pid = sys0(NR(fork));
    if (pid == 0) {
        *(volatile int *)UNMAPPED = 1;
        child_exit(1);
    }
    expect("a child's #PF: status SIGSEGV", wait_child(pid), EL_SIGSEGV);
    pid = sys0(NR(fork));
    if (pid == 0) {
        __asm__ volatile("ud2");
        child_exit(1);
    }
    expect("a child's #UD: status SIGILL", wait_child(pid), EL_SIGILL);
}

/* vfork: the parent runs again only once the child has ended. */
static void test_vfork(void)
{
    long pid = sys0(NR(vfork));
    if (pid == 0) {
        for (int i = 0; i < 3; i++)
            sys0(NR(sched_yield)); /* the parent must not run meanwhile */
        child_exit(5);
    }
    static int st;
    expect("vfork: the child has ended when the parent goes on", sys(NR(wait4), pid, &st, WNOHANG, 0), pid);
    expect("vfork: its status", st, 5 << 8);
}

/* clone with fork-like flags; the flags of threads are refused. */
static void test_clone(void)
{
    static int ptid, ctid;
    ptid = ctid = 0;
#ifdef __x86_64__
#define CLONE(flags, sp, pt, ct, tls) sys(NR(clone), flags, sp, pt, ct, tls)
#else
#define CLONE(flags, sp, pt, ct, tls) sys(NR(clone), flags, sp, pt, tls, ct)
#endif
    long pid = CLONE(EL_SIGCHLD | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID, 0, &ptid, &ctid, 0);
    if (pid == 0)
        child_exit(ctid == sys0(NR(getpid)) ? 9 : 1);
    expect("clone: CLONE_PARENT_SETTID wrote the pid", ptid, pid);
    expect("clone: the child saw CLONE_CHILD_SETTID's pid (exit 9)", wait_child(pid), 9 << 8);
    expect("clone: CLONE_CHILD_SETTID wrote only the child's copy", ctid, 0);
    expect("clone(CLONE_VM): -EINVAL", CLONE(CLONE_VM | EL_SIGCHLD, 0, 0, 0, 0), -EINVAL);
    expect("clone(CLONE_THREAD|CLONE_SIGHAND|CLONE_VM): -EINVAL",
           CLONE(CLONE_THREAD | CLONE_SIGHAND | CLONE_VM, 0, 0, 0, 0), -EINVAL);
    expect("clone3: -ENOSYS", sys(NR(clone3), 0, 0), -ENOSYS);

    /* No exit signal: a "clone" child, seen only by __WCLONE or __WALL. */
    chld_count = 0;
    pid = CLONE(0, 0, 0, 0, 0);
    if (pid == 0)
        child_exit(6);
    static int st;
    expect("a clone child: wait4 without __WCLONE finds none", sys(NR(wait4), pid, &st, 0, 0), -ECHILD);
    expect("a clone child: wait4 __WALL", sys(NR(wait4), pid, &st, __WALL, 0), pid);
    expect("a clone child: status", st, 6 << 8);
    expect("a clone child: no SIGCHLD", chld_count, 0);
}

/* waitid's siginfo, WNOWAIT and WNOHANG. */
static void test_waitid(void)
{
    static siginfo si;
    expect("waitid without WEXITED: -EINVAL", sys(NR(waitid), P_ALL, 0, &si, 0, 0), -EINVAL);
    expect("waitid P_PID 0: -EINVAL", sys(NR(waitid), P_PID, 0, &si, WEXITED, 0), -EINVAL);
    expect("waitid bad idtype: -EINVAL", sys(NR(waitid), 7, 0, &si, WEXITED, 0), -EINVAL);
    expect("wait4 bad options: -EINVAL", sys(NR(wait4), -1, 0, 0x100, 0), -EINVAL);
    long pid = sys0(NR(fork));
    if (pid == 0) {
        static struct { long s, ns; } t = {0, 20000000};
        sys(NR(nanosleep), &t, 0);
        child_exit(11);
    }
    memset(&si, 0x55, sizeof si);
    expect("waitid WNOHANG, child asleep: 0", sys(NR(waitid), P_PID, pid, &si, WEXITED | WNOHANG, 0), 0);
    expect("  si_signo 0", si.signo, 0);
    expect("  si_pid 0", si.u.sigchld.pid, 0);
    memset(&si, 0, sizeof si);
    expect("waitid WNOWAIT", sys(NR(waitid), P_PID, pid, &si, WEXITED | WNOWAIT, 0), 0);
    expect("  si_signo SIGCHLD", si.signo, EL_SIGCHLD);
    expect("  si_code CLD_EXITED", si.code, CLD_EXITED);
    expect("  si_pid", si.u.sigchld.pid, pid);
    expect("  si_status 11", si.u.sigchld.status, 11);
    memset(&si, 0, sizeof si);
    expect("waitid again reaps it", sys(NR(waitid), P_ALL, 0, &si, WEXITED, 0), 0);
    expect("  the same child", si.u.sigchld.pid, pid);
    expect("waitid with none left: -ECHILD", sys(NR(waitid), P_ALL, 0, &si, WEXITED, 0), -ECHILD);
}

/* The parent spins in ring 3 without a system call until the SIGCHLD
 * handler runs: the sleeping child can only finish if the timer preempts
 * the parent, and the signal arrives on the way back from that IRQ. */
static void test_preempt(void)
{
    chld_count = 0;
    long pid = sys0(NR(fork));
    if (pid == 0) {
        static struct { long s, ns; } t = {0, 30000000};
        sys(NR(nanosleep), &t, 0);
        child_exit(0);
    }
    unsigned long spins = 0;
    while (!chld_count)
        spins++;
    check(spins > 0, "preemption: the parent spun while the child slept");
    expect("preemption: the child ran and ended", wait_child(pid), 0);
}

static long fork_paused(void)
{
    long pid = sys0(NR(fork));
    if (pid == 0)
        for (;;)
            sys0(NR(pause));
    return pid;
}

/* Process groups between processes: a child inherits the group, the parent
 * moves it to a group of its own and kills that group. */
static void test_groups(void)
{
    long me = sys0(NR(getpid)), mygroup = sys(NR(getpgid), 0);
    long pid = fork_paused();
    expect("getpgid(child): the parent's group", sys(NR(getpgid), pid), mygroup);
    expect("getsid(child): the parent's session", sys(NR(getsid), pid), sys(NR(getsid), 0));
    expect("setpgid(child, child)", sys(NR(setpgid), pid, pid), 0);
    expect("getpgid(child): its own group now", sys(NR(getpgid), pid), pid);
    expect("setpgid of a process not our child: -ESRCH", sys(NR(setpgid), 1, 1), -ESRCH);
    expect("kill(-group, SIGTERM)", sys(NR(kill), -pid, EL_SIGTERM), 0);
    expect("the group's process got it", wait_child(pid), EL_SIGTERM);
    expect("kill(0, 0): our own group exists", sys(NR(kill), 0, 0), 0);
    expect("kill of a group that is gone: -ESRCH", sys(NR(kill), -pid, 0), -ESRCH);
    (void)me;
}

/* The table holds 16 processes: fork beyond it is -EAGAIN, and every
 * child is reaped after. */
static void test_table_full(void)
{
    static long kids[64];
    int n = 0;
    long r = 0;
    while (n < 64 && (r = fork_paused()) > 0)
        kids[n++] = r;
    expect("fork with the table full: -EAGAIN", r, -EAGAIN);
    check(n >= 1 && n < 64, "some children before the table was full");
    for (int i = 0; i < n; i++)
        sys(NR(kill), kids[i], EL_SIGKILL);
    int reaped = 0;
    static int st;
    while (sys(NR(wait4), -1, &st, 0, 0) > 0)
        reaped += st == EL_SIGKILL;
    expect("every child killed by SIGKILL and reaped", reaped, n);
    long again = sys0(NR(fork));
    if (again == 0)
        child_exit(0);
    expect("fork works again", wait_child(again), 0);
}

/* A grandchild outlives its parent and the program itself: it goes to the
 * runner (getppid 1), and the runner's result line for the program comes
 * only after the grandchild has ended (tests/entry.cmake checks the order). */
static void test_orphan(void)
{
    long top = sys0(NR(getpid));
    long pid = sys0(NR(fork));
    if (pid == 0) {
        long gc = sys0(NR(fork));
        if (gc == 0) {
            int i = 0;
            for (; i < 100000 && sys(NR(kill), top, 0) != -ESRCH; i++)
                sys0(NR(sched_yield));
            el_printf("# procs%d orphan: getppid %ld, the program (pid %ld) %s\n", MODE, sys0(NR(getppid)),
                      top, i < 100000 ? "has ended" : "is still there");
            child_exit(0);
        }
        child_exit(0);
    }
    expect("the orphan's parent", wait_child(pid), 0);
}

int main(int argc, char **argv, char **envp)
{
    (void)argc, (void)argv, (void)envp;
    set_action(EL_SIGCHLD, (void *)on_chld, EL_SA_SIGINFO);
    test_fork();
    test_cow();
    test_map_shared();
    test_pipe();
    test_exit_forms();
    test_kill_wakes();
    test_fault_child();
    test_vfork();
    test_clone();
    test_waitid();
    test_preempt();
    test_groups();
    test_table_full();
    test_orphan();
    el_printf("# procs%d: %d checks, %d failure(s)\n", MODE, calls_checked, el_failures);
    return el_failures ? 1 : 0;
}
