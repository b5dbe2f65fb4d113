/* Processes and the runner. The runner starts each program module in
 * order; a program may fork, and the runner waits for the whole process
 * tree before the next module (src/scheduler.c runs the tree). */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "debugreg.h"
#include "frame.h"
#include "gdt.h"
#include "ioport.h"
#include "jobctl.h"
#include "signal.h"
#include "mm.h"
#include "ptrace.h"
#include "task.h"

#define PROC_MAX_ARGS 32

enum proc_end { PROC_RUNNING, PROC_EXITED, PROC_KILLED, PROC_REFUSED, PROC_TIMEOUT, PROC_SIGNALED };
/* Scheduling state (src/scheduler.c). A zombie has ended and waits for its
 * parent's wait4; the runner has already freed its address space. */
enum proc_state { PS_FREE = 0, PS_RUNNABLE, PS_BLOCKED, PS_ZOMBIE, PS_THREAD_DONE };
/* PS_THREAD_DONE: a group leader whose own thread has ended (exit) while
 * other threads of its group still run: it holds the group's memory, fds
 * and signal actions, and becomes a zombie when the last thread ends. */

/* Callee-saved registers of a kernel context (src/switch.asm). */
struct kctx {
    uint64_t rbx, rbp, r12, r13, r14, r15, rsp, rip;
};

/* The user CPU state a switch saves beyond the frame on the kernel stack:
 * the FPU/SSE image, the segment selectors and the FS and GS bases. */
struct user_cpu {
    uint8_t fpu[512] __attribute__((aligned(16))); /* fxsave64 image */
    uint64_t fs_base, gs_base;
    uint16_t ds, es, fs, gs;
    bool valid;                  /* false: never ran, start clean */
};

struct process {
    int pid;
    const char *name;            /* argv[0] */
    char args[256];              /* the module string, split into argv */
    const char *argv[PROC_MAX_ARGS];
    int argc;
    bool is64;                   /* ELF64: 64-bit mode; ELF32: compatibility mode */
    uint64_t *pml4;
    uint64_t brk_start, brk, brk_limit;
    uint64_t fs_base, gs_base;   /* arch_prctl */
    uint64_t tls[3];             /* set_thread_area's GDT descriptors */
    uint64_t tid_address;
    /* Work before a system call, which sends it the full way; the fast way
     * tests both in one load (syscall/dispatch.c). */
    union {
        struct {
            bool pending_tf;     /* TF to give back (see c_exception) */
            bool syscall_trace;  /* ptrace: stops or a step at system calls (src/ptrace.c) */
        };
        uint16_t entry_work;
    };
    uint64_t deadline;           /* TSC value past which the watchdog kills it */
    int expect_vector;           /* entrylab_expect, or -1 */
    uint32_t syscalls;           /* system calls it made (entrylab_info) */
    struct frame start;          /* registers of the first instruction */
    struct sigstate sig;         /* src/signal.c */
    struct vma_map map;          /* the address space's regions (include/mm.h) */

    /* how it ended */
    enum proc_end end;
    int status;
    struct frame fault;          /* the frame of the fatal fault */
    uint64_t fault_cr2;
    const char *refused;         /* why the kernel would not return */
    int term_signal;             /* PROC_SIGNALED: the signal's number */

    struct task_state ts;        /* fds, ids, limits, ... (include/task.h) */

    /* --- processes and scheduling (src/scheduler.c, src/fork.c, src/wait.c) */
    enum proc_state state;
    int slot;                    /* index in the process table: its kernel stack */
    bool pooled;                 /* a fork child: its struct is the table's */
    struct process *parent;      /* NULL: the runner, pid 1 */
    int ppid;                    /* parent's pid, kept with parent (getppid reads only this) */
    int exit_signal;             /* sent to the parent at the end (SIGCHLD; clone's CSIGNAL) */
    struct kctx ctx;             /* while switched out */
    struct user_cpu cpu;
    uint64_t kstack_top;
    uint64_t wake_tsc;           /* blocked in a sleep: the TSC to wake at, else 0 */
    uint64_t wake_tick;          /* blocked until this timer tick (sched_wait_tick), else 0 */
    uint64_t out_tsc;            /* when it was switched out (not CPU time) */
    struct process *vfork_child; /* vfork: blocked until this child execs or ends */
    bool reap_by_runner;         /* the parent ignores SIGCHLD: no zombie for it */
    int wait_status;             /* Linux's wait status word, set at the end */
    int cld_code, cld_status;    /* waitid's si_code and si_status */
    uint64_t cpu_ns;             /* CPU time at the end (rusage, SIGCHLD) */
    uint64_t set_child_tid;      /* CLONE_CHILD_SETTID: written when the child first runs */
    bool did_exec;               /* execve'd since its fork (setpgid's -EACCES) */
    char exe[64];                /* execve: the module's name (name points here) */

