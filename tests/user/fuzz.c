/* fuzz64 / fuzz32 SEED FROM COUNT [SECONDS]: the seeded door fuzzer
 * (issue 11; docs/fuzz.md).
 *
 * Iterations FROM .. FROM+COUNT-1 (or, with SECONDS > 0, from FROM until that
 * many seconds have passed). Each draws from a PRNG seeded by (SEED,
 * iteration) alone: the door (of those this CPU accepts, found by trying
 * each once), the number (edge values and table entries, never a denied
 * call: fuzz_pick.c), every register (arguments included: edge values,
 * the scratch area and its page boundaries, kernel, non-canonical and vDSO
 * addresses), RFLAGS (TF, NT, AC, DF, RF, ID), the stack pointer, and
 * whether a mov to SS comes right before the door instruction (one
 * iteration in sixteen is an rt_sigreturn with a fuzzed frame instead:
 * fuzz_sigret.c). The
 * stub (fuzz64.asm / fuzz32.asm) runs the door with all of them and stores
 * every register after it; here every register the door's ABI preserves
 * is compared with what went in, the clobbered ones with what the ABI
 * says they hold, RFLAGS, the selectors, the SSE registers and the
 * single steps TF asked for. A signal is caught on the alternate stack: a single step is
 * counted, the fault a hostile landing stack must raise is checked, any
 * other ends the run. The first failure prints the seed, the iteration and
 * every register, and the program exits 1 (the runner's "not ok"). */
#include "fuzz.h"
#include <uapi/sigframe.h>

#ifdef __x86_64__
typedef struct el_ucontext_64 ucontext;
typedef struct el_siginfo_64 siginfo;
#define UC_IP(uc) (uc)->uc_mcontext.rip
#define UC_SP(uc) (uc)->uc_mcontext.rsp
#define UC_FL(uc) (uc)->uc_mcontext.eflags
#define LANDING EL_VDSO_LANDING64
__asm__(".text\n.globl fz_restore_rt\nfz_restore_rt:\n mov $15, %eax\n syscall\n ud2\n");
static const char *const reg_names[FZ_NREG] = {"rax", "rbx", "rcx", "rdx", "rsi", "rdi",
                                               "rbp", "rsp", "r8",  "r9",  "r10", "r11",
                                               "r12", "r13", "r14", "r15"};
#else
typedef struct el_ucontext_32 ucontext;
typedef struct el_siginfo_32 siginfo;
#define UC_IP(uc) (uc)->uc_mcontext.eip
#define UC_SP(uc) (uc)->uc_mcontext.esp
#define UC_FL(uc) (uc)->uc_mcontext.eflags
#define LANDING EL_VDSO_LANDING32
__asm__(".text\n.globl fz_restore_rt\nfz_restore_rt:\n mov $173, %eax\n int $0x80\n ud2\n");
static const char *const reg_names[FZ_NREG] = {"eax", "ebx", "ecx", "edx",
                                               "esi", "edi", "ebp", "esp"};
#endif
void fz_restore_rt(void);

#define FL_NT 0x4000ul
#define FL_RF 0x10000ul
#define FL_ID 0x200000ul
/* What every door gives back as it found it. */
#define FL_KEPT (FL_CF | FL_PF | FL_AF | FL_ZF | FL_SF | FL_DF | FL_OF | FL_NT | FL_AC | FL_ID | FL_IF)
#define W ((unsigned long)sizeof(long))
#define CHECKPOINT 32768u

static const char *const door_names[D_COUNT] = {"int80", "syscall", "sysenter"};

/* ---- the signal handler ----------------------------------------------------- */
/* What one iteration saw. Single steps in the vDSO (the landing pad) and in
 * [keep_lo, keep_hi) (before the door) keep TF; the first one elsewhere is
 * the one after the return: recorded, and TF cleared as a debugger would. */
static volatile struct {
    int armed;
    unsigned long keep_lo, keep_hi;
    int steps, steps_kept;
    unsigned long step_ip;
    int sig, code;
    unsigned long ip, addr, trapno, err, flags;
    unsigned long r[FZ_NREG];
} h;

