/* threads64 / threads32: threads through raw clone and futex (docs/abi.md,
 * "Threads"). clone with glibc's thread flags shares memory, fds and
 * signal actions; each thread has its own tid, stack and TLS (the FS base
 * in 64-bit, a set_thread_area GDT slot in 32-bit); CLONE_CHILD_CLEARTID
 * clears and wakes at the thread's end (a join); futex's WAIT, WAKE,
 * WAIT_BITSET with their errors (-EAGAIN, -ETIMEDOUT, -EINTR); tgkill to
 * one thread, kill to the process taken by a thread that does not block
 * it; mmap and wait4 across threads; exit ends one thread, exit_group and a fatal fault the whole
 * group, and the leader's exit status is the group's when it is not the
 * last one to go. */
#include "kit.h"
#include <uapi/linux_wait.h>
#include <uapi/sigframe.h>
#include <uapi/mman.h>

#define EINTR 4
#define EINVAL_ 22
#define ENOSYS_ 38
#define ETIMEDOUT 110

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_WAIT_BITSET 9
#define FUTEX_PRIVATE 128
#define FUTEX_CLOCK_REALTIME 256

#define TFLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM | \
                CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID)

#ifdef __x86_64__
typedef struct el_timespec64 { long long s, ns; } ts_t;
#define NR_FUTEX NR64_futex
#else
typedef struct { long s, ns; } ts_t;
#define NR_FUTEX NR32_futex
#endif

static long futex(volatile int *a, int op, int val, const ts_t *t, int bits)
{
    return sys(NR_FUTEX, (long)a, op, val, (long)t, 0, bits);
}

#define NSTACK 4
#define STACK_SIZE 16384
static unsigned char stacks[NSTACK][STACK_SIZE] __attribute__((aligned(16)));
static int ptids[NSTACK], ctids[NSTACK];

static long spawn(int i, int (*fn)(void *), void *arg, unsigned long extra, unsigned long tls)
{
    void **sp = (void **)(stacks[i] + STACK_SIZE);
    *--sp = 0; /* keeps the stack 16-byte aligned after the two pops */
    *--sp = 0;
    *--sp = arg;
    *--sp = (void *)fn;
    ptids[i] = 0;
    ctids[i] = -1;
    return raw_clone(TFLAGS | extra, sp, &ptids[i], &ctids[i], tls);
}

/* pthread_join's way: wait until CLONE_CHILD_CLEARTID cleared the tid. */
static void join(int i)
{
    for (int v; (v = ctids[i]) != 0;)
        futex(&ctids[i], FUTEX_WAIT, v, 0, 0);
}

static volatile int shared_word, thread_tid, thread_pid, on_stack;
static volatile long tls_seen;

static long read_tls(void)
{
    long v;
#ifdef __x86_64__
    __asm__ volatile("mov %%fs:0, %0" : "=r"(v));
#else
    __asm__ volatile("mov %%gs:0, %0" : "=r"(v));
#endif
    return v;
}

static int first_thread(void *arg)
{
    int local;
    shared_word = (int)(long)arg;
    thread_tid = (int)sys0(NR(gettid));
    thread_pid = (int)sys0(NR(getpid));
    on_stack = (unsigned char *)&local >= stacks[0] && (unsigned char *)&local < stacks[0] + STACK_SIZE;
    tls_seen = read_tls();
    return 0;
}

static long tls_main[2] = {0x1111, 0}, tls_thread[2] = {0x2222, 0};
#ifndef __x86_64__
struct user_desc { unsigned entry, base, limit, flags; };
static struct user_desc desc_main, desc_thread;
static int tls_sel;
#endif

static unsigned long setup_tls(void)
{
#ifdef __x86_64__
    tls_main[1] = (long)tls_main;
    expect("arch_prctl(ARCH_SET_FS)", sys(NR(arch_prctl), 0x1002, (long)tls_main), 0);
    return (unsigned long)tls_thread;
#else
    desc_main = (struct user_desc){0xFFFFFFFFu, (unsigned)tls_main, 0xFFFFF, 0x51}; /* seg32, pages, useable */
    expect("set_thread_area", sys(NR(set_thread_area), (long)&desc_main), 0);
    tls_sel = (int)(desc_main.entry * 8 + 3);
    __asm__ volatile("mov %0, %%gs" ::"r"(tls_sel));
    desc_thread = desc_main;
    desc_thread.base = (unsigned)tls_thread;
    return (unsigned long)&desc_thread;
#endif
}

