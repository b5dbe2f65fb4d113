/* ioport64 / ioport32: ioperm and iopl as Linux 6.1 gives them to root.
 * in and out from ring 3 work on the ports ioperm opened and fault (#GP:
 * SIGSEGV, SI_KERNEL, trapno 13) on the others; iopl(3) opens every port but
 * leaves RFLAGS.IOPL at 0, so cli and sti still fault; fork children share
 * the ports until one of them changes its own, and so do threads; another
 * process never sees them (the switch reloads the TSS's bitmap); execve
 * keeps them; without the capability (euid 1) nothing can be opened, only
 * closed. Run as "ioportNN exec" it is the image a child exec'd with port
 * 0x80 and iopl 3: its exit code says what it found. */
#include "kit.h"
#include <uapi/linux_wait.h>
#include <uapi/sigframe.h>

#define EINTR 4

#ifdef __x86_64__
typedef struct el_ucontext_64 ucontext;
typedef struct el_siginfo_64 siginfo;
#define UC_IP(uc) (uc)->uc_mcontext.rip
#define UC_FLAGS(uc) (uc)->uc_mcontext.eflags
#define NR_FUTEX NR64_futex
#define ARG_TO_DX "mov %edi, %edx\n"
#else
typedef struct el_ucontext_32 ucontext;
typedef struct el_siginfo_32 siginfo;
#define UC_IP(uc) (uc)->uc_mcontext.eip
#define UC_FLAGS(uc) (uc)->uc_mcontext.eflags
#define NR_FUTEX NR32_futex
#define ARG_TO_DX "mov 4(%esp), %edx\n"
#endif

