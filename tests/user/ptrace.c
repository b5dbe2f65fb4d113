/* ptrace64 / ptrace32: a tracer and its tracee through every door of the
 * mode (docs/abi.md, "ptrace"), as Linux 6.1 gives them:
 *   - syscall-entry and -exit stops: orig_rax the number and rax -ENOSYS at
 *     entry, the arguments where the door's ABI has them (the fast 32-bit
 *     doors in int 0x80's shape: ecx argument 2, ebp argument 6), the
 *     result at exit; GETREGS and SETREGS written back as read at both
 *     stops leave every register as the same call untraced does, with the
 *     tracee switched out meanwhile;
 *   - the tracer changes the call (getpid becomes getppid) or skips it
 *     (orig_rax -1, its own rax);
 *   - hostile registers at the exit stop: a null or RPL-0 CS or SS is -EIO
 *     and changes nothing; a kernel segment with RPL 3, a non-canonical or
 *     kernel RIP, RIP 0: the tracee's SIGSEGV, which its tracer sees first
 *     (a signal-delivery stop), never the kernel's fault; IOPL, VM, VIF and
 *     VIP are not the tracer's to set, nor IF to clear;
 *   - PTRACE_O_TRACEFORK: the fork event stop with the child's pid, the
 *     child traced from its start and stopped by SIGSTOP; PTRACE_O_TRACEEXIT:
 *     the exit event stop with the status word;
 *   - PEEKDATA and POKEDATA, POKETEXT into the tracee's read-only text
 *     (its own copy: the tracer's text stays), PEEKUSER and GETREGSET
 *     agreeing with GETREGS,
 *     SINGLESTEP,
 *     and the errors: -ESRCH for a tracee that is not stopped or not ours,
 *     -EPERM for TRACEME twice and for attaching to ourselves.
 * Ordinary static Linux programs: ctest runs them on the host's Linux too
 * (native.ptrace64/32), where only int 0x80, syscall and __kernel_vsyscall
 * are tried (entrylab's fixed vDSO stubs need ENTRYLAB=1). */
#include "kit.h"
#include <uapi/linux_ptrace.h>
#include <uapi/linux_wait.h>
#include <uapi/sigframe.h>

#define EIO 5
#define SIGKILL 9
#define SIGSEGV 11
#define SIGSTOP 19
#define SIGTRAP 5
#define WALL 0x40000000 /* __WALL */

#ifdef __x86_64__
typedef struct user_regs64 uregs;
#define REG_IP(r) (r).rip
#define REG_AX(r) (r).rax
#define REG_ORIG(r) (r).orig_rax
#define REG_FLAGS(r) (r).eflags
#define USER_IP_OFF (16 * 8) /* offsetof(struct user, regs.rip) */
#else
typedef struct user_regs32 uregs;
#define REG_IP(r) (r).eip
#define REG_AX(r) (r).eax
#define REG_ORIG(r) (r).orig_eax
#define REG_FLAGS(r) (r).eflags
#define USER_IP_OFF (12 * 4) /* offsetof(struct user, regs.eip) */
#endif


static long pt(long req, long pid, long addr, long data) { return sys(NR(ptrace), req, pid, addr, data); }

/* wait4 for pid; the status word, or -1 after reporting a failure. */
static int wait_for(int pid, const char *what)
{
    static int st;
    long r = sys(NR(wait4), pid, &st, WALL, 0);
    if (r != pid) {
        el_fail("%s: wait4 %ld", what, r);
        return -1;
    }
    return st;
}
static int stopped_by(int st, int sig) { return (st & 0xff) == 0x7f && ((st >> 8) & 0xff) == sig; }
static int syscall_stop(int st) { return stopped_by(st, SIGTRAP | 0x80); }

/* The six argument registers of the door's ABI, as the tracer sees them. */
static unsigned long *arg_reg(const struct tdoor *d, uregs *r, int i)
{
#ifdef __x86_64__
    unsigned long *abi64[6] = {&r->rdi, &r->rsi, &r->rdx, &r->r10, &r->r8, &r->r9};
    unsigned long *abi32[6] = {&r->rbx, &r->rcx, &r->rdx, &r->rsi, &r->rdi, &r->rbp};
    return d->abi64 ? abi64[i] : abi32[i];
#else
    (void)d;
    uint32_t *abi32[6] = {&r->ebx, &r->ecx, &r->edx, &r->esi, &r->edi, &r->ebp};
    return (unsigned long *)abi32[i];
#endif
}
static unsigned long arg_pattern(int i) { return 0x5a5a0000ul + (unsigned long)(i + 1) * 0x1111; }

