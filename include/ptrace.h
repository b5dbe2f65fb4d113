/* ptrace (src/ptrace.c): one thread traces another. A traced thread stops
 * (a ptrace-stop) at a signal it is about to take, at system call entry
 * and exit when its tracer asked for them, and after an execve; it stays
 * stopped, blocked inside the kernel with its user frame on its kernel
 * stack, until the tracer resumes it. While it is
 * stopped the tracer reads and writes that frame (GETREGS, POKEUSER...),
 * its memory and its debug registers. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "signal.h"

struct process;
struct sc_call;
struct frame;

/* How the tracer last resumed the tracee. */
enum pt_resume { PT_CONT, PT_SYSCALL, PT_SYSEMU, PT_STEP, PT_SYSEMU_STEP };

struct ptrace_state {
    struct process *tracer;  /* the tracing thread group's leader; NULL: not traced */
    uint32_t options;        /* PTRACE_O_* */
    bool seized;             /* PTRACE_SEIZE: no SIGSTOP at attach, event stops */
    enum pt_resume resume;
    bool stopped;            /* in a ptrace-stop now */
    bool reported;           /* the tracer's wait has seen this stop */
    bool forced_tf;          /* TF in the frame is the tracer's (SINGLESTEP), not the program's */
    int status;              /* the stop's wait status word */
    int resume_sig;          /* the signal the tracer resumed with */
    struct ksiginfo si;      /* the stop's siginfo (GETSIGINFO) */
    struct frame *frame;     /* the user frame, while stopped */
    uint64_t eventmsg;       /* PTRACE_GETEVENTMSG */
};

/* The dispatcher's traced call, around the handler: the syscall-entry
 * stop (false: skip the call, rax is the result), and the exit stop. */
bool ptrace_syscall_enter(struct sc_call *c);
void ptrace_syscall_leave(struct sc_call *c);

/* signal_return is about to take sig (pending, with its info) in a traced
 * thread: the signal-delivery stop. Returns the signal to take instead
 * (pending now, info set), or 0 for none. */
int ptrace_signal_stop(struct process *p, struct frame *f, int sig);

/* After a successful execve: the exec event stop or the legacy SIGTRAP. */
void ptrace_exec(struct process *p, struct frame *f);

/* The current thread p is about to end with this wait status word (exit,
 * exit_group, a fatal signal or fault): the exit event stop, with
 * PTRACE_O_TRACEEXIT (GETEVENTMSG: the status word). */
void ptrace_exit_event(struct process *p, int wait_status);

/* A thread group ends: its tracees go free (or die: EXITKILL), and the
 * ending threads leave their tracer. */
void ptrace_group_ends(struct process *g);

/* wait4's view (src/wait.c): whether q is traced by the group g, and a
 * stop of q that g's wait may report (then *status is its status word). */
bool ptrace_traced_by(const struct process *q, const struct process *g);
bool ptrace_take_stop(struct process *q, bool consume, int *status);

/* A fork, vfork or clone child of parent (clone's flags): untraced, or,
 * when parent's options ask for the clone's event, traced by the same
 * tracer and stopped by SIGSTOP at its start. Returns the event for
 * ptrace_fork_event (PTRACE_EVENT_FORK, VFORK, CLONE), or 0. */
int ptrace_fork_child(struct process *child, const struct process *parent, uint32_t flags);
/* The parent's event stop, once the child runs (GETEVENTMSG: its pid). */
void ptrace_fork_event(struct process *parent, struct frame *f, int ev, int child_pid);
