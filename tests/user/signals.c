/* signals64 / signals32: signals as Linux delivers them. Handlers for calls
 * that raise them (kill, tgkill) on every door this mode accepts, for each
 * fault that becomes a signal (its signo, si_code, si_addr, trapno, err),
 * the alternate stack, masks, SA_RESETHAND / SA_NODEFER, the FPU state
 * around a handler, sigreturn restoring what the handler changed, a
 * refused return turning into SIGSEGV, and the calls' errors. */
#include "sys.h"
#include <uapi/sigframe.h>

#ifdef __x86_64__
#define NR(x) NR64_##x
#define DOOR door64_syscall
typedef struct el_ucontext_64 ucontext;
typedef struct el_siginfo_64 siginfo;
#define UC_IP(uc) (uc)->uc_mcontext.rip
#define UC_SP(uc) (uc)->uc_mcontext.rsp
#define UC_BX(uc) (uc)->uc_mcontext.rbx
#define UC_TRAPNO(uc) (uc)->uc_mcontext.trapno
#define UC_ERR(uc) (uc)->uc_mcontext.err
#define UC_CR2(uc) (uc)->uc_mcontext.cr2
#define UC_FP(uc) (uc)->uc_mcontext.fpstate
/* x86-64 needs a restorer: rt_sigreturn, as libc's __restore_rt. */
__asm__(".text\n.globl restore_rt\nrestore_rt:\n mov $15, %eax\n syscall\n ud2\n");
#else
#define NR(x) NR32_##x
#define DOOR door32_int80
typedef struct el_ucontext_32 ucontext;
typedef struct el_siginfo_32 siginfo;
#define UC_IP(uc) (uc)->uc_mcontext.eip
#define UC_SP(uc) (uc)->uc_mcontext.esp
#define UC_BX(uc) (uc)->uc_mcontext.ebx
#define UC_TRAPNO(uc) (uc)->uc_mcontext.trapno
#define UC_ERR(uc) (uc)->uc_mcontext.err
#define UC_CR2(uc) (uc)->uc_mcontext.cr2
#define UC_FP(uc) (uc)->uc_mcontext.fpstate
__asm__(".text\n.globl restore_rt\nrestore_rt:\n mov $173, %eax\n int $0x80\n ud2\n");
#endif
void restore_rt(void);

#define ESRCH 3
#define SIGBIT(s) (1ull << ((s) - 1))
#define ENOMEM 12

static long sys(long nr, long a1, long a2, long a3, long a4)
{
    return DOOR(nr, a1, a2, a3, a4, 0, 0);
}

/* What the last handler saw. */
static volatile int got_sig, got_code, got_count;
static volatile unsigned long got_addr, got_trapno, got_err, got_cr2, got_sp, got_pid;
static volatile unsigned long resume_at; /* where a fault handler sends the program */

static void record(int sig, siginfo *si, ucontext *uc)
{
    unsigned long sp;
#ifdef __x86_64__
    __asm__ volatile("mov %%rsp, %0" : "=r"(sp));
#else
    __asm__ volatile("mov %%esp, %0" : "=r"(sp));
#endif
    got_sig = sig, got_code = si->code, got_count++;
    got_addr = si->u.fault.addr, got_pid = (unsigned long)si->u.kill.pid;
    got_trapno = UC_TRAPNO(uc), got_err = UC_ERR(uc), got_cr2 = UC_CR2(uc);
    got_sp = sp;
}

static void handler(int sig, siginfo *si, void *uc) { record(sig, si, uc); }

/* For faults: record, then continue at resume_at. */
static void fault_handler(int sig, siginfo *si, void *v)
{
    ucontext *uc = v;
    record(sig, si, uc);
    UC_IP(uc) = resume_at;
}

static long set_action(int sig, void *fn, unsigned long flags, unsigned long mask)
{
#ifdef __x86_64__
    struct el_sigaction_64 a = {(uint64_t)fn, flags | EL_SA_SIGINFO | EL_SA_RESTORER, (uint64_t)restore_rt, mask};
#else
    /* i386: without SA_RESTORER the kernel returns through the vDSO. */
    struct el_sigaction_32 a = {(uint32_t)fn, (uint32_t)(flags | EL_SA_SIGINFO), 0,
                                {(uint32_t)mask, (uint32_t)((uint64_t)mask >> 32)}};
#endif
    return sys(NR(rt_sigaction), sig, (long)&a, 0, 8);
}