/* The registers a traced getpid is made with: the arguments and every other
 * register a pattern of its own. */
static void fill(const struct tdoor *d, struct regs *in)
{
    memset(in, 0, sizeof *in);
    for (int i = 0; i < EL_NGPR; i++)
        in->gpr[i] = 0x3c3c0000ul + (unsigned long)i * 0x101;
    in->gpr[R_AX] = (unsigned long)N(d, getpid);
#ifdef __x86_64__
    const int abi64[6] = {R_DI, R_SI, R_DX, R_10, R_8, R_9};
    const int abi32[6] = {R_BX, R_CX, R_DX, R_SI, R_DI, R_BP};
    for (int i = 0; i < 6; i++)
        in->gpr[d->abi64 ? abi64[i] : abi32[i]] = arg_pattern(i);
#else
    const int abi32[6] = {R_BX, R_CX, R_DX, R_SI, R_DI, R_BP};
    for (int i = 0; i < 6; i++)
        in->gpr[abi32[i]] = arg_pattern(i);
#endif
    in->flags = FL_FIXED | FL_CF | FL_ZF;
}

/* A function in the program's text (read-only to it) that the tracer
 * rewrites with POKETEXT, as a debugger plants a breakpoint: mov $1, %eax;
 * ret, then two nops; in both widths the same bytes. */
__asm__(".text\n.globl poke_target\npoke_target:\n mov $1, %eax\n ret\n nop\n nop\n");
int poke_target(void);
static const uint8_t poke_old[8] = {0xb8, 1, 0, 0, 0, 0xc3, 0x90, 0x90};
static const uint8_t poke_new[8] = {0xb8, 2, 0, 0, 0, 0xc3, 0x90, 0x90};

/* ---- the tracee -------------------------------------------------------------- */

enum scen { S_ROUNDTRIP, S_CHANGE, S_SKIP, S_HOSTILE, S_FLAGS, S_STEP, S_FORK, S_EXIT };
static volatile unsigned long magic = 0x1234;
static long parent_pid;

/* getpid through the door is getpid: 0 when it is. */
static int call_ok(const struct tdoor *d) { return d->fn(N(d, getpid), 0, 0, 0, 0, 0, 0) != sys0(NR(getpid)); }

/* The tracee: asks to be traced, stops, then makes the scenario's call;
 * its exit status says whether what it saw was right. */
static __attribute__((noreturn)) void tracee(const struct tdoor *d, enum scen s)
{
    static struct regs in, base, out;
    int bad = 0;
    if (pt(PTRACE_TRACEME, 0, 0, 0) != 0)
        el_exit(10);
    if (pt(PTRACE_TRACEME, 0, 0, 0) != -EPERM) /* traced already */
        el_exit(11);
    fill(d, &in);
    if (d->cap >= 0)
        door_capture(&in, &base, d->cap); /* untraced: no stops yet */
    sys(NR(kill), sys0(NR(getpid)), SIGSTOP);
    switch (s) {
    case S_ROUNDTRIP:
        if (magic != 0x5678) /* the tracer's POKEDATA */
            el_exit(12);
        if (poke_target() != 2) /* the tracer's POKETEXT into read-only text */
            el_exit(13);
        if (d->cap < 0) {
            bad = call_ok(d);
            break;
        }
        door_capture(&in, &out, d->cap);
        for (int i = 0; i < EL_NGPR; i++)
            if (out.gpr[i] != base.gpr[i]) {
                el_printf("# %s: traced %s 0x%lx, untraced 0x%lx\n", d->name, el_gpr_names[i], out.gpr[i],
                          base.gpr[i]);
                bad = 1;
            }
        /* 64-bit sysexit forces SS to 0x3b, a second flat user data segment
         * (docs/abi.md); after a ptrace stop the way back is iretq, with the
         * 0x2b the stub recorded. Every other door: the same SS. */
        int ss_differs = out.ss != base.ss && !(d->cap == DOOR_SYSENTER && d->abi64);
        if (out.flags != base.flags || out.sp != base.sp || out.cs != base.cs || ss_differs) {
            el_printf("# %s: traced flags 0x%lx sp 0x%lx cs 0x%lx ss 0x%lx, untraced 0x%lx 0x%lx 0x%lx 0x%lx\n",
                      d->name, out.flags, out.sp, out.cs, out.ss, base.flags, base.sp, base.cs, base.ss);
            bad = 1;
        }
        break;
    case S_CHANGE:
        bad = d->fn(N(d, getpid), 0, 0, 0, 0, 0, 0) != parent_pid;
        break;
    case S_SKIP:
        bad = d->fn(N(d, getpid), 0, 0, 0, 0, 0, 0) != 4242;
        break;
    case S_HOSTILE:
        d->fn(N(d, getpid), 0, 0, 0, 0, 0, 0);
        bad = 1; /* only a refused SETREGS comes back here: the tracer checks which */
        el_exit(20);
    case S_FLAGS:
        door_capture(&in, &out, d->cap);
        bad = (out.flags & (0x3000ul | 0x20000ul | 0x80000ul | 0x100000ul)) || !(out.flags & FL_IF);
        if (bad)
            el_printf("# %s: RFLAGS after the tracer's write 0x%lx\n", d->name, out.flags);
        break;
    case S_STEP:
        __asm__ volatile("nop; nop; nop; nop");
        break;
    case S_EXIT:
        sys(NR(exit_group), 5);
        break;
    case S_FORK: {
        long c = sys0(NR(fork));
        if (c == 0)
            el_exit(7);
        static int st;
        bad = sys(NR(wait4), c, &st, 0, 0) != c || st != 7 << 8;
        break;
    }
    }
    el_exit(bad);
}

