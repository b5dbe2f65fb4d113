/* The x86 signal frames: what the kernel pushes onto the user stack for a
 * handler, and how sigreturn takes it back, in Linux's layouts for x86-64
 * (rt_sigframe) and for i386 programs (sigframe, rt_sigframe). Every field
 * read back from user memory is hostile: sigreturn may set any register,
 * CS, SS, RIP, RSP and flags; signal_return (src/signal.c) then applies the
 * same return checks as every other way back. docs/signals.md draws them. */
#include "cpu.h"
#include "entry.h"
#include "errno.h"
#include "gdt.h"
#include "kstring.h"
#include "layout.h"
#include "proc.h"
#include "signal.h"
#include "syscall.h"
#include "uaccess.h"
#include "uapi/entrylab.h"
#include "vdso.h"

/* Fault-surviving segment loads (src/segload.asm): 0, or -1 when the
 * selector was refused and a null one loaded instead (Linux does the same). */
int seg_load_ds(uint16_t sel), seg_load_es(uint16_t sel), seg_load_fs(uint16_t sel);
int seg_load_gs(uint16_t sel);

/* Flags sigreturn may change (Linux's FIX_EFLAGS); IF, IOPL, NT, VM stay. */
#define FIX_EFLAGS (RFLAGS_AC | RFLAGS_OF | RFLAGS_DF | RFLAGS_TF | RFLAGS_SF | RFLAGS_ZF | \
                    RFLAGS_AF | RFLAGS_PF | RFLAGS_CF | RFLAGS_RF)

static uint16_t read_seg(int which)
{
    uint16_t v;
    switch (which) {
    case 0: __asm__ volatile("mov %%ds, %0" : "=r"(v)); break;
    case 1: __asm__ volatile("mov %%es, %0" : "=r"(v)); break;
    case 2: __asm__ volatile("mov %%fs, %0" : "=r"(v)); break;
    default: __asm__ volatile("mov %%gs, %0" : "=r"(v)); break;
    }
    return v;
}

/* --- FPU and SSE state -------------------------------------------------- */

/* The program's x87/SSE registers are live in the CPU: the kernel never
 * uses them, so a frame can save them straight from the hardware. */
static struct el_fxsave fxbuf __attribute__((aligned(16)));

uint32_t sigframe_mxcsr_mask(void)
{
    static uint32_t mask;
    if (!mask) {
        static struct el_fxsave probe __attribute__((aligned(16)));
        __asm__ volatile("fxsave64 %0" : "=m"(probe));
        mask = probe.mxcsr_mask ? probe.mxcsr_mask : 0xFFBF; /* 0: the default */
    }
    return mask;
}

static void fpu_save(bool is64)
{
    if (is64)
        __asm__ volatile("fxsave64 %0" : "=m"(fxbuf));
    else
        __asm__ volatile("fxsave %0" : "=m"(fxbuf));
    memset(fxbuf.sw_reserved, 0, sizeof fxbuf.sw_reserved); /* no xstate follows */
}

/* Loads fxbuf; reserved MXCSR bits would make fxrstor fault in ring 0. */
static void fpu_load(bool is64)
{
    fxbuf.mxcsr &= sigframe_mxcsr_mask();
    if (is64)
        __asm__ volatile("fxrstor64 %0" ::"m"(fxbuf));
    else
        __asm__ volatile("fxrstor %0" ::"m"(fxbuf));
}

void fpu_reset(void);
void sigframe_fpu_reset(void) { fpu_reset(); }

/* The i387 tag word from fxsave's abridged one: per physical register,
 * 0 valid, 1 zero, 2 special, 3 empty. */
static uint32_t full_tag(const struct el_fxsave *fx)
{
    uint32_t tag = 0, top = (fx->swd >> 11) & 7;
    for (uint32_t i = 0; i < 8; i++) {
        uint32_t t = 3;
        if (fx->ftw & (1u << i)) {
            const uint8_t *st = fx->st[(i - top) & 7];
            uint16_t exp = (uint16_t)(st[8] | st[9] << 8) & 0x7FFF;
            uint64_t mant;
            memcpy(&mant, st, 8);
            if (exp == 0x7FFF)
                t = 2;
            else if (exp == 0)
                t = mant ? 2 : 1;
            else
                t = mant >> 63 ? 0 : 2;
        }
        tag |= t << (2 * i);
    }
    return tag | 0xFFFF0000u;
}