/* One instruction that may fault, then the label the handler resumes at. */
#define PROBE(name, setup, insn)                                                    \
    __asm__(".text\n.globl " #name ", " #name "_at, " #name "_next\n" #name ":\n"   \
            setup #name "_at:\n " insn "\n" #name "_next:\n ret\n");                \
    void name(unsigned port);                                                       \
    extern char name##_at[], name##_next[];

PROBE(out_dx, ARG_TO_DX "xor %eax, %eax\n", "outb %al, %dx")
PROBE(in_dx, ARG_TO_DX, "inb %dx, %al")
PROBE(out_80, "xor %eax, %eax\n", "outb %al, $0x80")
PROBE(do_cli, "", "cli")
PROBE(do_sti, "", "sti")

static volatile int faults, bad_fault;
static volatile unsigned long resume_at, fault_flags;

static void on_segv(int sig, siginfo *si, void *v)
{
    ucontext *uc = v;
    faults++;
    if (sig != EL_SIGSEGV || si->code != EL_SI_KERNEL || uc->uc_mcontext.trapno != 13 ||
        uc->uc_mcontext.err != 0)
        bad_fault++;
    fault_flags = UC_FLAGS(uc);
    UC_IP(uc) = resume_at;
}

static void catch_segv(void)
{
#ifdef __x86_64__
    static struct el_sigaction_64 a = {0, EL_SA_SIGINFO | EL_SA_RESTORER | EL_SA_NODEFER, 0, 0};
    a.handler = (uint64_t)on_segv, a.restorer = (uint64_t)restore_rt;
#else
    static struct el_sigaction_32 a = {0, EL_SA_SIGINFO | EL_SA_NODEFER, 0, {0, 0}};
    a.handler = (uint32_t)on_segv;
#endif
    sys(NR(rt_sigaction), EL_SIGSEGV, &a, 0, 8);
}

/* Whether the probe ran without a fault (a fault must be a #GP). */
static int ran(void (*fn)(unsigned), char *next, unsigned port)
{
    int before = faults;
    resume_at = (unsigned long)next;
    fn(port);
    return faults == before;
}
static int out_ok(unsigned port) { return port == 0x80 ? ran(out_80, out_80_next, 0) : ran(out_dx, out_dx_next, port); }
static int in_ok(unsigned port) { return ran(in_dx, in_dx_next, port); }

static void expect_port(const char *what, unsigned port, int open)
{
    check(out_ok(port) == open, what);
    check(in_ok(port) == open, what);
}

static unsigned long flags_now(void)
{
    unsigned long f;
    __asm__ volatile("pushf\n pop %0" : "=r"(f));
    return f;
}

static void test_args(void)
{
    expect("iopl(4) is -EINVAL", sys(NR(iopl), 4), -EINVAL);
    expect("iopl(-1) is -EINVAL", sys(NR(iopl), -1), -EINVAL);
    expect("ioperm(65535, 2, 1) is -EINVAL", sys(NR(ioperm), 65535, 2, 1), -EINVAL);
    expect("ioperm(0, 0, 1) is -EINVAL", sys(NR(ioperm), 0, 0, 1), -EINVAL);
    expect("ioperm(-1, 2, 1) is -EINVAL (wraps)", sys(NR(ioperm), -1l, 2, 1), -EINVAL);
    expect("ioperm(0x80, 1, 0) with nothing open", sys(NR(ioperm), 0x80, 1, 0), 0);
}

static void test_ioperm(void)
{
    expect_port("no ioperm yet: 0x80 faults", 0x80, 0);
    check(!bad_fault, "  each fault is #GP: SIGSEGV, SI_KERNEL, trapno 13, error 0");
    expect("ioperm(0x80, 1, 1)", sys(NR(ioperm), 0x80, 1, 1), 0);
    expect_port("0x80 opened: in and out work", 0x80, 1);
    expect_port("0x81 was not opened", 0x81, 0);
    expect_port("0xed was not opened", 0xed, 0);
    expect_port("0x7f was not opened", 0x7f, 0);
    /* The second half of the bitmap (ports past 32767). */
    expect("ioperm(0x9000, 8, 1)", sys(NR(ioperm), 0x9000, 8, 1), 0);
    expect_port("0x9007 opened", 0x9007, 1);
    expect_port("0x9008 not", 0x9008, 0);
    expect("ioperm(0x80, 1, 0)", sys(NR(ioperm), 0x80, 1, 0), 0);
    expect_port("0x80 closed again", 0x80, 0);
    expect_port("0x9000 still open", 0x9000, 1);
    expect("ioperm(0x9000, 8, 0): every port closed", sys(NR(ioperm), 0x9000, 8, 0), 0);
    expect_port("0x9000 closed", 0x9000, 0);
    expect("ioperm(0, 65536, 1): all of them", sys(NR(ioperm), 0, 65536, 1), 0);
    expect_port("0xffff open", 0xffff, 1);
    expect("ioperm(0, 65536, 0)", sys(NR(ioperm), 0, 65536, 0), 0);
    expect_port("0xffff closed", 0xffff, 0);
    check(!bad_fault, "  each fault is #GP: SIGSEGV, SI_KERNEL, trapno 13, error 0");
}

static void test_iopl(void)
{
    expect("iopl(3)", sys(NR(iopl), 3), 0);
    expect_port("iopl 3: 0x80 open", 0x80, 1);
    expect_port("iopl 3: 0xed open", 0xed, 1);
    expect_port("iopl 3: 0x9abc open", 0x9abc, 1);
    check((flags_now() >> 12 & 3) == 0, "iopl 3: RFLAGS.IOPL is still 0");
    fault_flags = ~0ul;
    check(!ran(do_cli, do_cli_next, 0), "iopl 3: cli faults");
    check((fault_flags >> 12 & 3) == 0, "  the signal frame's flags have IOPL 0");
    check(fault_flags & 0x200, "  and IF still set");
    check(!ran(do_sti, do_sti_next, 0), "iopl 3: sti faults");
    check(!bad_fault, "  both as #GP: SIGSEGV, SI_KERNEL, trapno 13");
    /* iopl 3 and a bitmap: the bitmap is back when the level drops. */
    expect("ioperm(0x80, 1, 1) under iopl 3", sys(NR(ioperm), 0x80, 1, 1), 0);
    expect("iopl(1)", sys(NR(iopl), 1), 0);
    expect_port("iopl 1: ioperm's 0x80 open", 0x80, 1);
    expect_port("iopl 1: 0xed closed", 0xed, 0);
    expect("iopl(2)", sys(NR(iopl), 2), 0);
    expect_port("iopl 2: 0xed closed", 0xed, 0);
    expect("iopl(0)", sys(NR(iopl), 0), 0);
    expect("ioperm(0x80, 1, 0)", sys(NR(ioperm), 0x80, 1, 0), 0);
    expect_port("iopl 0, nothing: 0x80 closed", 0x80, 0);
    expect("iopl(0) again", sys(NR(iopl), 0), 0);
}

/* fork shares, and a write unshares; the switch keeps each one's own. */
static void test_fork(void)
{
    expect("ioperm(0x80, 1, 1) before fork", sys(NR(ioperm), 0x80, 1, 1), 0);
    long pid = sys0(NR(fork));
    if (pid == 0) {
        int bad = 0;
        if (!out_ok(0x80) || out_ok(0x81))
            bad |= 1; /* inherited, and no more */
        if (sys(NR(ioperm), 0x80, 1, 0) || out_ok(0x80))
            bad |= 2;
        if (sys(NR(ioperm), 0x81, 1, 1) || !out_ok(0x81))
            bad |= 4;
        child_exit(bad ? 10 + bad : 0);
    }
    int st = wait_child(pid);
    expect("fork child: inherited 0x80, then changed its own (exit 0)", st, 0);
    check(out_ok(0x80), "the parent keeps 0x80 after its child closed it");
    check(!out_ok(0x81), "and has no 0x81, which the child opened");

    /* Taking turns with a child: its ports and ours, each on its own side
     * of every switch. The child's reach further (0x9000) than ours. */
    pid = sys0(NR(fork));
    if (pid == 0) {
        int bad = 0;
        sys(NR(ioperm), 0x80, 1, 0);
        sys(NR(ioperm), 0x9000, 1, 1);
        for (int i = 0; i < 20; i++) {
            sys0(NR(sched_yield));
            if (out_ok(0x80) || !out_ok(0x9000))
                bad |= 1;
        }
        sys(NR(ioperm), 0x9000, 1, 0);
        sys(NR(iopl), 3);
        for (int i = 0; i < 20; i++) {
            sys0(NR(sched_yield));
            if (!out_ok(0x80) || !out_ok(0x1234))
                bad |= 2;
        }
        child_exit(bad ? 20 + bad : 0);
    }
    int bad = 0;
    for (int i = 0; i < 40; i++) {
        sys0(NR(sched_yield));
        if (!out_ok(0x80) || out_ok(0x9000) || out_ok(0x1234))
            bad |= 1;
    }
    check(!bad, "switches: the parent has 0x80 only, never the child's 0x9000 or iopl 3");
    st = wait_child(pid);
    expect("the child had its own ports at every turn (exit 0)", st, 0);

    /* Without our ports, beside a child that has some. */
    expect("ioperm(0x80, 1, 0)", sys(NR(ioperm), 0x80, 1, 0), 0);
    pid = sys0(NR(fork));
    if (pid == 0) {
        sys(NR(ioperm), 0x80, 1, 1);
        int cbad = 0;
        for (int i = 0; i < 20; i++) {
            sys0(NR(sched_yield));
            cbad |= !out_ok(0x80);
        }
        child_exit(cbad);
    }
    bad = 0;
    for (int i = 0; i < 20; i++) {
        sys0(NR(sched_yield));
        bad |= out_ok(0x80);
    }
    check(!bad, "a process without ports faults on 0x80 while its child has it");
    expect("the child had 0x80 at every turn", wait_child(pid), 0);
}

/* A thread starts with its creator's ports and level (Linux's copy_thread
 * shares the bitmap), and what it changes is its own. */
#define TFLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM | \
                CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID)
