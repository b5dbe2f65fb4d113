/* ptrace: the stops of a traced thread, and the call its tracer makes
 * (include/ptrace.h). A tracee stops only inside the kernel, on its way
 * back to ring 3 or around a system call, with its user frame on its own
 * kernel stack: every register the tracer reads or writes is that frame's,
 * or the user CPU state the switch saved (FS/GS, the FPU). Whatever the
 * tracer leaves there goes back by iretq, through the same return checks
 * as every other way back (syscall/dispatch.c frame_return_ok): a frame
 * the kernel must not load becomes the tracee's SIGSEGV, never a fault in
 * ring 0. */
#include "console.h"
#include "cpu.h"
#include "debugreg.h"
#include "entry.h"
#include "errno.h"
#include "gdt.h"
#include "kstring.h"
#include "layout.h"
#include "mm.h"
#include "paging.h"
#include "proc.h"
#include "ptrace.h"
#include "sched.h"
#include "signal.h"
#include "syscall.h"
#include "thread.h"
#include "uaccess.h"
#include "uapi/linux_ptrace.h"
#include "uapi/linux_wait.h"

#define TASK_SIZE_MAX (USER_END - 0x1000) /* the highest user page is Linux's guard */
/* The options offered (SETOPTIONS, SEIZE). */
#define PT_OPTIONS                                                                                          \
    (PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE |             \
     PTRACE_O_TRACEEXEC | PTRACE_O_TRACEEXIT | PTRACE_O_EXITKILL)

static struct process *cur(void) { return cpu0.proc; }

/* --- the stops ------------------------------------------------------------ */

/* p (the current thread) stops with this wait status until its tracer
 * resumes it, detaches, or SIGKILL comes. */
static void stop(struct process *p, struct frame *f, int status, const struct ksiginfo *si)
{
    struct process *t = p->pt.tracer;
    p->pt.stopped = true;
    p->pt.reported = false;
    p->pt.status = status;
    p->pt.si = *si;
    p->pt.frame = f;
    p->pt.resume_sig = 0;
    /* The tracer may change any register: the way back must restore all. */
    p->sig.full_return = true;
    int sig = (status >> 8) & 0xff;
    signal_send(thread_signal_target(t, EL_SIGCHLD),
                &(struct ksiginfo){.signo = EL_SIGCHLD, .code = CLD_TRAPPED, .pid = p->pid, .status = sig & 0x7f});
    sched_wake_group(t);
    while (p->pt.stopped && p->pt.tracer && !(p->sig.pending & SIGBIT(EL_SIGKILL)))
        sched_block();
    p->pt.stopped = false;
    p->pt.frame = 0;
}

static int trap_status(const struct process *p)
{
    int sig = EL_SIGTRAP | (p->pt.options & PTRACE_O_TRACESYSGOOD ? 0x80 : 0);
    return sig << 8 | 0x7f;
}

/* The number the tracer left: orig_rax's low half, an int, as the
 * dispatcher reads it (-1: skip the call, as on Linux). */
static int64_t syscall_nr(const struct sc_call *c) { return (int32_t)c->frame->orig_rax; }

bool ptrace_syscall_enter(struct sc_call *c)
{
    struct process *p = cur();
    struct frame *f = c->frame;
    if (sc_compat(c))
        f->orig_rax = (uint32_t)f->orig_rax; /* as Linux's compat entries keep it */
    f->rax = (uint64_t)-ENOSYS; /* what the tracer sees before the call */
    enum pt_resume how = p->pt.resume;
    if (!p->pt.tracer || (how != PT_SYSCALL && how != PT_SYSEMU && how != PT_SYSEMU_STEP))
        return true;
    int status = trap_status(p);
    stop(p, f, status, &(struct ksiginfo){.signo = EL_SIGTRAP, .code = status >> 8});
    if (p->sig.pending & SIGBIT(EL_SIGKILL))
        return false;
    /* SYSEMU: the tracer emulates the call; orig_rax -1: it skips it. */
    return how == PT_SYSCALL && syscall_nr(c) != -1;
}

