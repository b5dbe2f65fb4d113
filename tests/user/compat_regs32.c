/* compat_regs32: the registers a 32-bit program cannot name, after each
 * door it may use (docs/abi.md, "The doors"). compat_door (compat_door32.asm)
 * fills r8-r15 and the upper halves of rsi and rdi in 64-bit mode, calls
 * getpid through the door's vDSO stub in compatibility mode, and reads
 * them in 64-bit mode again. int 0x80 keeps r8-r11; the 32-bit fast doors
 * give them back zero (r11: EFLAGS after sysretl), as Linux's do, so that
 * nothing of the kernel's reaches a program that far-jumps back. r12-r15
 * and the upper halves of rsi and rdi come back as they went (QEMU and
 * Bochs keep upper halves across the mode switches; the SDM, vol. 1
 * 3.4.1.1, does not promise it). Each door runs three times: on the fast
 * way; on the full way (a blocked signal pending sends every call there);
 * and with a handler run on the way out (kill(self) of a caught signal:
 * iretq from the whole frame into the handler, then sigreturn through int
 * 0x80, whose i386 sigcontext gives the registers back zero-extended, so
 * the upper halves are not checked there).
 * Then argument 6 of the 32-bit fast doors, which the kernel fetches for
 * every call (include/syscall.h, fast32_arg6: page 0 is never mapped, the
 * load's fault makes the -EFAULT): a bare compatibility-mode syscall with
 * ESP in page 0 or across its end is -EFAULT, and with a stack that is
 * mapped the call runs; a bare sysenter with ebp there is -EFAULT too, seen
 * in the SIGSEGV that the vDSO's landing pad then takes on that stack. */
#include "calls.h"
#include <uapi/sigframe.h>

#define POISON 0x1122334455667700ull
#define UPPER 0x5a5a5a5au
#define LINUX_SIGUSR1 10
#define LINUX_SIGUSR2 12
#define LINUX_SIG_BLOCK 0

/* Returns the door's eax; out: r8-r15, then the upper halves of rsi, rdi. */
long compat_door(unsigned long stub, unsigned long nr, unsigned long a1, unsigned long a2, uint64_t out[9]);

enum { D_INT80, D_SYSCALL, D_SYSENTER };
static const struct {
    const char *name;
    unsigned long at;
} doors[] = {
    [D_INT80] = {"int 0x80", AT_ENTRYLAB_INT80_32},
    [D_SYSCALL] = {"syscall", AT_ENTRYLAB_SYSCALL32},
    [D_SYSENTER] = {"sysenter", AT_ENTRYLAB_SYSENTER32},
};
static const char *const names[8] = {"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"};

static volatile int handled;
static void on_usr2(int sig)
{
    (void)sig;
    handled++;
}

static void run(int d, unsigned long stub, int pass, long pid)
{
    static const char *const ways[] = {"fast way", "full way", "full way, a handler at the way out"};
    uint64_t out[9];
    memset(out, 0xee, sizeof out);
    el_printf("# %s, the %s\n", doors[d].name, ways[pass]);
    if (pass < 2) {
        el_check_eq("getpid", (unsigned long)compat_door(stub, NR32_getpid, 0, 0, out), (unsigned long)pid);
    } else {
        int before = handled;
        el_check_eq("kill(self, SIGUSR2)",
                    (unsigned long)compat_door(stub, NR32_kill, (unsigned long)pid, LINUX_SIGUSR2, out), 0);
        el_check_eq("the handler ran once", (unsigned long)(handled - before), 1);
    }
    for (int i = 0; i < 8; i++) {
        uint64_t want = POISON + 8 + (uint64_t)i;
        if (d != D_INT80 && i < 4)
            want = 0; /* the fast doors' r8-r11 */
        if (d == D_SYSCALL && i == 3) {
            /* sysretl's r11: EFLAGS, bit 1 set, nothing above bit 21 */
            el_check((out[i] & 2) && out[i] < (1u << 22), "r11 holds EFLAGS (sysretl)");
            continue;
        }
        el_check_eq(names[i], out[i], want);
    }
    if (pass < 2) {
        el_check_eq("the upper half of rsi", out[8] & 0xffffffffu, UPPER);
        el_check_eq("the upper half of rdi", out[8] >> 32, UPPER);
    }
}

long compat_syscall_esp(unsigned long nr, unsigned long esp);

static void arg6_stacks(long pid)
{
    static const unsigned long bad[] = {0, 0x10, 0xffc, 0xffe};
    static uint32_t stack[16];
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        long r = compat_syscall_esp(NR32_getpid, bad[i]);
        if (r == -14)
            el_printf("# ok getpid by syscall, esp 0x%lx: -EFAULT (argument 6)\n", bad[i]);
        else
            el_fail("getpid by syscall, esp 0x%lx: got %ld, want -EFAULT (-14)", bad[i], r);
    }
    el_check_eq("getpid by syscall, esp on a mapped stack",
                (unsigned long)compat_syscall_esp(NR32_getpid, (unsigned long)&stack[8]), (unsigned long)pid);
}