/* i386 frames start with the fsave-format header, then the fxsave image. */
static void fpstate32_from_fx(struct el_fpstate_32 *s, const struct el_fxsave *fx)
{
    memset(s, 0, sizeof *s);
    s->cw = fx->cwd | 0xFFFF0000u;
    s->sw = fx->swd | 0xFFFF0000u;
    s->tag = full_tag(fx);
    s->ipoff = fx->fip;
    s->cssel = (fx->fcs & 0xFFFF) | ((uint32_t)fx->fop << 16);
    s->dataoff = fx->foo;
    s->datasel = fx->fos | 0xFFFF0000u;
    for (int i = 0; i < 8; i++)
        memcpy(s->st[i], fx->st[i], 10);
    s->status = fx->swd;
    s->magic = EL_X86_FXSR_MAGIC;
    s->fx = *fx;
}

/* sigreturn: the header's x87 state wins over the image's, as on Linux. */
static void fx_from_fpstate32(struct el_fxsave *fx, const struct el_fpstate_32 *s)
{
    *fx = s->fx;
    fx->cwd = (uint16_t)s->cw;
    fx->swd = (uint16_t)s->sw;
    uint8_t ftw = 0;
    for (int i = 0; i < 8; i++)
        if (((s->tag >> (2 * i)) & 3) != 3)
            ftw |= (uint8_t)(1u << i);
    fx->ftw = ftw;
    fx->fop = (uint16_t)(s->cssel >> 16);
    fx->fip = s->ipoff;
    fx->fcs = s->cssel & 0xFFFF;
    fx->foo = s->dataoff;
    fx->fos = s->datasel & 0xFFFF;
    for (int i = 0; i < 8; i++) {
        memset(fx->st[i], 0, 16);
        memcpy(fx->st[i], s->st[i], 10);
    }
}

/* --- the stack a frame goes on ------------------------------------------ */

static void save_altstack(const struct process *p, uint64_t sp, struct el_stack_64 *out)
{
    out->sp = p->sig.alt_sp;
    out->size = p->sig.alt_size;
    out->flags = (int32_t)(!p->sig.alt_size ? EL_SS_DISABLE : signal_on_altstack(p, sp) ? EL_SS_ONSTACK : 0) |
                 (int32_t)p->sig.alt_flags;
    out->pad = 0;
}

/* Linux's get_sigframe: the alternate stack when asked for and not in use
 * already; *alt says the frame must then fit on it. */
static uint64_t frame_base(struct process *p, const struct frame *f, const struct k_sigaction *ka,
                           bool abi32, bool *alt)
{
    uint64_t sp = abi32 ? (uint32_t)f->rsp : f->rsp - 128; /* x86-64: skip the red zone */
    *alt = signal_on_altstack(p, sp);
    if ((ka->flags & EL_SA_ONSTACK) && p->sig.alt_size && !*alt) {
        sp = p->sig.alt_sp + p->sig.alt_size;
        *alt = true;
    } else if (abi32 && !(ka->flags & EL_SA_ONSTACK) && f->ss != USER_DS &&
               !(ka->flags & EL_SA_RESTORER) && ka->restorer) {
        sp = (uint32_t)ka->restorer; /* the i386 legacy stack switch */
    }
    return sp;
}

static bool fits(const struct process *p, bool alt, uint64_t lo)
{
    return !alt || signal_on_altstack(p, lo);
}

/* After a frame went on the alternate stack, SS_AUTODISARM disarms it. */
static void autodisarm(struct process *p, bool entered)
{
    if (entered && (p->sig.alt_flags & EL_SS_AUTODISARM))
        p->sig.alt_sp = p->sig.alt_size = 0, p->sig.alt_flags = 0;
}

/* 64-bit CS for a handler; SS stays if it is still usable, else __USER_DS. */
static void handler_selectors64(struct frame *f)
{
    f->cs = USER_CS;
    if (f->ss != USER_DS && !frame_user_ss_ok(f->ss))
        f->ss = USER_DS;
}