static void copy_context(const ucontext *uc)
{
#ifdef __x86_64__
    const struct el_sigcontext_64 *m = &uc->uc_mcontext;
    unsigned long r[FZ_NREG] = {m->rax, m->rbx, m->rcx, m->rdx, m->rsi, m->rdi, m->rbp, m->rsp,
                                m->r8,  m->r9,  m->r10, m->r11, m->r12, m->r13, m->r14, m->r15};
#else
    const struct el_sigcontext_32 *m = &uc->uc_mcontext;
    unsigned long r[FZ_NREG] = {m->eax, m->ebx, m->ecx, m->edx, m->esi, m->edi, m->ebp, m->esp};
#endif
    for (int i = 0; i < FZ_NREG; i++)
        h.r[i] = r[i];
}

static void on_signal(int sig, siginfo *si, void *v)
{
    ucontext *uc = v;
    unsigned long ip = UC_IP(uc);
    if (!h.armed) {
        el_printf("# FAIL fuzz%d: signal %d (code %d) at 0x%lx outside the door stub\n", FZ_MODE,
                  sig, si->code, ip);
        el_exit(1);
    }
    if (sig == EL_SIGTRAP && si->code == EL_TRAP_TRACE) {
        if ((ip >= EL_VDSO_IMAGE && ip <= 0xfffffffful) || (ip >= h.keep_lo && ip < h.keep_hi)) {
            h.steps_kept++;
            return;
        }
        if (h.steps++ == 0)
            h.step_ip = ip;
        UC_FL(uc) &= ~FL_TF;
        return;
    }
    h.sig = sig, h.code = si->code, h.ip = ip, h.addr = si->u.fault.addr;
    h.trapno = uc->uc_mcontext.trapno, h.err = uc->uc_mcontext.err, h.flags = UC_FL(uc);
    copy_context(uc);
    UC_FL(uc) &= ~(FL_TF | FL_DF | FL_AC | FL_NT);
    UC_IP(uc) = (unsigned long)fz_recover;
    UC_SP(uc) = fz_c_sp;
    /* A refused sigreturn frame's selectors are in the context: ours again. */
#ifdef __x86_64__
    uc->uc_mcontext.cs = EL_USER_CS, uc->uc_mcontext.ss = EL_USER_DS;
#else
    uc->uc_mcontext.cs = EL_USER32_CS, uc->uc_mcontext.ss = EL_USER_DS;
    uc->uc_mcontext.ds = EL_USER_DS, uc->uc_mcontext.es = EL_USER_DS;
#endif
}


static long sys(long nr, long a1, long a2, long a3, long a4)
{
#ifdef __x86_64__
    return door64_syscall(nr, a1, a2, a3, a4, 0, 0);
#else
    return door32_int80(nr, a1, a2, a3, a4, 0, 0);
#endif
}

static int catch_signals(void)
{
#ifdef __x86_64__
    struct el_stack_64 st = {(uint64_t)fz_altstack, 0, 0, sizeof fz_altstack};
    struct el_sigaction_64 a = {(uint64_t)on_signal,
                                EL_SA_SIGINFO | EL_SA_RESTORER | EL_SA_ONSTACK | EL_SA_NODEFER,
                                (uint64_t)fz_restore_rt, 0};
    if (sys(NR64_sigaltstack, (long)&st, 0, 0, 0))
        return -1;
#define NR_SIGACTION NR64_rt_sigaction
#else
    struct el_stack_32 st = {(uint32_t)fz_altstack, 0, sizeof fz_altstack};
    struct el_sigaction_32 a = {(uint32_t)on_signal,
                                EL_SA_SIGINFO | EL_SA_ONSTACK | EL_SA_NODEFER | EL_SA_RESTORER,
                                (uint32_t)fz_restore_rt, {0, 0}};
    if (sys(NR32_sigaltstack, (long)&st, 0, 0, 0))
        return -1;
#define NR_SIGACTION NR32_rt_sigaction
#endif
    static const int sigs[] = {EL_SIGILL, EL_SIGTRAP, EL_SIGBUS, EL_SIGSEGV, EL_SIGFPE};
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        if (sys(NR_SIGACTION, sigs[i], (long)&a, 0, 8))
            return -1;
    return 0;
}

