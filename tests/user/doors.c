/* doors64 / doors32 DOOR (int80 | syscall | sysenter): one entry door,
 * checked against docs/abi.md from 64-bit or compatibility-mode code.
 *
 * A door the boot probe refused must end the program with #UD, which
 * entrylab_expect(6) turns into a pass. An accepted door must deliver the
 * number and the arguments, return results and errors, preserve every
 * register the ABI does not clobber, and leave CS, SS, RSP and RFLAGS as
 * documented. Bookkeeping goes through int 0x80 (sys.h). */
#include "sys.h"
#include <uapi/sigframe.h>

#ifdef __x86_64__
#define MODE 64
#define MY_CS EL_USER_CS
#else
#define MODE 32
#define MY_CS EL_USER32_CS
#endif

#define UD_VECTOR 6
/* The flags a door must give back as it found them. */
#define FLAGS_MASK (FL_CF | FL_PF | FL_AF | FL_ZF | FL_SF | FL_TF | FL_IF | FL_DF | FL_OF | FL_AC)
#define FLAGS_SET (FL_FIXED | FL_IF | FL_CF | FL_PF | FL_AF | FL_ZF | FL_SF | FL_DF | FL_OF | FL_AC)
#define FLAGS_CLEAR (FL_FIXED | FL_IF)

struct door {
    const char *name;       /* argv[1] */
    int kind;               /* DOOR_* for door_capture */
    uint32_t accept;        /* EL_ACCEPT_* bit for this mode */
    uint32_t el_door;       /* what entrylab_info must report */
    int abi64;              /* x86-64 numbers and registers (else i386) */
    int trunc32;            /* the arguments arrive truncated to 32 bits */
    el_call_fn call;
    void (*raw)(void);      /* the bare instruction, for a refused door */
    unsigned long ss_after; /* SS after the return instruction; 0: the caller's */
    unsigned long at_type;  /* AT_ENTRYLAB_* entry naming its vDSO stub, 0: none */
    unsigned long vdso;     /* the stub's address */
};

static const struct door doors[] = {
#ifdef __x86_64__
    {"int80", DOOR_INT80, EL_ACCEPT_INT80_64, EL_DOOR_INT80, 0, 1,
     door64_int80, 0, 0, 0, 0},
    {"syscall", DOOR_SYSCALL, EL_ACCEPT_SYSCALL_64, EL_DOOR_SYSCALL64, 1, 0,
     door64_syscall, door64_raw_syscall, EL_USER_DS, 0, 0},
    {"sysenter", DOOR_SYSENTER, EL_ACCEPT_SYSENTER_64, EL_DOOR_SYSENTER64, 1, 0,
     door64_sysenter, door64_raw_sysenter, EL_USER_DS_SYSEXIT64,
     AT_ENTRYLAB_SYSENTER64, EL_VDSO_SYSENTER64},
#else
    {"int80", DOOR_INT80, EL_ACCEPT_INT80_32, EL_DOOR_INT80, 0, 0,
     door32_int80, 0, 0, AT_ENTRYLAB_INT80_32, EL_VDSO_INT80_32},
    {"syscall", DOOR_SYSCALL, EL_ACCEPT_SYSCALL_32, EL_DOOR_SYSCALL32, 0, 0,
     door32_syscall, door32_raw_syscall, EL_USER_DS, AT_ENTRYLAB_SYSCALL32,
     EL_VDSO_SYSCALL32},
    {"sysenter", DOOR_SYSENTER, EL_ACCEPT_SYSENTER_32, EL_DOOR_SYSENTER32, 0, 0,
     door32_sysenter, door32_raw_sysenter, EL_USER_DS, AT_ENTRYLAB_SYSENTER32,
     EL_VDSO_SYSENTER32},
#endif
};

/* The number of call x in the door's ABI. */
#define NR(d, x) ((d)->abi64 ? NR64_##x : NR32_##x)

/* Static: int 0x80 from 64-bit code takes 32-bit pointers. */
static struct entrylab_info boot, info;
static const char msg[] = "# a write through the door\n";

static unsigned long current_ss(void)
{
    unsigned short ss;
    __asm__ volatile("mov %%ss, %0" : "=r"(ss));
    return ss;
}