void ptrace_syscall_leave(struct sc_call *c)
{
    struct process *p = cur();
    enum pt_resume how = p->pt.resume;
    if (!p->pt.tracer || (p->sig.pending & SIGBIT(EL_SIGKILL)))
        return;
    if (how == PT_SYSCALL) {
        int status = trap_status(p);
        stop(p, c->frame, status, &(struct ksiginfo){.signo = EL_SIGTRAP, .code = status >> 8});
        how = p->pt.resume;
    }
    /* A step over the system call instruction reports at its end: the
     * instruction is done (Linux's user_single_step_report). */
    if (how == PT_STEP || how == PT_SYSEMU_STEP)
        signal_send(p, &(struct ksiginfo){.signo = EL_SIGTRAP, .code = EL_TRAP_BRKPT});
}

int ptrace_signal_stop(struct process *p, struct frame *f, int sig)
{
    struct ksiginfo info = p->sig.info[sig - 1];
    p->sig.pending &= ~SIGBIT(sig);
    stop(p, f, sig << 8 | 0x7f, &info);
    sig = p->pt.resume_sig; /* 0: the tracer suppressed it (DETACH's data too) */
    if (p->sig.pending & SIGBIT(EL_SIGKILL))
        return EL_SIGKILL;
    if (!sig)
        return 0;
    /* Another signal than the stop's: it comes from the tracer, unless
     * the tracer rewrote the siginfo (SETSIGINFO). */
    if (sig != p->pt.si.signo)
        p->pt.si = (struct ksiginfo){.signo = sig, .code = EL_SI_USER, .pid = p->pt.tracer ? p->pt.tracer->pid : 0};
    p->sig.info[sig - 1] = p->pt.si;
    signal_raise(p, SIGBIT(sig));
    if (p->sig.blocked & SIGBIT(sig)) /* blocked now: it waits, pending */
        return 0;
    return sig;
}

void ptrace_exec(struct process *p, struct frame *f)
{
    if (!p->pt.tracer)
        return;
    if (p->pt.options & PTRACE_O_TRACEEXEC) {
        p->pt.eventmsg = (uint64_t)proc_group(p)->pid;
        stop(p, f, (EL_SIGTRAP | PTRACE_EVENT_EXEC << 8) << 8 | 0x7f,
             &(struct ksiginfo){.signo = EL_SIGTRAP, .code = EL_SIGTRAP | PTRACE_EVENT_EXEC << 8});
    } else {
        signal_send(p, &(struct ksiginfo){.signo = EL_SIGTRAP, .code = EL_SI_USER});
    }
}

void ptrace_exit_event(struct process *p, int wait_status)
{
    /* Not with SIGKILL pending: a killed thread ends at once (Linux's
     * ptrace_stop with a fatal signal pending). */
    if (!p->pt.tracer || !(p->pt.options & PTRACE_O_TRACEEXIT) || (p->sig.pending & SIGBIT(EL_SIGKILL)))
        return;
    p->pt.eventmsg = (uint64_t)(uint32_t)wait_status;
    stop(p, sched_user_frame(p), (EL_SIGTRAP | PTRACE_EVENT_EXIT << 8) << 8 | 0x7f,
         &(struct ksiginfo){.signo = EL_SIGTRAP, .code = EL_SIGTRAP | PTRACE_EVENT_EXIT << 8});
}

static void detach(struct process *q)
{
    q->pt.tracer = 0;
    q->syscall_trace = false;
    q->pt.resume = PT_CONT;
    q->pt.options = 0;
    if (q->pt.forced_tf && q->pt.frame)
        q->pt.frame->rflags &= ~RFLAGS_TF;
    q->pt.forced_tf = false;
    q->pt.stopped = false;
    sched_wake(q);
}

void ptrace_group_ends(struct process *g)
{
    int i = 0;
    for (struct process *q; (q = sched_next(&i));) {
        if (q->pt.tracer == g) {
            if (q->pt.options & PTRACE_O_EXITKILL)
                signal_send(q, &(struct ksiginfo){.signo = EL_SIGKILL, .code = EL_SI_KERNEL});
            detach(q);
        }
        if (proc_group(q) == g && q->pt.tracer)
            detach(q);
    }
}

