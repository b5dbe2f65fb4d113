/* Signals: raising, the default actions, delivery on the way back to ring 3,
 * and the calls (rt_sigaction, rt_sigprocmask, rt_sigpending, sigaltstack,
 * kill, tgkill, tkill, gettid, pause, rt_sigsuspend). A signal comes from
 * the program itself, another process (kill), a child's end (SIGCHLD) or
 * the program's own fault; it is delivered on the target's next way back
 * to ring 3, and a blocked target wakes to see it. The frames themselves
 * are built in src/sigframe.c. */
#include "console.h"
#include "cpu.h"
#include "entry.h"
#include "errno.h"
#include "gdt.h"
#include "jobctl.h"
#include "kstring.h"
#include "layout.h"
#include "proc.h"
#include "restart.h"
#include "sched.h"
#include "signal.h"
#include "syscall.h"
#include "thread.h"
#include "uaccess.h"

static struct process *cur(void) { return cpu0.proc; }

void signal_init(struct process *p) { memset(&p->sig, 0, sizeof p->sig); }

void signal_raise(struct process *p, uint64_t bits)
{
    p->sig.pending |= bits;
    p->sig.raised = true; /* the fast way's exit test (exit_flags) */
}

const char *signal_name(int sig)
{
    static const char *const names[32] = {
        "?", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE",
        "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT",
        "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
        "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};
    return sig > 0 && sig < 32 ? names[sig] : sig >= 32 && sig <= EL_NSIG ? "real-time" : "?";
}

static bool valid_sig(uint64_t sig) { return sig >= 1 && sig <= EL_NSIG; }

/* --- default actions ---------------------------------------------------- */

static bool default_ignores(int sig)
{
    return sig == EL_SIGCHLD || sig == EL_SIGURG || sig == EL_SIGWINCH || sig == EL_SIGCONT;
}

static bool ignored(const struct process *p, int sig)
{
    const struct k_sigaction *ka = &proc_group(p)->sig.action[sig - 1];
    return ka->handler == EL_SIG_IGN || (ka->handler == EL_SIG_DFL && default_ignores(sig));
}

void signal_send(struct process *p, const struct ksiginfo *info)
{
    int sig = info->signo;
    jobctl_prepare(p, sig); /* SIGCONT resumes even when ignored or blocked */
    /* An ignored signal is dropped when sent, as on Linux; SIGKILL and
     * SIGSTOP cannot be ignored. A tracer sees even ignored signals (its
     * signal-delivery stop), so a traced thread keeps them. */
    if (!(SIGBIT(sig) & SIG_UNCATCHABLE) && !p->pt.tracer && ignored(p, sig))
        return;
    if (!(p->sig.pending & SIGBIT(sig)))
        p->sig.info[sig - 1] = *info; /* standard signals do not queue */
    signal_raise(p, SIGBIT(sig));
    sched_wake(p); /* a blocking call looks again: an ERESTART* code if it must */
}

/* A signal the program cannot refuse (a fault, a broken frame): if it is
 * blocked or ignored, its action becomes the default, as Linux's force_sig. */
void signal_force(struct process *p, const struct ksiginfo *info)
{
    int sig = info->signo;
    struct k_sigaction *ka = &proc_group(p)->sig.action[sig - 1];
    bool blocked = p->sig.blocked & SIGBIT(sig);
    if (blocked || ka->handler == EL_SIG_IGN) {
        ka->handler = EL_SIG_DFL;
        p->sig.blocked &= ~SIGBIT(sig);
    }
    p->sig.info[sig - 1] = *info;
    signal_raise(p, SIGBIT(sig));
}

/* The next signal to deliver: synchronous ones (faults) first, then the
 * lowest number, as Linux dequeues. */
static int next_signal(uint64_t ready)
{
    const uint64_t sync = SIGBIT(EL_SIGSEGV) | SIGBIT(EL_SIGBUS) | SIGBIT(EL_SIGILL) |
                          SIGBIT(EL_SIGTRAP) | SIGBIT(EL_SIGFPE) | SIGBIT(EL_SIGSYS);
    if (ready & sync)
        ready &= sync;
    return __builtin_ctzl(ready) + 1;
}

/* --- system-call restart (Linux's handle_signal, arch_do_signal_or_restart) */

/* The ERESTART* code in a system call's frame, or 0. sigreturn marks its
 * frame (orig_rax -1, as Linux) so that the rax it restores is never read
 * as one. */
static int64_t restart_code(const struct frame *f)
{
    if (!syscall_frame_is_call(f) || f->orig_rax == UINT64_MAX)
        return 0;
    /* The i386 ABI's result is eax: a 32-bit tracer's SETREGS writes it
     * back zero-extended (Linux sign-extends it here too). */
    int64_t r = syscall_frame_abi32(f) ? (int64_t)(int32_t)f->rax : (int64_t)f->rax;
    if (r == -ERESTARTSYS || r == -ERESTARTNOINTR || r == -ERESTARTNOHAND || r == -ERESTART_RESTARTBLOCK)
        return r;
    return 0;
}

/* The call runs again: rax the number, RIP back over the 2-byte door
 * instruction. A fast door's frame first takes int 0x80's (or syscall's)
 * shape, whose instruction lies before the vDSO's landing pad; it must then
 * leave by iretq, since sysret and sysexit clobber registers that
 * instruction takes (rcx; rcx and rdx). */
static void restart_call(struct process *p, struct frame *f, uint64_t nr)
{
    syscall_frame_int80_shape(f);
    f->rax = nr;
    f->rip -= 2;
    if (f->vector != ENTRY_INT80 && f->vector != ENTRY_SYSCALL64)
        p->sig.full_return = true;
}

static uint64_t call_nr(const struct frame *f)
{
    return syscall_frame_abi32(f) ? (uint32_t)f->orig_rax : f->orig_rax;
}

/* A handler is about to run on f: only ERESTARTSYS with SA_RESTART, and
 * ERESTARTNOINTR, restart; the rest is -EINTR. */
static void restart_for_handler(struct process *p, struct frame *f, uint64_t flags)
{
    switch (restart_code(f)) {
    case -ERESTARTSYS:
        if (flags & EL_SA_RESTART)
            restart_call(p, f, call_nr(f));
        else
            f->rax = (uint64_t)-EINTR;
        break;
    case -ERESTARTNOINTR:
        restart_call(p, f, call_nr(f));
        break;
    case -ERESTARTNOHAND:
    case -ERESTART_RESTARTBLOCK:
        f->rax = (uint64_t)-EINTR;
        break;
    }
}

/* f goes back with no handler run (the signal was ignored, or gone): every
 * code restarts, ERESTART_RESTARTBLOCK by restart_syscall in f's ABI. */
static void restart_without_handler(struct process *p, struct frame *f)
{
    switch (restart_code(f)) {
    case 0:
        return;
    case -ERESTART_RESTARTBLOCK:
        restart_call(p, f, syscall_frame_abi32(f) ? NR32_RESTART_SYSCALL : NR64_RESTART_SYSCALL);
        return;
    default:
        restart_call(p, f, call_nr(f));
        return;
    }
}

/* Delivers sig into f, or carries out its default action. */
static void deliver(struct process *p, struct frame *f, int sig)
{
    struct ksiginfo info = p->sig.info[sig - 1];
    p->sig.pending &= ~SIGBIT(sig);
    struct k_sigaction *ka = &proc_group(p)->sig.action[sig - 1];

    if (ka->handler == EL_SIG_IGN || (ka->handler == EL_SIG_DFL && default_ignores(sig)))
        return;
    if (ka->handler == EL_SIG_DFL) {
        if (jobctl_is_stop(sig)) {
            jobctl_stop(p, f, sig); /* the group stops here until SIGCONT */
            return;
        }
        proc_kill_signal(f, sig); /* terminate or core: the program ends */
    }

    struct k_sigaction act = *ka;
    restart_for_handler(p, f, act.flags); /* the frame saves the outcome */
    uint64_t oldmask = p->sig.suspend_restore ? p->sig.saved_mask : p->sig.blocked;
    if (!sigframe_setup(p, f, &act, &info, oldmask)) {
        /* The frame could not be written (a bad stack): SIGSEGV, and if
         * that was SIGSEGV's own frame, its default. */
        if (sig == EL_SIGSEGV)
            ka->handler = EL_SIG_DFL;
        signal_force(p, &(struct ksiginfo){.signo = EL_SIGSEGV, .code = EL_SI_KERNEL});
        return;
    }
    p->sig.blocked |= act.mask;
    if (!(act.flags & EL_SA_NODEFER))
        p->sig.blocked |= SIGBIT(sig);
    p->sig.blocked &= ~SIG_UNCATCHABLE;
    p->sig.suspend_restore = false; /* the frame carries the old mask now */
    if (act.flags & EL_SA_RESETHAND)
        ka->handler = EL_SIG_DFL;
    p->sig.full_return = true;
}

void signal_return(struct frame *f)
{
    struct process *p = cur();
    for (;;) {
        uint64_t ready = p->sig.pending & ~p->sig.blocked;
        if (ready) {
            int sig = next_signal(ready);
            /* A traced thread shows its tracer each signal first (but
             * SIGKILL), and takes the one the tracer gives back, if any. */
            if (p->pt.tracer && sig != EL_SIGKILL && !(sig = ptrace_signal_stop(p, f, sig)))
                continue;
            deliver(p, f, sig);
            continue;
        }
        restart_without_handler(p, f);
        if (p->sig.suspend_restore) { /* nothing was delivered after all */
            p->sig.blocked = p->sig.saved_mask;
            p->sig.suspend_restore = false;
        }
        const char *why;
        if (frame_return_ok(f, &why) && frame_flags_ok(f, &why))
            return;
        /* iretq would fault on this frame: on Linux the program gets
         * SIGSEGV for #GP(0) with the frame it asked for. */
        p->sig.trapno = 13;
        p->sig.error_code = 0;
        struct k_sigaction *ka = &proc_group(p)->sig.action[EL_SIGSEGV - 1];
        if (ka->handler <= EL_SIG_IGN || (p->sig.blocked & SIGBIT(EL_SIGSEGV)))
            proc_kill_refused(f, why); /* the default: today's report */
        signal_force(p, &(struct ksiginfo){.signo = EL_SIGSEGV, .code = EL_SI_KERNEL});
    }
}

/* --- faults ------------------------------------------------------------- */

/* The FPU exception's si_code from the status and mask (x87 or SSE):
 * invalid, divide, overflow, underflow, precision, in that order. */
static int fpe_code(uint32_t unmasked)
{
    if (unmasked & 0x01)
        return EL_FPE_FLTINV;
    if (unmasked & 0x04)
        return EL_FPE_FLTDIV;
    if (unmasked & 0x08)
        return EL_FPE_FLTOVF;
    if (unmasked & 0x12)
        return EL_FPE_FLTUND;
    if (unmasked & 0x20)
        return EL_FPE_FLTRES;
    return 0;
}

void signal_trap(struct frame *f, uint64_t cr2, int code)
{
    struct process *p = cur();
    struct ksiginfo info = {.code = EL_SI_KERNEL};
    uint64_t err = f->error;
    switch (f->vector) {
    case 0: /* #DE */
        info.signo = EL_SIGFPE, info.code = EL_FPE_INTDIV, info.addr = f->rip;
        break;
    case 1: /* #DB: src/debugreg.c read DR6 and chose TRAP_TRACE, _HWBKPT or _BRKPT */
        info.signo = EL_SIGTRAP, info.code = code, info.addr = f->rip;
        err = 0;
        break;
    case 3: /* int3: Linux sends a plain SIGTRAP (SI_KERNEL) */
        info.signo = EL_SIGTRAP;
        break;
    case 6: /* #UD */
        info.signo = EL_SIGILL, info.code = EL_ILL_ILLOPN, info.addr = f->rip;
        break;
    case 11: /* #NP */
    case 12: /* #SS */
        info.signo = EL_SIGBUS;
        break;
    case 14: /* #PF */
        info.signo = EL_SIGSEGV, info.addr = cr2;
        info.code = code ? code : (err & 1) ? EL_SEGV_ACCERR : EL_SEGV_MAPERR;
        if (cr2 >= USER_END) {
            /* A kernel address: Linux says "not mapped" and sets the
             * protection bit, telling nothing of the kernel's pages. */
            info.code = EL_SEGV_MAPERR;
            err |= 1;
        }
        p->sig.cr2 = cr2;
        break;
    case 16: { /* #MF: x87 */
        uint16_t cw, sw;
        __asm__ volatile("fnstcw %0; fnstsw %1" : "=m"(cw), "=m"(sw));
        info.signo = EL_SIGFPE, info.code = fpe_code(~cw & sw & 0x3F), info.addr = f->rip;
        err = 0;
        break;
    }
    case 17: /* #AC */
        info.signo = EL_SIGBUS, info.code = EL_BUS_ADRALN;
        break;
    case 19: { /* #XM: SSE */
        uint32_t mxcsr;
        __asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
        info.signo = EL_SIGFPE, info.code = fpe_code(~(mxcsr >> 7) & mxcsr & 0x3F), info.addr = f->rip;
        err = 0;
        break;
    }
    default: /* #GP, #OF, #BR, #TS, #NM and the rest: SIGSEGV */
        info.signo = EL_SIGSEGV;
        break;
    }
    p->sig.trapno = f->vector;
    p->sig.error_code = err;

    /* A fault the program does not catch ends it with the fault's report
     * (a traced one's tracer sees the signal first: signal_return). */
    struct k_sigaction *ka = &proc_group(p)->sig.action[info.signo - 1];
    if (!p->pt.tracer && (ka->handler <= EL_SIG_IGN || (p->sig.blocked & SIGBIT(info.signo)))) {
        p->term_signal = info.signo; /* the parent's wait4 sees it */
        proc_kill_fault(f);
    }
    signal_force(p, &info);
    signal_return(f);
    /* An exception's way back is isr_common's iretq, which restores f
     * whole: a handler's frame set full_return, which only a system call's
     * way out reads; left set, it would mark the program's next call as
     * rewritten (proc_keep_fault). */
    p->sig.full_return = false;
}

/* --- the calls ---------------------------------------------------------- */

int64_t sys_rt_sigaction(struct sc_call *c)
{
    struct process *p = cur();
    uint64_t sig = c->arg[0], act = c->arg[1], oact = c->arg[2];
    if (c->arg[3] != 8) /* sizeof(kernel sigset_t) */
        return -EINVAL;
    if (!valid_sig(sig) || (act && (SIGBIT(sig) & SIG_UNCATCHABLE)))
        return -EINVAL;
    struct k_sigaction *ka = &proc_group(p)->sig.action[sig - 1], nka = {0};
    if (act) {
        if (sc_abi32(c)) {
            struct el_sigaction_32 a;
            if (copy_from_user(&a, act, sizeof a))
                return -EFAULT;
            nka = (struct k_sigaction){a.handler, a.flags, a.restorer,
                                       a.mask[0] | (uint64_t)a.mask[1] << 32, true};
        } else {
            struct el_sigaction_64 a;
            if (copy_from_user(&a, act, sizeof a))
                return -EFAULT;
            nka = (struct k_sigaction){a.handler, a.flags, a.restorer, a.mask, false};
        }
        nka.mask &= ~SIG_UNCATCHABLE;
    }
    if (oact) {
        int r;
        if (sc_abi32(c)) {
            struct el_sigaction_32 o = {(uint32_t)ka->handler, (uint32_t)ka->flags, (uint32_t)ka->restorer,
                                        {(uint32_t)ka->mask, (uint32_t)(ka->mask >> 32)}};
            r = copy_to_user(oact, &o, sizeof o);
        } else {
            struct el_sigaction_64 o = {ka->handler, ka->flags, ka->restorer, ka->mask};
            r = copy_to_user(oact, &o, sizeof o);
        }
        if (r)
            return r;
    }
    if (act) {
        *ka = nka;
        /* Setting SIG_IGN (or a default that ignores) discards a pending one. */
        if (ignored(p, (int)sig))
            p->sig.pending &= ~SIGBIT(sig);
    }
    return 0;
}

int64_t sys_rt_sigprocmask(struct sc_call *c)
{
    struct process *p = cur();
    uint64_t how = c->arg[0], set = c->arg[1], oset = c->arg[2];
    if (c->arg[3] != 8)
        return -EINVAL;
    uint64_t old = p->sig.blocked, new = old, s = 0;
    if (set) {
        if (copy_from_user(&s, set, 8))
            return -EFAULT;
        switch (how) {
        case EL_SIG_BLOCK: new = old | s; break;
        case EL_SIG_UNBLOCK: new = old & ~s; break;
        case EL_SIG_SETMASK: new = s; break;
        default: return -EINVAL;
        }
    }
    if (oset && copy_to_user(oset, &old, 8))
        return -EFAULT;
    p->sig.blocked = new & ~SIG_UNCATCHABLE;
    return 0;
}

int64_t sys_rt_sigpending(struct sc_call *c)
{
    struct process *p = cur();
    if (c->arg[1] > 8) /* Linux accepts any size up to sizeof(sigset_t) */
        return -EINVAL;
    uint64_t pend = p->sig.pending & p->sig.blocked;
    return copy_to_user(c->arg[0], &pend, c->arg[1]);
}

bool signal_on_altstack(const struct process *p, uint64_t sp)
{
    /* The top is inclusive, as Linux's on_sig_stack: a stack full to the
     * top byte is still in use. */
    return p->sig.alt_size && sp > p->sig.alt_sp && sp - p->sig.alt_sp <= p->sig.alt_size;
}

int64_t sys_sigaltstack(struct sc_call *c)
{
    struct process *p = cur();
    uint64_t uss = c->arg[0], uoss = c->arg[1], sp = c->frame->rsp;
    bool on = signal_on_altstack(p, sp);
    struct el_stack_64 old = {
        .sp = p->sig.alt_sp, .size = p->sig.alt_size,
        .flags = (int32_t)(on ? EL_SS_ONSTACK : p->sig.alt_size ? 0 : EL_SS_DISABLE) | (int32_t)p->sig.alt_flags,
    };
    if (uss) {
        uint64_t nsp, nsize;
        uint32_t flags;
        if (sc_abi32(c)) {
            struct el_stack_32 s;
            if (copy_from_user(&s, uss, sizeof s))
                return -EFAULT;
            nsp = s.sp, nsize = s.size, flags = (uint32_t)s.flags;
        } else {
            struct el_stack_64 s;
            if (copy_from_user(&s, uss, sizeof s))
                return -EFAULT;
            nsp = s.sp, nsize = s.size, flags = (uint32_t)s.flags;
        }
        if (on)
            return -EPERM; /* the stack in use cannot change */
        uint32_t mode = flags & ~EL_SS_AUTODISARM;
        if (mode != 0 && mode != EL_SS_ONSTACK && mode != EL_SS_DISABLE)
            return -EINVAL;
        if (mode == EL_SS_DISABLE) {
            nsp = nsize = 0;
        } else if (nsize < EL_MINSIGSTKSZ) {
            return -ENOMEM;
        }
        p->sig.alt_sp = nsp;
        p->sig.alt_size = nsize;
        p->sig.alt_flags = flags & EL_SS_AUTODISARM;
    }
    if (uoss) {
        if (sc_abi32(c)) {
            struct el_stack_32 o = {(uint32_t)old.sp, old.flags, (uint32_t)old.size};
            return copy_to_user(uoss, &o, sizeof o);
        }
        return copy_to_user(uoss, &old, sizeof old);
    }
    return 0;
}

/* kill, tgkill and tkill. A thread's tid is its struct's pid; a signal
 * for the process goes to one of its threads (thread_signal_target), one
 * for a thread (tgkill, tkill) to that thread. */
static int64_t send_to_thread(struct process *to, int64_t sig, int code)
{
    struct process *p = cur();
    if (sig < 0 || sig > EL_NSIG)
        return -EINVAL;
    if (sig == 0)
        return 0; /* the permission check only */
    signal_send(to, &(struct ksiginfo){.signo = (int)sig, .code = code, .pid = proc_group(p)->pid});
    return 0;
}

static int64_t send_to_self(int64_t sig, int code)
{
    if (sig < 1 || sig > EL_NSIG)
        return send_to_thread(cur(), sig, code);
    return send_to_thread(thread_signal_target(proc_group(cur()), (int)sig), sig, code);
}

/* Linux's kill_ok_by_cred: the sender's real or effective uid is the
 * target's real or saved uid, or the sender is privileged. */
static bool may_signal(const struct process *from, const struct process *to)
{
    const struct cred *a = &from->ts.cred, *b = &to->ts.cred;
    return cred_capable(from) || a->euid == b->suid || a->euid == b->uid || a->uid == b->suid ||
           a->uid == b->uid;
}

/* 0, -EPERM or -ESRCH (no such process, or a zombie's signal has no effect). */
static int send_to(struct process *to, int sig)
{
    struct process *p = cur();
    if (!may_signal(p, to))
        return -EPERM;
    if (sig && to->state != PS_ZOMBIE)
        signal_send(thread_signal_target(to, sig),
                    &(struct ksiginfo){.signo = sig, .code = EL_SI_USER, .pid = proc_group(p)->pid});
    return 0;
}

int64_t sys_kill(struct sc_call *c)
{
    struct process *p = cur();
    int32_t pid = (int32_t)c->arg[0];
    int64_t sig = (int32_t)c->arg[1];
    if (sig < 0 || sig > EL_NSIG)
        return -EINVAL;
    if (pid == proc_group(p)->pid)
        return send_to_self(sig, EL_SI_USER);
    if (pid > 0) {
        struct process *to = sched_find(pid);
        return to ? send_to(to, (int)sig) : -ESRCH;
    }
    if (pid == INT32_MIN)
        return -ESRCH;
    /* A group (0: the caller's; -pgid), or -1: every process but the
     * caller and init (the runner, which takes no signals). */
    int pgid = pid == 0 ? p->ts.cred.pgid : -pid;
    int found = 0, sent = 0, i = 0;
    for (struct process *to; (to = sched_next(&i));) {
        if (to != proc_group(to) || (pid == -1 ? to == proc_group(p) : to->ts.cred.pgid != pgid))
            continue; /* one per thread group */
        found++;
        sent += send_to(to, (int)sig) == 0;
    }
    if (!found)
        return -ESRCH;
    return sent ? 0 : -EPERM;
}

int64_t sys_tgkill(struct sc_call *c)
{
    int32_t tgid = (int32_t)c->arg[0], tid = (int32_t)c->arg[1];
    if (tgid <= 0 || tid <= 0)
        return -EINVAL;
    struct process *to = sched_find(tid);
    if (!to || proc_group(to)->pid != tgid || to->state == PS_ZOMBIE || to->state == PS_THREAD_DONE)
        return -ESRCH;
    if (to != cur() && !may_signal(cur(), to))
        return -EPERM;
    return send_to_thread(to, (int32_t)c->arg[2], EL_SI_TKILL);
}

int64_t sys_tkill(struct sc_call *c)
{
    int32_t tid = (int32_t)c->arg[0];
    if (tid <= 0)
        return -EINVAL;
    struct process *to = sched_find(tid);
    if (!to || to->state == PS_ZOMBIE || to->state == PS_THREAD_DONE)
        return -ESRCH;
    if (to != cur() && !may_signal(cur(), to))
        return -EPERM;
    return send_to_thread(to, (int32_t)c->arg[1], EL_SI_TKILL);
}

int64_t sys_gettid(struct sc_call *c)
{
    (void)c;
    return cur()->pid; /* the thread's own id; getpid is its group's */
}

/* pause and rt_sigsuspend: the process blocks until a signal the mask
 * lets through is pending (or the watchdog ends it). */
static int64_t wait_for_signal(struct sc_call *c, uint64_t mask)
{
    (void)c;
    return sched_sleep_until(UINT64_MAX, mask);
}

int64_t sys_pause(struct sc_call *c) { return wait_for_signal(c, cur()->sig.blocked); }

int64_t sys_rt_sigsuspend(struct sc_call *c)
{
    struct process *p = cur();
    uint64_t mask;
    if (c->arg[1] != 8)
        return -EINVAL;
    if (copy_from_user(&mask, c->arg[0], 8))
        return -EFAULT;
    mask &= ~SIG_UNCATCHABLE;
    int64_t r = wait_for_signal(c, mask);
    /* The handler runs with the temporary mask; sigreturn restores the
     * old one, which is what the frame records. */
    uint64_t old = p->sig.blocked;
    p->sig.blocked = mask;
    p->sig.suspend_restore = true;
    p->sig.saved_mask = old;
    return r;
}
