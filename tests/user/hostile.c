/* hostile64 / hostile32 GROUP [-v]: what ring 3 may try against the kernel
 * (issue 11's catalogue, items 1-6), each fault caught by the program's own
 * handler on an alternate stack, so one run goes through every case:
 *   flags  TF, NT and NT+TF set before every accepted door's instruction
 *   ones   every register (the stack pointer too) all ones before each raw
 *          door instruction, with and without TF (hostile_ones*.asm)
 *   intn   int n for every vector, int3, into, bound, ud2
 *   priv   privileged instructions: a signal and never an effect
 *   kmem   kernel, physical-map, vDSO and non-canonical addresses; NX
 * One line per group of checks, the platform-dependent observations on their
 * own lines (tests/entry.cmake pins them), and every case with -v. */
#include "sys.h"
#include <uapi/sigframe.h>

#ifdef __x86_64__
#define MODE 64
#define NR(x) NR64_##x
#define SYS door64_syscall
typedef struct el_ucontext_64 ucontext;
typedef struct el_siginfo_64 siginfo;
#define UC_IP(uc) (uc)->uc_mcontext.rip
#define UC_SP(uc) (uc)->uc_mcontext.rsp
#define UC_AX(uc) (uc)->uc_mcontext.rax
#define UC_FL(uc) (uc)->uc_mcontext.eflags
__asm__(".text\n.globl restore_rt\nrestore_rt:\n mov $15, %eax\n syscall\n ud2\n");
#define PTR ".quad "
#else
#define MODE 32
#define NR(x) NR32_##x
#define SYS door32_int80
typedef struct el_ucontext_32 ucontext;
typedef struct el_siginfo_32 siginfo;
#define UC_IP(uc) (uc)->uc_mcontext.eip
#define UC_SP(uc) (uc)->uc_mcontext.esp
#define UC_AX(uc) (uc)->uc_mcontext.eax
#define UC_FL(uc) (uc)->uc_mcontext.eflags
__asm__(".text\n.globl restore_rt\nrestore_rt:\n mov $173, %eax\n int $0x80\n ud2\n");
#define PTR ".long "
#endif
void restore_rt(void);

#define FL_NT 0x4000ul
#define TRAP_GP 13
#define TRAP_PF 14
#define TRAP_UD 6

static int verbose;
#define SAY(...) do { if (verbose) el_printf(__VA_ARGS__); } while (0)

static long sys(long nr, long a1, long a2, long a3, long a4)
{
    return SYS(nr, a1, a2, a3, a4, 0, 0);
}

/* ---- one handler for every signal the cases provoke ------------------- */

/* What the last signal was, and where the program goes on after a fault. */
static volatile int got_sig, got_code, got_count;
static volatile unsigned long got_addr, got_trapno, got_err, got_ip, got_ax;
static volatile unsigned long resume_at;  /* 0: return where the signal struck */
static volatile unsigned long resume_sp;  /* 0: keep the stack pointer */
#define STUB_SP 1ul  /* resume_sp: the stack pointer call_stub's stub began with */
static volatile unsigned long call_sp;
/* Single steps: TF stays set while the program is in [keep_lo, keep_hi) or
 * in the vDSO; the first trap elsewhere is the one after the return, and
 * the handler clears TF there (as a debugger would, to stop stepping). */
static volatile unsigned long keep_lo, keep_hi;
/* The instruction a vDSO door returns to: the step after the vDSO's ret
 * lands there, and TF must survive it to be seen by the pushf. */
static volatile unsigned long flags_label;
static volatile int steps, steps_kept, step_code;
static volatile unsigned long step_ip;

/* The vDSO: its data page, image and stubs, up to the top of 4 GiB. */
static int in_vdso(unsigned long ip) { return ip >= EL_VDSO_IMAGE && ip <= 0xfffffffful; }

static void on_signal(int sig, siginfo *si, void *v)
{
    ucontext *uc = v;
    unsigned long ip = UC_IP(uc);
    if (sig == EL_SIGTRAP && si->code == EL_TRAP_TRACE) {
        if (in_vdso(ip) || (ip >= keep_lo && ip < keep_hi) || ip == flags_label) {
            steps_kept++;
            return;
        }
        if (steps++ == 0)
            step_ip = ip, step_code = si->code;
        UC_FL(uc) &= ~FL_TF;
        return;
    }
    got_sig = sig, got_code = si->code, got_count++;
    got_addr = si->u.fault.addr, got_ip = ip, got_ax = UC_AX(uc);
    got_trapno = uc->uc_mcontext.trapno, got_err = uc->uc_mcontext.err;
    UC_FL(uc) &= ~FL_TF;
    if (resume_at)
        UC_IP(uc) = resume_at;
    if (resume_sp == STUB_SP)
        UC_SP(uc) = call_sp - sizeof(long);
    else if (resume_sp)
        UC_SP(uc) = resume_sp;
}

