/* Job control (src/jobctl.c): the group stop of SIGSTOP, SIGTSTP, SIGTTIN
 * and SIGTTOU, and SIGCONT, as Linux 6.1's kernel/signal.c gives them. A
 * stop signal whose action is the default stops the whole thread group:
 * the thread that took it blocks on its way back to ring 3, the others are
 * not scheduled (they stay where they were switched out, inside the kernel
 * with their user frames intact). SIGCONT, when it is sent, resumes them.
 * The parent hears of both (SIGCHLD CLD_STOPPED / CLD_CONTINUED, wait's
 * WUNTRACED and WCONTINUED). A ptrace-stop (src/ptrace.c) is another state;
 * a traced thread's group stop is reported to its tracer's wait once. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

struct process;
struct frame;
struct ksiginfo;

/* Per thread group, in its leader (a thread's own copy is unused but
 * for in_stop). */
struct jobctl {
    bool stopped;        /* in a group stop (Linux's SIGNAL_STOP_STOPPED) */
    int stop_sig;        /* the signal of the last stop */
    bool report_stop;    /* a stop the parent's wait has not seen yet */
    bool report_cont;    /* a continue the parent's wait has not seen yet */
    bool report_tracer;  /* the stop, for a tracer's wait (traced threads) */
    bool in_stop;        /* per thread: blocked in jobctl_stop */
};

#define JOBCTL_STOP_MASK                                                                                     \
    (SIGBIT(EL_SIGSTOP) | SIGBIT(EL_SIGTSTP) | SIGBIT(EL_SIGTTIN) | SIGBIT(EL_SIGTTOU))

/* Whether sig's default action is a group stop. */
bool jobctl_is_stop(int sig);

/* signal_send's first step for sig sent to thread t, before it may be
 * dropped as ignored (Linux's prepare_signal): SIGCONT resumes a stopped
 * group and discards its pending stop signals, a stop signal discards a
 * pending SIGCONT. */
void jobctl_prepare(struct process *t, int sig);

/* The current thread p takes stop signal sig with the default action, in
 * signal_return with its user frame f: the group stops, the parent is told,
 * and p blocks until SIGCONT or SIGKILL. */
void jobctl_stop(struct process *p, struct frame *f, int sig);

/* The scheduler's test: t belongs to a stopped group and has no SIGKILL
 * pending (SIGKILL wakes it to die). */
bool jobctl_frozen(const struct process *t);

/* wait's view of child ch (a group leader) for the group g waiting:
 * a stop (WSTOPPED) or continue (WCONTINUED) not yet reported, with its
 * status word and waitid code and status; consume clears it (no WNOWAIT).
 * jobctl_take_traced: the same for a tracee q of g, whatever the options. */
bool jobctl_take(struct process *ch, uint32_t options, bool consume, int *status, int *code, int *cld_status);
bool jobctl_take_traced(struct process *q, bool consume, int *status);

/* A fork or clone child starts with no job-control state. */
void jobctl_fork_child(struct process *ch);