static unsigned char tstack[16384] __attribute__((aligned(16)));
static int tptid, tctid;
static volatile int thread_bad = -1;

static int thread_body(void *arg)
{
    (void)arg;
    int bad = 0;
    if (!out_ok(0x80) || out_ok(0xed))
        bad |= 1; /* its creator's 0x80, nothing more */
    if (sys(NR(ioperm), 0x80, 1, 0) || out_ok(0x80))
        bad |= 2;
    if (sys(NR(iopl), 3) || !out_ok(0xed))
        bad |= 4;
    for (int i = 0; i < 5; i++) {
        sys0(NR(sched_yield));
        if (!out_ok(0xed))
            bad |= 8;
    }
    thread_bad = bad;
    return bad;
}

static void test_thread(void)
{
    expect("ioperm(0x80, 1, 1) before clone", sys(NR(ioperm), 0x80, 1, 1), 0);
    void **sp = (void **)(tstack + sizeof tstack);
    *--sp = 0, *--sp = 0; /* 16-byte aligned after the two pops */
    *--sp = 0, *--sp = (void *)thread_body;
    tctid = -1;
    long tid = raw_clone(TFLAGS, sp, &tptid, &tctid, 0);
    check(tid > 0, "clone(thread flags)");
    for (int v; tid > 0 && (v = tctid) != 0;)
        sys(NR_FUTEX, &tctid, 0 /* FUTEX_WAIT */, v, 0, 0, 0);
    expect("the thread had its creator's 0x80, then its own changes", thread_bad, 0);
    check(out_ok(0x80), "the creator keeps 0x80 after its thread closed it");
    check(!out_ok(0xed), "and the thread's iopl 3 was its own");
    expect("ioperm(0x80, 1, 0)", sys(NR(ioperm), 0x80, 1, 0), 0);
}