static void test_create_join(void)
{
    unsigned long tls = setup_tls();
    long tid = spawn(0, first_thread, (void *)42l, CLONE_SETTLS, tls);
    check(tid > 0, "clone(thread flags) returns a tid");
    expect("CLONE_PARENT_SETTID wrote the tid", ptids[0], tid);
    join(0);
    expect("the thread's write is the caller's memory", shared_word, 42);
    expect("gettid in the thread is clone's result", thread_tid, tid);
    expect("getpid in the thread is the group's", thread_pid, sys0(NR(getpid)));
    check(tid != sys0(NR(getpid)), "the thread's tid differs from the pid");
    expect("gettid of the leader is its pid", sys0(NR(gettid)), sys0(NR(getpid)));
    expect("the thread ran on its own stack", on_stack, 1);
    expect("the thread's TLS is CLONE_SETTLS's", tls_seen, 0x2222);
    expect("the leader's TLS is its own", read_tls(), 0x1111);
    expect("CLONE_CHILD_CLEARTID cleared the tid", ctids[0], 0);
}

static void test_refusals(void)
{
    expect("CLONE_THREAD without CLONE_SIGHAND: -EINVAL",
           raw_clone(CLONE_THREAD | CLONE_VM, stacks[1] + STACK_SIZE, 0, 0, 0), -EINVAL_);
    expect("CLONE_SIGHAND without CLONE_VM: -EINVAL", raw_clone(CLONE_SIGHAND, stacks[1] + STACK_SIZE, 0, 0, 0),
           -EINVAL_);
    expect("CLONE_VM alone: -EINVAL", raw_clone(CLONE_VM | EL_SIGCHLD, stacks[1] + STACK_SIZE, 0, 0, 0), -EINVAL_);
    expect("threads with CLONE_VFORK: -EINVAL",
           raw_clone(TFLAGS | CLONE_VFORK, stacks[1] + STACK_SIZE, 0, 0, 0), -EINVAL_);
#ifdef __x86_64__
    expect("CLONE_SETTLS with a kernel FS base: -EPERM",
           raw_clone(TFLAGS | CLONE_SETTLS, stacks[1] + STACK_SIZE, 0, 0, KPTR), -1);
#endif
}

static volatile int futex_word, woke_n;
static int waker(void *arg)
{
    (void)arg;
    /* Until the leader sleeps on the word: then one wake finds it. */
    ts_t t = {0, 1000000};
    long n = 0;
    for (int i = 0; i < 2000 && n == 0; i++) {
        sys(NR(nanosleep), (long)&t, 0);
        n = futex(&futex_word, FUTEX_WAKE | FUTEX_PRIVATE, 3, 0, 0);
    }
    woke_n = (int)n;
    return 0;
}

static volatile int usr1_seen, usr2_seen, usr1_tid;
static void on_usr1(int sig) { (void)sig; usr1_seen++; usr1_tid = (int)sys0(NR(gettid)); }
static void on_usr2(int sig) { (void)sig; usr2_seen++; }

static int interrupter(void *arg)
{
    ts_t t = {0, 20000000};
    sys(NR(nanosleep), (long)&t, 0);
    return (int)sys(NR(tgkill), sys0(NR(getpid)), (long)arg, EL_SIGUSR1);
}

static int installer(void *arg)
{
    (void)arg;
    return (int)set_action(EL_SIGUSR2, (void *)on_usr2, 0);
}

static volatile int spin_tid;
static int spin_until_usr1(void *arg)
{
    (void)arg;
    spin_tid = (int)sys0(NR(gettid));
    for (long i = 0; i < 200000000l && !usr1_seen; i++)
        sys0(NR(sched_yield));
    return 0;
}

/* kill to the process while the leader blocks the signal: a thread that
 * does not block it takes it. */
static void test_process_signal(void)
{
    static uint64_t mask, old;
    mask = 1ull << (EL_SIGUSR1 - 1);
    usr1_seen = 0;
    usr1_tid = 0;
    spin_tid = 0;
    /* The thread starts with the leader's mask: block only afterwards. */
    long tid = spawn(1, spin_until_usr1, 0, 0, 0);
    check(tid > 0, "the spinning thread");
    while (!spin_tid)
        sys0(NR(sched_yield));
    expect("block SIGUSR1 in the leader", sys(NR(rt_sigprocmask), 0 /* SIG_BLOCK */, &mask, &old, 8), 0);
    expect("kill to the process", sys(NR(kill), sys0(NR(getpid)), EL_SIGUSR1), 0);
    join(1);
    expect("the signal ran once", usr1_seen, 1);
    expect("in the thread that does not block it", usr1_tid, tid);
    expect("unblock SIGUSR1", sys(NR(rt_sigprocmask), 2 /* SIG_SETMASK */, &old, 0, 8), 0);
    expect("nothing was left pending for the leader", usr1_seen, 1);
}