/* ---- one iteration ---------------------------------------------------------- */
/* The stack a valid RSP points into, and the sysenter landing frame (the
 * vDSO's layout: rbp, rcx, rdx, return address; 32-bit: ebp, edx, ecx,
 * return). Static and ours: no call is ever pointed at them. */
static unsigned long door_stack[64] __attribute__((aligned(64)));
static unsigned long landing[8] __attribute__((aligned(64)));

struct iter {
    uint64_t n;
    int door, mss, abi64;
    int good_landing;             /* sysenter: rbp is the landing frame */
    int sr;                       /* an rt_sigreturn with a fuzzed frame (fuzz_sigret.c) */
    struct sigret s;
    unsigned long ss_before;
    struct fz_regs in, want;      /* want: the registers after a return */
};

static unsigned long cur_ss(void)
{
    unsigned short s;
    __asm__ volatile("mov %%ss, %0" : "=r"(s));
    return s;
}

static int doors[D_COUNT], ndoors;
static unsigned long start_sel[5];

static void build(struct iter *it, uint64_t seed)
{
    rng_start(seed, it->n);
    it->door = doors[rng_below((uint32_t)ndoors)];
    it->mss = rng_below(16) == 0; /* the door right after a mov to SS */
    it->abi64 = FZ_MODE == 64 && it->door != D_INT80;
    struct fz_regs *in = &it->in;
    for (int i = 0; i < FZ_NREG; i++)
        in->r[i] = pick_value();
    in->r[X_AX] = pick_nr(it->abi64);
    nr_sanitize(it->abi64, in);
    in->flags = pick_flags();
    unsigned long good_sp = (unsigned long)&door_stack[48] - W * rng_below(8);
    in->r[X_SP] = rng_below(2) ? good_sp : pick_bad_sp();
    door_stack[48] = pick_value(); /* argument 6 of a 32-bit syscall: [esp] */
    it->good_landing = 0;
    it->want = *in;
    it->sr = (FZ_MODE == 32 || it->door != D_INT80) && rng_below(16) == 0;
    if (it->sr) {
        sigret_build(it->door, in, &it->s);
        return;
    }
    const struct fz_door_labels *l = &fz_doors[it->door];
    if (it->door == D_SYSENTER) {
        it->good_landing = rng_below(8) != 0;
        if (it->good_landing) {
            unsigned long saved_bp = pick_value();
            landing[0] = saved_bp;
#ifdef __x86_64__
            landing[1] = in->r[X_CX], landing[2] = in->r[X_DX];
#else
            landing[1] = in->r[X_DX], landing[2] = in->r[X_CX];
#endif
            landing[3] = l->ret;
            in->r[X_BP] = (unsigned long)landing;
            it->want.r[X_BP] = saved_bp;
            it->want.r[X_SP] = (unsigned long)&landing[4];
        } else {
            in->r[X_BP] = pick_bad_landing();
        }
    }
    if (it->door == D_SYSCALL) {
        it->want.r[X_CX] = l->ret; /* the return address (sysret's or iretq's) */
#ifdef __x86_64__
        it->want.r[X_11] = in->flags; /* RFLAGS as syscall found them */
#endif
    }
}

/* ---- reporting ----------------------------------------------------------------- */
static uint64_t seed;
static struct {
    unsigned long per_door[D_COUNT];
    unsigned long ok, enosys, efault, einval, other_err, stepped, landing_faults, mss;
    unsigned long sigret_back, sigret_refused;
} count;