/* execve keeps both, as Linux's does (neither is in flush_thread). */
static void test_exec(const char *self)
{
    long pid = sys0(NR(fork));
    if (pid == 0) {
        static char *argv[3], *envp[1];
        argv[0] = (char *)self, argv[1] = "exec", argv[2] = 0, envp[0] = 0;
        sys(NR(ioperm), 0x80, 1, 1);
        sys(NR(iopl), 3);
        static char path[64] = "/boot/";
        memcpy(path + 6, self, strlen(self) + 1);
        sys(NR(execve), path, argv, envp);
        child_exit(99);
    }
    expect("execve kept iopl 3 and port 0x80 under it (exit 0)", wait_child(pid), 0);
}

static int as_exec(void)
{
    catch_segv();
    int bad = 0;
    if (!out_ok(0xed))
        bad |= 1; /* iopl 3 kept */
    if (sys(NR(iopl), 0) || !out_ok(0x80))
        bad |= 2; /* and the bitmap under it */
    if (out_ok(0xed))
        bad |= 4;
    return bad ? 50 + bad : 0;
}

/* Without CAP_SYS_RAWIO (euid 1): close, never open; iopl only down, or
 * back up to what it already has. */
static void test_unprivileged(void)
{
    long pid = sys0(NR(fork));
    if (pid == 0) {
        int bad = 0;
        sys(NR(ioperm), 0x80, 1, 1);
        sys(NR(iopl), 3);
#ifdef __x86_64__
        if (sys(NR(setresuid), 1, 1, 1))
#else
        if (sys(NR32_setresuid32, 1, 1, 1))
#endif
            bad |= 1;
        if (sys(NR(ioperm), 0x81, 1, 1) != -EPERM)
            bad |= 2;
        if (sys(NR(iopl), 3) != 0) /* no more than it has */
            bad |= 4;
        if (sys(NR(iopl), 1) != 0 || !out_ok(0x80) || out_ok(0xed))
            bad |= 8;
        if (sys(NR(iopl), 2) != -EPERM || sys(NR(iopl), 3) != -EPERM)
            bad |= 16;
        if (sys(NR(ioperm), 0x80, 1, 0) != 0 || out_ok(0x80))
            bad |= 32;
        if (sys(NR(ioperm), 0x80, 1, 1) != -EPERM)
            bad |= 64;
        child_exit(bad ? 1 + bad : 0);
    }
    expect("euid 1: -EPERM to open or raise, 0 to close or lower (exit 0)", wait_child(pid), 0);
}

int main(int argc, char **argv, char **envp)
{
    (void)envp;
    if (argc > 1 && strcmp(argv[1], "exec") == 0)
        return as_exec();
    catch_segv();
    test_args();
    test_ioperm();
    test_iopl();
    test_fork();
    test_thread();
    test_exec(argv[0]);
    test_unprivileged();
    el_printf("# ioport%d: %d faults caught\n", MODE, faults);
    return calls_done("ioport");
}
