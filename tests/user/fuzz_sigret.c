/* The fuzzer's sigreturn iterations (docs/fuzz.md): rt_sigreturn through
 * the drawn door with a frame laid out here, every register drawn, and now
 * and then a RIP, CS, SS, RFLAGS, FPU pointer or MXCSR the kernel must
 * refuse or fix. The frame's signal mask is empty and its alternate stack
 * the program's own, so nothing the program relies on changes. What the
 * kernel must do with each frame is in struct sigret: return to the
 * landing (fz_doors[3]) with every register as the frame has them, or
 * deliver SIGSEGV there with those registers. */
#include "fuzz.h"
#include <uapi/sigframe.h>

char fz_altstack[16384] __attribute__((aligned(16)));

#define FL_HOSTILE 0xffc3f000ul /* IOPL, VM, VIF, VIP and the reserved bits */

/* The FPU image a frame points at: fxsave'd at start, so its SSE
 * registers are those the program runs with (fuzz.c checks them). */
static struct el_fxsave fx_image __attribute__((aligned(64)));
static uint32_t fx_mxcsr;

#ifdef __x86_64__
static struct el_ucontext_64 frame __attribute__((aligned(64)));
#else
static struct el_rt_sigframe_32 frame __attribute__((aligned(64)));
static struct el_fpstate_32 fp32 __attribute__((aligned(64)));
#endif

void sigret_setup(void)
{
#ifdef __x86_64__
    __asm__ volatile("fxsave64 %0" : "=m"(fx_image));
#else
    __asm__ volatile("fxsave %0" : "=m"(fx_image));
    memset(&fp32, 0, sizeof fp32);
    fp32.cw = fx_image.cwd, fp32.sw = fx_image.swd, fp32.tag = 0xffff; /* every x87 register empty */
    fp32.fx = fx_image;
    fp32.magic = EL_X86_FXSR_MAGIC;
#endif
    fx_mxcsr = fx_image.mxcsr;
}

/* Selectors: the good ones, and ones no return may load: null, kernel
 * 32-bit code, kernel code, kernel data, the two user data segments, the
 * TSS, an empty TLS entry, the CPUNODE entry, one past the GDT's end. */
#ifdef __x86_64__
#define GOOD_CS EL_USER_CS
static const unsigned long bad_cs[] = {0x0, 0x3, 0x0b, 0x13, 0x1b, 0x2b, 0x3b, 0x43, 0x63, 0x7b, 0xfffb};
static const unsigned long bad_rip[] = {0, 0x1000, SCR_BASE, SCR_RO, 0x0000800000000000ul,
                                        0x8000000000000000ul, 0xffff800000000000ul,
                                        0xffffffff80000000ul, 0xfffffffffffff000ul};
#else
#define GOOD_CS EL_USER32_CS
static const unsigned long bad_cs[] = {0x0, 0x3, 0x0b, 0x13, 0x1b, 0x2b, 0x3b, 0x43, 0x63, 0x7b, 0xfffb};
static const unsigned long bad_rip[] = {0, 0x1000, SCR_BASE, SCR_RO, 0xc0000000ul};
#endif
/* SS: a flat user data segment either way (0x3b is sysexitq's), or not one:
 * null, the kernel's segments, the user code segments, the TSS, an empty TLS
 * entry, the read-only CPUNODE entry, one past the GDT's end. */
static const unsigned long good_ss[] = {EL_USER_DS, EL_USER_DS_SYSEXIT64};
static const unsigned long bad_ss[] = {0x0, 0x3, 0x0b, 0x13, 0x1b, 0x23, 0x33, 0x43, 0x63, 0x7b, 0xfffb};
#define PICK(a) (a)[rng_below(sizeof(a) / sizeof((a)[0]))]