static char altstack[16384] __attribute__((aligned(16)));

static void catch_all(void)
{
#ifdef __x86_64__
    struct el_stack_64 st = {(uint64_t)altstack, 0, 0, sizeof altstack};
    struct el_sigaction_64 a = {(uint64_t)on_signal,
                                EL_SA_SIGINFO | EL_SA_RESTORER | EL_SA_ONSTACK | EL_SA_NODEFER,
                                (uint64_t)restore_rt, 0};
#else
    struct el_stack_32 st = {(uint32_t)altstack, 0, sizeof altstack};
    struct el_sigaction_32 a = {(uint32_t)on_signal,
                                EL_SA_SIGINFO | EL_SA_ONSTACK | EL_SA_NODEFER, 0, {0, 0}};
#endif
    el_check_eq("sigaltstack", (unsigned long)sys(NR(sigaltstack), (long)&st, 0, 0, 0), 0);
    const int sigs[] = {EL_SIGILL, EL_SIGTRAP, EL_SIGBUS, EL_SIGSEGV, EL_SIGFPE};
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        sys(NR(rt_sigaction), sigs[i], (long)&a, 0, 8);
}

static void clear_got(void)
{
    got_sig = got_code = 0;
    got_addr = got_trapno = got_err = got_ip = got_ax = 0;
}

/* pushf and popf below the red zone (x86-64 leaves 128 bytes to the code). */
#ifdef __x86_64__
#define SPR "rsp"
#define RZ_DOWN "lea -128(%%rsp), %%rsp\n"
#define RZ_UP "lea 128(%%rsp), %%rsp\n"
#else
#define SPR "esp"
#define RZ_DOWN ""
#define RZ_UP ""
#endif

static unsigned long flags_now(void)
{
    unsigned long f;
    __asm__ volatile(RZ_DOWN "pushf\n pop %0\n" RZ_UP : "=r"(f) :: "memory");
    return f;
}

static int accepted(int door)
{
    return (el_getauxval(AT_ENTRYLAB_ACCEPTS) & el_doors[door].accept) != 0;
}

/* ---- 1, 2: TF, NT and both before every door --------------------------- */

/* Runs getpid through door d with `set` added to RFLAGS right before the
 * door instruction (or the vDSO call); returns the result and, in *after,
 * RFLAGS as the instruction right after the return saw them, and in *at the
 * address of that instruction. TF, NT, DF and AC are cleared before C runs on. */
static long flags_door(int d, unsigned long set, unsigned long *after, unsigned long *at)
{
    long ax = d == DOOR_INT80 ? NR32_getpid : NR(getpid);
    unsigned long fl, lbl;
#ifdef __x86_64__
#define FLAGS_ASM(insn, ...)                                                         \
    __asm__ volatile("lea -128(%%rsp), %%rsp\n lea 1f(%%rip), %[lbl]\n"                \
                     "mov %[lbl], flags_label(%%rip)\n"                              \
                     "pushfq\n or %[set], (%%rsp)\n popfq\n"                         \
                     insn "\n1: pushfq\n pop %[fl]\n lea 1b(%%rip), %[lbl]\n"         \
                     "push %[fl]\n andq $~0x44500, (%%rsp)\n popfq\n lea 128(%%rsp), %%rsp" \
                     : "+a"(ax), [fl] "=&r"(fl), [lbl] "=&r"(lbl)                     \
                     : [set] "r"(set) : "rcx", "r11", "memory", "cc")
    if (d == DOOR_INT80)
        FLAGS_ASM("int $0x80");
    else if (d == DOOR_SYSCALL)
        FLAGS_ASM("syscall");
    else
        FLAGS_ASM("call *el_vdso_sysenter64(%%rip)");
#else
#define FLAGS_ASM(insn)                                                              \
    __asm__ volatile("movl $1f, flags_label\n"                                      \
                     "pushfl\n or %[set], (%%esp)\n popfl\n" insn                    \
                     "\n1: pushfl\n pop %[fl]\n mov $1b, %[lbl]\n"                   \
                     "push %[fl]\n andl $~0x44500, (%%esp)\n popfl"                \
                     : "+a"(ax), [fl] "=&r"(fl), [lbl] "=&r"(lbl)                     \
                     : [set] "r"(set) : "memory", "cc")
    if (d == DOOR_INT80)
        FLAGS_ASM("int $0x80");
    else if (d == DOOR_SYSCALL)
        FLAGS_ASM("call *el_vdso_syscall32");
    else
        FLAGS_ASM("call *el_vdso_sysenter32");
#endif
    *after = fl, *at = lbl;
    return ax;
}

