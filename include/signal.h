/* Signals: the per-process state, how signals are raised (by a call, by a
 * fault, by a refused return) and delivered on the way back to ring 3.
 * src/signal.c holds the state and the calls, src/sigframe.c the x86 frames.
 * The layouts shared with user space are in include/uapi/sigframe.h. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "frame.h"
#include "restart.h"
#include "uapi/sigframe.h"

#define SIGBIT(sig) (1ul << ((sig) - 1))
/* Neither blocked, caught nor ignored. */
#define SIG_UNCATCHABLE (SIGBIT(EL_SIGKILL) | SIGBIT(EL_SIGSTOP))

struct k_sigaction {
    uint64_t handler;   /* EL_SIG_DFL, EL_SIG_IGN or a user address */
    uint64_t flags;     /* EL_SA_* */
    uint64_t restorer;
    uint64_t mask;      /* blocked while the handler runs */
    bool abi32;         /* installed through the i386 ABI: i386 frames (Linux's SA_IA32_ABI) */
};

/* What a signal carries to its handler: siginfo's fields that entrylab
 * fills, and for faults the trap number, error code and fault address that
 * go to sigcontext. */
struct ksiginfo {
    int signo, code;
    int pid;
    uint64_t addr;      /* si_addr for faults */
    int status;         /* SIGCHLD: the child's exit code or signal */
    int64_t utime;      /* SIGCHLD: its CPU time in clock ticks */
};

struct sigstate {
    struct k_sigaction action[EL_NSIG];
    uint64_t blocked;
    uint64_t pending;
    struct ksiginfo info[EL_NSIG];  /* one per pending signal: not queued */
    uint64_t alt_sp, alt_size;      /* sigaltstack; alt_size 0: none */
    uint32_t alt_flags;             /* EL_SS_AUTODISARM */
    /* sigcontext's trapno, err and cr2: Linux keeps the last trap's. */
    uint64_t trapno, error_code, cr2;
    /* Work for the way out that the fast way tests in one load, exit_flags
     * (syscall/dispatch.c); any of them sends a call the full way. */
    union {
        struct {
            /* The frame now holds all of ring 3's registers (a handler's
             * start, or sigreturn's restore): the way out must be iretq,
             * which clobbers none. */
            bool full_return;
            /* rt_sigsuspend: the mask to put in the next frame, and back after. */
            bool suspend_restore;
            /* The fast way met a call that needs the whole frame
             * (sys_full_frame): the full way runs it. */
            bool full_call;
            /* A signal was made pending (signal_raise), blocked or not:
             * set with every pending bit, and set again from pending
             * alone at the end of every full way (syscall/dispatch.c,
             * exit_choice), so it is never clear while one is pending. */
            bool raised;
        };
        uint32_t exit_flags;
    };
    uint64_t saved_mask;
    /* What restart_syscall resumes (include/restart.h). */
    struct restart_block restart;
};

struct process;
struct sc_call;

/* "SIGSEGV" for 11; "real-time" for 32..64. */
const char *signal_name(int sig);

/* A fresh program: every action default, nothing blocked or pending. */
void signal_init(struct process *p);

/* Adds bits to p's pending set, and sets p->sig.raised, which the fast
 * way tests (the only way a bit becomes pending). */
void signal_raise(struct process *p, uint64_t bits);

/* Marks sig pending for the running program (kill, tgkill, tkill). */
void signal_send(struct process *p, const struct ksiginfo *info);

/* A signal the program cannot refuse (a fault, a broken frame): if it is
 * blocked or ignored, its action becomes the default (Linux's force_sig). */
void signal_force(struct process *p, const struct ksiginfo *info);

/* The way back to ring 3, from a system call or an exception: delivers the
 * pending unblocked signals into f, then makes sure f is a frame the kernel
 * may return to; a refused one raises SIGSEGV as Linux's faulting iret
 * does. May end the program instead of returning. */
void signal_return(struct frame *f);

/* A fault in ring 3 (c_exception): turns it into its signal, as Linux does,
 * and delivers it; a fault with no handler ends the program. code: the
 * si_code when the caller knows it (a #PF's from mm_fault, a #DB's from
 * src/debugreg.c), else 0. */
void signal_trap(struct frame *f, uint64_t cr2, int code);

/* --- src/sigframe.c: the x86 frames ------------------------------------- */

/* Pushes the frame of a handler for info->signo onto the user stack and
 * points f at the handler. false when the frame cannot be written. */
bool sigframe_setup(struct process *p, struct frame *f, const struct k_sigaction *ka,
                    const struct ksiginfo *info, uint64_t oldmask);
/* Sets up a clean FPU for a handler. */
void sigframe_fpu_reset(void);
/* Which stack the next frame goes on. */
bool signal_on_altstack(const struct process *p, uint64_t sp);
/* The MXCSR bits this CPU accepts (fxrstor faults on the others). */
uint32_t sigframe_mxcsr_mask(void);
/* siginfo as a handler gets it (ptrace's GETSIGINFO too). */
void sigframe_fill_info64(struct el_siginfo_64 *si, const struct ksiginfo *info);
void sigframe_fill_info32(struct el_siginfo_32 *si, const struct ksiginfo *info);
/* sigreturn (i386), rt_sigreturn (both ABIs) are in src/sigframe.c. */
