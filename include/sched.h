/* The process table and the scheduler (src/scheduler.c): preemptive round
 * robin on the 100 Hz timer, one CPU. The kernel runs with IF clear and
 * switches only at safe points: a timer tick that came from ring 3, and
 * the blocking calls (wait4, nanosleep, pause, rt_sigsuspend, vfork, futex,
 * sched_yield). Every switch goes through the runner's context (the
 * kernel's boot stack), which also idles and frees what the dead held. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "frame.h"

#define NPROC 16              /* processes at a time, the top-level program included */
#define KSTACK_SIZE 16384     /* each process's kernel stack */

struct process;

/* Runs top (loaded, not yet started) and every process it forks, until
 * all of them have ended: top's end is in top->end. */
void sched_run_tree(struct process *top);

/* A copy of model for a fork child, with a table slot and kernel stack of
 * its own, not yet runnable: NULL when the table is full. */
struct process *sched_alloc(const struct process *model);
/* Makes p (a fork child whose kernel stack holds its frame) runnable. */
void sched_start_child(struct process *p);
/* A pid for a new process (the runner is 1). */
int sched_new_pid(void);
/* Saves the CPU's user state (FPU, selectors, bases: the current
 * process's) into p, a fork child. */
void sched_save_cpu_into(struct process *p);
/* Gives the current process p a fresh program's CPU state (execve). */
void sched_fresh_cpu(struct process *p);
/* The process with this pid that has not been reaped, or NULL. */
struct process *sched_find(int pid);
/* Iterates the table: the first process at slot >= *i, or NULL. */
struct process *sched_next(int *i);
/* The frame ring 3 entered with, at the top of p's kernel stack. */
struct frame *sched_user_frame(struct process *p);

/* The current process gives up the CPU and stays runnable. */
void sched_yield_cpu(void);
/* The current process sleeps until sched_wake (or its wake_tsc, if set). */
void sched_block(void);
void sched_wake(struct process *p);
/* Blocks until the next timer tick (or a wake): the polling waits of the
 * console, pipes and poll, which look again after it; others run meanwhile. */
void sched_wait_tick(void);
/* Blocks until the TSC reaches deadline (UINT64_MAX: no timer) or a
 * signal arrives that mask leaves through: 0, or -ERESTARTNOHAND (a
 * caller that restarts otherwise returns its own ERESTART* code). */
int sched_sleep_until(uint64_t deadline, uint64_t mask);
/* Whether a signal the mask does not block is pending. */
bool sched_signal_pending(const struct process *p, uint64_t mask);

/* Timer IRQ 0 (idt/trap.c irq(), after the EOI): the watchdog, sleepers,
 * and preemption when it came from ring 3. */
void sched_tick(struct frame *f);

/* The current process has ended (its end and status are set): tells its
 * parent, gives its children to the runner, and never returns. */
__attribute__((noreturn)) void sched_exit_current(void);
/* Threads (src/thread.c): exit of the current thread (the group's end if
 * it is the last), the end of every other thread of p's group, and a wake
 * for every thread of a group (a child's end for a wait4 in any of them). */
__attribute__((noreturn)) void sched_thread_exit(int status);
void sched_end_other_threads(struct process *p);
void sched_wake_group(struct process *g);
/* Frees a zombie's slot (wait4 reaped it). */
void sched_release(struct process *p);
/* The status word, waitid's code and status of an ended process. */
void proc_set_wait_status(struct process *p);