void sigframe_fill_info64(struct el_siginfo_64 *si, const struct ksiginfo *info)
{
    memset(si, 0, sizeof *si);
    si->signo = info->signo;
    si->code = info->code;
    if (info->signo == EL_SIGCHLD && info->code > 0) { /* a child's end: CLD_* */
        si->u.sigchld.pid = info->pid;
        si->u.sigchld.status = info->status;
        si->u.sigchld.utime = info->utime;
    } else if (info->code <= 0) { /* sent by a program: who */
        si->u.kill.pid = info->pid;
    } else {
        si->u.fault.addr = info->addr;
    }
}

void sigframe_fill_info32(struct el_siginfo_32 *si, const struct ksiginfo *info)
{
    memset(si, 0, sizeof *si);
    si->signo = info->signo;
    si->code = info->code;
    if (info->signo == EL_SIGCHLD && info->code > 0) {
        si->u.sigchld.pid = info->pid;
        si->u.sigchld.status = info->status;
        si->u.sigchld.utime = (int32_t)info->utime;
    } else if (info->code <= 0) {
        si->u.kill.pid = info->pid;
    } else {
        si->u.fault.addr = (uint32_t)info->addr;
    }
}

/* --- x86-64 -------------------------------------------------------------- */

static bool setup_rt64(struct process *p, struct frame *f, const struct k_sigaction *ka,
                       const struct ksiginfo *info, uint64_t oldmask)
{
    /* x86-64 has no default restorer: libc always gives one. */
    if (!(ka->flags & EL_SA_RESTORER))
        return false;
    bool alt, was_alt = signal_on_altstack(p, f->rsp);
    uint64_t sp = frame_base(p, f, ka, false, &alt);
    uint64_t fx = (sp - sizeof(struct el_fxsave)) & ~63ul;
    uint64_t at = ((fx - sizeof(struct el_rt_sigframe_64)) & ~15ul) - 8;
    if (!fits(p, alt, at))
        return false;

    static struct el_rt_sigframe_64 fr;
    memset(&fr, 0, sizeof fr);
    fr.pretcode = ka->restorer;
    fr.uc.uc_flags = EL_UC_SIGCONTEXT_SS | (f->cs == USER_CS ? EL_UC_STRICT_RESTORE_SS : 0);
    save_altstack(p, f->rsp, &fr.uc.uc_stack);
    struct el_sigcontext_64 *sc = &fr.uc.uc_mcontext;
    sc->r8 = f->r8, sc->r9 = f->r9, sc->r10 = f->r10, sc->r11 = f->r11;
    sc->r12 = f->r12, sc->r13 = f->r13, sc->r14 = f->r14, sc->r15 = f->r15;
    sc->rdi = f->rdi, sc->rsi = f->rsi, sc->rbp = f->rbp, sc->rbx = f->rbx;
    sc->rdx = f->rdx, sc->rax = f->rax, sc->rcx = f->rcx, sc->rsp = f->rsp;
    sc->rip = f->rip, sc->eflags = f->rflags;
    sc->cs = (uint16_t)f->cs, sc->ss = (uint16_t)f->ss; /* fs and gs: 0, as Linux */
    sc->err = p->sig.error_code, sc->trapno = p->sig.trapno;
    sc->oldmask = oldmask, sc->cr2 = p->sig.cr2;
    sc->fpstate = fx;
    fr.uc.uc_sigmask = oldmask;
    sigframe_fill_info64(&fr.info, info);

    fpu_save(true);
    if (copy_to_user(fx, &fxbuf, sizeof fxbuf) || copy_to_user(at, &fr, sizeof fr))
        return false;
    autodisarm(p, alt && !was_alt);

    f->rip = ka->handler;
    f->rsp = at;
    f->rdi = (uint64_t)info->signo;
    f->rsi = at + offsetof(struct el_rt_sigframe_64, info);
    f->rdx = at + offsetof(struct el_rt_sigframe_64, uc);
    f->rax = 0; /* for handlers declared without a prototype (varargs) */
    handler_selectors64(f);
    return true;
}

/* --- i386 ---------------------------------------------------------------- */