static uint64_t blocked_now(void)
{
    static uint64_t old;
    sys(NR(rt_sigprocmask), EL_SIG_BLOCK, 0, (long)&old, 8);
    return old;
}

/* --- raised by calls, through every door -------------------------------- */

static void test_kill_every_door(void)
{
    long pid = sys(NR(getpid), 0, 0, 0, 0);
    set_action(EL_SIGUSR1, handler, 0, 0);
    for (int d = 0; d < EL_NDOORS; d++) {
        const struct el_door *door = &el_doors[d];
        if (!(el_getauxval(AT_ENTRYLAB_ACCEPTS) & door->accept))
            continue;
        got_sig = 0;
        long r = door->call(EL_NR(door, kill), pid, EL_SIGUSR1, 0, 0, 0, 0);
        el_printf("# kill through %s returned %ld\n", door->name, r);
        el_check(r == 0 && got_sig == EL_SIGUSR1, "kill(self, SIGUSR1) runs the handler before the call returns");
        el_check_eq("  si_code SI_USER", (unsigned)got_code, EL_SI_USER);
        el_check_eq("  si_pid is the caller", got_pid, (unsigned long)pid);
        got_sig = 0;
        r = door->call(EL_NR(door, tgkill), pid, pid, EL_SIGUSR1, 0, 0, 0);
        el_check(r == 0 && got_sig == EL_SIGUSR1 && got_code == EL_SI_TKILL, "tgkill: handler, SI_TKILL");
    }
    el_check_eq("gettid is the pid", (unsigned long)sys(NR(gettid), 0, 0, 0, 0), (unsigned long)pid);
}

static void test_masks(void)
{
    long pid = sys(NR(getpid), 0, 0, 0, 0);
    static uint64_t set, pend;
    set = SIGBIT(EL_SIGUSR2);
    set_action(EL_SIGUSR2, handler, 0, 0);
    sys(NR(rt_sigprocmask), EL_SIG_BLOCK, (long)&set, 0, 8);
    got_sig = 0;
    sys(NR(kill), pid, EL_SIGUSR2, 0, 0);
    el_check(got_sig == 0, "a blocked signal waits");
    sys(NR(rt_sigpending), (long)&pend, 8, 0, 0);
    el_check_eq("rt_sigpending shows it", pend, SIGBIT(EL_SIGUSR2));
    sys(NR(rt_sigprocmask), EL_SIG_UNBLOCK, (long)&set, 0, 8);
    el_check(got_sig == EL_SIGUSR2, "unblocking delivers it at once");
    el_check(!(blocked_now() & SIGBIT(EL_SIGUSR2)), "the mask is back after the handler");

    /* SIGKILL and SIGSTOP cannot be blocked. */
    set = ~0ull;
    sys(NR(rt_sigprocmask), EL_SIG_SETMASK, (long)&set, 0, 8);
    el_check_eq("SIGKILL and SIGSTOP stay unblocked", blocked_now(), ~0ull & ~(SIGBIT(9) | SIGBIT(19)));
    set = 0;
    sys(NR(rt_sigprocmask), EL_SIG_SETMASK, (long)&set, 0, 8);
}

static volatile uint64_t mask_in_handler;
static void mask_handler(int sig, siginfo *si, void *uc)
{
    record(sig, si, uc);
    mask_in_handler = blocked_now();
}