bool ptrace_traced_by(const struct process *q, const struct process *g) { return q->pt.tracer && q->pt.tracer == g; }

bool ptrace_take_stop(struct process *q, bool consume, int *status)
{
    if (!q->pt.stopped || q->pt.reported)
        return false;
    *status = q->pt.status;
    if (consume)
        q->pt.reported = true;
    return true;
}

/* Not traced, no stop, no system-call work: a new tracee's start. */
static void pt_reset(struct process *q)
{
    memset(&q->pt, 0, sizeof q->pt);
    q->syscall_trace = false;
}

int ptrace_fork_child(struct process *child, const struct process *parent, uint32_t flags)
{
    pt_reset(child);
    if (!parent->pt.tracer || (flags & CLONE_UNTRACED))
        return 0;
    /* Linux's kernel_clone: which event this clone is. */
    int ev = flags & CLONE_VFORK ? PTRACE_EVENT_VFORK
             : (flags & 0xff) != EL_SIGCHLD ? PTRACE_EVENT_CLONE : PTRACE_EVENT_FORK;
    if (!(parent->pt.options & (1u << ev))) /* PTRACE_O_TRACEFORK is 1 << 1, ... */
        return 0;
    /* Traced from its first instruction by the same tracer, with the same
     * options, and stopped: SIGSTOP pending (its first way out stops). */
    child->pt.tracer = parent->pt.tracer;
    child->pt.options = parent->pt.options;
    child->pt.seized = parent->pt.seized;
    child->sig.info[EL_SIGSTOP - 1] = (struct ksiginfo){.signo = EL_SIGSTOP, .code = EL_SI_USER};
    signal_raise(child, SIGBIT(EL_SIGSTOP));
    return ev;
}

void ptrace_fork_event(struct process *p, struct frame *f, int ev, int child_pid)
{
    if (!p->pt.tracer)
        return;
    p->pt.eventmsg = (uint64_t)child_pid;
    stop(p, f, (EL_SIGTRAP | ev << 8) << 8 | 0x7f, &(struct ksiginfo){.signo = EL_SIGTRAP, .code = EL_SIGTRAP | ev << 8});
}

/* --- registers ------------------------------------------------------------ */

/* The user CPU state a stopped tracee left at its switch (it has run). */
static struct user_cpu *ucpu(struct process *q) { return &q->cpu; }

static void get_regs64(struct process *q, struct user_regs64 *r)
{
    const struct frame *f = q->pt.frame;
    const struct user_cpu *u = ucpu(q);
    *r = (struct user_regs64){
        .r15 = f->r15, .r14 = f->r14, .r13 = f->r13, .r12 = f->r12, .rbp = f->rbp, .rbx = f->rbx,
        .r11 = f->r11, .r10 = f->r10, .r9 = f->r9, .r8 = f->r8, .rax = f->rax, .rcx = f->rcx,
        .rdx = f->rdx, .rsi = f->rsi, .rdi = f->rdi, .orig_rax = f->orig_rax, .rip = f->rip,
        .cs = f->cs, .eflags = f->rflags, .rsp = f->rsp, .ss = f->ss, .fs_base = u->fs_base,
        .gs_base = u->gs_base, .ds = u->ds, .es = u->es, .fs = u->fs, .gs = u->gs,
    };
    if (q->pt.forced_tf) /* the tracer's own TF is not the program's */
        r->eflags &= ~RFLAGS_TF;
}

/* The flags a tracer may change (Linux's FLAG_MASK). */
#define PT_FLAGS                                                                                             \
    (RFLAGS_CF | RFLAGS_PF | RFLAGS_AF | RFLAGS_ZF | RFLAGS_SF | RFLAGS_TF | RFLAGS_DF | RFLAGS_OF |          \
     (1ul << 14) /* NT */ | (1ul << 16) /* RF */ | (1ul << 18) /* AC */)

