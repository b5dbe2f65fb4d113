/* Programs and the runner: one program at a time, in module order. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "frame.h"
#include "signal.h"
#include "mm.h"

#define PROC_MAX_ARGS 32

enum proc_end { PROC_RUNNING, PROC_EXITED, PROC_KILLED, PROC_REFUSED, PROC_TIMEOUT, PROC_SIGNALED };

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
    bool pending_tf;             /* TF to give back (see c_exception) */
    uint64_t deadline;           /* TSC value past which the watchdog kills it */
    int expect_vector;           /* entrylab_expect, or -1 */
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
};

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
/* The watchdog: whether the running program has used up its time
 * (kernel command line timeout=SECONDS, default 10), and its end. */
bool proc_overtime(void);
/* Kills the program if it is past its time (long loops in system calls). */
void proc_check_time(const struct frame *f);
__attribute__((noreturn)) void proc_kill_timeout(const struct frame *f);
/* exit and exit_group. */
__attribute__((noreturn)) void proc_exit(int status);
/* A #DB in ring 0 at a sysenter entry: TF came from the user. */
bool proc_entry_debug_trap(struct frame *f);
/* A fault in ring 0 on a return instruction (iretq, sysret, sysexit). */
bool proc_return_fault(const struct frame *f);

/* src/exec.c: a fresh address space from an ELF file, with argv. */
int exec_load(struct process *p, const void *file, uint64_t size, char *err, uint64_t errlen);
/* The same for the probe: only the vDSO, the probe code and a stack. */
int exec_probe(struct process *p, bool is64, uint64_t entry_offset);
void exec_free(struct process *p);