static void test_flags(void)
{
    long pid = sys(NR(getpid), 0, 0, 0, 0);
    set_action(EL_SIGUSR1, mask_handler, 0, SIGBIT(EL_SIGHUP));
    sys(NR(kill), pid, EL_SIGUSR1, 0, 0);
    el_check_eq("in the handler: sa_mask and the signal are blocked", mask_in_handler,
                SIGBIT(EL_SIGHUP) | SIGBIT(EL_SIGUSR1));
    set_action(EL_SIGUSR1, mask_handler, EL_SA_NODEFER, 0);
    sys(NR(kill), pid, EL_SIGUSR1, 0, 0);
    el_check_eq("SA_NODEFER: the signal is not blocked", mask_in_handler, 0);

    set_action(EL_SIGUSR1, handler, EL_SA_RESETHAND, 0);
    sys(NR(kill), pid, EL_SIGUSR1, 0, 0);
#ifdef __x86_64__
    static struct el_sigaction_64 old;
#else
    static struct el_sigaction_32 old;
#endif
    sys(NR(rt_sigaction), EL_SIGUSR1, 0, (long)&old, 8);
    el_check(old.handler == 0, "SA_RESETHAND: the action is SIG_DFL after one delivery");

    /* An ignored signal is dropped. */
    static struct el_sigaction_64 ign64;
    static struct el_sigaction_32 ign32;
#ifdef __x86_64__
    ign64.handler = EL_SIG_IGN;
    sys(NR(rt_sigaction), EL_SIGUSR1, (long)&ign64, 0, 8);
#else
    ign32.handler = EL_SIG_IGN;
    sys(NR(rt_sigaction), EL_SIGUSR1, (long)&ign32, 0, 8);
#endif
    (void)ign64, (void)ign32;
    el_check_eq("kill with SIG_IGN returns 0", (unsigned long)sys(NR(kill), pid, EL_SIGUSR1, 0, 0), 0);
}

static void test_errors(void)
{
    static struct el_sigaction_64 a;
    long pid = sys(NR(getpid), 0, 0, 0, 0);
    el_check_eq("rt_sigaction: sigsetsize 4 is EINVAL", (unsigned long)sys(NR(rt_sigaction), EL_SIGUSR1, 0, 0, 4),
                (unsigned long)-EINVAL);
    el_check_eq("rt_sigaction: signal 0 is EINVAL", (unsigned long)sys(NR(rt_sigaction), 0, 0, 0, 8),
                (unsigned long)-EINVAL);
    el_check_eq("rt_sigaction: signal 65 is EINVAL", (unsigned long)sys(NR(rt_sigaction), 65, 0, 0, 8),
                (unsigned long)-EINVAL);
    el_check_eq("rt_sigaction: a SIGKILL handler is EINVAL",
                (unsigned long)sys(NR(rt_sigaction), EL_SIGKILL, (long)&a, 0, 8), (unsigned long)-EINVAL);
    el_check_eq("rt_sigaction: a kernel pointer is EFAULT",
                (unsigned long)sys(NR(rt_sigaction), EL_SIGUSR1, (long)0xffffffff80000000ul, 0, 8),
                (unsigned long)-EFAULT);
    el_check_eq("rt_sigaction: NULL old action pointer is fine",
                (unsigned long)sys(NR(rt_sigaction), EL_SIGUSR1, 0, 0, 8), 0);
    el_check_eq("rt_sigprocmask: bad how is EINVAL",
                (unsigned long)sys(NR(rt_sigprocmask), 7, (long)&a, 0, 8), (unsigned long)-EINVAL);
    el_check_eq("kill: signal 65 is EINVAL", (unsigned long)sys(NR(kill), pid, 65, 0, 0), (unsigned long)-EINVAL);
    el_check_eq("kill: another pid is ESRCH", (unsigned long)sys(NR(kill), pid + 100, 0, 0, 0), (unsigned long)-ESRCH);
    el_check_eq("kill: signal 0 checks only", (unsigned long)sys(NR(kill), pid, 0, 0, 0), 0);
    el_check_eq("tgkill: tgid 0 is EINVAL", (unsigned long)sys(NR(tgkill), 0, pid, 1, 0), (unsigned long)-EINVAL);
    el_check_eq("tkill: another tid is ESRCH", (unsigned long)sys(NR(tkill), pid + 1, 1, 0, 0),
                (unsigned long)-ESRCH);
}

/* --- the alternate stack ------------------------------------------------ */

static char altstack[16384] __attribute__((aligned(16)));
static volatile long alt_change;
static volatile int alt_flags;

static void alt_handler(int sig, siginfo *si, void *v)
{
    record(sig, si, v);
#ifdef __x86_64__
    static struct el_stack_64 cur, other = {0, 0, 0, 8192};
#else
    static struct el_stack_32 cur, other = {0, 0, 8192};
#endif
    other.sp = (unsigned long)altstack;
    sys(NR(sigaltstack), 0, (long)&cur, 0, 0);
    alt_flags = cur.flags;
    alt_change = sys(NR(sigaltstack), (long)&other, 0, 0, 0);
}