static void set_flags(struct process *q, uint64_t v, uint64_t mask)
{
    struct frame *f = q->pt.frame;
    /* A tracer that writes TF takes it over from SINGLESTEP (Linux). */
    if (q->pt.forced_tf && (v & RFLAGS_TF))
        q->pt.forced_tf = false;
    else if (q->pt.forced_tf)
        v |= RFLAGS_TF;
    f->rflags = (f->rflags & ~mask) | (v & mask);
}

/* A selector a tracer may set: null or RPL 3; CS and SS not null. Any other
 * value is the return checks' to refuse (SIGSEGV), not the kernel's fault. */
static int check_sel(uint64_t v, bool code_or_stack)
{
    v &= 0xffff;
    if (v && (v & 3) != 3)
        return -EIO;
    if (code_or_stack && !v)
        return -EIO;
    return 0;
}

/* One word of the 64-bit user_regs_struct at byte offset off. */
static int put_reg64(struct process *q, uint64_t off, uint64_t v)
{
    struct frame *f = q->pt.frame;
    struct user_cpu *u = ucpu(q);
    switch (off / 8) {
    case 0: f->r15 = v; return 0;
    case 1: f->r14 = v; return 0;
    case 2: f->r13 = v; return 0;
    case 3: f->r12 = v; return 0;
    case 4: f->rbp = v; return 0;
    case 5: f->rbx = v; return 0;
    case 6: f->r11 = v; return 0;
    case 7: f->r10 = v; return 0;
    case 8: f->r9 = v; return 0;
    case 9: f->r8 = v; return 0;
    case 10: f->rax = v; return 0;
    case 11: f->rcx = v; return 0;
    case 12: f->rdx = v; return 0;
    case 13: f->rsi = v; return 0;
    case 14: f->rdi = v; return 0;
    case 15: f->orig_rax = v; return 0;
    case 16: f->rip = v; return 0;
    case 17:
        if (check_sel(v, true))
            return -EIO;
        f->cs = v & 0xffff;
        return 0;
    case 18: set_flags(q, v, PT_FLAGS); return 0;
    case 19: f->rsp = v; return 0;
    case 20:
        if (check_sel(v, true))
            return -EIO;
        f->ss = v & 0xffff;
        return 0;
    case 21:
        if (v >= TASK_SIZE_MAX)
            return -EIO;
        u->fs_base = q->fs_base = v;
        return 0;
    case 22:
        if (v >= TASK_SIZE_MAX)
            return -EIO;
        u->gs_base = q->gs_base = v;
        return 0;
    }
    if (check_sel(v, false))
        return -EIO;
    uint16_t *sel[] = {&u->ds, &u->es, &u->fs, &u->gs};
    *sel[off / 8 - 23] = (uint16_t)v;
    return 0;
}

static uint64_t get_reg64(struct process *q, uint64_t off)
{
    struct user_regs64 r;
    get_regs64(q, &r);
    return ((const uint64_t *)&r)[off / 8];
}

/* i386's user_regs_struct: word i of it, from the 64-bit view. */
static const uint8_t regs32_from64[17] = {
    5 /* ebx */, 11 /* ecx */, 12 /* edx */, 13 /* esi */, 14 /* edi */, 4 /* ebp */, 10 /* eax */,
    23 /* ds */, 24 /* es */, 25 /* fs */, 26 /* gs */, 15 /* orig_eax */, 16 /* eip */, 17 /* cs */,
    18 /* eflags */, 19 /* esp */, 20 /* ss */};

static uint32_t get_reg32(struct process *q, uint64_t off) { return (uint32_t)get_reg64(q, regs32_from64[off / 4] * 8ul); }

static int put_reg32(struct process *q, uint64_t off, uint32_t v)
{
    unsigned w = regs32_from64[off / 4];
    if (w == 18) { /* eflags: the 32-bit mask, without NT (Linux's FLAG_MASK_32) */
        set_flags(q, v, PT_FLAGS & ~(1ul << 14));
        return 0;
    }
    return put_reg64(q, w * 8ul, v); /* zero-extended, as Linux's putreg32 */
}

/* --- memory of the tracee ------------------------------------------------- */