static void save_sc32(const struct process *p, const struct frame *f, struct el_sigcontext_32 *sc,
                      uint32_t fpstate, uint64_t oldmask)
{
    memset(sc, 0, sizeof *sc);
    sc->gs = read_seg(3), sc->fs = read_seg(2), sc->es = read_seg(1), sc->ds = read_seg(0);
    sc->edi = (uint32_t)f->rdi, sc->esi = (uint32_t)f->rsi, sc->ebp = (uint32_t)f->rbp;
    sc->esp = (uint32_t)f->rsp, sc->ebx = (uint32_t)f->rbx, sc->edx = (uint32_t)f->rdx;
    sc->ecx = (uint32_t)f->rcx, sc->eax = (uint32_t)f->rax;
    sc->trapno = (uint32_t)p->sig.trapno, sc->err = (uint32_t)p->sig.error_code;
    sc->eip = (uint32_t)f->rip, sc->cs = (uint16_t)f->cs;
    sc->eflags = (uint32_t)f->rflags, sc->esp_at_signal = (uint32_t)f->rsp;
    sc->ss = (uint16_t)f->ss, sc->fpstate = fpstate;
    sc->oldmask = (uint32_t)oldmask, sc->cr2 = (uint32_t)p->sig.cr2;
}

static void handler_selectors32(struct frame *f)
{
    f->cs = USER32_CS;
    f->ss = USER_DS;
    seg_load_ds(USER_DS);
    seg_load_es(USER_DS);
}

static bool setup32(struct process *p, struct frame *f, const struct k_sigaction *ka,
                    const struct ksiginfo *info, uint64_t oldmask)
{
    bool rt = ka->flags & EL_SA_SIGINFO;
    bool alt, was_alt = signal_on_altstack(p, (uint32_t)f->rsp);
    uint64_t sp = frame_base(p, f, ka, true, &alt);
    uint64_t fx = (sp - sizeof(struct el_fxsave)) & ~63ul;
    uint64_t fpstate = fx - offsetof(struct el_fpstate_32, fx);
    uint64_t size = rt ? sizeof(struct el_rt_sigframe_32) : sizeof(struct el_sigframe_32);
    uint64_t at = ((fpstate - size + 4) & ~15ul) - 4;
    if (!fits(p, alt, at))
        return false;
    uint32_t restorer = ka->flags & EL_SA_RESTORER ? (uint32_t)ka->restorer
                        : rt ? VDSO32_RT_SIGRETURN_ADDR : VDSO32_SIGRETURN_ADDR;

    static struct el_fpstate_32 fps;
    fpu_save(false);
    fpstate32_from_fx(&fps, &fxbuf);
    if (copy_to_user(fpstate, &fps, sizeof fps))
        return false;

    if (rt) {
        static struct el_rt_sigframe_32 fr;
        memset(&fr, 0, sizeof fr);
        fr.pretcode = restorer;
        fr.sig = info->signo;
        fr.pinfo = (uint32_t)(at + offsetof(struct el_rt_sigframe_32, info));
        fr.puc = (uint32_t)(at + offsetof(struct el_rt_sigframe_32, uc));
        sigframe_fill_info32(&fr.info, info);
        struct el_stack_64 st;
        save_altstack(p, (uint32_t)f->rsp, &st);
        fr.uc.uc_stack = (struct el_stack_32){(uint32_t)st.sp, st.flags, (uint32_t)st.size};
        save_sc32(p, f, &fr.uc.uc_mcontext, (uint32_t)fpstate, oldmask);
        fr.uc.uc_sigmask[0] = (uint32_t)oldmask, fr.uc.uc_sigmask[1] = (uint32_t)(oldmask >> 32);
        /* mov eax, 173 (rt_sigreturn); int 0x80: a signature debuggers know */
        static const uint8_t code[8] = {0xB8, 173, 0, 0, 0, 0xCD, 0x80, 0};
        memcpy(fr.retcode, code, 8);
        if (copy_to_user(at, &fr, sizeof fr))
            return false;
        f->rax = (uint64_t)info->signo;
        f->rdx = fr.pinfo; /* regparm(3) handlers take these */
        f->rcx = fr.puc;
    } else {
        static struct el_sigframe_32 fr;
        memset(&fr, 0, sizeof fr);
        fr.pretcode = restorer;
        fr.sig = info->signo;
        save_sc32(p, f, &fr.sc, (uint32_t)fpstate, oldmask);
        fr.extramask[0] = (uint32_t)(oldmask >> 32);
        /* pop eax; mov eax, 119 (sigreturn); int 0x80 */
        static const uint8_t code[8] = {0x58, 0xB8, 119, 0, 0, 0, 0xCD, 0x80};
        memcpy(fr.retcode, code, 8);
        if (copy_to_user(at, &fr, sizeof fr))
            return false;
        f->rax = (uint64_t)info->signo;
        f->rdx = f->rcx = 0;
    }
    autodisarm(p, alt && !was_alt);
    f->rip = (uint32_t)ka->handler;
    f->rsp = at;
    handler_selectors32(f);
    return true;
}

