/* clone for threads (include/thread.h). The flag rule: CLONE_VM, CLONE_FS,
 * CLONE_FILES, CLONE_SIGHAND and CLONE_THREAD come all together (what
 * glibc's and musl's pthread_create pass) or not at all (a fork-like
 * clone, src/fork.c). Linux's own refusals are -EINVAL: CLONE_THREAD
 * without CLONE_SIGHAND, CLONE_SIGHAND without CLONE_VM; the partial
 * sharing Linux allows (CLONE_VM alone: posix_spawn's CLONE_VM|CLONE_VFORK,
 * CLONE_FILES alone, ...) is -EINVAL here too, and so is CLONE_VFORK or
 * CLONE_PARENT with CLONE_THREAD. CLONE_SYSVSEM and CLONE_DETACHED are
 * accepted and mean nothing (no System V semaphores). */
#include "cpu.h"
#include "errno.h"
#include "gdt.h"
#include "kstring.h"
#include "layout.h"
#include "proc.h"
#include "sched.h"
#include "signal.h"
#include "syscall.h"
#include "thread.h"
#include "uaccess.h"

extern char fork_child_ret[];

#define THREAD_FLAGS (THREAD_SHARE_FLAGS | CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | \
                      CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID | CLONE_DETACHED | CSIGNAL)

int thread_tls_parse(struct sc_call *c, uint32_t flags, uint64_t tls, struct thread_tls *t)
{
    struct process *p = cpu0.proc;
    memset(t, 0, sizeof *t);
    if (!(flags & CLONE_SETTLS))
        return 0;
    t->set = true;
    t->is64 = !sc_abi32(c);
    if (t->is64) {
        /* As arch_prctl(ARCH_SET_FS): a user address only. */
        if (tls >= USER_END)
            return -EPERM;
        t->fs_base = tls;
        return 0;
    }
    /* i386: a struct user_desc for one of the TLS slots, as set_thread_area
     * takes it (entry_number -1 is refused: nothing to allocate from). */
    return tls_desc_read(p, tls & 0xFFFFFFFFu, false, &t->slot, &t->desc);
}

void thread_tls_apply(struct process *p, const struct thread_tls *t)
{
    if (!t->set)
        return;
    if (t->is64) {
        p->fs_base = t->fs_base;
        p->cpu.fs_base = t->fs_base;
    } else {
        p->tls[t->slot] = t->desc;
        /* A switch restores the saved bases after the selectors: a selector
         * that names the new slot must come back with the new base. */
        uint64_t base = ((t->desc >> 16) & 0xFFFFFF) | ((t->desc >> 56) << 24);
        uint16_t sel = (uint16_t)((GDT_TLS_FIRST + t->slot) << 3);
        if ((p->cpu.gs & ~3u) == sel)
            p->cpu.gs_base = base;
        if ((p->cpu.fs & ~3u) == sel)
            p->cpu.fs_base = base;
    }
}

int64_t thread_clone(struct sc_call *c, uint32_t flags, uint64_t newsp, uint64_t ptid, uint64_t ctid,
                     uint64_t tls)
{
    struct process *p = cpu0.proc, *g = proc_group(p);
    if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
        return -EINVAL;
    if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
        return -EINVAL;
    if ((flags & THREAD_SHARE_FLAGS) != THREAD_SHARE_FLAGS || (flags & ~THREAD_FLAGS))
        return -EINVAL;
    struct thread_tls tt;
    int e = thread_tls_parse(c, flags, tls, &tt);
    if (e)
        return e;
    struct process *t = sched_alloc(p);
    if (!t)
        return -EAGAIN;
    t->group = g;
    t->nthreads = 0;
    g->nthreads++;
    t->pid = sched_new_pid();
    t->parent = 0;       /* no one's child: only its leader is (wait4 sees the group once) */
    t->ppid = g->ppid;   /* getppid: the group's parent */
    t->exit_signal = 0; /* a thread's end signals nobody */
    /* Its argv and name: pointers into its own copy of the strings. */
    if (t->name >= p->args && t->name < p->args + sizeof p->args)
        t->name = t->args + (t->name - p->args);
    else if (t->name >= p->exe && t->name < p->exe + sizeof p->exe)
        t->name = t->exe + (t->name - p->exe);
    for (int i = 0; i < t->argc; i++)
        if (t->argv[i] >= p->args && t->argv[i] < p->args + sizeof p->args)
            t->argv[i] = t->args + (t->argv[i] - p->args);
    t->map.count = 0; /* the leader's is the one in use */
    t->futex_wait = false;
    /* Signals: the mask is inherited, nothing pending; a new thread has no
     * alternate stack (Linux clears it for CLONE_VM). */
    t->sig.pending = 0;
    memset(t->sig.info, 0, sizeof t->sig.info);
    t->sig.exit_flags = 0; /* full_return, suspend_restore, full_call, raised */
    t->sig.alt_sp = t->sig.alt_size = 0;
    t->sig.alt_flags = 0;
    return clone_start_child(t, c, flags, newsp, ptid, ctid, &tt);
}