/* Copies n bytes between buf and the tracee's address addr, in its address
 * space: the CPU runs on the tracee's page tables meanwhile, and a page it
 * has not touched yet is faulted in for it (the fault handler serves
 * cpu0.proc). The kernel runs with interrupts off: nothing else runs. */
/* A write into a page the tracee may not write (its text: a debugger's
 * breakpoint), as Linux's FOLL_FORCE: in a private region the tracee can
 * read, the page is faulted in, made the tracee's own frame (paging_protect
 * copies one a fork shares), written through the kernel's map of RAM, and
 * left as read-only as it was. A MAP_SHARED region or the vDSO: -EIO. Runs
 * on the tracee's page tables (remote_copy). */
static int force_write(struct process *q, uint64_t addr, const uint8_t *src, uint64_t n)
{
    while (n) {
        uint64_t page = addr & ~(PAGE_SIZE - 1), chunk = page + PAGE_SIZE - addr;
        if (chunk > n)
            chunk = n;
        const struct vma *v = vma_find(&proc_group(q)->map, addr);
        if (!v || !(v->prot & VMA_R) || (v->flags & (VMA_SHARED | VMA_VDSO)))
            return -EIO;
        uint64_t pte = paging_query(q->pml4, page);
        if (!(pte & PTE_P) && mm_fault(q, addr, PTE_U /* a user read, not present */))
            return -EIO;
        pte = paging_query(q->pml4, page);
        if (!(pte & PTE_P) || (pte & PTE_PS))
            return -EIO;
        unsigned flags = MAP_USER | (pte & PTE_NX ? 0 : MAP_EXEC) | (pte & PTE_W ? MAP_WRITE : 0);
        if (paging_protect(q->pml4, page, flags | MAP_WRITE))
            return -EIO;
        pte = paging_query(q->pml4, page);
        memcpy((uint8_t *)phys_to_virt(pte & PTE_ADDR) + (addr - page), src, chunk);
        paging_protect(q->pml4, page, flags);
        addr += chunk, src += chunk, n -= chunk;
    }
    return 0;
}

static int remote_copy(struct process *q, uint64_t addr, void *buf, uint64_t n, bool write)
{
    if (!user_range_ok(addr, n))
        return -EIO;
    struct process *me = cur();
    paging_switch(q->pml4);
    cpu0.proc = q;
    int r = write ? copy_to_user(addr, buf, n) : copy_from_user(buf, addr, n);
    if (r && write)
        r = force_write(q, addr, buf, n);
    cpu0.proc = me;
    paging_switch(me->pml4);
    return r ? -EIO : 0;
}

/* --- the call ------------------------------------------------------------- */

static bool may_attach(const struct process *me, const struct process *q)
{
    const struct cred *a = &me->ts.cred, *b = &q->ts.cred;
    if (cred_capable(me))
        return true;
    return a->uid == b->uid && a->uid == b->euid && a->uid == b->suid && a->gid == b->gid && a->gid == b->egid &&
           a->gid == b->sgid && q->ts.dumpable;
}

static bool live(const struct process *q) { return q->state == PS_RUNNABLE || q->state == PS_BLOCKED; }

static int64_t attach(struct process *me, int pid, bool seize, uint64_t options)
{
    struct process *q = sched_find(pid);
    if (!q || !live(q))
        return -ESRCH;
    if (proc_group(q) == proc_group(me) || q->pt.tracer || !may_attach(me, q))
        return -EPERM;
    if (seize && (options & ~(uint64_t)PT_OPTIONS))
        return -EINVAL;
    pt_reset(q);
    q->pt.tracer = proc_group(me);
    q->pt.seized = seize;
    q->pt.options = (uint32_t)options;
    if (!seize)
        signal_send(q, &(struct ksiginfo){.signo = EL_SIGSTOP, .code = EL_SI_USER, .pid = proc_group(me)->pid});
    return 0;
}