bool sigframe_setup(struct process *p, struct frame *f, const struct k_sigaction *ka,
                    const struct ksiginfo *info, uint64_t oldmask)
{
    bool ok = ka->abi32 ? setup32(p, f, ka, info, oldmask) : setup_rt64(p, f, ka, info, oldmask);
    if (!ok)
        return false;
    /* The handler starts with DF clear (the ABI), and neither TF (no trap
     * storm in a SIGTRAP handler) nor RF; its FPU state is a fresh one. */
    f->rflags &= ~(RFLAGS_DF | RFLAGS_RF | RFLAGS_TF);
    sigframe_fpu_reset();
    return true;
}

/* --- sigreturn ----------------------------------------------------------- */

/* A frame sigreturn cannot use: SIGSEGV, and the call returns 0 (Linux). */
static int64_t bad_frame(struct process *p)
{
    signal_force(p, &(struct ksiginfo){.signo = EL_SIGSEGV, .code = EL_SI_KERNEL});
    return 0;
}

/* The altstack as the frame recorded it; only an unreadable one is an
 * error, anything else Linux would refuse is ignored. */
static void restore_altstack(struct process *p, uint64_t sp, uint64_t size, int32_t flags, uint64_t cur_sp)
{
    uint32_t mode = (uint32_t)flags & ~EL_SS_AUTODISARM;
    if (signal_on_altstack(p, cur_sp) || (mode != 0 && mode != EL_SS_ONSTACK && mode != EL_SS_DISABLE))
        return;
    if (mode == EL_SS_DISABLE)
        sp = size = 0;
    else if (size < EL_MINSIGSTKSZ)
        return;
    p->sig.alt_sp = sp, p->sig.alt_size = size;
    p->sig.alt_flags = (uint32_t)flags & EL_SS_AUTODISARM;
}

/* Loads the FPU state a frame points at; 0 means a fresh state. */
static int restore_fpu(uint64_t fpstate, bool i386)
{
    if (!fpstate) {
        sigframe_fpu_reset();
        return 0;
    }
    if (i386) {
        static struct el_fpstate_32 s;
        if (copy_from_user(&s, fpstate, sizeof s))
            return -EFAULT;
        fx_from_fpstate32(&fxbuf, &s);
        fpu_load(false);
        return 0;
    }
    if (copy_from_user(&fxbuf, fpstate, sizeof fxbuf))
        return -EFAULT;
    fpu_load(true);
    return 0;
}

/* Whether sigreturn must load sel (RPL forced to 3) over cur: a null
 * selector is null whatever its RPL, so a null one stays as it is (Linux
 * loads 3 over 0, and its sigreturn_32 selftest then reads back 3). */
static bool seg_differs(uint16_t sel, uint16_t cur)
{
    if ((sel & ~3) == 0 && (cur & ~3) == 0)
        return false;
    return (uint16_t)(sel | 3) != cur;
}

/* Reloads DS, ES, FS and GS when the frame names others: a refused
 * selector becomes null, as on Linux. */
static void restore_segments(const struct el_sigcontext_32 *sc)
{
    if (seg_differs(sc->gs, read_seg(3)))
        seg_load_gs(sc->gs | 3);
    if (seg_differs(sc->fs, read_seg(2)))
        seg_load_fs(sc->fs | 3);
    if (seg_differs(sc->ds, read_seg(0)))
        seg_load_ds(sc->ds | 3);
    if (seg_differs(sc->es, read_seg(1)))
        seg_load_es(sc->es | 3);
}