static int closer(void *arg) { return (int)sys(NR(close), (long)arg); }

static long map_page(void)
{
#ifdef __x86_64__
    return sys6(NR64_mmap, 0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
#else
    return sys6(NR32_mmap2, 0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
#endif
}

static volatile long mapped;
static int mapper(void *arg)
{
    (void)arg;
    long a = map_page();
    if ((unsigned long)a < -4096ul)
        *(volatile int *)a = 123; /* faulted in through the group's map */
    mapped = a;
    return 0;
}

static volatile long reaped, reaped_status;
static int reaper(void *arg)
{
    static int st;
    reaped = sys(NR(wait4), (long)arg, &st, 0, 0);
    reaped_status = st;
    return 0;
}

static void test_futex(void)
{
    static volatile int w = 5;
    static volatile int odd[2];
    ts_t t = {0, 10000000};
    expect("FUTEX_WAIT, another value: -EAGAIN", futex(&w, FUTEX_WAIT, 4, 0, 0), -EAGAIN);
    expect("FUTEX_WAIT with a timeout: -ETIMEDOUT", futex(&w, FUTEX_WAIT | FUTEX_PRIVATE, 5, &t, 0), -ETIMEDOUT);
    ts_t past = {0, 0};
    expect("FUTEX_WAIT_BITSET, a past absolute time: -ETIMEDOUT",
           futex(&w, FUTEX_WAIT_BITSET | FUTEX_PRIVATE, 5, &past, -1), -ETIMEDOUT);
    expect("FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME, a past time: -ETIMEDOUT",
           futex(&w, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 5, &past, -1), -ETIMEDOUT);
    expect("FUTEX_WAIT|FUTEX_CLOCK_REALTIME: -ENOSYS", futex(&w, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 5, &t, 0),
           -ENOSYS_);
    expect("FUTEX_WAIT_BITSET with bitset 0: -EINVAL", futex(&w, FUTEX_WAIT_BITSET, 5, 0, 0), -EINVAL_);
    expect("an unaligned futex: -EINVAL", futex((volatile int *)((char *)odd + 1), FUTEX_WAIT, 0, 0, 0),
           -EINVAL_);
    expect("a futex at a kernel address: -EFAULT", futex((volatile int *)KPTR, FUTEX_WAKE, 1, 0, 0), -EFAULT);
    ts_t bad = {0, 1000000000};
    expect("a timeout with tv_nsec 1e9: -EINVAL", futex(&w, FUTEX_WAIT, 5, &bad, 0), -EINVAL_);
    expect("FUTEX_REQUEUE: -ENOSYS", futex(&w, FUTEX_REQUEUE, 1, 0, 0), -ENOSYS_);
    expect("FUTEX_WAKE without waiters: 0", futex(&w, FUTEX_WAKE, 1, 0, 0), 0);

    /* A wake from another thread ends the wait. */
    futex_word = 0;
    long tid = spawn(1, waker, 0, 0, 0);
    check(tid > 0, "the waker thread");
    expect("FUTEX_WAIT woken by FUTEX_WAKE: 0", futex(&futex_word, FUTEX_WAIT | FUTEX_PRIVATE, 0, 0, 0), 0);
    join(1);
    expect("FUTEX_WAKE woke the one waiter", woke_n, 1);

    /* tgkill to the leader from a thread: its wait ends with -EINTR. */
    set_action(EL_SIGUSR1, (void *)on_usr1, 0);
    usr1_seen = 0;
    static volatile int never = 0;
    tid = spawn(2, interrupter, (void *)sys0(NR(gettid)), 0, 0);
    check(tid > 0, "the interrupter thread");
    expect("FUTEX_WAIT interrupted by a signal: -EINTR", futex(&never, FUTEX_WAIT, 0, 0, 0), -EINTR);
    expect("the handler ran once", usr1_seen, 1);
    expect("in the thread tgkill named", usr1_tid, sys0(NR(gettid)));
    join(2);
    expect("tgkill with the wrong group: -ESRCH", sys(NR(tgkill), 99999, sys0(NR(gettid)), 0), -ESRCH);
    expect("tkill of an ended thread: -ESRCH", sys(NR(tkill), tid, 0), -ESRCH);
}

static void test_sharing(void)
{
    /* Signal actions: one installed by a thread is the leader's. */
    long tid = spawn(1, installer, 0, 0, 0);
    check(tid > 0, "the installer thread");
    join(1);
    usr2_seen = 0;
    sys(NR(tkill), sys0(NR(gettid)), EL_SIGUSR2);
    expect("a handler installed by a thread runs in the leader", usr2_seen, 1);
    /* fds: one closed by a thread is closed for the leader. */
    long fd = sys(NR(dup), 1);
    check(fd > 2, "dup");
    tid = spawn(1, closer, (void *)fd, 0, 0);
    join(1);
    expect("an fd closed by a thread: EBADF in the leader", sys(NR(fcntl), fd, 1 /* F_GETFD */), -EBADF);
    /* Memory: a region a thread maps is the leader's. */
    tid = spawn(1, mapper, 0, 0, 0);
    join(1);
    check((unsigned long)mapped < -4096ul, "mmap in a thread");
    expect("the leader reads what the thread wrote in its mapping", *(volatile int *)mapped, 123);
    expect("the leader unmaps the thread's mapping", sys(NR(munmap), mapped, 4096), 0);
    /* Children: the leader's child is reaped by a thread's wait4. */
    long pid = sys0(NR(fork));
    if (pid == 0)
        sys(NR(exit_group), 4);
    tid = spawn(1, reaper, (void *)pid, 0, 0);
    join(1);
    expect("a thread's wait4 reaps the leader's child", reaped, pid);
    expect("with its status", reaped_status, 4 << 8);
}

static int status_of(long pid)
{
    static int st;
    st = -1;
    long r = sys(NR(wait4), pid, &st, 0, 0);
    return r == pid ? st : (int)r;
}

static int exit_group_thread(void *arg) { sys(NR(exit_group), (long)arg); return 99; }
static int fault_thread(void *arg) { (void)arg; __asm__ volatile("ud2"); return 99; }
static int late_thread(void *arg)
{
    ts_t t = {0, 30000000};
    sys(NR(nanosleep), (long)&t, 0);
    *(volatile int *)arg = 77; /* MAP_SHARED: the parent sees it */
    return 9;                  /* exit: the last thread, after its leader */
}

/* In a forked child: it makes a thread, which ends the group one way. */
static void test_group_ends(void)
{
    static volatile int hang;
    long pid = sys0(NR(fork));
    if (pid == 0) {
        spawn(0, exit_group_thread, (void *)7l, 0, 0);
        futex(&hang, FUTEX_WAIT, 0, 0, 0); /* ended here by exit_group */
        sys(NR(exit_group), 1);
    }
    expect("exit_group in a thread ends the group: status 7", status_of(pid), 7 << 8);

    pid = sys0(NR(fork));
    if (pid == 0) {
        spawn(0, fault_thread, 0, 0, 0);
        futex(&hang, FUTEX_WAIT, 0, 0, 0);
        sys(NR(exit_group), 1);
    }
    expect("a fault in a thread kills the group: SIGILL", status_of(pid), EL_SIGILL);

    /* A thread given a kernel stack pointer: its first pop faults in ring 3. */
    pid = sys0(NR(fork));
    if (pid == 0) {
        raw_clone(TFLAGS, (void *)KPTR, 0, 0, 0);
        futex(&hang, FUTEX_WAIT, 0, 0, 0);
        sys(NR(exit_group), 1);
    }
    expect("a thread on a kernel stack pointer: SIGSEGV for the group", status_of(pid), EL_SIGSEGV);

#ifdef __x86_64__
    volatile int *page = (volatile int *)sys6(NR64_mmap, 0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
#else
    volatile int *page = (volatile int *)sys6(NR32_mmap2, 0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
#endif
    check((unsigned long)page < -4096ul, "mmap MAP_SHARED");
    *page = 0;
    pid = sys0(NR(fork));
    if (pid == 0) {
        spawn(0, late_thread, (void *)page, 0, 0);
        sys(NR(exit), 3); /* the leader's thread only */
        sys(NR(exit_group), 1);
    }
    expect("the leader exits first: the group's status is the leader's", status_of(pid), 3 << 8);
    expect("the other thread ran on after the leader's exit", *page, 77);
}

static int nothing(void *arg) { (void)arg; return 0; }

/* What a thread costs: 20 clone + exit + join rounds, for the log. */
static void measure(void)
{
    ts_t a, b;
    sys(NR(clock_gettime), 1 /* CLOCK_MONOTONIC */, (long)&a);
    for (int i = 0; i < 20; i++) {
        spawn(1, nothing, 0, 0, 0);
        join(1);
    }
    sys(NR(clock_gettime), 1, (long)&b);
    long long ns = (long long)(b.s - a.s) * 1000000000ll + (b.ns - a.ns);
    el_printf("# threads%d: clone, exit and join: %lld us each (20 rounds)\n", MODE, div64(ns, 20000, 0));
}

int main(int argc, char **argv, char **envp)
{
    (void)argc, (void)argv, (void)envp;
    test_refusals();
    test_create_join();
    test_futex();
    test_sharing();
    test_process_signal();
    measure();
    test_group_ends();
    return calls_done("threads");
}