/* What argument value i (1-5) looks like: every byte differs. */
static unsigned long pattern(int i)
{
#ifdef __x86_64__
    return 0xA1A2A3A4A5A6A7A8ul + (unsigned long)i * 0x0101010101010101ul;
#else
    return 0xA1A2A3A0ul + (unsigned long)i;
#endif
}

/* A value as the kernel decodes it from this door. */
static unsigned long long arrives(const struct door *d, unsigned long v)
{
    return d->trunc32 ? (uint32_t)v : (unsigned long long)v;
}

/* The door refused by the probe: its bare instruction must raise #UD. */
static int refused(const struct door *d)
{
    unsigned long v;
    el_printf("# %s refused in %d-bit mode: expecting #UD\n", d->name, MODE);
    if (!d->raw) {
        el_fail("int 0x80 is not in the probe's accepts: it must always be");
        return 1;
    }
    if (d->at_type && el_auxv_find(d->at_type, &v)) {
        el_fail("auxv has 0x%lx = 0x%lx for a refused door", d->at_type, v);
        return 1;
    }
    long r = el_expect(UD_VECTOR);
    if (r != 0) {
        el_fail("entrylab_expect(6) returned %ld", r);
        return 1;
    }
    d->raw();
    el_fail("the refused %s instruction returned", d->name);
    return 1;
}

/* (a) entrylab_info with 1..6 arguments: each one arrives, in its place. */
static void test_info(const struct door *d)
{
    int bad = 0;
    for (int k = 1; k <= 6; k++) {
        unsigned long a[6] = {(unsigned long)&info, 0, 0, 0, 0, 0};
        for (int i = 1; i < k; i++)
            a[i] = pattern(i);
        memset(&info, 0x5a, sizeof info);
        long r = d->call(NR(d, entrylab_info), (long)a[0], (long)a[1], (long)a[2],
                         (long)a[3], (long)a[4], (long)a[5]);
        if (r != 0) {
            el_fail("entrylab_info with %d argument(s) returned %ld", k, r);
            bad++;
            continue;
        }
        for (int i = 0; i < 6; i++) {
            unsigned long long want = arrives(d, a[i]);
            if (info.args[i] != want) {
                el_fail("entrylab_info with %d argument(s): args[%d] = 0x%llx, want 0x%llx",
                        k, i, (unsigned long long)info.args[i], want);
                bad++;
            }
        }
    }
    if (!bad)
        el_printf("# ok entrylab_info: 1 to 6 arguments arrive in place%s\n",
                  d->trunc32 ? " (truncated to 32 bits, as documented)" : "");

    /* info holds the call with 6 arguments. */
    if (info.door == d->el_door)
        el_printf("# ok entrylab_info: door %s\n", el_door_name(info.door));
    else
        el_fail("entrylab_info: door 0x%x (%s), want 0x%x (%s)", info.door,
                el_door_name(info.door), d->el_door, el_door_name(d->el_door));
    el_check_eq("entrylab_info: mode", info.mode, MODE);
    el_check_eq("entrylab_info: cs", info.cs, MY_CS);
    if (d->kind == DOOR_INT80)
        el_check_eq("entrylab_info: ss is the caller's", info.ss, current_ss());
    else if (info.ss == EL_USER_DS || info.ss == EL_USER_DS_SYSEXIT64)
        el_printf("# ok entrylab_info: ss 0x%x is a user data segment\n", info.ss);
    else
        el_fail("entrylab_info: ss 0x%x is neither 0x%x nor 0x%x", info.ss,
                EL_USER_DS, EL_USER_DS_SYSEXIT64);
    el_check_eq("entrylab_info: accepts as through int 0x80", info.accepts, boot.accepts);
    el_check_eq("entrylab_info: vendor as through int 0x80", info.vendor, boot.vendor);
    el_check_eq("entrylab_info: kernel RFLAGS without DF and AC",
                info.kernel_rflags & (FL_DF | FL_AC), 0);
}