static const char *const door_names[] = {"int80", "syscall", "sysenter"};

static void test_flags(void)
{
    static const struct { const char *name; unsigned long set; } cases[] = {
        {"TF", FL_TF}, {"NT", FL_NT}, {"NT+TF", FL_NT | FL_TF}, {"AC+DF+TF", FL_AC | FL_DF | FL_TF},
    };
    long pid = el_int80(NR32_getpid, 0, 0, 0, 0, 0, 0);
    int bad0 = el_failures, doors = 0;
    for (int d = 0; d < EL_NDOORS; d++) {
        if (!accepted(d))
            continue;
        doors++;
        for (unsigned c = 0; c < sizeof cases / sizeof cases[0]; c++) {
            unsigned long set = cases[c].set, after, at;
            steps = steps_kept = 0, step_ip = 0, keep_lo = keep_hi = 0;
            long r = flags_door(d, set, &after, &at);
            int ok = r == pid && (after & set) == set;
            int tf = (set & FL_TF) != 0;
            /* The first step outside the vDSO follows the first instruction
             * after the return (pushf: one byte). */
            if (tf)
                ok = ok && steps == 1 && step_ip == at + 1 && step_code == EL_TRAP_TRACE;
            else
                ok = ok && steps == 0 && steps_kept == 0;
            /* Cleared, TF does not come back: the same door again, plain. */
            unsigned long after2, at2;
            long r2 = flags_door(d, 0, &after2, &at2);
            ok = ok && r2 == pid && !(after2 & (FL_TF | FL_NT)) && steps == tf;
            if (!ok)
                el_fail("%s %s: result %ld (pid %ld), RFLAGS after 0x%lx, %d trap(s) after the "
                        "return (first at 0x%lx, want 0x%lx, code %d), %d in the vDSO; then "
                        "plain: %ld, RFLAGS 0x%lx",
                        door_names[d], cases[c].name, r, pid, after, steps, step_ip, at + 1,
                        step_code, steps_kept, r2, after2);
            else
                SAY("# ok %s %s: call works, RFLAGS 0x%lx after, %d trap(s) in the vDSO, "
                    "%d after the return at 0x%lx; plain again: no trap\n",
                    door_names[d], cases[c].name, after, steps_kept, steps, step_ip);
        }
    }
    el_printf("# %s flags: TF, NT, NT+TF, AC+DF+TF on %d door(s): %s\n", MODE == 64 ? "64" : "32",
              doors, el_failures == bad0 ? "ok" : "FAIL");
}

/* ---- 3: every register all ones before the bare door instructions ------ */

long ones_door(int door, int tf, unsigned long value);
extern const char ones_keep[], ones_back[];

static void test_ones(void)
{
    static const unsigned long values[] = {
        0xfffffffful,
#ifdef __x86_64__
        ~0ul,
#endif
    };
    int bad0 = el_failures, cases = 0;
    for (int d = 0; d < EL_NDOORS; d++) {
        if (!accepted(d))
            continue;
        for (unsigned v = 0; v < sizeof values / sizeof values[0]; v++) {
            for (int tf = 0; tf <= 1; tf++) {
                clear_got();
                steps = steps_kept = 0;
                keep_lo = (unsigned long)ones_keep, keep_hi = (unsigned long)ones_back;
                resume_at = (unsigned long)ones_back, resume_sp = 0;
                long r = ones_door(d, tf, values[v]);
                resume_at = 0, keep_lo = keep_hi = 0;
                cases++;
                /* Back with an error, or a signal the program caught: the
                 * kernel went on either way. */
                int err = r < 0 && r >= -4095;
                int sig = got_sig == EL_SIGSEGV || got_sig == EL_SIGBUS;
                int ok = (err && !got_sig) || sig;
                if (tf && !got_sig)
                    ok = ok && steps == 1;
                if (!ok)
                    el_fail("ones %s 0x%lx tf=%d: returned %ld, signal %d trap %lu", door_names[d],
                            values[v], tf, r, got_sig, got_trapno);
                if (got_sig)
                    SAY("# ones %s 0x%lx tf=%d: signal %d code %d trap %lu err 0x%lx at 0x%lx, "
                        "addr 0x%lx, rax %ld\n", door_names[d], values[v], tf, got_sig, got_code,
                        got_trapno, got_err, got_ip, got_addr, (long)got_ax);
                else
                    SAY("# ones %s 0x%lx tf=%d: returned %ld, %d step(s)\n", door_names[d],
                        values[v], tf, r, steps);
            }
        }
    }
    el_printf("# %d ones: all registers and the stack pointer all ones, %d case(s): %s\n", MODE,
              cases, el_failures == bad0 ? "ok (an error or a signal each)" : "FAIL");
}