static void dump(const struct iter *it, int faulted)
{
    el_printf("# door %s%s, %s numbers, RFLAGS in 0x%lx out 0x%lx, SS before 0x%lx out 0x%lx\n",
              door_names[it->door], it->mss ? " after mov ss" : "", it->abi64 ? "x86-64" : "i386",
              it->in.flags, fz_out.flags, it->ss_before, fz_out.sel[4]);
    el_printf("# single steps: %d after the return (first at 0x%lx), %d kept; return label 0x%lx\n",
              h.steps, h.step_ip, h.steps_kept, fz_doors[it->door].ret);
    if (it->sr)
        el_printf("# rt_sigreturn frame: rip 0x%lx cs 0x%lx, SS wanted 0x%lx, RFLAGS 0x%lx, FPU %s; "
                  "the kernel must %s\n", it->s.rip, it->s.cs, it->s.want_ss, it->s.want.flags,
                  it->s.fp > 0 ? "image" : it->s.fp ? "unreadable" : "fresh",
                  it->s.good ? "return to the landing" : "deliver SIGSEGV");
    if (faulted)
        el_printf("# signal %d code %d trap %lu err 0x%lx at 0x%lx addr 0x%lx flags 0x%lx\n", h.sig,
                  h.code, h.trapno, h.err, h.ip, h.addr, h.flags);
    el_printf("# %-4s %18s %18s %18s\n", "reg", "in", faulted ? "at the signal" : "out", "want");
    for (int i = 0; i < FZ_NREG; i++)
        el_printf("# %-4s %18lx %18lx %18lx\n", reg_names[i], it->in.r[i],
                  faulted ? h.r[i] : fz_out.r[i], it->sr ? it->s.want.r[i] : it->want.r[i]);
}

static __attribute__((noreturn)) void fail(const struct iter *it, int faulted, const char *what,
                                           int reg)
{
    el_printf("# FAIL fuzz%d seed %llu iteration %llu: %s%s%s\n", FZ_MODE, (unsigned long long)seed,
              (unsigned long long)it->n, what, reg >= 0 ? " " : "", reg >= 0 ? reg_names[reg] : "");
    dump(it, faulted);
    el_printf("# replay: ./lab fuzz --mode %d --seed %llu --from %llu --count 1\n", FZ_MODE,
              (unsigned long long)seed, (unsigned long long)it->n);
    el_exit(1);
}

/* ---- the checks ----------------------------------------------------------------- */
static void check_return(const struct iter *it)
{
    const struct fz_regs *o = &fz_out;
    for (int i = 0; i < FZ_NREG; i++) {
        if (i == X_AX)
            continue;
        if (o->r[i] != it->want.r[i]) {
#ifdef __x86_64__
            /* RF: the CPU may leave it out of r11; nothing else may differ. */
            if (it->door == D_SYSCALL && i == X_11 && ((o->r[i] ^ it->want.r[i]) & ~FL_RF) == 0)
                continue;
#endif
            fail(it, 0, "register changed by the door:", i);
        }
    }
    unsigned long rax = o->r[X_AX];
#ifdef __x86_64__
    if (rax >= 0xffff800000000000ul && rax < -4095ul)
        fail(it, 0, "a kernel address came back in", X_AX);
#endif
    if ((o->flags & FL_KEPT) != (it->in.flags & FL_KEPT))
        fail(it, 0, "RFLAGS changed by the door", -1);
    int tf = (it->in.flags & FL_TF) != 0;
    unsigned long want_ip = it->door == D_SYSENTER ? fz_doors[it->door].ret : fz_doors[it->door].ret1;
    if (tf && (h.steps != 1 || h.step_ip != want_ip))
        fail(it, 0, "TF: not one single step right after the return", -1);
    if (!tf && (h.steps || h.steps_kept))
        fail(it, 0, "a single step without TF", -1);
    if (o->flags & FL_TF)
        fail(it, 0, "TF still set after its single step", -1);
    for (int s = 0; s < 4; s++)
        if (o->sel[s] != start_sel[s])
            fail(it, 0, "a data segment register changed (ds es fs gs)", -1);
    unsigned long ss = o->sel[4], want_ss = it->door == D_INT80 && !it->mss ? it->ss_before : EL_USER_DS;
    if (ss != want_ss && !(FZ_MODE == 64 && it->door == D_SYSENTER && ss == EL_USER_DS_SYSEXIT64))
        fail(it, 0, "SS after the return", -1);
    long r = (long)rax;
    if (FZ_MODE == 32 || it->door == D_INT80)
        r = (long)(int32_t)rax;
    if (r >= 0)
        count.ok++;
    else if (r == -ENOSYS)
        count.enosys++;
    else if (r == -EFAULT)
        count.efault++;
    else if (r == -EINVAL)
        count.einval++;
    else
        count.other_err++;
    if (tf)
        count.stepped++;
}