/* Forks a tracee for s and returns its pid once it is in its SIGSTOP stop. */
static int start(const struct tdoor *d, enum scen s)
{
    long pid = sys0(NR(fork));
    if (pid == 0)
        tracee(d, s);
    if (pid < 0) {
        el_fail("fork: %ld", pid);
        return -1;
    }
    int st = wait_for((int)pid, "the SIGSTOP stop");
    if (st < 0 || !stopped_by(st, SIGSTOP)) {
        el_fail("%s: want a SIGSTOP stop, status 0x%x", d->name, st);
        return -1;
    }
    if (pt(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL) != 0)
        el_fail("SETOPTIONS");
    return (int)pid;
}

/* Resumes to the next syscall stop; 0 when it came. */
static int to_syscall_stop(const struct tdoor *d, int pid, const char *which)
{
    if (pt(PTRACE_SYSCALL, pid, 0, 0) != 0)
        el_fail("%s: PTRACE_SYSCALL", d->name);
    int st = wait_for(pid, which);
    if (st < 0 || !syscall_stop(st)) {
        el_fail("%s: want the %s stop, status 0x%x", d->name, which, st);
        return -1;
    }
    return 0;
}

/* The tracee's end: exited with 0, or killed by sig (0: exited). */
static void finish(const struct tdoor *d, int pid, int sig, const char *what)
{
    if (pt(PTRACE_CONT, pid, 0, 0) != 0)
        el_fail("%s: %s: PTRACE_CONT", d->name, what);
    int st = wait_for(pid, what);
    /* Another signal on the way (a child's SIGCHLD): the tracer sees it
     * first and passes it on, as it came. */
    for (int n = 0; st >= 0 && (st & 0xff) == 0x7f && ((st >> 8) & 0xff) != sig && n < 4; n++) {
        pt(PTRACE_CONT, pid, 0, (st >> 8) & 0xff);
        st = wait_for(pid, what);
    }
    if (st < 0)
        return;
    if (sig) {
        if (stopped_by(st, sig)) { /* the signal's delivery stop: let it be taken */
            if (pt(PTRACE_CONT, pid, 0, sig) != 0)
                el_fail("%s: %s: PTRACE_CONT with the signal", d->name, what);
            st = wait_for(pid, what);
        }
        if ((st & 0x7f) != sig || (st & 0xff) == 0x7f)
            el_fail("%s: %s: want death by signal %d, status 0x%x", d->name, what, sig, st);
    } else if ((st & 0x7f) != 0 || ((st >> 8) & 0xff) != 0) {
        el_fail("%s: %s: want exit 0, status 0x%x", d->name, what, st);
    }
}

/* ---- the cases ---------------------------------------------------------------- */

static uregs r0;