static void test_altstack(void)
{
    long pid = sys(NR(getpid), 0, 0, 0, 0);
#ifdef __x86_64__
    static struct el_stack_64 st, small, bad;
#else
    static struct el_stack_32 st, small, bad;
#endif
    st.sp = (unsigned long)altstack, st.size = sizeof altstack, st.flags = 0;
    small = st, small.size = 1024;
    bad = st, bad.flags = 4;
    el_check_eq("sigaltstack: 1 KiB is ENOMEM", (unsigned long)sys(NR(sigaltstack), (long)&small, 0, 0, 0),
                (unsigned long)-ENOMEM);
    el_check_eq("sigaltstack: flags 4 are EINVAL", (unsigned long)sys(NR(sigaltstack), (long)&bad, 0, 0, 0),
                (unsigned long)-EINVAL);
    el_check_eq("sigaltstack: set", (unsigned long)sys(NR(sigaltstack), (long)&st, 0, 0, 0), 0);
    set_action(EL_SIGUSR2, alt_handler, EL_SA_ONSTACK, 0);
    sys(NR(kill), pid, EL_SIGUSR2, 0, 0);
    el_check(got_sp >= (unsigned long)altstack && got_sp < (unsigned long)altstack + sizeof altstack,
             "SA_ONSTACK: the handler runs on the alternate stack");
    el_check_eq("  sigaltstack says SS_ONSTACK there", (unsigned)alt_flags, EL_SS_ONSTACK);
    el_check_eq("  changing the stack in use is EPERM", (unsigned long)alt_change, (unsigned long)-EPERM);
    st.flags = EL_SS_DISABLE;
    sys(NR(sigaltstack), (long)&st, 0, 0, 0);
    static unsigned long probe;
    sys(NR(sigaltstack), 0, (long)&bad, 0, 0);
    el_check_eq("SS_DISABLE: reported as disabled", (unsigned)bad.flags, EL_SS_DISABLE);
    (void)probe;
}

/* --- faults ------------------------------------------------------------- */

