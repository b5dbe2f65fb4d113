/* Hardware breakpoints through ptrace, as a Linux debugger sets them
 * (docs/abi.md, "Debug registers"): a child asks to be traced and stops;
 * the parent pokes u_debugreg (refusals first), lets it run, and checks
 * each SIGTRAP stop (si_code TRAP_HWBKPT, si_addr, DR6 through PEEKUSER).
 * The child reads a watched word, runs into an execute breakpoint (it must
 * get past it: RF), forks a grandchild that reads the word with no
 * breakpoints of its own, then does mov ss from the watched word before
 * each door its mode has (the #DB lands in ring 0 and is ignored, or in
 * ring 3 under QEMU: one more stop). Built 64-bit and 32-bit. */
#include "calls.h"
#include <uapi/linux_ptrace.h>
#include <uapi/linux_wait.h>

#ifdef __x86_64__
#define DEBUGREG USER64_DEBUGREG
#define WORD 8
#else
#define DEBUGREG USER32_DEBUGREG
#define WORD 4
#endif
#define DR(n) (DEBUGREG + (n) * WORD)
#define SIGTRAP 5
#define SIGSTOP 19
#define TRAP_HWBKPT 4
#define EIO 5

static volatile uint32_t watched; /* holds SS: mov ss may load it */
static int failures;

static void __attribute__((noinline)) bp_target(void) { __asm__ volatile("nop"); }

static void child(void)
{
    unsigned short ss;
    __asm__ volatile("mov %%ss, %0" : "=r"(ss));
    watched = ss;
    if (sys(NR(ptrace), PTRACE_TRACEME, 0, 0, 0))
        el_exit(10);
    sys(NR(kill), sys0(NR(getpid)), SIGSTOP);
    uint32_t v = watched; /* the first stop: a watched read */
    bp_target(); /* the second: an execute breakpoint, then on past it */
    long pid = sys0(NR(fork));
    if (pid == 0) {
        v += watched; /* no breakpoints here: a SIGTRAP would kill it */
        el_exit(0);
    }
    int st = 0;
    if (pid < 0 || sys(NR(wait4), pid, &st, 0, 0) != pid || st != 0)
        el_exit(11);
    long nr = NR32_getpid;
    __asm__ volatile("mov %[ss], %%ss; int $0x80" : "+a"(nr) : [ss] "m"(watched) : "memory");
#ifdef __x86_64__
    nr = NR(getpid);
    __asm__ volatile("mov %[ss], %%ss; syscall" : "+a"(nr) : [ss] "m"(watched) : "rcx", "r11", "memory");
#endif
    (void)v;
    el_exit(0);
}

static long peek(long pid, long off)
{
    unsigned long w = 0xdead;
    long r = sys(NR(ptrace), PTRACE_PEEKUSR, pid, off, &w);
    return r ? r : (long)w;
}

static void expect_l(const char *what, long got, long want)
{
    if (got != want) {
        el_printf("# FAIL %s: got 0x%lx, want 0x%lx\n", what, got, want);
        failures++;
    }
}