int clone_start_child(struct process *ch, const struct sc_call *c, uint32_t flags, uint64_t newsp,
                      uint64_t ptid, uint64_t ctid, const struct thread_tls *tls)
{
    ch->syscalls = 0; /* its own record: no calls yet, not ended, no waits */
    ch->end = PROC_RUNNING;
    ch->status = 0;
    ch->refused = 0;
    ch->term_signal = 0;
    ch->vfork_child = 0;
    ch->reap_by_runner = false;
    ch->wake_tsc = ch->wake_tick = 0;
    ch->ts.start_tsc = ch->out_tsc = rdtsc();
    ch->ts.slept_tsc = 0;
    ch->ts.robust_head = ch->ts.robust_len = 0; /* per thread: not inherited */
    int ev = ptrace_fork_child(ch, cpu0.proc, flags); /* untraced, or its tracer's */
    jobctl_fork_child(ch);                      /* not stopped (include/jobctl.h) */
    ch->tid_address = flags & CLONE_CHILD_CLEARTID ? ctid : 0;
    ch->set_child_tid = flags & CLONE_CHILD_SETTID ? ctid : 0;
    sched_save_cpu_into(ch); /* the caller's FPU, selectors and bases now */
    debugreg_fork(ch);       /* no breakpoints (Linux's copy_thread) */
    ioport_fork(ch);         /* the caller's ports and iopl level */
    thread_tls_apply(ch, tls);

    struct frame *cf = sched_user_frame(ch);
    *cf = *c->frame;
    cf->rax = 0;
    if (newsp)
        cf->rsp = newsp;
    memset(&ch->ctx, 0, sizeof ch->ctx);
    ch->ctx.rsp = (uint64_t)cf;
    ch->ctx.rip = (uint64_t)fork_child_ret;

    int pid = ch->pid;
    if (flags & CLONE_PARENT_SETTID)
        copy_to_user(ptid, &pid, 4); /* a bad pointer is ignored, as on Linux */
    sched_start_child(ch);
    if (ev)
        ptrace_fork_event(cpu0.proc, c->frame, ev, pid);
    return pid;
}

struct process *thread_signal_target(struct process *g, int sig)
{
    g = proc_group(g);
    if (g->nthreads <= 1 && g->state != PS_THREAD_DONE)
        return g;
    struct process *any = 0;
    int i = 0;
    for (struct process *q; (q = sched_next(&i));) {
        if (proc_group(q) != g || (q->state != PS_RUNNABLE && q->state != PS_BLOCKED))
            continue;
        if (!(q->sig.blocked & SIGBIT(sig)))
            return q;
        if (!any)
            any = q;
    }
    return any ? any : g;
}

void thread_clear_child_tid(struct process *p)
{
    uint64_t a = p->tid_address;
    p->tid_address = 0;
    /* Only while others share the memory (Linux's mm_release). */
    if (!a || proc_group(p)->nthreads <= 1)
        return;
    uint32_t zero = 0;
    if (copy_to_user(a, &zero, 4) == 0)
        futex_wake(p, a, false, ~0u, 1);
}
