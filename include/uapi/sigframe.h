/* Signals as Linux/x86 defines them for user space: numbers, flags, siginfo,
 * the signal contexts and the frames the kernel pushes for a handler, for
 * 64-bit programs and for i386 programs under a 64-bit kernel. The kernel
 * (src/signal.c, src/sigframe.c) and the ring-3 tests include this one file;
 * every size and offset is pinned to Linux's by the asserts at the end.
 * docs/signals.md draws the frames. */
#ifndef ENTRYLAB_SIGFRAME_H
#define ENTRYLAB_SIGFRAME_H
#include <stdint.h>

/* Signal numbers (asm/signal.h). 32..64 are the real-time signals. */
#define EL_SIGHUP 1
#define EL_SIGINT 2
#define EL_SIGQUIT 3
#define EL_SIGILL 4
#define EL_SIGTRAP 5
#define EL_SIGABRT 6
#define EL_SIGBUS 7
#define EL_SIGFPE 8
#define EL_SIGKILL 9
#define EL_SIGUSR1 10
#define EL_SIGSEGV 11
#define EL_SIGUSR2 12
#define EL_SIGPIPE 13
#define EL_SIGALRM 14
#define EL_SIGTERM 15
#define EL_SIGSTKFLT 16
#define EL_SIGCHLD 17
#define EL_SIGCONT 18
#define EL_SIGSTOP 19
#define EL_SIGTSTP 20
#define EL_SIGTTIN 21
#define EL_SIGTTOU 22
#define EL_SIGURG 23
#define EL_SIGXCPU 24
#define EL_SIGXFSZ 25
#define EL_SIGVTALRM 26
#define EL_SIGPROF 27
#define EL_SIGWINCH 28
#define EL_SIGIO 29
#define EL_SIGPWR 30
#define EL_SIGSYS 31
#define EL_NSIG 64

#define EL_SIG_DFL 0ul
#define EL_SIG_IGN 1ul

/* sa_flags */
#define EL_SA_NOCLDSTOP 0x00000001u
#define EL_SA_NOCLDWAIT 0x00000002u
#define EL_SA_SIGINFO   0x00000004u
#define EL_SA_RESTORER  0x04000000u
#define EL_SA_ONSTACK   0x08000000u
#define EL_SA_RESTART   0x10000000u
#define EL_SA_NODEFER   0x40000000u
#define EL_SA_RESETHAND 0x80000000u

/* rt_sigprocmask how */
#define EL_SIG_BLOCK 0
#define EL_SIG_UNBLOCK 1
#define EL_SIG_SETMASK 2

/* sigaltstack ss_flags */
#define EL_SS_ONSTACK 1
#define EL_SS_DISABLE 2
#define EL_SS_AUTODISARM (1u << 31)
#define EL_MINSIGSTKSZ 2048

/* si_code values */
#define EL_SI_USER 0
#define EL_SI_KERNEL 0x80
#define EL_SI_TKILL (-6)
#define EL_ILL_ILLOPN 2
#define EL_FPE_INTDIV 1
#define EL_FPE_FLTDIV 3
#define EL_FPE_FLTOVF 4
#define EL_FPE_FLTUND 5
#define EL_FPE_FLTRES 6
#define EL_FPE_FLTINV 7
#define EL_SEGV_MAPERR 1
#define EL_SEGV_ACCERR 2
#define EL_BUS_ADRALN 1
#define EL_TRAP_BRKPT 1
#define EL_TRAP_TRACE 2
#define EL_TRAP_HWBKPT 4

/* uc_flags */
#define EL_UC_FP_XSTATE 0x1
#define EL_UC_SIGCONTEXT_SS 0x2
#define EL_UC_STRICT_RESTORE_SS 0x4

/* The kernel's sigaction structures (not libc's). */
struct el_sigaction_64 {
    uint64_t handler;
    uint64_t flags;
    uint64_t restorer;
    uint64_t mask;
};
struct el_sigaction_32 {
    uint32_t handler;
    uint32_t flags;
    uint32_t restorer;
    uint32_t mask[2];
};

struct el_stack_64 {
    uint64_t sp;
    int32_t flags;
    uint32_t pad;
    uint64_t size;
};
struct el_stack_32 {
    uint32_t sp;
    int32_t flags;
    uint32_t size;
};

/* siginfo: 128 bytes; the union starts after three ints (and padding to
 * pointer alignment in the 64-bit layout). */
struct el_siginfo_64 {
    int32_t signo, errno_, code, pad;
    union {
        struct { int32_t pid; uint32_t uid; } kill;
        struct { uint64_t addr; int16_t addr_lsb; } fault;
        struct { int32_t pid; uint32_t uid; int32_t status; int64_t utime, stime; } sigchld;
        uint8_t bytes[112];
    } u;
};
struct el_siginfo_32 {
    int32_t signo, errno_, code;
    union {
        struct { int32_t pid; uint32_t uid; } kill;
        struct { uint32_t addr; int16_t addr_lsb; } fault;
        struct { int32_t pid; uint32_t uid; int32_t status; int32_t utime, stime; } sigchld;
        uint8_t bytes[116];
    } u;
};

/* The fxsave image: the FPU and SSE state in signal frames (entrylab does
 * not enable XSAVE, so uc_flags never has UC_FP_XSTATE). */
struct el_fxsave {
    uint16_t cwd, swd;
    uint8_t ftw, rsvd0;
    uint16_t fop;
    uint32_t fip, fcs, foo, fos; /* fxsave64: fip:fcs is RIP, foo:fos is RDP */
    uint32_t mxcsr, mxcsr_mask;
    uint8_t st[8][16];          /* ST0-7: 10 bytes each, padded */
    uint8_t xmm[16][16];
    uint8_t reserved[48];
    uint8_t sw_reserved[48];    /* Linux's xstate software bytes: zero here */
};