int main(int argc, char **argv, char **envp)
{
    (void)argc, (void)argv, (void)envp;
    long pid = sys0(NR(fork));
    if (pid == 0)
        child();
    int st = 0;
    expect_l("wait4 for the child's SIGSTOP", sys(NR(wait4), pid, &st, 0, 0), pid);
    expect_l("the first stop is SIGSTOP", st, (SIGSTOP << 8) | 0x7f);

    /* Refusals, each leaving everything as it was. */
    expect_l("POKEUSER DR4: -EIO", sys(NR(ptrace), PTRACE_POKEUSR, pid, DR(4), 0), -EIO);
    expect_l("POKEUSER DR5: -EIO", sys(NR(ptrace), PTRACE_POKEUSR, pid, DR(5), 0), -EIO);
#ifdef __x86_64__ /* (a 32-bit tracer cannot name an address Linux refuses) */
    expect_l("POKEUSER DR0 = a kernel address: -EINVAL",
             sys(NR(ptrace), PTRACE_POKEUSR, pid, DR(0), 0xffffffff80000000l), -EINVAL);
    expect_l("POKEUSER DR0 = the last user page: -EINVAL",
             sys(NR(ptrace), PTRACE_POKEUSR, pid, DR(0), 0x7ffffffff000l), -EINVAL);
#endif
    expect_l("POKEUSER DR7 execute with LEN 2: -EINVAL",
             sys(NR(ptrace), PTRACE_POKEUSR, pid, DR(7), 2 | (0x4l << 16)), -EINVAL);
    expect_l("POKEUSER DR7 an I/O breakpoint: -EINVAL",
             sys(NR(ptrace), PTRACE_POKEUSR, pid, DR(7), 2 | (0x2l << 16)), -EINVAL);
    expect_l("PEEKUSER DR7 still 0", peek(pid, DR(7)), 0);
    expect_l("PEEKUSER DR4 reads 0", peek(pid, DR(4)), 0);

    /* DR0: the watched word, read/write, 4 bytes; DR1: bp_target. */
    long dr7 = 2 | (0xfl << 16) | 8;
    expect_l("POKEUSER DR0", sys(NR(ptrace), PTRACE_POKEUSR, pid, DR(0), (long)&watched), 0);
    expect_l("POKEUSER DR1", sys(NR(ptrace), PTRACE_POKEUSR, pid, DR(1), (long)bp_target), 0);
    expect_l("POKEUSER DR7", sys(NR(ptrace), PTRACE_POKEUSR, pid, DR(7), dr7), 0);
    expect_l("PEEKUSER DR0", peek(pid, DR(0)), (long)&watched);
    expect_l("PEEKUSER DR7", peek(pid, DR(7)), dr7);
    expect_l("PTRACE_CONT", sys(NR(ptrace), PTRACE_CONT, pid, 0, 0), 0);

    int stops = 0, exec_stops = 0, data_stops = 0, other = 0;
    for (;;) {
        if (sys(NR(wait4), pid, &st, 0, 0) != pid) {
            el_printf("# FAIL wait4\n");
            failures++;
            break;
        }
        if ((st & 0xff) != 0x7f)
            break;
        int sig = (st >> 8) & 0xff;
        if (sig != SIGTRAP) { /* SIGCHLD from the grandchild: hand it on */
            sys(NR(ptrace), PTRACE_CONT, pid, 0, sig);
            continue;
        }
        stops++;
        struct {
            int signo, err, code;
#ifdef __x86_64__
            int pad;
#endif
            unsigned long addr;
            char rest[128];
        } si;
        memset(&si, 0, sizeof si);
        long r = sys(NR(ptrace), PTRACE_GETSIGINFO, pid, 0, &si);
        long dr6 = peek(pid, DR(6));
        if (r || si.code != TRAP_HWBKPT) {
            el_printf("# FAIL stop %d: status 0x%x, si_code %d\n", stops, st, si.code);
            failures++;
        } else if (si.addr == (unsigned long)bp_target) {
            exec_stops++;
            expect_l("DR6 after the execute breakpoint (B1)", dr6 & 0xffffffffl, 0xffff0ff2l);
        } else if ((dr6 & 0xf) == 1) {
            data_stops++;
        } else {
            el_printf("# FAIL stop %d: si_addr 0x%lx, DR6 0x%lx\n", stops, si.addr, dr6);
            other++;
        }
        if (stops > 10) { /* an execute breakpoint without RF stops forever */
            sys(NR(ptrace), PTRACE_KILL, pid, 0, 0);
            failures++;
        } else {
            sys(NR(ptrace), PTRACE_CONT, pid, 0, 0); /* the SIGTRAP is not delivered */
        }
    }
    expect_l("the child exits 0", st, 0);
    expect_l("one stop at the execute breakpoint", exec_stops, 1);
    if (data_stops < 1)
        expect_l("a stop for the watched read", data_stops, 1);
    failures += other;
    el_printf("# debugreg%d: %d stops (%d watched-word, %d execute), %d failure(s)\n", MODE, stops,
              data_stops, exec_stops, failures);
    return failures ? 1 : 0;
}