static void test_roundtrip(const struct tdoor *d)
{
    int pid = start(d, S_ROUNDTRIP);
    if (pid < 0)
        return;
    /* Memory and struct user while stopped. */
    static unsigned long word;
    word = 0;
    if (pt(PTRACE_PEEKDATA, pid, (long)&magic, (long)&word) != 0 || word != 0x1234)
        el_fail("%s: PEEKDATA: 0x%lx", d->name, word);
    if (pt(PTRACE_POKEDATA, pid, (long)&magic, 0x5678) != 0)
        el_fail("%s: POKEDATA", d->name);
    /* Text: read-only to the tracee, yet a tracer writes it (its own copy
     * of the page: ours stays as it was). */
    for (unsigned off = 0; off < 8; off += sizeof(long)) {
        unsigned long was = 0, now;
        memcpy(&now, poke_new + off, sizeof now);
        if (pt(PTRACE_PEEKTEXT, pid, (long)poke_target + off, (long)&was) != 0 ||
            memcmp(&was, poke_old + off, sizeof was) != 0)
            el_fail("%s: PEEKTEXT of the text", d->name);
        if (pt(PTRACE_POKETEXT, pid, (long)poke_target + off, (long)now) != 0)
            el_fail("%s: POKETEXT into read-only text", d->name);
    }
    if (pt(PTRACE_GETREGS, pid, 0, (long)&r0) != 0)
        el_fail("%s: GETREGS", d->name);
    word = 0;
    if (pt(PTRACE_PEEKUSR, pid, USER_IP_OFF, (long)&word) != 0 || word != (unsigned long)REG_IP(r0))
        el_fail("%s: PEEKUSER of the IP 0x%lx, GETREGS 0x%lx", d->name, word, (unsigned long)REG_IP(r0));
    if (pt(PTRACE_PEEKUSR, pid, USER_IP_OFF + 1, (long)&word) != -EIO)
        el_fail("%s: a misaligned PEEKUSER is not -EIO", d->name);
    static uregs rs;
    static unsigned long iov[2];
    iov[0] = (unsigned long)&rs, iov[1] = sizeof rs;
    if (pt(PTRACE_GETREGSET, pid, NT_PRSTATUS, (long)iov) != 0 || iov[1] != sizeof rs ||
        memcmp(&rs, &r0, sizeof rs) != 0)
        el_fail("%s: GETREGSET NT_PRSTATUS differs from GETREGS", d->name);

    if (to_syscall_stop(d, pid, "syscall-entry") == 0) {
        pt(PTRACE_GETREGS, pid, 0, (long)&r0);
        if ((long)REG_ORIG(r0) != N(d, getpid) || (long)REG_AX(r0) != -ENOSYS)
            el_fail("%s: entry stop: orig_rax %ld rax %ld, want %ld -ENOSYS", d->name, (long)REG_ORIG(r0),
                    (long)REG_AX(r0), (long)N(d, getpid));
        for (int i = 0; d->cap >= 0 && i < 6; i++)
            if (*arg_reg(d, &r0, i) != arg_pattern(i))
                el_fail("%s: entry stop: argument %d is 0x%lx, want 0x%lx", d->name, i + 1, *arg_reg(d, &r0, i),
                        arg_pattern(i));
        if (pt(PTRACE_SETREGS, pid, 0, (long)&r0) != 0)
            el_fail("%s: SETREGS at entry", d->name);
    }
    if (to_syscall_stop(d, pid, "syscall-exit") == 0) {
        pt(PTRACE_GETREGS, pid, 0, (long)&r0);
        if ((long)REG_AX(r0) != pid)
            el_fail("%s: exit stop: rax %ld, want the pid %d", d->name, (long)REG_AX(r0), pid);
        if (pt(PTRACE_SETREGS, pid, 0, (long)&r0) != 0)
            el_fail("%s: SETREGS at exit", d->name);
    }
    finish(d, pid, 0, "round trip");
    if (poke_target() != 1)
        el_fail("%s: the tracer's own text changed with the tracee's", d->name);
    if (pt(PTRACE_GETREGS, pid, 0, (long)&r0) != -ESRCH)
        el_fail("%s: GETREGS of an ended tracee is not -ESRCH", d->name);
}