/* ---- 4: int n for every vector, int3, into, bound, ud2 ----------------- */

/* intn_table + 4 * n: int $n; ret (two bytes, then the ret at + 2). */
__asm__(".text\n.balign 4\n.globl intn_table\nintn_table:\n"
        ".altmacro\n.macro INTN n\n.balign 4\n.byte 0xcd, \\n\nret\n.endm\n"
        ".set i, 0\n.rept 256\nINTN %i\n.set i, i + 1\n.endr\n.noaltmacro\n");
extern const char intn_table[];
/* int3, ud2, into, icebp, 16 bytes apart, each followed by a ret. */
__asm__(".text\n.balign 16\nhostile_code:\nint3\nret\n.balign 16\nud2\nret\n"
        ".balign 16\n.byte 0xce\nret\n.balign 16\n.byte 0xf1\nret\n");
extern const char hostile_code[];

static void call_at(unsigned long fn)
{
    __asm__ volatile(RZ_DOWN "call *%0\n" RZ_UP : : "r"(fn) : "memory", "cc");
}

static void test_intn(void)
{
    int bad0 = el_failures, by8 = 0, by16 = 0, other = 0;
    for (int n = 0; n < 256; n++) {
        if (n == 0x80)
            continue;
        unsigned long stub = (unsigned long)intn_table + 4 * (unsigned long)n;
        clear_got();
        resume_at = stub + 2;
        call_at(stub);
        resume_at = 0;
        if (n == 3) {  /* DPL 3: the breakpoint trap, after the instruction */
            if (got_sig != EL_SIGTRAP || got_ip != stub + 2 || got_trapno != 3)
                el_fail("int $3: signal %d trap %lu at 0x%lx, want SIGTRAP at 0x%lx", got_sig,
                        got_trapno, got_ip, stub + 2);
            continue;
        }
        if (n == 4) {  /* DPL 3: #OF, a trap: SIGSEGV after the instruction */
            if (got_sig != EL_SIGSEGV || got_ip != stub + 2 || got_trapno != 4)
                el_fail("int $4: signal %d trap %lu at 0x%lx, want SIGSEGV trap 4 at 0x%lx",
                        got_sig, got_trapno, got_ip, stub + 2);
            continue;
        }
        if (got_sig != EL_SIGSEGV || got_trapno != TRAP_GP || got_ip != stub) {
            el_fail("int $%d: signal %d trap %lu err 0x%lx at 0x%lx, want SIGSEGV #GP at 0x%lx",
                    n, got_sig, got_trapno, got_err, got_ip, stub);
            continue;
        }
        if (n == 0 && got_err == 2)  /* both formulas */
            continue;
        if (got_err == ((unsigned long)n << 3 | 2))
            by8++;
        else if (got_err == ((unsigned long)n << 4 | 2))
            by16++;
        else {
            other++;
            el_fail("int $%d: #GP error code 0x%lx", n, got_err);
        }
        SAY("# int $%d: SIGSEGV #GP error code 0x%lx\n", n, got_err);
    }
    /* The platform's answer (tests/entry.cmake pins it; hardware: n << 3). */
    if (by8 && !by16 && !other)
        el_printf("# %d int n: %d vectors #GP, error code (n << 3) | 2\n", MODE, by8);
    else if (by16 && !by8 && !other)
        el_printf("# %d int n: %d vectors #GP, error code (n << 4) | 2\n", MODE, by16);
    else
        el_fail("int n: %d by 8, %d by 16, %d other", by8, by16, other);

    /* int3 (0xcc): SIGTRAP at the next instruction. ud2: SIGILL at itself.
     * icebp (0xf1, int1) bypasses the gate's DPL: SIGTRAP after it, as a
     * breakpoint, not a single step, even right after one: DR6 is sticky and
     * the kernel must clear it (Linux: TRAP_BRKPT). */
    static const struct { const char *name; int slot, len, sig, trap, at_next, code; } one[] = {
        {"int3", 0, 1, EL_SIGTRAP, 3, 1, EL_SI_KERNEL},
        {"ud2", 1, 2, EL_SIGILL, TRAP_UD, 0, EL_ILL_ILLOPN},
        {"icebp after a single step", 3, 1, EL_SIGTRAP, 1, 1, EL_TRAP_BRKPT},
#ifdef __x86_64__
        {"into (invalid in 64-bit mode)", 2, 1, EL_SIGILL, TRAP_UD, 0, EL_ILL_ILLOPN},
#endif
    };
    for (unsigned i = 0; i < sizeof one / sizeof one[0]; i++) {
        unsigned long at = (unsigned long)hostile_code + 16 * (unsigned long)one[i].slot;
        if (one[i].trap == 1) {  /* one single step first: DR6 gets BS */
            steps = 0;
            __asm__ volatile(RZ_DOWN "pushf\n orl $0x100, (%%" SPR ")\n popf\n nop\n" RZ_UP
                             ::: "memory", "cc");
            el_check(steps == 1, "a single step before icebp");
        }
        clear_got();
        resume_at = at + one[i].len;
        call_at(at);
        resume_at = 0;
        unsigned long want_ip = one[i].at_next ? at + one[i].len : at;
        if (one[i].trap == 1) {
            /* QEMU 7.2 TCG raises #UD for icebp (hardware and Bochs: #DB) */
            int db = got_sig == EL_SIGTRAP, ud = got_sig == EL_SIGILL && got_trapno == TRAP_UD;
            el_printf("# %d icebp: %s\n", MODE, db ? "#DB" : ud ? "#UD" : "?");
            if (ud && got_ip == at)
                continue;
        }
        if (got_sig != one[i].sig || got_trapno != (unsigned)one[i].trap || got_ip != want_ip ||
            got_code != one[i].code)
            el_fail("%s: signal %d code %d trap %lu at 0x%lx, want signal %d code %d trap %d at "
                    "0x%lx", one[i].name, got_sig, got_code, got_trapno, got_ip, one[i].sig,
                    one[i].code, one[i].trap, want_ip);
        else
            SAY("# ok %s: signal %d code %d trap %d at 0x%lx\n", one[i].name, got_sig, got_code,
                one[i].trap, got_ip);
    }
#ifndef __x86_64__
    /* into with OF set: #OF (a trap, after it); bound out of range: #BR (a
     * fault, at it). Linux sends SIGSEGV for both. */
    static const int32_t bounds[2] = {0, 10};
    unsigned long at_into, at_bound;
    clear_got();
    __asm__ volatile("movl $2f, %[r]\n mov $0x7f, %%al\n add $1, %%al\n1: into\n2:\n"
                     "lea 1b, %[a]" : [r] "=m"(resume_at), [a] "=r"(at_into) :: "eax", "memory", "cc");
    resume_at = 0;
    if (got_sig != EL_SIGSEGV || got_trapno != 4 || got_ip != at_into + 1)
        el_fail("into with OF: signal %d trap %lu at 0x%lx, want SIGSEGV trap 4 at 0x%lx", got_sig,
                got_trapno, got_ip, at_into + 1);
    clear_got();
    __asm__ volatile("movl $2f, %[r]\n mov $11, %%eax\n1: bound %%eax, %[b]\n2:\n"
                     "lea 1b, %[a]" : [r] "=m"(resume_at), [a] "=r"(at_bound)
                     : [b] "m"(bounds) : "eax", "memory", "cc");
    resume_at = 0;
    if (got_sig != EL_SIGSEGV || got_trapno != 5 || got_ip != at_bound)
        el_fail("bound out of range: signal %d trap %lu at 0x%lx, want SIGSEGV trap 5 at 0x%lx",
                got_sig, got_trapno, got_ip, at_bound);
#endif
    el_printf("# %d int n, int3, icebp, ud2%s: %s\n", MODE, MODE == 32 ? ", into, bound" : ", into",
              el_failures == bad0 ? "ok" : "FAIL");
}