/* (c) results: getpid as through int 0x80, write returns its length. */
static void test_results(const struct door *d)
{
    long pid80 = el_int80(NR32_getpid, 0, 0, 0, 0, 0, 0);
    long pid = d->call(NR(d, getpid), 0, 0, 0, 0, 0, 0);
    el_check_eq("getpid through the door as through int 0x80", (unsigned long long)pid,
                (unsigned long long)pid80);
    el_check(pid80 >= 2, "getpid is 2 or more");
#ifdef __x86_64__
    /* The number is eax (Linux 6.1): bits above 31 do not change the call. */
    long hi = d->call((long)((1ull << 32) | (unsigned long)NR(d, getpid)), 0, 0, 0, 0, 0, 0);
    el_check_eq("getpid with bit 32 of the number set is getpid", (unsigned long long)hi,
                (unsigned long long)pid80);
#endif
    long n = d->call(NR(d, write), 1, (long)msg, (long)(sizeof msg - 1), 0, 0, 0);
    el_check_eq("write returns its length", (unsigned long long)n, sizeof msg - 1);
}

/* (d) -ENOSYS for numbers with no call. The number is eax, as in Linux 6.1:
 * bits above 31 do not count, so 2^63 | 0xffffffff is -1, no call. The
 * first argument is 77: a number wrongly read as exit would say exit=77. */
static void test_enosys(const struct door *d)
{
    const unsigned long long nrs[] = {
        (unsigned long)-1l, 1ull << 31,
#ifdef __x86_64__
        (1ull << 63) | 0xffffffffull, (1ull << 32) | 0x7fffffffull,
#endif
        (unsigned long long)(d->abi64 ? NR64_END : NR32_END),
    };
    for (unsigned i = 0; i < sizeof nrs / sizeof nrs[0]; i++) {
        long r = d->call((long)nrs[i], 77, 0, 0, 0, 0, 0);
        if (r == -ENOSYS)
            el_printf("# ok nr 0x%llx: -ENOSYS\n", nrs[i]);
        else
            el_fail("nr 0x%llx: got %ld (0x%lx), want -ENOSYS (-38)", nrs[i], r,
                    (unsigned long)r);
    }
}

/* (e) -EFAULT for pointers the kernel must not touch. */
static void test_efault(const struct door *d)
{
    const unsigned long long ptrs[] = {
        0,
#ifdef __x86_64__
        0xffffffff80100000ull,  /* the kernel */
        0x8000000000000000ull,  /* non-canonical */
#endif
        0x10000000,             /* unmapped */
        EL_VDSO_ADDR,           /* read-only: only clock_gettime writes */
    };
    for (unsigned i = 0; i < sizeof ptrs / sizeof ptrs[0]; i++) {
        long p = (long)ptrs[i];
        if (ptrs[i] != EL_VDSO_ADDR) {
            long r = d->call(NR(d, write), 1, p, 8, 0, 0, 0);
            if (r == -EFAULT)
                el_printf("# ok write(1, 0x%llx, 8): -EFAULT\n", ptrs[i]);
            else
                el_fail("write(1, 0x%llx, 8): got %ld, want -EFAULT (-14)", ptrs[i], r);
        }
        long r = d->call(NR(d, clock_gettime), 1, p, 0, 0, 0, 0);
        if (r == -EFAULT)
            el_printf("# ok clock_gettime(MONOTONIC, 0x%llx): -EFAULT\n", ptrs[i]);
        else
            el_fail("clock_gettime(MONOTONIC, 0x%llx): got %ld, want -EFAULT (-14)",
                    ptrs[i], r);
    }
}

/* (f) door_capture: what changes across the door, and what must not. */
static void fill(struct regs *in, unsigned long nr, unsigned long flags)
{
    memset(in, 0, sizeof *in);
    for (int i = 0; i < EL_NGPR; i++)
        in->gpr[i] = (unsigned long)(i + 1) * (unsigned long)0x1111111111111111ull;
    in->gpr[R_AX] = nr;
    in->flags = flags;
}

/* SS after the way back: sysretq, sysretl and a 32-bit sysexit load 0x2b,
 * sysexitq loads 0x3b, iretq the frame's SS. Only Intel CPUs have sysexit
 * in long mode: elsewhere (an emulator letting sysenter in) a 64-bit
 * sysenter goes back by iretq, and the frame holds 0x2b. */
static unsigned long expected_ss(const struct door *d)
{
    if (MODE == 64 && d->kind == DOOR_SYSENTER && boot.vendor != EL_VENDOR_INTEL)
        return EL_USER_DS;
    return d->ss_after;
}

