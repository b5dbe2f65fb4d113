/* What the Linux-ABI test programs that also run on the host's Linux
 * (restart, ptrace, jobctl) and the process tests (procs, threads, ioport)
 * share: the signal restorer and a raw clone in assembly, rt_sigaction with
 * it, the monotonic clock, a child's exit and wait, and the table of doors
 * the mode offers. Each program is one translation unit that
 * includes this once, after calls.h. */
#ifndef ENTRYLAB_TEST_KIT_H
#define ENTRYLAB_TEST_KIT_H
#include "calls.h"
#include <uapi/sigframe.h>

#define CLOCK_MONOTONIC 1
#ifndef EINTR
#define EINTR 4
#endif

/* restore_rt: rt_sigreturn for the handlers' frames. raw_clone(flags, sp,
 * ptid, ctid, tls): the child pops fn and arg from its new stack, calls
 * fn(arg) and exits with its result. door32_kvs(nr, a1..a6): the i386
 * registers, then __kernel_vsyscall from AT_SYSINFO (Linux's and
 * entrylab's, whichever door it takes). */
#ifdef __x86_64__
__asm__(".text\n.globl restore_rt\nrestore_rt:\n mov $15, %eax\n syscall\n ud2\n"
        ".globl raw_clone\nraw_clone:\n mov %rcx, %r10\n mov $56, %eax\n syscall\n test %rax, %rax\n"
        " jnz 1f\n pop %rax\n pop %rdi\n call *%rax\n mov %eax, %edi\n mov $60, %eax\n syscall\n ud2\n"
        "1: ret\n");
#else
__asm__(".text\n.globl restore_rt\nrestore_rt:\n mov $173, %eax\n int $0x80\n ud2\n"
        ".globl raw_clone\nraw_clone:\n push %ebx\n push %esi\n push %edi\n"
        " mov 16(%esp), %ebx\n mov 20(%esp), %ecx\n mov 24(%esp), %edx\n mov 28(%esp), %edi\n"
        " mov 32(%esp), %esi\n mov $120, %eax\n int $0x80\n test %eax, %eax\n jnz 1f\n"
        " pop %eax\n pop %ecx\n and $-16, %esp\n sub $12, %esp\n push %ecx\n call *%eax\n mov %eax, %ebx\n"
        " mov $1, %eax\n int $0x80\n ud2\n1: pop %edi\n pop %esi\n pop %ebx\n ret\n"
        ".globl door32_kvs\ndoor32_kvs:\n push %ebx\n push %esi\n push %edi\n push %ebp\n"
        " mov 20(%esp), %eax\n mov 24(%esp), %ebx\n mov 28(%esp), %ecx\n mov 32(%esp), %edx\n"
        " mov 36(%esp), %esi\n mov 40(%esp), %edi\n mov 44(%esp), %ebp\n call *kvs_addr\n"
        " pop %ebp\n pop %edi\n pop %esi\n pop %ebx\n ret\n");
unsigned long kvs_addr;
long door32_kvs(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
#endif
void restore_rt(void);
long raw_clone(unsigned long flags, void *sp, int *ptid, int *ctid, unsigned long tls);

/* rt_sigaction(sig) with handler fn (or EL_SIG_DFL/IGN) and flags. */
static inline long set_action(int sig, void *fn, unsigned long flags)
{
#ifdef __x86_64__
    static struct el_sigaction_64 a;
    a = (struct el_sigaction_64){(uint64_t)fn, flags | EL_SA_RESTORER, (uint64_t)restore_rt, 0};
#else
    static struct el_sigaction_32 a;
    a = (struct el_sigaction_32){(uint32_t)fn, (uint32_t)flags, 0, {0, 0}};
#endif
    return sys(NR(rt_sigaction), sig, &a, 0, 8);
}

static inline long long now_ns(void)
{
    static long long t[2];
#ifdef __x86_64__
    sys(NR(clock_gettime), CLOCK_MONOTONIC, t);
    return t[0] * 1000000000 + t[1];
#else
    int32_t *w = (int32_t *)t;
    sys(NR(clock_gettime), CLOCK_MONOTONIC, w);
    return (long long)w[0] * 1000000000 + w[1];
#endif
}

/* One nanosleep of ns, its result (-EINTR when a handler ran). */
static inline long nanosleep_ns(long long ns)
{
    static long long b[2];
#ifdef __x86_64__
    b[0] = ns / 1000000000, b[1] = ns % 1000000000;
#else
    int32_t *w = (int32_t *)b;
    long long rem;
    w[0] = (int32_t)div64(ns, 1000000000, &rem), w[1] = (int32_t)rem; /* no libgcc */
#endif
    return sys(NR(nanosleep), b, 0);
}

/* ---- children ------------------------------------------------------------- */

static inline __attribute__((noreturn)) void child_exit(int code)
{
    sys(NR(exit_group), code);
    for (;;)
        ;
}

/* wait4 for pid: its status word. Another child's SIGCHLD may end the wait
 * first (a handler without SA_RESTART: -EINTR, on Linux too): wait again,
 * as programs do. */
static inline int wait_child(long pid)
{
    static int st;
    st = -1;
    long r;
    while ((r = sys(NR(wait4), pid, &st, 0, 0)) == -EINTR)
        ;
    expect("wait4 returns the child's pid", r, pid);
    return st;
}

/* ---- the doors ------------------------------------------------------------ */

struct tdoor {
    const char *name;
    int abi64;      /* x86-64 numbers and registers, else i386 */
    el_call_fn fn;
    int cap;        /* door_capture's door, or -1 */
};
#define N(d, x) ((d)->abi64 ? NR64_##x : NR32_##x)
static struct tdoor doors[4];
static int ndoors, on_entrylab;

/* The doors to try: int 0x80 and syscall (64-bit) or __kernel_vsyscall
 * (32-bit) everywhere; entrylab's fixed vDSO stubs (64-bit sysenter, the
 * 32-bit sysenter and syscall stubs) only with ENTRYLAB=1 in the
 * environment, where the CPU accepts them. */
static inline void doors_find(char **envp)
{
    for (char **e = envp; *e; e++)
        on_entrylab |= strcmp(*e, "ENTRYLAB=1") == 0;
    unsigned long acc = 0;
    el_auxv_find(AT_ENTRYLAB_ACCEPTS, &acc);
#ifdef __x86_64__
    doors[ndoors++] = (struct tdoor){"syscall", 1, door64_syscall, DOOR_SYSCALL};
    doors[ndoors++] = (struct tdoor){"int80", 0, door64_int80, DOOR_INT80};
    if (on_entrylab && (acc & EL_ACCEPT_SYSENTER_64))
        doors[ndoors++] = (struct tdoor){"sysenter64", 1, door64_sysenter, DOOR_SYSENTER};
#else
    doors[ndoors++] = (struct tdoor){"int80", 0, door32_int80, DOOR_INT80};
    if (el_auxv_find(AT_SYSINFO, &kvs_addr))
        doors[ndoors++] = (struct tdoor){"__kernel_vsyscall", 0, door32_kvs, -1};
    if (on_entrylab && (acc & EL_ACCEPT_SYSENTER_32))
        doors[ndoors++] = (struct tdoor){"sysenter", 0, door32_sysenter, DOOR_SYSENTER};
    if (on_entrylab && (acc & EL_ACCEPT_SYSCALL_32))
        doors[ndoors++] = (struct tdoor){"syscall", 0, door32_syscall, DOOR_SYSCALL};
#endif
}
#endif