/* ---- 5: privileged instructions ----------------------------------------- */

/* Each entry: PTR start, end, name; the instruction(s) between start and
 * end, then a ret. The handler resumes at end with the stack pointer the
 * stub started with (call_sp - one word), so iretq's pushes do not matter. */
#define PRIV(name, insns)                                                      \
    ".pushsection .rodata\n9: .asciz \"" name "\"\n.popsection\n"             \
    ".pushsection .data\n" PTR "7f, 8f, 9b\n.popsection\n"                    \
    "7: " insns "\n8: ret\n"
struct priv { unsigned long start, end; const char *name; };
#ifdef __x86_64__
#define SP "%rsp"
#define IRET_RING0 "push $0x10\n push %rsp\n pushfq\n push $0x08\n push $8f\n iretq"
#define CRX(n) "xor %eax, %eax\n mov %rax, %cr" #n
#else
#define SP "%esp"
#define IRET_RING0 "pushfl\n push $0x08\n push $8f\n iretl"
#define CRX(n) "xor %eax, %eax\n mov %eax, %cr" #n
#endif
__asm__(".pushsection .data\n.balign 8\npriv_table:\n.popsection\n.text\n"
        PRIV("hlt", "hlt") PRIV("cli", "cli") PRIV("sti", "sti")
        PRIV("in", "inb $0x80, %al")
        /* isa-debug-exit: were it let through, QEMU would stop with "panic" */
        PRIV("out to 0xf4", "mov $0x12, %al\n outb %al, $0xf4")
        PRIV("rdmsr", "mov $0xc0000100, %ecx\n rdmsr")
        PRIV("wrmsr FS base", "mov $0xc0000100, %ecx\n mov $0x1000, %eax\n xor %edx, %edx\n wrmsr")
        PRIV("mov to cr0", CRX(0)) PRIV("mov to cr3", CRX(3)) PRIV("mov to cr4", CRX(4))
        PRIV("lgdt", "lgdt (" SP ")") PRIV("lidt", "lidt (" SP ")")
        PRIV("ltr", "mov $0x28, %eax\n ltr %ax") PRIV("invlpg", "invlpg (" SP ")")
        PRIV("wbinvd", "wbinvd") PRIV("clts", "clts")
        PRIV("iret to ring 0", IRET_RING0)
        PRIV("swapgs", ".byte 0x0f, 0x01, 0xf8")
        PRIV("sysret", ".byte 0x0f, 0x07")
        PRIV("sysexit", ".byte 0x0f, 0x35")
        ".pushsection .data\npriv_end:\n.popsection\n");