/* Only a bare sysenter whose rbp cannot be the landing pad's stack may end
 * in a signal: a fault at the pad's first pop, every register but the
 * result and sysexit's rcx/rdx (ecx/edx) as they went in. */
static void check_signal(const struct iter *it)
{
    if (it->door != D_SYSENTER || it->good_landing)
        fail(it, 1, "an unexpected signal", -1);
    if ((h.sig != EL_SIGSEGV && h.sig != EL_SIGBUS) || h.ip != LANDING)
        fail(it, 1, "not the landing pad's fault", -1);
    for (int i = 0; i < FZ_NREG; i++) {
        if (i == X_AX || i == X_CX || i == X_DX)
            continue;
        unsigned long want = i == X_SP ? it->in.r[X_BP] : it->in.r[i];
        if (h.r[i] != want)
            fail(it, 1, "at the landing pad's fault, a register is not the caller's:", i);
    }
    count.landing_faults++;
}

/* The SSE registers: loaded once from the seed, the same after every door. */
static unsigned long xmm_in[FZ_NXMM * 16 / sizeof(long)], xmm_out[FZ_NXMM * 16 / sizeof(long)];

/* rt_sigreturn with a fuzzed frame: back at the landing with every register
 * the frame's, or SIGSEGV there (or at its RIP) with those registers. */
#define FIX_EFLAGS (FL_AC | FL_OF | FL_DF | FL_TF | FL_SF | FL_ZF | FL_AF | FL_PF | FL_CF | FL_RF)
static void check_sigret(const struct iter *it, int sig)
{
    const struct sigret *s = &it->s;
    if (!sig) {
        if (!s->good)
            fail(it, 0, "rt_sigreturn returned with a frame it must refuse", -1);
        for (int i = 0; i < FZ_NREG; i++)
            if (fz_out.r[i] != s->want.r[i])
                fail(it, 0, "after rt_sigreturn, not the frame's", i);
        unsigned long want = (it->in.flags & ~FIX_EFLAGS) | (s->want.flags & FIX_EFLAGS);
        if ((fz_out.flags & FL_KEPT) != (want & FL_KEPT))
            fail(it, 0, "after rt_sigreturn, RFLAGS not the frame's", -1);
        int tf = (s->want.flags & FL_TF) != 0;
        if (tf ? h.steps != 1 || h.step_ip != fz_doors[3].ret1 : h.steps != 0)
            fail(it, 0, "after rt_sigreturn, the frame's TF: not one single step after the landing", -1);
        if (fz_out.sel[4] != s->want_ss)
            fail(it, 0, "after rt_sigreturn, SS", -1);
        for (int i = 0; i < 4; i++)
            if (fz_out.sel[i] != start_sel[i])
                fail(it, 0, "after rt_sigreturn, a data segment register (ds es fs gs)", -1);
        count.sigret_back++;
        return;
    }
    if (s->good)
        fail(it, 1, "rt_sigreturn refused a good frame", -1);
    if (h.sig != EL_SIGSEGV || h.ip != s->rip)
        fail(it, 1, "a refused rt_sigreturn frame: not SIGSEGV at the frame's RIP", -1);
    for (int i = 1; i < FZ_NREG; i++) /* rax: the call's result (0) or the frame's */
        if (h.r[i] != s->want.r[i])
            fail(it, 1, "a refused rt_sigreturn frame: the signal's context is not the frame's", i);
    count.sigret_refused++;
}