/* x86-64: struct sigcontext is glibc's gregset_t (23 words) + fpstate +
 * 8 reserved words. */
struct el_sigcontext_64 {
    uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
    uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp;
    uint64_t rip, eflags;
    uint16_t cs, gs, fs, ss;
    uint64_t err, trapno, oldmask, cr2;
    uint64_t fpstate;           /* -> struct el_fxsave, or 0 */
    uint64_t reserved1[8];
};
struct el_ucontext_64 {
    uint64_t uc_flags;
    uint64_t uc_link;
    struct el_stack_64 uc_stack;
    struct el_sigcontext_64 uc_mcontext;
    uint64_t uc_sigmask;
};
/* What the handler finds at its RSP: the return address (the restorer),
 * then the ucontext and the siginfo. The FPU state sits above, 64-aligned. */
struct el_rt_sigframe_64 {
    uint64_t pretcode;
    struct el_ucontext_64 uc;
    struct el_siginfo_64 info;
};

/* i386 */
struct el_sigcontext_32 {
    uint16_t gs, gsh, fs, fsh, es, esh, ds, dsh;
    uint32_t edi, esi, ebp, esp, ebx, edx, ecx, eax;
    uint32_t trapno, err, eip;
    uint16_t cs, csh;
    uint32_t eflags, esp_at_signal;
    uint16_t ss, ssh;
    uint32_t fpstate;           /* -> struct el_fpstate_32, or 0 */
    uint32_t oldmask, cr2;
};
/* The i387 fsave-format header that precedes the fxsave image in an i386
 * frame (Linux's struct _fpstate_32). magic 0: the fxsave image follows. */
struct el_fpstate_32 {
    uint32_t cw, sw, tag, ipoff, cssel, dataoff, datasel;
    uint8_t st[8][10];
    uint16_t status, magic;
    struct el_fxsave fx;        /* only xmm0-7 matter to i386 code */
};
#define EL_X86_FXSR_MAGIC 0x0000

struct el_ucontext_32 {
    uint32_t uc_flags;
    uint32_t uc_link;
    struct el_stack_32 uc_stack;
    struct el_sigcontext_32 uc_mcontext;
    uint32_t uc_sigmask[2];
};
/* Without SA_SIGINFO: handler(sig); back through sigreturn (119). */
struct el_sigframe_32 {
    uint32_t pretcode;
    int32_t sig;
    struct el_sigcontext_32 sc;
    struct el_fpstate_32 fpstate_unused; /* kept for the layout; the state is above */
    uint32_t extramask[1];
    uint8_t retcode[8];
};
/* With SA_SIGINFO: handler(sig, info, uc); back through rt_sigreturn (173). */
struct el_rt_sigframe_32 {
    uint32_t pretcode;
    int32_t sig;
    uint32_t pinfo;
    uint32_t puc;
    struct el_siginfo_32 info;
    struct el_ucontext_32 uc;
    uint8_t retcode[8];
};

#ifndef __cplusplus
#include <stddef.h>
/* Linux's sizes and offsets (arch/x86/include/uapi/asm/sigcontext.h,
 * ucontext.h, asm/sigframe.h, compat siginfo). */
_Static_assert(sizeof(struct el_sigaction_64) == 32, "kernel sigaction, x86-64");
_Static_assert(sizeof(struct el_sigaction_32) == 20, "kernel sigaction, i386");
_Static_assert(sizeof(struct el_stack_64) == 24 && sizeof(struct el_stack_32) == 12, "stack_t");
_Static_assert(sizeof(struct el_siginfo_64) == 128 && offsetof(struct el_siginfo_64, u) == 16, "siginfo");
_Static_assert(sizeof(struct el_siginfo_32) == 128 && offsetof(struct el_siginfo_32, u) == 12, "compat siginfo");
_Static_assert(sizeof(struct el_fxsave) == 512 && offsetof(struct el_fxsave, mxcsr) == 24 &&
               offsetof(struct el_fxsave, st) == 32 && offsetof(struct el_fxsave, xmm) == 160, "fxsave");
_Static_assert(sizeof(struct el_sigcontext_64) == 256 && offsetof(struct el_sigcontext_64, rip) == 128 &&
               offsetof(struct el_sigcontext_64, cs) == 144 && offsetof(struct el_sigcontext_64, fpstate) == 184,
               "sigcontext, x86-64");
_Static_assert(sizeof(struct el_ucontext_64) == 304 && offsetof(struct el_ucontext_64, uc_mcontext) == 40 &&
               offsetof(struct el_ucontext_64, uc_sigmask) == 296, "ucontext, x86-64");
_Static_assert(sizeof(struct el_rt_sigframe_64) == 440 && offsetof(struct el_rt_sigframe_64, info) == 312,
               "rt_sigframe, x86-64");
_Static_assert(sizeof(struct el_sigcontext_32) == 88 && offsetof(struct el_sigcontext_32, eip) == 56 &&
               offsetof(struct el_sigcontext_32, fpstate) == 76, "sigcontext, i386");
_Static_assert(sizeof(struct el_fpstate_32) == 624 && offsetof(struct el_fpstate_32, fx) == 112,
               "_fpstate_32");
_Static_assert(sizeof(struct el_ucontext_32) == 116 && offsetof(struct el_ucontext_32, uc_mcontext) == 20,
               "ucontext, i386");
_Static_assert(sizeof(struct el_sigframe_32) == 732 && offsetof(struct el_sigframe_32, extramask) == 720,
               "sigframe, i386");
_Static_assert(sizeof(struct el_rt_sigframe_32) == 268 && offsetof(struct el_rt_sigframe_32, uc) == 144,
               "rt_sigframe, i386");
#endif

#endif