long sysenter_ebp(unsigned long nr, unsigned long ebp);
extern char sysenter_ebp_back[];
extern uint32_t sysenter_ebp_esp;

static volatile int segv_count;
static volatile uint32_t segv_eip;
static void on_segv(int sig, struct el_siginfo_32 *info, struct el_ucontext_32 *uc)
{
    (void)sig, (void)info;
    segv_count++;
    segv_eip = uc->uc_mcontext.eip;
    uc->uc_mcontext.eip = (uint32_t)sysenter_ebp_back;
    uc->uc_mcontext.esp = sysenter_ebp_esp;
}

static void arg6_sysenter(void)
{
    static const unsigned long bad[] = {0, 0x10, 0xffc, 0xffe};
    static uint8_t altstack[8192];
    static struct el_stack_32 st;
    static struct el_sigaction_32 a, dfl;
    st = (struct el_stack_32){(uint32_t)altstack, 0, sizeof altstack};
    a = (struct el_sigaction_32){(uint32_t)on_segv, EL_SA_SIGINFO | EL_SA_ONSTACK, 0, {0, 0}};
    el_check_eq("sigaltstack", (unsigned long)sys(NR32_sigaltstack, &st, 0), 0);
    el_check_eq("rt_sigaction(SIGSEGV)", (unsigned long)sys(NR32_rt_sigaction, EL_SIGSEGV, &a, 0, 8), 0);
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        segv_count = 0;
        long r = sysenter_ebp(NR32_getpid, bad[i]);
        if (r == -14 && segv_count == 1 && segv_eip == EL_VDSO_LANDING32)
            el_printf("# ok getpid by sysenter, ebp 0x%lx: -EFAULT (argument 6), then SIGSEGV on the landing pad\n",
                      bad[i]);
        else
            el_fail("getpid by sysenter, ebp 0x%lx: eax %ld, %d SIGSEGV at 0x%x; want -EFAULT (-14), one at 0x%x",
                    bad[i], r, segv_count, (unsigned)segv_eip, (unsigned)EL_VDSO_LANDING32);
    }
    dfl = (struct el_sigaction_32){0, 0, 0, {0, 0}};
    el_check_eq("SIGSEGV back to default", (unsigned long)sys(NR32_rt_sigaction, EL_SIGSEGV, &dfl, 0, 8), 0);
}

int main(int argc, char **argv, char **envp)
{
    (void)argc, (void)argv, (void)envp;
    long pid = sys(NR32_getpid, 0);
    int fast = 0;
    for (int pass = 0; pass < 3; pass++) {
        if (pass == 2) {
            /* SIGUSR2 caught, back through the vDSO's restorer. */
            static struct el_sigaction_32 a;
            a = (struct el_sigaction_32){(uint32_t)on_usr2, 0, 0, {0, 0}};
            el_check_eq("rt_sigaction(SIGUSR2)", (unsigned long)sys(NR32_rt_sigaction, LINUX_SIGUSR2, &a, 0, 8), 0);
        }
        if (pass == 1) {
            /* A blocked signal pending: the fast way's exit test sends
             * every call the full way, which delivers nothing. */
            uint64_t set = 1ull << (LINUX_SIGUSR1 - 1);
            el_check_eq("rt_sigprocmask(SIG_BLOCK, SIGUSR1)",
                        (unsigned long)sys(NR32_rt_sigprocmask, LINUX_SIG_BLOCK, &set, 0, 8), 0);
            el_check_eq("kill(self, SIGUSR1)", (unsigned long)sys(NR32_kill, pid, LINUX_SIGUSR1), 0);
        }
        for (int d = 0; d < 3; d++) {
            unsigned long stub;
            if (!el_auxv_find(doors[d].at, &stub)) {
                el_printf("# %s: not offered here (auxv), skipped\n", doors[d].name);
                continue;
            }
            run(d, stub, pass, pid);
            fast += d != D_INT80;
        }
    }
    el_check(fast >= 3, "a 32-bit fast door ran, on every way");
    unsigned long stub;
    if (el_auxv_find(AT_ENTRYLAB_SYSCALL32, &stub))
        arg6_stacks(pid);
    else
        el_printf("# argument 6 by syscall: syscall not offered here (auxv), skipped\n");
    if (el_auxv_find(AT_ENTRYLAB_SYSENTER32, &stub))
        arg6_sysenter();
    else
        el_printf("# argument 6 by sysenter: sysenter not offered here (auxv), skipped\n");
    return el_failures ? 1 : 0;
}