static void test_change(const struct tdoor *d, int skip)
{
    int pid = start(d, skip ? S_SKIP : S_CHANGE);
    if (pid < 0 || to_syscall_stop(d, pid, "syscall-entry"))
        return;
    pt(PTRACE_GETREGS, pid, 0, (long)&r0);
    if (skip) {
        REG_ORIG(r0) = (unsigned long)-1;
        REG_AX(r0) = 4242;
    } else {
        REG_ORIG(r0) = (unsigned long)N(d, getppid);
    }
    if (pt(PTRACE_SETREGS, pid, 0, (long)&r0) != 0)
        el_fail("%s: SETREGS", d->name);
    if (to_syscall_stop(d, pid, "syscall-exit") == 0) {
        pt(PTRACE_GETREGS, pid, 0, (long)&r0);
        long want = skip ? 4242 : sys0(NR(getpid));
        if ((long)REG_AX(r0) != want)
            el_fail("%s: %s: exit stop rax %ld, want %ld", d->name, skip ? "skipped" : "changed", (long)REG_AX(r0),
                    want);
    }
    finish(d, pid, 0, skip ? "skipped call" : "changed call");
}

/* What a hostile exit-stop write does: -EIO and nothing changed (the tracee
 * exits through its "came back" path, status 20), or the tracee's SIGSEGV. */
struct hostile {
    const char *what;
    int field;          /* 0 IP, 1 CS, 2 SS */
    unsigned long value;
    int eio;
};
static const struct hostile hostiles[] = {
    {"CS null", 1, 0, 1},
    {"CS RPL 0", 1, 0x10, 1},
    {"SS null", 2, 0, 1},
    {"SS RPL 0", 2, 0x18, 1},
    {"CS the kernel's with RPL 3", 1, 0x13, 0},
    {"SS the kernel's with RPL 3", 2, 0x1b, 0},
    {"RIP 0", 0, 0, 0},
#ifdef __x86_64__
    {"RIP non-canonical", 0, 0x8000000000000000ul, 0},
    {"RIP in the kernel half", 0, 0xffffffff80000000ul, 0},
#endif
};

static void test_hostile(const struct tdoor *d, const struct hostile *h)
{
    int pid = start(d, S_HOSTILE);
    if (pid < 0 || to_syscall_stop(d, pid, "syscall-entry") || to_syscall_stop(d, pid, "syscall-exit"))
        return;
    pt(PTRACE_GETREGS, pid, 0, (long)&r0);
#ifdef __x86_64__
    unsigned long *field[3] = {&r0.rip, &r0.cs, &r0.ss};
    *field[h->field] = h->value;
#else
    uint32_t *field[3] = {&r0.eip, &r0.cs, &r0.ss};
    *field[h->field] = (uint32_t)h->value;
#endif
    long r = pt(PTRACE_SETREGS, pid, 0, (long)&r0);
    if (h->eio) {
        if (r != -EIO)
            el_fail("%s: SETREGS with %s: %ld, want -EIO", d->name, h->what, r);
        if (pt(PTRACE_CONT, pid, 0, 0) != 0)
            el_fail("%s: CONT", d->name);
        int st = wait_for(pid, h->what);
        if (st >= 0 && ((st & 0x7f) || ((st >> 8) & 0xff) != 20))
            el_fail("%s: after a refused %s: status 0x%x, want exit 20 (the call came back)", d->name, h->what, st);
        return;
    }
    if (r != 0)
        el_fail("%s: SETREGS with %s: %ld", d->name, h->what, r);
    finish(d, pid, SIGSEGV, h->what);
}

static void test_flags(const struct tdoor *d)
{
    int pid = start(d, S_FLAGS);
    if (pid < 0 || to_syscall_stop(d, pid, "syscall-entry") || to_syscall_stop(d, pid, "syscall-exit"))
        return;
    pt(PTRACE_GETREGS, pid, 0, (long)&r0);
    /* IOPL 3, VM, VIF, VIP set and IF cleared: the tracer may change none. */
    REG_FLAGS(r0) = (REG_FLAGS(r0) | 0x3000ul | 0x20000ul | 0x80000ul | 0x100000ul) & ~FL_IF;
    if (pt(PTRACE_SETREGS, pid, 0, (long)&r0) != 0)
        el_fail("%s: SETREGS with IOPL 3", d->name);
    finish(d, pid, 0, "RFLAGS the tracer may not set");
}