static void one(uint64_t n)
{
    struct iter it;
    it.n = n;
    build(&it, seed);
    memset((void *)&h, 0, sizeof h);
    h.keep_lo = fz_doors[it.door].keep, h.keep_hi = fz_doors[it.door].ret;
    memset(&fz_out, 0, sizeof fz_out);
    fz_in = it.in;
    it.ss_before = cur_ss();
    h.armed = 1;
    int sig = fz_run(it.door + (it.mss ? 3 : 0));
    h.armed = 0;
    count.per_door[it.door]++;
    count.mss += it.mss;
    if (it.sr)
        check_sigret(&it, sig);
    else if (sig)
        check_signal(&it);
    else
        check_return(&it);
    /* A frame without an FPU image gets a fresh state: SSE registers zero. */
    int fresh = it.sr && it.s.fp == 0;
    fz_xmm_store(xmm_out);
    unsigned long diff = 0;
    for (unsigned i = 0; i < sizeof xmm_in / W; i++)
        diff |= xmm_out[i] ^ (fresh ? 0 : xmm_in[i]);
    if (diff)
        fail(&it, sig, fresh ? "rt_sigreturn without an FPU image: an SSE register not zero"
                             : "an SSE register changed (xmm0-xmm15 went in as the seed made them)", -1);
    if (fresh)
        fz_xmm_load(xmm_in);
    /* Undo what a call may have changed of the program's own state: the
     * scratch area's contents, and a descriptor it opened. */
    long r = (long)fz_out.r[X_AX];
    if (sig || r != -ENOSYS)
        scratch_restore();
    if (!sig && r >= 3 && r < 4096 &&
        (nr_is(it.in.r[X_AX], it.abi64, it.abi64 ? NR64_open : NR32_open) ||
         nr_is(it.in.r[X_AX], it.abi64, it.abi64 ? NR64_openat : NR32_openat) ||
         nr_is(it.in.r[X_AX], it.abi64, it.abi64 ? NR64_dup : NR32_dup)))
        el_int80(NR32_close, r, 0, 0, 0, 0, 0);
}

/* ---- which doors this CPU accepts: each tried once with getpid -------------- */
static void find_doors(long pid)
{
    for (int d = 0; d < D_COUNT; d++) {
        struct iter it;
        memset(&it, 0, sizeof it);
        it.door = d;
        it.abi64 = FZ_MODE == 64 && d != D_INT80;
        it.in.r[X_AX] = (unsigned long)(it.abi64 ? NR64_getpid : NR32_getpid);
        it.in.r[X_SP] = (unsigned long)&door_stack[48];
        it.in.flags = FL_FIXED | FL_IF;
        landing[0] = 0, landing[1] = 0, landing[2] = 0, landing[3] = fz_doors[d].ret;
        if (d == D_SYSENTER)
            it.in.r[X_BP] = (unsigned long)landing;
        memset((void *)&h, 0, sizeof h);
        fz_in = it.in;
        h.armed = 1;
        int sig = fz_run(d);
        h.armed = 0;
        if (sig && h.sig == EL_SIGILL && h.trapno == 6) {
            el_printf("# fuzz%d: %s refused (#UD)\n", FZ_MODE, door_names[d]);
            continue;
        }
        if (sig || (long)fz_out.r[X_AX] != pid) {
            el_printf("# FAIL fuzz%d: trying %s: signal %d trap %lu at 0x%lx addr 0x%lx, result %ld "
                      "(pid %ld)\n", FZ_MODE, door_names[d], sig ? h.sig : 0, h.trapno, h.ip, h.addr,
                      (long)fz_out.r[X_AX], pid);
            el_exit(1);
        }
        doors[ndoors++] = d;
    }
}

/* ---- main ---------------------------------------------------------------------- */
static uint64_t number(const char *s)
{
    uint64_t v = 0;
    for (; *s >= '0' && *s <= '9'; s++)
        v = v * 10 + (uint64_t)(*s - '0');
    return v;
}

static struct { int64_t sec, nsec; } ts;

static uint64_t now_ms(void)
{
    el_int80(NR32_clock_gettime64, 1 /* CLOCK_MONOTONIC */, (long)&ts, 0, 0, 0, 0);
    return (uint64_t)ts.sec * 1000 + (uint32_t)ts.nsec / 1000000u;
}