static int check_capture(const struct door *d, const struct regs *in,
                         const struct regs *out, unsigned long want_ax,
                         const char *label)
{
    int bad = 0;
    for (int i = 0; i < EL_NGPR; i++) {
        unsigned long want = in->gpr[i];
        if (i == R_AX)
            want = want_ax;
#ifdef __x86_64__
        else if (d->kind == DOOR_SYSCALL && i == R_CX)
            want = out->ret;   /* the return address */
        else if (d->kind == DOOR_SYSCALL && i == R_11)
            want = in->flags;  /* RFLAGS at the syscall */
#endif
        if (out->gpr[i] != want) {
            el_fail("%s: %s = 0x%lx, want 0x%lx", label, el_gpr_names[i],
                    out->gpr[i], want);
            bad++;
        }
    }
    if ((out->flags & FLAGS_MASK) != (in->flags & FLAGS_MASK)) {
        el_fail("%s: RFLAGS 0x%lx, want 0x%lx (mask 0x%lx)", label, out->flags,
                in->flags, (unsigned long)FLAGS_MASK);
        bad++;
    }
    if (out->cs != MY_CS) {
        el_fail("%s: CS 0x%lx, want 0x%x", label, out->cs, MY_CS);
        bad++;
    }
    unsigned long ss = expected_ss(d) ? expected_ss(d) : out->ss_in;
    if (out->ss != ss) {
        el_fail("%s: SS 0x%lx, want 0x%lx (0x%lx before)", label, out->ss, ss, out->ss_in);
        bad++;
    }
    if (out->sp != out->sp_in) {
        el_fail("%s: RSP 0x%lx, want 0x%lx", label, out->sp, out->sp_in);
        bad++;
    }
    if (!bad)
        el_printf("# ok %s: every register, RFLAGS, CS, SS (0x%lx) and RSP as documented\n",
                  label, out->ss);
    return bad;
}

static void test_capture(const struct door *d)
{
    struct regs in, out;
    long pid = el_int80(NR32_getpid, 0, 0, 0, 0, 0, 0);

    fill(&in, NR(d, getpid), FLAGS_SET);
    door_capture(&in, &out, d->kind);
    check_capture(d, &in, &out, (unsigned long)pid, "getpid with CF DF AC ZF SF OF PF AF set");

    fill(&in, NR(d, getpid), FLAGS_CLEAR);
    door_capture(&in, &out, d->kind);
    check_capture(d, &in, &out, (unsigned long)pid, "getpid with the flags clear");

    /* The error exits leave nothing of the kernel's either: a number past
     * the table, and a write from an address the kernel must not read. */
    fill(&in, (unsigned long)(d->abi64 ? NR64_END : NR32_END), FLAGS_SET);
    door_capture(&in, &out, d->kind);
    check_capture(d, &in, &out, (unsigned long)-ENOSYS, "-ENOSYS past the table");
    fill(&in, NR(d, write), FLAGS_CLEAR);
    in.gpr[d->abi64 ? R_DI : R_BX] = 1;
#ifdef __x86_64__
    in.gpr[d->abi64 ? R_SI : R_CX] = 0xffffffff80100000ul; /* the kernel (int 0x80: cut to 32 bits) */
#else
    in.gpr[R_CX] = 0x10000000;                             /* unmapped */
#endif
    in.gpr[R_DX] = 8;
    door_capture(&in, &out, d->kind);
    check_capture(d, &in, &out, (unsigned long)-EFAULT, "write from a bad pointer: -EFAULT");

    /* (b) entrylab_info with DF and AC set: the kernel runs without them,
     * and sees the caller's RFLAGS, RSP and return address. */
    fill(&in, NR(d, entrylab_info), FLAGS_SET);
    in.gpr[d->abi64 ? R_DI : R_BX] = (unsigned long)&info;
    memset(&info, 0x5a, sizeof info);
    door_capture(&in, &out, d->kind);
    check_capture(d, &in, &out, 0, "entrylab_info with DF and AC set");
    el_check_eq("entrylab_info: user RFLAGS has CF, DF and AC",
                info.user_rflags & (FL_CF | FL_DF | FL_AC), FL_CF | FL_DF | FL_AC);
    el_check_eq("entrylab_info: kernel RFLAGS has neither DF nor AC",
                info.kernel_rflags & (FL_DF | FL_AC), 0);
    el_check_eq("entrylab_info: door", info.door, d->el_door);

    /* Where the kernel found the caller: the door instruction itself, or the
     * vDSO stub after its pushes (call + 3 registers). */
    unsigned long sp = out.sp_in, rip = out.ret;
    if (d->kind != DOOR_INT80 && !(MODE == 64 && d->kind == DOOR_SYSCALL))
        sp = out.sp_in - 4 * sizeof(long);
    el_check_eq("entrylab_info: user RSP at the door instruction", info.user_rsp, sp);
#ifdef __x86_64__
    if (d->kind == DOOR_SYSENTER)
        rip = EL_VDSO_LANDING64;
#else
    if (d->kind == DOOR_SYSENTER)
        rip = EL_VDSO_LANDING32;
#endif
#ifndef __x86_64__
    if (d->kind == DOOR_SYSCALL) {
        /* after the syscall inside the vDSO stub */
        el_check(info.user_rip > EL_VDSO_SYSCALL32 && info.user_rip < EL_VDSO_LANDING32,
                 "entrylab_info: user RIP inside the vDSO syscall32 stub");
    } else
#endif
        el_check_eq("entrylab_info: user RIP where the door returns", info.user_rip, rip);
}