/* Resumes a stopped tracee (CONT, SYSCALL, SYSEMU, SINGLESTEP...). */
static int64_t resume(struct process *q, enum pt_resume how, uint64_t sig)
{
    if (sig > EL_NSIG)
        return -EIO;
    struct frame *f = q->pt.frame;
    bool step = how == PT_STEP || how == PT_SYSEMU_STEP;
    if (step && !(f->rflags & RFLAGS_TF)) {
        f->rflags |= RFLAGS_TF;
        q->pt.forced_tf = true;
    } else if (!step && q->pt.forced_tf) {
        f->rflags &= ~RFLAGS_TF;
        q->pt.forced_tf = false;
    }
    q->pt.resume = how;
    q->syscall_trace = how != PT_CONT;
    q->pt.resume_sig = (int)sig;
    q->pt.stopped = false;
    sched_wake(q);
    return 0;
}

static int64_t peek_user(struct process *q, uint64_t off, bool abi32, uint64_t *out)
{
    uint64_t word = abi32 ? 4 : 8, dr = abi32 ? USER32_DEBUGREG : USER64_DEBUGREG;
    uint64_t size = abi32 ? USER32_SIZE : USER64_SIZE;
    uint64_t nregs = abi32 ? sizeof(struct user_regs32) : sizeof(struct user_regs64);
    if ((off & (word - 1)) || off >= size)
        return -EIO;
    if (off < nregs) {
        *out = abi32 ? get_reg32(q, off) : get_reg64(q, off);
        return 0;
    }
    if (off >= dr && off < dr + 8 * word)
        return debugreg_peek(q, (int)((off - dr) / word), out);
    *out = 0; /* the rest of struct user reads as zero, as on Linux */
    return 0;
}

static int64_t poke_user(struct process *q, uint64_t off, bool abi32, uint64_t v)
{
    uint64_t word = abi32 ? 4 : 8, dr = abi32 ? USER32_DEBUGREG : USER64_DEBUGREG;
    uint64_t size = abi32 ? USER32_SIZE : USER64_SIZE;
    uint64_t nregs = abi32 ? sizeof(struct user_regs32) : sizeof(struct user_regs64);
    if ((off & (word - 1)) || off >= size)
        return -EIO;
    if (off < nregs)
        return abi32 ? put_reg32(q, off, (uint32_t)v) : put_reg64(q, off, v);
    if (off >= dr && off < dr + 8 * word)
        return debugreg_poke(q, (int)((off - dr) / word), abi32 ? (uint32_t)v : v);
    return 0; /* the rest is ignored, as on Linux */
}

static int64_t set_regs(struct process *q, uint64_t addr, bool abi32)
{
    /* Copied whole first: a bad pointer changes nothing. Then word by
     * word, as Linux applies them: a word it refuses stops there. */
    if (abi32) {
        struct user_regs32 r;
        if (copy_from_user(&r, addr, sizeof r))
            return -EFAULT;
        for (uint64_t i = 0; i < 17; i++)
            if (put_reg32(q, i * 4, ((uint32_t *)&r)[i]))
                return -EIO;
        return 0;
    }
    struct user_regs64 r;
    if (copy_from_user(&r, addr, sizeof r))
        return -EFAULT;
    for (uint64_t i = 0; i < 27; i++)
        if (put_reg64(q, i * 8, ((uint64_t *)&r)[i]))
            return -EIO;
    return 0;
}

static int64_t get_regs(struct process *q, uint64_t addr, bool abi32)
{
    if (abi32) {
        struct user_regs32 r;
        for (uint64_t i = 0; i < 17; i++)
            ((uint32_t *)&r)[i] = get_reg32(q, i * 4);
        return copy_to_user(addr, &r, sizeof r);
    }
    struct user_regs64 r;
    get_regs64(q, &r);
    return copy_to_user(addr, &r, sizeof r);
}

/* Installs a 512-byte fxsave image as the tracee's FPU state. Reserved
 * MXCSR bits would make fxrstor #GP in ring 0: -EINVAL, as Linux's
 * xfpregs_set. */
static int64_t set_fpu(struct process *q, const uint8_t *img)
{
    uint32_t mxcsr;
    memcpy(&mxcsr, img + 24, 4);
    if (mxcsr & ~sigframe_mxcsr_mask())
        return -EINVAL;
    memcpy(ucpu(q)->fpu, img, sizeof ucpu(q)->fpu);
    return 0;
}