extern const struct priv priv_table[], priv_end[];

static void call_stub(unsigned long fn)
{
#ifdef __x86_64__
    __asm__ volatile(RZ_DOWN "mov %%rsp, %0\n call *%1\n" RZ_UP
                     : "=m"(call_sp) : "r"(fn) : "rax", "rcx", "rdx", "r11", "memory", "cc");
#else
    __asm__ volatile("mov %%esp, %0\n call *%1\n"
                     : "=m"(call_sp) : "r"(fn) : "eax", "ecx", "edx", "memory", "cc");
#endif
}

#ifdef __x86_64__
/* The FS base as the CPU has it: a read through %fs. */
static unsigned long fs_word(void)
{
    unsigned long v;
    __asm__ volatile("mov %%fs:0, %0" : "=r"(v));
    return v;
}
static unsigned long fs_target = 0x5eedf00d5eedf00dul;
#endif

static void test_priv(void)
{
    int bad0 = el_failures, n = 0;
#ifdef __x86_64__
    el_check_eq("arch_prctl(ARCH_SET_FS)",
                (unsigned long)sys(NR64_arch_prctl, 0x1002, (long)&fs_target, 0, 0), 0);
#endif
    for (const struct priv *p = priv_table; p < priv_end; p++, n++) {
        clear_got();
        resume_at = p->end;
        resume_sp = STUB_SP;
        call_stub(p->start);
        resume_at = 0, resume_sp = 0;
        unsigned long fl = flags_now();
        int gp = got_sig == EL_SIGSEGV && got_trapno == TRAP_GP;
        int ud = got_sig == EL_SIGILL && got_trapno == TRAP_UD;
        int ok = gp || ud;
        int iret = strcmp(p->name, "iret to ring 0") == 0;
        /* #GP(0), but a return to ring 0 names the selector. QEMU 7.2 TCG
         * instead pops the frame as a supervisor access, which SMAP refuses
         * on the user's stack: #PF with P and not U, still no effect. */
        if (gp && iret)
            ok = (got_err & ~3ul) == 8;
        else if (gp)
            ok = got_err == 0;
        int pf = got_sig == EL_SIGSEGV && got_trapno == TRAP_PF;
        if (iret && pf)
            ok = got_err == 1 && got_addr < call_sp && got_addr >= call_sp - 64;
        /* Only where the instruction exists in this mode may it be #UD. */
        if (ud && !(strcmp(p->name, "sysret") == 0 || strcmp(p->name, "sysexit") == 0 ||
                    (MODE == 32 && strcmp(p->name, "swapgs") == 0)))
            ok = 0;
        ok = ok && got_ip >= p->start && got_ip < p->end && (fl & FL_IF);
        if (!ok)
            el_fail("%s: signal %d trap %lu err 0x%lx addr 0x%lx at 0x%lx (stub 0x%lx), IF %s",
                    p->name, got_sig, got_trapno, got_err, got_addr, got_ip, p->start,
                    fl & FL_IF ? "set" : "CLEAR");
        else
            SAY("# ok %s: signal %d trap %lu err 0x%lx, IF still set\n", p->name, got_sig,
                got_trapno, got_err);
        /* Where the platforms differ: each one's answer on its own line. */
        if (strcmp(p->name, "sysret") == 0 || strcmp(p->name, "sysexit") == 0 ||
            strcmp(p->name, "swapgs") == 0 || iret)
            el_printf("# %d priv %s: %s error 0x%lx\n", MODE, p->name,
                      gp ? "#GP" : ud ? "#UD" : pf ? "#PF" : "?", got_err);
    }
#ifdef __x86_64__
    el_check_eq("the FS base is the program's after wrmsr", fs_word(), fs_target);
#endif
    el_printf("# %d priv: %d privileged instructions, a signal each and no effect: %s\n", MODE, n,
              el_failures == bad0 ? "ok" : "FAIL");
}