static int restore_sc32(struct process *p, struct frame *f, const struct el_sigcontext_32 *sc)
{
    uint64_t flags = (f->rflags & ~FIX_EFLAGS) | (sc->eflags & FIX_EFLAGS);
    f->rbx = sc->ebx, f->rcx = sc->ecx, f->rdx = sc->edx, f->rsi = sc->esi;
    f->rdi = sc->edi, f->rbp = sc->ebp, f->rax = sc->eax, f->rsp = sc->esp;
    f->rip = sc->eip, f->rflags = flags;
    f->cs = sc->cs | 3u, f->ss = sc->ss | 3u;
    p->sig.full_return = true;
    f->orig_rax = UINT64_MAX; /* the restored eax is no restart code */
    p->sig.restart.kind = RESTART_NONE; /* an interrupted call's block is void */
    restore_segments(sc);
    return restore_fpu(sc->fpstate, true);
}

int64_t sys_rt_sigreturn(struct sc_call *c)
{
    struct process *p = cpu0.proc;
    struct frame *f = c->frame;
    if (sc_abi32(c)) {
        static struct el_rt_sigframe_32 fr;
        if (copy_from_user(&fr, (uint32_t)(f->rsp - 4), sizeof fr))
            return bad_frame(p);
        p->sig.blocked = ((uint64_t)fr.uc.uc_sigmask[1] << 32 | fr.uc.uc_sigmask[0]) & ~SIG_UNCATCHABLE;
        if (restore_sc32(p, f, &fr.uc.uc_mcontext))
            return bad_frame(p);
        restore_altstack(p, fr.uc.uc_stack.sp, fr.uc.uc_stack.size, fr.uc.uc_stack.flags, f->rsp);
        return (int64_t)f->rax;
    }
    static struct el_ucontext_64 uc;
    if (copy_from_user(&uc, f->rsp - 8 + offsetof(struct el_rt_sigframe_64, uc), sizeof uc))
        return bad_frame(p);
    p->sig.blocked = uc.uc_sigmask & ~SIG_UNCATCHABLE;
    const struct el_sigcontext_64 *sc = &uc.uc_mcontext;
    uint64_t flags = (f->rflags & ~FIX_EFLAGS) | (sc->eflags & FIX_EFLAGS);
    f->r8 = sc->r8, f->r9 = sc->r9, f->r10 = sc->r10, f->r11 = sc->r11;
    f->r12 = sc->r12, f->r13 = sc->r13, f->r14 = sc->r14, f->r15 = sc->r15;
    f->rdi = sc->rdi, f->rsi = sc->rsi, f->rbp = sc->rbp, f->rbx = sc->rbx;
    f->rdx = sc->rdx, f->rax = sc->rax, f->rcx = sc->rcx, f->rsp = sc->rsp;
    f->rip = sc->rip, f->rflags = flags;
    f->cs = sc->cs | 3u, f->ss = sc->ss | 3u;
    /* Without UC_STRICT_RESTORE_SS a bad SS for 64-bit code is replaced,
     * for programs (DOSEMU, CRIU) that never set it. */
    if (!(uc.uc_flags & EL_UC_STRICT_RESTORE_SS) && f->cs == USER_CS && !frame_user_ss_ok(f->ss))
        f->ss = USER_DS;
    p->sig.full_return = true;
    f->orig_rax = UINT64_MAX; /* the restored rax is no restart code */
    p->sig.restart.kind = RESTART_NONE; /* an interrupted call's block is void */
    if (restore_fpu(sc->fpstate, false))
        return bad_frame(p);
    restore_altstack(p, uc.uc_stack.sp, uc.uc_stack.size, uc.uc_stack.flags, f->rsp);
    return (int64_t)f->rax;
}

int64_t sys_sigreturn(struct sc_call *c)
{
    struct process *p = cpu0.proc;
    struct frame *f = c->frame;
    static struct el_sigframe_32 fr;
    /* The handler's ret took pretcode and __kernel_sigreturn's pop took sig. */
    if (copy_from_user(&fr, (uint32_t)(f->rsp - 8), sizeof fr))
        return bad_frame(p);
    p->sig.blocked = ((uint64_t)fr.extramask[0] << 32 | fr.sc.oldmask) & ~SIG_UNCATCHABLE;
    if (restore_sc32(p, f, &fr.sc))
        return bad_frame(p);
    return (int64_t)f->rax;
}