/* GETREGSET and SETREGSET: the tracee's own view (its width, as Linux's
 * task_user_regset_view), whatever the tracer's; an iovec in the tracer's
 * width says where and how much: a whole number of the set's words, cut to
 * the set's size, the length written back. */
static int64_t regset(struct process *q, bool set, uint64_t type, uint64_t uiov, bool abi32)
{
    uint64_t base, len;
    if (abi32) {
        uint32_t v[2];
        if (copy_from_user(v, uiov, sizeof v))
            return -EFAULT;
        base = v[0], len = v[1];
    } else {
        uint64_t v[2];
        if (copy_from_user(v, uiov, sizeof v))
            return -EFAULT;
        base = v[0], len = v[1];
    }
    bool view32 = !q->is64;
    uint64_t word, size;
    if (type == NT_PRSTATUS)
        word = view32 ? 4 : 8, size = view32 ? sizeof(struct user_regs32) : sizeof(struct user_regs64);
    else if (type == (view32 ? NT_PRXFPREG : NT_PRFPREG))
        word = view32 ? 4 : 8, size = sizeof ucpu(q)->fpu;
    else
        return -EINVAL; /* no other set is offered (docs/abi.md) */
    if (len % word)
        return -EINVAL;
    if (len > size)
        len = size;
    int64_t r = 0;
    if (type == NT_PRSTATUS) {
        if (!set) {
            union { struct user_regs32 r32; struct user_regs64 r64; } u;
            for (uint64_t off = 0; off < size; off += word)
                if (view32)
                    ((uint32_t *)&u.r32)[off / 4] = get_reg32(q, off);
                else
                    ((uint64_t *)&u.r64)[off / 8] = get_reg64(q, off);
            r = copy_to_user(base, &u, len);
        } else {
            uint8_t buf[sizeof(struct user_regs64)];
            if (copy_from_user(buf, base, len))
                return -EFAULT;
            for (uint64_t off = 0; off < len && !r; off += word)
                r = view32 ? put_reg32(q, off, *(uint32_t *)(buf + off)) : put_reg64(q, off, *(uint64_t *)(buf + off));
        }
    } else if (!set) {
        r = copy_to_user(base, ucpu(q)->fpu, len);
    } else {
        uint8_t img[512] __attribute__((aligned(16)));
        memcpy(img, ucpu(q)->fpu, sizeof img); /* a short write keeps the rest */
        if (copy_from_user(img, base, len))
            return -EFAULT;
        r = set_fpu(q, img);
    }
    if (r)
        return r;
    if (abi32) {
        uint32_t l = (uint32_t)len;
        return copy_to_user(uiov + 4, &l, 4);
    }
    return copy_to_user(uiov + 8, &len, 8);
}

static int64_t get_siginfo(struct process *q, uint64_t addr, bool abi32)
{
    if (abi32) {
        struct el_siginfo_32 si;
        sigframe_fill_info32(&si, &q->pt.si);
        return copy_to_user(addr, &si, sizeof si);
    }
    struct el_siginfo_64 si;
    sigframe_fill_info64(&si, &q->pt.si);
    return copy_to_user(addr, &si, sizeof si);
}

static int64_t set_siginfo(struct process *q, uint64_t addr, bool abi32)
{
    int32_t head[3]; /* signo, errno, code: what entrylab's stops carry */
    if (copy_from_user(head, addr, sizeof head))
        return -EFAULT;
    (void)abi32;
    q->pt.si.signo = head[0];
    q->pt.si.code = head[2];
    return 0;
}