/* Each fault is one instruction followed by a label the handler resumes at. */
#define FAULT(name, insn)                                                          \
    __asm__(".text\n.globl " #name "_at, " #name "_next\n" #name "_at:\n " insn    \
            "\n" #name "_next:\n ret\n");                                          \
    void name##_at(void);                                                          \
    extern char name##_next[];

#ifdef __x86_64__
FAULT(null_write, "movl $1, 0")
FAULT(kernel_read, "movabs 0xffffffff80000000, %al")
FAULT(gp_int, "int $0x81")
FAULT(divide, "xor %ecx, %ecx\n xor %edx, %edx\n divl %ecx")
#else
FAULT(null_write, "movl $1, 0")
FAULT(kernel_read, "movl $0xfffff000, %eax\n movb (%eax), %al")
FAULT(gp_int, "int $0x81")
FAULT(divide, "xor %ecx, %ecx\n xor %edx, %edx\n divl %ecx")
#endif
FAULT(undefined, "ud2")
FAULT(breakpoint, "int3")

static void expect_fault(const char *what, void (*at)(void), char *next, int sig, int code,
                         unsigned long addr, unsigned long trapno)
{
    set_action(sig, fault_handler, 0, 0);
    got_sig = 0, got_code = -1;
    resume_at = (unsigned long)next;
    at();
    el_printf("# %s: signal %d code %d addr 0x%lx trapno %lu err 0x%lx\n", what, got_sig, got_code,
              got_addr, got_trapno, got_err);
    el_check(got_sig == sig && got_code == code && got_trapno == trapno, what);
    if (addr != ~0ul)
        el_check_eq("  si_addr", got_addr, addr);
}

static void test_faults(void)
{
    expect_fault("write to NULL: SIGSEGV SEGV_MAPERR", null_write_at, null_write_next, EL_SIGSEGV,
                 EL_SEGV_MAPERR, 0, 14);
    el_check(got_err & 2, "  #PF error code: a write");
    el_check_eq("  sigcontext cr2", got_cr2, 0);
#ifdef __x86_64__
    expect_fault("read of the kernel: SIGSEGV SEGV_MAPERR", kernel_read_at, kernel_read_next, EL_SIGSEGV,
                 EL_SEGV_MAPERR, 0xffffffff80000000ul, 14);
    el_check(got_err & 1, "  #PF error code has the protection bit (as Linux)");
#else
    expect_fault("read of an unmapped page: SIGSEGV SEGV_MAPERR", kernel_read_at, kernel_read_next, EL_SIGSEGV,
                 EL_SEGV_MAPERR, 0xfffff000ul, 14);
#endif
    expect_fault("int 0x81: SIGSEGV SI_KERNEL", gp_int_at, gp_int_next, EL_SIGSEGV, EL_SI_KERNEL, ~0ul, 13);
    /* Hardware (and Bochs) report (0x81 << 3) | 2; QEMU 7.2 TCG reports
     * 0x81 * 16 + 2. The harness pins each platform's own (tests/entry.cmake). */
    el_printf("# int 0x81: #GP error code 0x%lx\n", got_err);
    el_check(got_err == ((0x81 << 3) | 2) || got_err == 0x81 * 16 + 2, "  #GP error code names vector 0x81 in the IDT");
    expect_fault("divide by zero: SIGFPE FPE_INTDIV", divide_at, divide_next, EL_SIGFPE, EL_FPE_INTDIV, ~0ul, 0);
    el_check(got_addr >= (unsigned long)divide_at && got_addr < (unsigned long)divide_next,
             "  si_addr is the divide");
    expect_fault("ud2: SIGILL ILL_ILLOPN", undefined_at, undefined_next, EL_SIGILL, EL_ILL_ILLOPN,
                 (unsigned long)undefined_at, 6);
    /* int3 traps after itself: the handler sees RIP at the label already. */
    expect_fault("int3: SIGTRAP SI_KERNEL", breakpoint_at, breakpoint_next, EL_SIGTRAP, EL_SI_KERNEL, ~0ul, 3);
}

/* sigreturn gives back what the handler put in the context. */
static void change_handler(int sig, siginfo *si, void *v)
{
    ucontext *uc = v;
    record(sig, si, uc);
    UC_BX(uc) = 0x1234567;
    UC_IP(uc) = resume_at;
}

FAULT(bx_probe, "ud2")

static void test_sigreturn_regs(void)
{
    set_action(EL_SIGILL, change_handler, 0, 0);
    resume_at = (unsigned long)bx_probe_next;
    unsigned long bx = 0;
#ifdef __x86_64__
    __asm__ volatile("xor %%ebx, %%ebx\n call bx_probe_at\n mov %%rbx, %0" : "=r"(bx) : : "rbx", "memory");
#else
    __asm__ volatile("push %%ebx\n xor %%ebx, %%ebx\n call bx_probe_at\n mov %%ebx, %0\n pop %%ebx" : "=r"(bx) : : "memory");
#endif
    el_check_eq("sigreturn restores a register the handler changed", bx, 0x1234567);
}

/* A context sigreturn may not return to: SIGSEGV with that context. The
 * SIGUSR1 handler breaks its own context; the SIGSEGV handler mends it. */
static volatile int bad_rip_count;
static volatile unsigned long bad_rip_seen, good_ip;
static void bad_rip_handler(int sig, siginfo *si, void *v)
{
    ucontext *uc = v;
    record(sig, si, uc);
    if (sig == EL_SIGUSR1) {
        good_ip = UC_IP(uc);
#ifdef __x86_64__
        UC_IP(uc) = 0x800000000000ul; /* non-canonical */
#else
        uc->uc_mcontext.cs = 0x10 | 3; /* the kernel's data selector */
#endif
        return;
    }
    bad_rip_count++;
    bad_rip_seen = UC_IP(uc);
    UC_IP(uc) = good_ip;
#ifndef __x86_64__
    uc->uc_mcontext.cs = EL_USER32_CS;
#endif
}

static void test_refused_return(void)
{
    set_action(EL_SIGUSR1, bad_rip_handler, 0, 0);
    set_action(EL_SIGSEGV, bad_rip_handler, 0, 0);
    bad_rip_count = 0;
    long pid = sys(NR(getpid), 0, 0, 0, 0);
    long r = sys(NR(kill), pid, EL_SIGUSR1, 0, 0);
    el_check(r == 0 && bad_rip_count == 1 && got_sig == EL_SIGSEGV && got_trapno == 13,
             "a sigreturn to a frame iret cannot take: SIGSEGV, #GP");
#ifdef __x86_64__
    el_check_eq("  the SIGSEGV context has the RIP asked for", bad_rip_seen, 0x800000000000ul);
#endif
}

/* The FPU state comes back after a handler, and a handler starts clean. */
static volatile uint32_t mxcsr_in_handler;
static volatile uint64_t xmm0_in_frame;
static void fpu_handler(int sig, siginfo *si, void *v)
{
    ucontext *uc = v;
    record(sig, si, uc);
    uint32_t m;
    __asm__ volatile("stmxcsr %0" : "=m"(m));
    mxcsr_in_handler = m;
#ifdef __x86_64__
    const struct el_fxsave *fx = (const void *)UC_FP(uc);
#else
    const struct el_fxsave *fx = &((const struct el_fpstate_32 *)UC_FP(uc))->fx;
#endif
    if (fx)
        memcpy((void *)&xmm0_in_frame, fx->xmm[0], 8);
    static const uint64_t junk[2] = {0xdeaddeaddeaddeadull, 0};
    __asm__ volatile("movdqu %0, %%xmm0" ::"m"(junk));
}

static void test_fpu(void)
{
    static uint64_t val[2] = {0x0123456789abcdefull, 0}, back[2];
    static uint32_t mx = 0x1f80 | 0x6000; /* round toward zero */
    long pid = sys(NR(getpid), 0, 0, 0, 0);
    set_action(EL_SIGUSR1, fpu_handler, 0, 0);
    __asm__ volatile("ldmxcsr %0\n movdqu %1, %%xmm0" ::"m"(mx), "m"(val));
    sys(NR(kill), pid, EL_SIGUSR1, 0, 0);
    uint32_t after;
    __asm__ volatile("movdqu %%xmm0, %0\n stmxcsr %1" : "=m"(back), "=m"(after));
    el_check_eq("the frame's fxsave image holds xmm0", xmm0_in_frame, val[0]);
    el_check_eq("the handler starts with MXCSR 0x1f80", mxcsr_in_handler, 0x1f80);
    el_check_eq("xmm0 is back after sigreturn", back[0], val[0]);
    el_check_eq("MXCSR is back after sigreturn", after, mx);
    static uint32_t def = 0x1f80;
    __asm__ volatile("ldmxcsr %0" ::"m"(def));
}

#ifndef __x86_64__
/* i386 without SA_SIGINFO: the old frame, back through sigreturn (119)
 * and the vDSO's __kernel_sigreturn. */
static volatile int old_sig;
static void old_handler(int sig) { old_sig = sig; }

static void test_old_frame(void)
{
    struct el_sigaction_32 a = {(uint32_t)old_handler, 0, 0, {0, 0}};
    sys(NR(rt_sigaction), EL_SIGUSR2, (long)&a, 0, 8);
    long pid = sys(NR(getpid), 0, 0, 0, 0);
    long r = sys(NR(kill), pid, EL_SIGUSR2, 0, 0);
    el_check(old_sig == EL_SIGUSR2 && r == 0, "i386 sigframe without SA_SIGINFO: handler(sig), sigreturn");
    struct el_sigaction_32 b = {(uint32_t)handler, EL_SA_SIGINFO | EL_SA_RESTORER, (uint32_t)restore_rt, {0, 0}};
    sys(NR(rt_sigaction), EL_SIGUSR2, (long)&b, 0, 8);
    got_sig = 0;
    sys(NR(kill), pid, EL_SIGUSR2, 0, 0);
    el_check(got_sig == EL_SIGUSR2, "i386 rt_sigframe with the program's own SA_RESTORER");
}
#endif

int main(int argc, char **argv, char **envp)
{
    (void)argc, (void)argv, (void)envp;
    test_kill_every_door();
    test_masks();
    test_flags();
    test_errors();
    test_altstack();
    test_faults();
    test_sigreturn_regs();
    test_refused_return();
    test_fpu();
#ifndef __x86_64__
    test_old_frame();
#endif
    el_printf("# %d failures\n", el_failures);
    return el_failures ? 1 : 0;
}