/* n / d without libgcc (32-bit code has no 64-bit division instruction). */
static uint64_t div64(uint64_t n, uint32_t d)
{
    uint64_t q = 0, r = 0;
    for (int i = 63; i >= 0; i--) {
        r = r << 1 | (n >> i & 1);
        if (r >= d)
            r -= d, q |= 1ull << i;
    }
    return q;
}

int main(int argc, char **argv, char **envp)
{
    (void)envp;
    if (argc < 4) {
        el_printf("# usage: fuzz%d SEED FROM COUNT [SECONDS]\n", FZ_MODE);
        return 2;
    }
    seed = number(argv[1]);
    uint64_t from = number(argv[2]), cnt = number(argv[3]);
    uint64_t seconds = argc > 4 ? number(argv[4]) : 0;
    if (catch_signals()) {
        el_printf("# FAIL fuzz%d: sigaltstack/rt_sigaction\n", FZ_MODE);
        return 1;
    }
    int e = scratch_setup(seed);
    if (e) {
        el_printf("# FAIL fuzz%d: the scratch area (step %d)\n", FZ_MODE, -e);
        return 1;
    }
    deny_report();
    __asm__ volatile("mov %%ds, %0" : "=r"(start_sel[0]));
    __asm__ volatile("mov %%es, %0" : "=r"(start_sel[1]));
    __asm__ volatile("mov %%fs, %0" : "=r"(start_sel[2]));
    __asm__ volatile("mov %%gs, %0" : "=r"(start_sel[3]));
    for (int s = 0; s < 4; s++)
        start_sel[s] &= 0xffff;
    rng_start(seed, ~1ull);
    for (unsigned i = 0; i < sizeof xmm_in / W; i++)
        xmm_in[i] = (unsigned long)rng64();
    fz_xmm_load(xmm_in);
    sigret_setup();
    find_doors(el_int80(NR32_getpid, 0, 0, 0, 0, 0, 0));
    uint64_t t0 = now_ms(), n = from, done = 0;
    el_printf("# fuzz%d: at %llu\n", FZ_MODE, (unsigned long long)from);
    for (uint32_t since = 0;; n++, done++, since++) {
        if (seconds ? ((since & 255) == 0 && now_ms() - t0 >= seconds * 1000) : done == cnt)
            break;
        one(n);
        /* A checkpoint: when the kernel kills the program, the failing
         * iteration is among the next CHECKPOINT ones (./lab fuzz narrows it). */
        if (since == CHECKPOINT - 1) {
            el_printf("# fuzz%d: at %llu\n", FZ_MODE, (unsigned long long)(n + 1));
            since = ~0u;
        }
    }
    uint64_t ms = now_ms() - t0;
    el_printf("# fuzz%d: %llu iterations (%llu to %llu), seed %llu, doors", FZ_MODE,
              (unsigned long long)done, (unsigned long long)from, (unsigned long long)(n - 1),
              (unsigned long long)seed);
    for (int i = 0; i < ndoors; i++)
        el_printf(" %s", door_names[doors[i]]);
    el_printf(", %llu ms, %llu per second\n", (unsigned long long)ms,
              (unsigned long long)(ms ? div64(done * 1000, (uint32_t)ms) : 0));
    el_printf("# fuzz%d doors:", FZ_MODE);
    for (int i = 0; i < ndoors; i++)
        el_printf(" %s %lu", door_names[doors[i]], count.per_door[doors[i]]);
    el_printf("; after mov ss %lu\n", count.mss);
    el_printf("# fuzz%d outcomes: result >= 0 %lu, -ENOSYS %lu, -EFAULT %lu, -EINVAL %lu, "
              "other errors %lu, single-stepped %lu, landing faults %lu\n", FZ_MODE, count.ok,
              count.enosys, count.efault, count.einval, count.other_err, count.stepped,
              count.landing_faults);
    el_printf("# fuzz%d rt_sigreturn: %lu frames returned to, %lu refused with SIGSEGV\n", FZ_MODE,
              count.sigret_back, count.sigret_refused);
    el_printf("# fuzz%d: no failure\n", FZ_MODE);
    return 0;
}