    /* --- threads (src/thread.c, src/futex.c) */
    struct process *group;       /* the thread group's leader (itself for a leader; NULL: itself) */
    int nthreads;                /* the leader: threads of its group not yet ended, itself included */
    bool futex_wait;             /* blocked in FUTEX_WAIT on futex_key */
    uint64_t futex_key[2];       /* (group, address) for private memory, (0, physical) for shared */
    uint32_t futex_bits;         /* FUTEX_WAIT_BITSET's mask */

    /* --- hardware breakpoints, per thread (src/debugreg.c) */
    struct debugregs dr;

    /* --- I/O ports (src/ioport.c), per thread: ioperm's bitmap, iopl's level */
    struct ioport io;

    /* --- ptrace (src/ptrace.c), per thread */
    struct ptrace_state pt;

    /* --- job control (src/jobctl.c): the group's stop, in its leader */
    struct jobctl jc;
};

/* The leader of p's thread group: it owns what threads share (the region
 * map and brk, the fd table, the signal actions; the page tables are one
 * pml4 that every thread points to), and its pid is getpid's. */
static inline struct process *proc_group(const struct process *p)
{
    return p->group ? p->group : (struct process *)p;
}

/* Runs every program module, printing KTAP results after the optional
 * kernel self-test suite. Returns true when all passed. */
bool runner_run(bool ktest);
/* Runs one program quietly to completion (the boot probe). */
enum proc_end proc_run_quiet(struct process *p, uint64_t *vector);

/* A user fault ended the program (c_exception). */
__attribute__((noreturn)) void proc_kill_fault(const struct frame *f);
/* The kernel would not return to this frame (c_syscall). */
__attribute__((noreturn)) void proc_kill_refused(const struct frame *f, const char *why);
/* A signal's default action ended the program (not a fault's: those end
 * through proc_kill_fault with the fault's report). */
__attribute__((noreturn)) void proc_kill_signal(const struct frame *f, int sig);
/* " #PF error=0x6 addr=0x0 at rip=0x401005": how p ended, for a report. */
void proc_print_fault(const struct process *p);
/* The watchdog: whether the running program has used up its time
 * (kernel command line timeout=SECONDS, default 10), and its end. */
bool proc_overtime(void);
/* Kills the program if it is past its time (long loops in system calls). */
void proc_check_time(const struct frame *f);
__attribute__((noreturn)) void proc_kill_timeout(const struct frame *f);
/* p->fault = f, as ring 3 would see it return (a system call's fast frame
 * leaves slots out: include/frame.h); every kill and end_other report it. */
void proc_keep_fault(struct process *p, const struct frame *f);
/* exit and exit_group. */
__attribute__((noreturn)) void proc_exit(int status);
/* A #DB in ring 0 at a sysenter entry: TF came from the user. */
bool proc_entry_debug_trap(struct frame *f);
/* A fault in ring 0 on a return instruction (iretq, sysret, sysexit). */
bool proc_return_fault(const struct frame *f);

/* cpu0.fast_proc for p, the program running now: p when its system calls
 * may take the fast way, 0 while it has entry work (a tracer's system-call
 * stops, a TF for sysenter to give back). Called where p starts to run and
 * where a full way ends; whatever sets entry work for the running program
 * clears cpu0.fast_proc itself (proc_entry_debug_trap). */
static inline void proc_fast_refresh(struct process *p)
{
    cpu0.fast_proc = p->entry_work ? 0 : p;
}

/* src/exec.c: a fresh address space from an ELF file, with p's argv and
 * the runner's environment; exec_load_env with the caller's (execve). */
int exec_load(struct process *p, const void *file, uint64_t size, char *err, uint64_t errlen);
int exec_load_env(struct process *p, const void *file, uint64_t size, int argc, const char *const *argv,
                  int envc, const char *const *envp, const char *execfn, char *err, uint64_t errlen);
/* The same for the probe: only the vDSO, the probe code and a stack;
 * exec_code with other code (at most a page, at PROBE_ADDR: src/ktest.c). */
int exec_probe(struct process *p, bool is64, uint64_t entry_offset);
int exec_code(struct process *p, bool is64, const void *start, uint64_t len, uint64_t entry_offset);
void exec_free(struct process *p);