/* (h) The full way (syscall/dispatch.c): a call whose way out has work, here
 * a signal handler to run, and a call that needs the whole frame
 * ("full" in syscalls.tbl), met on the fast way, which leaves the
 * callee-saved registers to C. Either must give back every register as the
 * fast way does, and the signal frame must hold the registers ring 3 had:
 * the ones the stub fills only for the full way (rbx, rbp, r12-r15) and,
 * after a 64-bit syscall, rcx and r11 as syscall left them. */
#ifdef __x86_64__
__asm__(".text\n.globl doors_restore_rt\ndoors_restore_rt:\n mov $15, %eax\n syscall\n ud2\n");
void doors_restore_rt(void);
#endif
static volatile unsigned long seen_gpr[EL_NGPR];
static volatile int seen_count;

static void on_usr1(int sig, void *si, void *ucv)
{
    (void)sig, (void)si;
#ifdef __x86_64__
    const struct el_sigcontext_64 *m = &((struct el_ucontext_64 *)ucv)->uc_mcontext;
    seen_gpr[R_BX] = m->rbx, seen_gpr[R_BP] = m->rbp, seen_gpr[R_CX] = m->rcx, seen_gpr[R_11] = m->r11;
    seen_gpr[R_12] = m->r12, seen_gpr[R_13] = m->r13, seen_gpr[R_14] = m->r14, seen_gpr[R_15] = m->r15;
#else
    const struct el_sigcontext_32 *m = &((struct el_ucontext_32 *)ucv)->uc_mcontext;
    seen_gpr[R_BX] = m->ebx;
#endif
    seen_count++;
}