/* ---- 6: kernel memory, the vDSO, non-canonical addresses, NX ----------- */

/* The address to touch is in kmem_addr; each stub reads, writes or jumps
 * there; the handler resumes at the stub's end (a jump's fault has the
 * target as RIP, or the jmp itself for a non-canonical target). */
static volatile unsigned long kmem_addr;
#ifdef __x86_64__
#define KAX "%rax"
#define KLOAD "mov kmem_addr(%rip), %rax\n"
#else
#define KAX "%eax"
#define KLOAD "mov kmem_addr, %eax\n"
#endif
__asm__(".text\nkmem_read: " KLOAD "movb (" KAX "), %al\nkmem_read_end: ret\n"
        "kmem_write: " KLOAD "movb $0, (" KAX ")\nkmem_write_end: ret\n"
        "kmem_exec: " KLOAD "jmp *" KAX "\nkmem_exec_end: ret\n");
extern const char kmem_read[], kmem_read_end[], kmem_write[], kmem_write_end[], kmem_exec[],
    kmem_exec_end[];

enum { K_READ, K_WRITE, K_EXEC };
static const char *const kind_names[] = {"read", "write", "exec"};

/* Touches addr; the signal must be SIGSEGV with this si_code, si_addr and
 * trap number (and, for #PF, these error code bits set). */
static void touch(unsigned long addr, int kind, int code, unsigned long si_addr, unsigned long trap,
                  unsigned long err_bits)
{
    static const char *const starts[] = {kmem_read, kmem_write, kmem_exec};
    static const char *const ends[] = {kmem_read_end, kmem_write_end, kmem_exec_end};
    clear_got();
    kmem_addr = addr;
    resume_at = (unsigned long)ends[kind];
    resume_sp = STUB_SP;
    call_stub((unsigned long)starts[kind]);
    resume_at = 0, resume_sp = 0;
    int ok = got_sig == EL_SIGSEGV && got_code == code && got_addr == si_addr &&
             got_trapno == trap && (got_err & err_bits) == err_bits;
    if (!ok)
        el_fail("%s 0x%lx: signal %d code %d addr 0x%lx trap %lu err 0x%lx, want SIGSEGV code %d "
                "addr 0x%lx trap %lu err with 0x%lx", kind_names[kind], addr, got_sig, got_code,
                got_addr, got_trapno, got_err, code, si_addr, trap, err_bits);
    else
        SAY("# ok %s 0x%lx: SIGSEGV code %d addr 0x%lx trap %lu err 0x%lx\n", kind_names[kind],
            addr, got_code, got_addr, got_trapno, got_err);
}