/* ptrace(request, pid, addr, data). */
int64_t sys_ptrace(struct sc_call *c)
{
    struct process *me = cur();
    bool abi32 = sc_abi32(c);
    int64_t req = abi32 ? (int32_t)c->arg[0] : (int64_t)c->arg[0];
    int pid = (int32_t)c->arg[1];
    uint64_t addr = c->arg[2], data = c->arg[3];

    if (req == PTRACE_TRACEME) {
        struct process *par = proc_group(me)->parent;
        if (me->pt.tracer || !par)
            return -EPERM; /* a program the runner started has no parent process to trace it */
        pt_reset(me);
        me->pt.tracer = par;
        return 0;
    }
    if (req == PTRACE_ATTACH || req == PTRACE_SEIZE)
        return attach(me, pid, req == PTRACE_SEIZE, req == PTRACE_SEIZE ? data : 0);

    struct process *q = sched_find(pid);
    if (!q || !ptrace_traced_by(q, proc_group(me)) || !live(q))
        return -ESRCH;
    if (req == PTRACE_KILL) {
        signal_send(q, &(struct ksiginfo){.signo = EL_SIGKILL, .code = EL_SI_KERNEL});
        return 0;
    }
    /* Everything else wants the tracee in a ptrace-stop. */
    if (!q->pt.stopped || !q->pt.frame)
        return -ESRCH;

    uint64_t word;
    int64_t r;
    switch (req) {
    case PTRACE_PEEKTEXT:
    case PTRACE_PEEKDATA:
        word = 0;
        if ((r = remote_copy(q, addr, &word, abi32 ? 4 : 8, false)))
            return r;
        return copy_to_user(data, &word, abi32 ? 4 : 8);
    case PTRACE_POKETEXT:
    case PTRACE_POKEDATA:
        return remote_copy(q, addr, &data, abi32 ? 4 : 8, true);
    case PTRACE_PEEKUSR:
        if ((r = peek_user(q, addr, abi32, &word)))
            return r;
        return copy_to_user(data, &word, abi32 ? 4 : 8);
    case PTRACE_POKEUSR:
        return poke_user(q, addr, abi32, data);
    case PTRACE_GETREGS: return get_regs(q, data, abi32);
    case PTRACE_SETREGS: return set_regs(q, data, abi32);
    /* The fxsave image, 512 bytes: x86-64's FPREGS and i386's FPXREGS.
     * i386's FPREGS (the fsave layout) is not offered (docs/abi.md). */
    case PTRACE_GETFPREGS:
    case PTRACE_GETFPXREGS:
        if (abi32 != (req == PTRACE_GETFPXREGS))
            return -EIO;
        return copy_to_user(data, ucpu(q)->fpu, sizeof ucpu(q)->fpu);
    case PTRACE_SETFPREGS:
    case PTRACE_SETFPXREGS: {
        if (abi32 != (req == PTRACE_SETFPXREGS))
            return -EIO;
        uint8_t img[512] __attribute__((aligned(16)));
        if (copy_from_user(img, data, sizeof img))
            return -EFAULT;
        return set_fpu(q, img);
    }
    case PTRACE_GETREGSET:
    case PTRACE_SETREGSET: return regset(q, req == PTRACE_SETREGSET, addr, data, abi32);
    case PTRACE_GETSIGINFO: return get_siginfo(q, data, abi32);
    case PTRACE_SETSIGINFO: return set_siginfo(q, data, abi32);
    case PTRACE_SETOPTIONS:
        if (data & ~(uint64_t)PT_OPTIONS)
            return -EINVAL; /* vfork-done and seccomp events: not offered (docs/abi.md) */
        q->pt.options = (uint32_t)data;
        return 0;
    case PTRACE_GETEVENTMSG: return copy_to_user(data, &q->pt.eventmsg, abi32 ? 4 : 8);
    case PTRACE_CONT: return resume(q, PT_CONT, data);
    case PTRACE_SYSCALL: return resume(q, PT_SYSCALL, data);
    case PTRACE_SYSEMU: return resume(q, PT_SYSEMU, data);
    case PTRACE_SINGLESTEP: return resume(q, PT_STEP, data);
    case PTRACE_SYSEMU_SINGLESTEP: return resume(q, PT_SYSEMU_STEP, data);
    case PTRACE_DETACH:
        if (data > EL_NSIG)
            return -EIO;
        q->pt.resume_sig = (int)data;
        detach(q);
        return 0;
    }
    return -EIO;
}