static void test_full_way(const struct door *d)
{
    struct regs in, out;
    long pid = el_int80(NR32_getpid, 0, 0, 0, 0, 0, 0);
#ifdef __x86_64__
    static struct el_sigaction_64 a;
    a = (struct el_sigaction_64){(uint64_t)on_usr1, EL_SA_SIGINFO | EL_SA_RESTORER, (uint64_t)doors_restore_rt, 0};
    long r = door64_syscall(NR64_rt_sigaction, EL_SIGUSR1, (long)&a, 0, 8, 0, 0);
#else
    static struct el_sigaction_32 a; /* back through the vDSO's restorer */
    a = (struct el_sigaction_32){(uint32_t)on_usr1, EL_SA_SIGINFO, 0, {0, 0}};
    long r = door32_int80(NR32_rt_sigaction, EL_SIGUSR1, (long)&a, 0, 8, 0, 0);
#endif
    el_check_eq("full way: rt_sigaction(SIGUSR1)", (unsigned long)r, 0);

    /* kill(self): the handler runs on the way out of the call. */
    fill(&in, NR(d, kill), FLAGS_CLEAR);
    in.gpr[d->abi64 ? R_DI : R_BX] = (unsigned long)pid;
    in.gpr[d->abi64 ? R_SI : R_CX] = EL_SIGUSR1;
    seen_count = 0;
    door_capture(&in, &out, d->kind);
    /* After a handler the way back is iretq, which loads the frame's SS:
     * the caller's (0x2b even where sysexitq would load 0x3b). */
    struct door by_iretq = *d;
    by_iretq.ss_after = 0;
    check_capture(&by_iretq, &in, &out, 0, "kill(self) with a handler (the full way out)");
    el_check_eq("full way: the handler ran once", (unsigned long)seen_count, 1);
    el_check_eq("full way: the signal frame's rbx (ebx)", seen_gpr[R_BX], in.gpr[R_BX]);
#ifdef __x86_64__
    static const int filled[] = {R_12, R_13, R_14, R_15};
    for (unsigned i = 0; i < sizeof filled / sizeof filled[0]; i++)
        if (seen_gpr[filled[i]] != in.gpr[filled[i]])
            el_fail("full way: the signal frame's %s = 0x%lx, want 0x%lx", el_gpr_names[filled[i]],
                    seen_gpr[filled[i]], in.gpr[filled[i]]);
    if (d->kind != DOOR_SYSENTER) /* the vDSO's sysenter stub makes rbp its stack pointer */
        el_check_eq("full way: the signal frame's rbp", seen_gpr[R_BP], in.gpr[R_BP]);
    if (d->kind == DOOR_SYSCALL) {
        el_check_eq("full way: the signal frame's rcx is where syscall returns", seen_gpr[R_CX], out.ret);
        el_check_eq("full way: the signal frame's r11 is RFLAGS at the syscall", seen_gpr[R_11], in.flags);
    }
#endif

    /* execve needs the whole frame: the fast way sends it the full way,
     * which runs it there; with a bad path it fails, -EFAULT. */
    fill(&in, NR(d, execve), FLAGS_SET);
    in.gpr[d->abi64 ? R_DI : R_BX] = 0;
    in.gpr[d->abi64 ? R_SI : R_CX] = 0;
    in.gpr[R_DX] = 0;
    door_capture(&in, &out, d->kind);
    check_capture(d, &in, &out, (unsigned long)-EFAULT, "execve(NULL): a full call, -EFAULT");
}

/* (g) the auxiliary vector names the door's stub exactly when accepted. */
static void test_auxv(const struct door *d)
{
    unsigned long v = 0;
    if (el_auxv_find(AT_ENTRYLAB_ACCEPTS, &v))
        el_check_eq("AT_ENTRYLAB_ACCEPTS as entrylab_info's accepts", v, boot.accepts);
    else
        el_fail("no AT_ENTRYLAB_ACCEPTS in the auxiliary vector");
    if (d->at_type) {
        if (el_auxv_find(d->at_type, &v))
            el_check_eq("auxv entry of the door's vDSO stub", v, d->vdso);
        else
            el_fail("no auxv entry 0x%lx for an accepted door", d->at_type);
    }
#ifndef __x86_64__
    if (el_auxv_find(AT_SYSINFO, &v))
        /* __kernel_vsyscall, in the vDSO image's text below the stubs
         * (tests/user/vdso.c finds it by name; door32.c checks its door). */
        el_check(v > EL_VDSO_IMAGE && v < EL_VDSO_ADDR,
                 "AT_SYSINFO is in the vDSO image, below its door stubs");
    else
        el_fail("no AT_SYSINFO for a 32-bit program");
#endif
}

int main(int argc, char **argv, char **envp)
{
    (void)envp;
    const struct door *d = 0;
    for (unsigned i = 0; argc == 2 && i < sizeof doors / sizeof doors[0]; i++)
        if (strcmp(argv[1], doors[i].name) == 0)
            d = &doors[i];
    if (!d) {
        el_printf("# usage: doors%d int80|syscall|sysenter\n", MODE);
        return 2;
    }

    long r = el_info(&boot);
    if (r != 0) {
        el_fail("entrylab_info through int 0x80 returned %ld", r);
        return 1;
    }
    el_printf("# doors%d %s: vendor %u, accepts 0x%x\n", MODE, d->name,
              boot.vendor, boot.accepts);
    el_check_eq("int 0x80 reports door int80", boot.door, EL_DOOR_INT80);
    el_check_eq("int 0x80 reports the mode", boot.mode, MODE);
    if (!(boot.accepts & d->accept))
        return refused(d);

    test_info(d);
    test_results(d);
    test_enosys(d);
    test_efault(d);
    test_capture(d);
    test_full_way(d);
    test_auxv(d);
    el_printf("# doors%d %s: %d failure(s)\n", MODE, d->name, el_failures);
    return el_failures ? 1 : 0;
}