static void test_step(const struct tdoor *d)
{
    int pid = start(d, S_STEP);
    if (pid < 0)
        return;
    unsigned long last = 0;
    for (int i = 0; i < 3; i++) {
        if (pt(PTRACE_SINGLESTEP, pid, 0, 0) != 0)
            el_fail("SINGLESTEP");
        int st = wait_for(pid, "a step");
        if (st < 0 || !stopped_by(st, SIGTRAP)) {
            el_fail("step %d: status 0x%x, want a SIGTRAP stop", i, st);
            return;
        }
        pt(PTRACE_GETREGS, pid, 0, (long)&r0);
        if ((unsigned long)REG_IP(r0) == last)
            el_fail("step %d: RIP 0x%lx did not move", i, last);
        last = (unsigned long)REG_IP(r0);
    }
    finish(d, pid, 0, "stepped");
}

/* PTRACE_O_TRACEEXIT: the exit event stop, before the end, with the
 * status word in GETEVENTMSG; then the end itself. */
static void test_exit_event(const struct tdoor *d)
{
    int pid = start(d, S_EXIT);
    if (pid < 0)
        return;
    if (pt(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXIT) != 0)
        el_fail("SETOPTIONS with TRACEEXIT");
    pt(PTRACE_CONT, pid, 0, 0);
    int st = wait_for(pid, "the exit event");
    if (st < 0 || (st & 0xff) != 0x7f || (st >> 8) != (SIGTRAP | PTRACE_EVENT_EXIT << 8)) {
        el_fail("exit event: status 0x%x", st);
        return;
    }
    static unsigned long msg;
    msg = 0;
    if (pt(PTRACE_GETEVENTMSG, pid, 0, (long)&msg) != 0 || msg != 5 << 8)
        el_fail("GETEVENTMSG at the exit event: 0x%lx, want 0x500", msg);
    pt(PTRACE_CONT, pid, 0, 0);
    st = wait_for(pid, "the end after the exit event");
    if (st >= 0 && st != 5 << 8)
        el_fail("after the exit event: status 0x%x, want exit 5", st);
}

static void test_fork_event(const struct tdoor *d)
{
    int pid = start(d, S_FORK);
    if (pid < 0)
        return;
    if (pt(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL | PTRACE_O_TRACEFORK) != 0)
        el_fail("SETOPTIONS with TRACEFORK");
    pt(PTRACE_CONT, pid, 0, 0);
    int st = wait_for(pid, "the fork event");
    if (st < 0 || (st & 0xff) != 0x7f || (st >> 8) != (SIGTRAP | PTRACE_EVENT_FORK << 8)) {
        el_fail("fork event: status 0x%x", st);
        return;
    }
    static unsigned long child;
    child = 0;
    if (pt(PTRACE_GETEVENTMSG, pid, 0, (long)&child) != 0 || (long)child <= pid)
        el_fail("GETEVENTMSG: %lu", child);
    /* The new child is ours too, and starts stopped. */
    st = wait_for((int)child, "the fork child's SIGSTOP");
    if (st >= 0 && !stopped_by(st, SIGSTOP))
        el_fail("the fork child: status 0x%x, want a SIGSTOP stop", st);
    if (pt(PTRACE_DETACH, (long)child, 0, 0) != 0)
        el_fail("DETACH of the fork child");
    finish(d, pid, 0, "after the fork event"); /* the tracee reaps its child: exit 7 */
}


int main(int argc, char **argv, char **envp)
{
    (void)argc, (void)argv;
    doors_find(envp);
    parent_pid = sys0(NR(getpid));
    if (pt(PTRACE_ATTACH, parent_pid, 0, 0) != -EPERM)
        el_fail("PTRACE_ATTACH to ourselves is not -EPERM");
    if (pt(PTRACE_GETREGS, parent_pid, 0, (long)&r0) != -ESRCH)
        el_fail("GETREGS of a process we do not trace is not -ESRCH");
    for (int i = 0; i < ndoors; i++) {
        const struct tdoor *d = &doors[i];
        int before = el_failures;
        test_roundtrip(d);
        test_change(d, 0);
        test_change(d, 1);
        for (unsigned h = 0; h < sizeof hostiles / sizeof hostiles[0]; h++)
            test_hostile(d, &hostiles[h]);
        if (d->cap >= 0)
            test_flags(d);
        if (el_failures == before)
            el_printf("# ok ptrace%d through %s: stops, registers, a changed and a skipped call, hostile "
                      "registers refused\n", MODE, d->name);
    }
    test_step(&doors[0]);
    test_fork_event(&doors[0]);
    test_exit_event(&doors[0]);
    return el_failures ? 1 : 0;
}