#define PF_P 1ul
#define PF_W 2ul
#define PF_U 4ul
#define PF_I 0x10ul
static unsigned char data_ret[16] = {0xc3};

static void test_kmem(void)
{
    int bad0 = el_failures;
#ifdef __x86_64__
    /* The kernel's image, the start of its half, the physical map: "not
     * mapped" as Linux says it, with the protection bit set. */
    static const unsigned long kernel[] = {0xffffffff80000000ul, 0xffffffff80100000ul,
                                           0xffff800000000000ul, 0xffff800000100000ul};
    for (unsigned i = 0; i < sizeof kernel / sizeof kernel[0]; i++) {
        touch(kernel[i], K_READ, EL_SEGV_MAPERR, kernel[i], TRAP_PF, PF_P | PF_U);
        touch(kernel[i], K_WRITE, EL_SEGV_MAPERR, kernel[i], TRAP_PF, PF_P | PF_U | PF_W);
        touch(kernel[i], K_EXEC, EL_SEGV_MAPERR, kernel[i], TRAP_PF, PF_P | PF_U);
    }
    /* Non-canonical: #GP, SI_KERNEL, no address. */
    static const unsigned long noncanon[] = {0x8000000000000000ul, 0x0000800000000000ul,
                                             0xffff7ffffffff000ul};
    for (unsigned i = 0; i < sizeof noncanon / sizeof noncanon[0]; i++)
        for (int k = K_READ; k <= K_EXEC; k++)
            touch(noncanon[i], k, EL_SI_KERNEL, 0, TRAP_GP, 0);
#endif
    /* The vDSO's image and data page are read-only for everyone. */
    touch(EL_VDSO_IMAGE, K_WRITE, EL_SEGV_ACCERR, EL_VDSO_IMAGE, TRAP_PF, PF_P | PF_W | PF_U);
    touch(EL_VDSO_IMAGE - 0x1000, K_WRITE, EL_SEGV_ACCERR, EL_VDSO_IMAGE - 0x1000, TRAP_PF,
          PF_P | PF_W | PF_U);
    touch(EL_VDSO_ADDR + 0x10, K_WRITE, EL_SEGV_ACCERR, EL_VDSO_ADDR + 0x10, TRAP_PF,
          PF_P | PF_W | PF_U);
    /* NX: the stack and the data are not code. */
    volatile unsigned char stack_ret[16];
    stack_ret[0] = 0xc3;
    touch((unsigned long)stack_ret, K_EXEC, EL_SEGV_ACCERR, (unsigned long)stack_ret, TRAP_PF,
          PF_P | PF_U | PF_I);
    touch((unsigned long)data_ret, K_EXEC, EL_SEGV_ACCERR, (unsigned long)data_ret, TRAP_PF,
          PF_P | PF_U | PF_I);
    touch((unsigned long)altstack, K_EXEC, EL_SEGV_ACCERR, (unsigned long)altstack, TRAP_PF,
          PF_P | PF_U | PF_I);
    el_printf("# %d kmem: kernel, physical map, non-canonical, vDSO writes, NX: %s\n", MODE,
              el_failures == bad0 ? "ok" : "FAIL");
}

int main(int argc, char **argv, char **envp)
{
    (void)envp;
    static const struct { const char *name; void (*fn)(void); } groups[] = {
        {"flags", test_flags}, {"ones", test_ones}, {"intn", test_intn},
        {"priv", test_priv},   {"kmem", test_kmem},
    };
    verbose = argc > 2 && strcmp(argv[argc - 1], "-v") == 0;
    catch_all();
    int ran = 0;
    for (unsigned g = 0; g < sizeof groups / sizeof groups[0]; g++)
        if (argc < 2 || strcmp(argv[1], "all") == 0 || strcmp(argv[1], groups[g].name) == 0)
            groups[g].fn(), ran++;
    if (!ran) {
        el_printf("# usage: hostile%d all|flags|ones|intn|priv|kmem [-v]\n", MODE);
        return 2;
    }
    el_printf("# hostile%d %s: %d failure(s)\n", MODE, argc > 1 ? argv[1] : "all", el_failures);
    return el_failures ? 1 : 0;
}
