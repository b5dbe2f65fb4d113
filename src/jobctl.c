/* Job control (include/jobctl.h): group stops and SIGCONT, after Linux
 * 6.1's do_signal_stop, prepare_signal and do_notify_parent_cldstop. One
 * CPU and a kernel that switches only at safe points make it simpler than
 * Linux's: when the thread that took the stop signal stops, no other
 * thread of its group is running, so the whole group is stopped at once
 * (Linux counts its threads down with group_stop_count); the others are
 * simply not scheduled until SIGCONT (or SIGKILL) comes. */
#include "cpu.h"
#include "jobctl.h"
#include "kstring.h"
#include "proc.h"
#include "sched.h"
#include "signal.h"
#include "thread.h"
#include "uapi/linux_wait.h"

bool jobctl_is_stop(int sig) { return sig >= 1 && sig <= 32 && (JOBCTL_STOP_MASK & SIGBIT(sig)); }

/* SIGCHLD to the process that waits for g: its parent, and a tracer of one
 * of its threads that is not the parent. SA_NOCLDSTOP in the receiver's
 * action keeps the signal back; its wait wakes all the same. */
static void tell(struct process *to, struct process *g, int code, int sig)
{
    const struct k_sigaction *ka = &to->sig.action[EL_SIGCHLD - 1];
    if (!(ka->flags & EL_SA_NOCLDSTOP))
        signal_send(thread_signal_target(to, EL_SIGCHLD),
                    &(struct ksiginfo){.signo = EL_SIGCHLD, .code = code, .pid = g->pid, .status = sig});
    sched_wake_group(to);
}

static struct process *tracer_of(struct process *g)
{
    int i = 0;
    for (struct process *q; (q = sched_next(&i));)
        if (proc_group(q) == g && q->pt.tracer)
            return q->pt.tracer;
    return 0;
}

static void notify(struct process *g, int code, int sig)
{
    struct process *t = tracer_of(g);
    if (g->parent)
        tell(g->parent, g, code, sig);
    if (t && t != g->parent)
        tell(t, g, code, sig);
}

void jobctl_prepare(struct process *t, int sig)
{
    struct process *g = proc_group(t);
    uint64_t drop;
    if (sig == EL_SIGCONT)
        drop = JOBCTL_STOP_MASK;
    else if (jobctl_is_stop(sig))
        drop = SIGBIT(EL_SIGCONT);
    else
        return;
    int i = 0;
    for (struct process *q; (q = sched_next(&i));)
        if (proc_group(q) == g)
            q->sig.pending &= ~drop;
    if (sig != EL_SIGCONT || !g->jc.stopped)
        return;
    /* The group goes on: a stop not yet reported is forgotten, the
     * continue is reported instead (Linux's SIGNAL_STOP_CONTINUED). */
    g->jc.stopped = false;
    g->jc.report_stop = g->jc.report_tracer = false;
    g->jc.report_cont = true;
    i = 0;
    for (struct process *q; (q = sched_next(&i));)
        if (proc_group(q) == g && q->jc.in_stop)
            sched_wake(q);
    notify(g, CLD_CONTINUED, EL_SIGCONT);
}

void jobctl_stop(struct process *p, struct frame *f, int sig)
{
    struct process *g = proc_group(p);
    (void)f; /* stays as it is on p's kernel stack: the way back goes on after */
    g->jc.stopped = true;
    g->jc.stop_sig = sig;
    g->jc.report_stop = true;
    g->jc.report_cont = false;
    g->jc.report_tracer = tracer_of(g) != 0;
    notify(g, CLD_STOPPED, sig);
    p->jc.in_stop = true;
    while (g->jc.stopped && !(p->sig.pending & SIGBIT(EL_SIGKILL)))
        sched_block();
    p->jc.in_stop = false;
}

bool jobctl_frozen(const struct process *t)
{
    return proc_group(t)->jc.stopped && !(t->sig.pending & SIGBIT(EL_SIGKILL));
}

bool jobctl_take(struct process *ch, uint32_t options, bool consume, int *status, int *code, int *cld_status)
{
    struct jobctl *j = &ch->jc;
    if (ch != proc_group(ch) || ch->state == PS_ZOMBIE)
        return false;
    if ((options & WSTOPPED) && j->stopped && j->report_stop) {
        *status = j->stop_sig << 8 | 0x7f;
        *code = CLD_STOPPED;
        *cld_status = j->stop_sig;
        if (consume)
            j->report_stop = false;
        return true;
    }
    if ((options & WCONTINUED) && j->report_cont) {
        *status = 0xffff;
        *code = CLD_CONTINUED;
        *cld_status = EL_SIGCONT;
        if (consume)
            j->report_cont = false;
        return true;
    }
    return false;
}

bool jobctl_take_traced(struct process *q, bool consume, int *status)
{
    struct process *g = proc_group(q);
    if (!g->jc.stopped || !g->jc.report_tracer || g->state == PS_ZOMBIE)
        return false;
    *status = g->jc.stop_sig << 8 | 0x7f;
    if (consume) {
        g->jc.report_tracer = false;
        /* The tracer is the parent: its wait has seen the stop, once
         * (Linux's wait treats a child its parent traces as a tracee). */
        if (q->pt.tracer == g->parent)
            g->jc.report_stop = false;
    }
    return true;
}

void jobctl_fork_child(struct process *ch) { memset(&ch->jc, 0, sizeof ch->jc); }