void sigret_build(int door, struct fz_regs *in, struct sigret *s)
{
    struct fz_regs *w = &s->want;
    memset(w, 0, sizeof *w);
    for (int i = 0; i < FZ_NREG; i++)
        w->r[i] = pick_value();
    unsigned long sp = (unsigned long)&frame; /* the frame is where the kernel reads it */
    int rip_ok = rng_below(8) != 0, cs_ok = rng_below(8) != 0, ss_ok = rng_below(4) != 0;
    unsigned long rip = rip_ok ? fz_doors[3].ret : PICK(bad_rip);
    unsigned long cs = cs_ok ? GOOD_CS : PICK(bad_cs);
    unsigned long ss = ss_ok ? PICK(good_ss) : PICK(bad_ss);
    unsigned long flags = pick_flags();
    if (rng_below(4) == 0)
        flags ^= (unsigned long)rng64() & FL_HOSTILE;
    uint32_t f = rng_below(8);
    s->fp = f == 0 ? 0 : f == 1 ? -1 : 1;
    unsigned long fpstate = s->fp == 0 ? 0 : s->fp < 0 ? pick_bad_landing() | 0x1000 : 0;
    fx_image.mxcsr = rng_below(8) == 0 ? (uint32_t)rng64() : fx_mxcsr; /* the kernel masks it */
#ifdef __x86_64__
    if (s->fp > 0)
        fpstate = (unsigned long)&fx_image;
    int strict = rng_below(2);
    memset(&frame, 0, sizeof frame);
    frame.uc_flags = EL_UC_SIGCONTEXT_SS | (strict ? EL_UC_STRICT_RESTORE_SS : 0);
    frame.uc_stack.sp = (uint64_t)fz_altstack, frame.uc_stack.size = sizeof fz_altstack;
    struct el_sigcontext_64 *m = &frame.uc_mcontext;
    m->rax = w->r[X_AX], m->rbx = w->r[X_BX], m->rcx = w->r[X_CX], m->rdx = w->r[X_DX];
    m->rsi = w->r[X_SI], m->rdi = w->r[X_DI], m->rbp = w->r[X_BP], m->rsp = w->r[X_SP];
    m->r8 = w->r[8], m->r9 = w->r[9], m->r10 = w->r[10], m->r11 = w->r[11];
    m->r12 = w->r[12], m->r13 = w->r[13], m->r14 = w->r[14], m->r15 = w->r[15];
    m->rip = rip, m->eflags = flags, m->cs = (uint16_t)cs, m->ss = (uint16_t)ss;
    m->fs = (uint16_t)rng64(), m->gs = (uint16_t)rng64(); /* 64-bit sigreturn ignores them */
    m->err = rng64(), m->trapno = rng64(), m->oldmask = 0, m->cr2 = rng64();
    m->fpstate = fpstate;
    /* Without UC_STRICT_RESTORE_SS a bad SS for 64-bit code becomes 0x2b. */
    if (!ss_ok && !strict && cs_ok)
        ss = EL_USER_DS, ss_ok = 1;
    in->r[X_AX] = NR64_rt_sigreturn; /* syscall or sysenter: int 0x80 would take an i386 frame */
#else
    if (s->fp > 0)
        fpstate = (unsigned long)&fp32;
    fp32.fx.mxcsr = fx_image.mxcsr;
    memset(&frame, 0, sizeof frame);
    frame.uc.uc_stack.sp = (uint32_t)fz_altstack, frame.uc.uc_stack.size = sizeof fz_altstack;
    struct el_sigcontext_32 *m = &frame.uc.uc_mcontext;
    unsigned short ds, es, fs, gs;
    __asm__ volatile("mov %%ds, %0; mov %%es, %1; mov %%fs, %2; mov %%gs, %3"
                     : "=r"(ds), "=r"(es), "=r"(fs), "=r"(gs));
    m->ds = ds, m->es = es, m->fs = fs, m->gs = gs; /* the program's own: it needs DS and ES */
    m->eax = w->r[X_AX], m->ebx = w->r[X_BX], m->ecx = w->r[X_CX], m->edx = w->r[X_DX];
    m->esi = w->r[X_SI], m->edi = w->r[X_DI], m->ebp = w->r[X_BP], m->esp = w->r[X_SP];
    m->eip = rip, m->eflags = flags, m->cs = (uint16_t)cs, m->ss = (uint16_t)ss;
    m->trapno = (uint32_t)rng64(), m->err = (uint32_t)rng64(), m->cr2 = (uint32_t)rng64();
    m->fpstate = fpstate;
    sp += 4; /* the kernel reads the frame at esp - 4: the handler's ret took pretcode */
    in->r[X_AX] = NR32_rt_sigreturn;
#endif
    in->r[X_SP] = sp;
    if (door == D_SYSENTER)
        in->r[X_BP] = sp; /* sysenter's stack pointer, by the vDSO's convention */
    w->flags = flags;
    s->rip = rip, s->cs = cs;
    s->want_ss = ss | 3;
    s->good = rip_ok && cs_ok && ss_ok && s->fp >= 0;
}
