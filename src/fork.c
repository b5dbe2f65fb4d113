/* fork, vfork, clone (fork-like flags here; thread flags in src/thread.c) and clone3 (-ENOSYS: glibc
 * then falls back to clone). The child is a copy of the caller: its
 * address space copy-on-write (paging_copy_space), its fds,
 * signal actions and mask, credentials and limits; its kernel stack holds
 * a copy of the caller's entry frame with rax 0, and it leaves the kernel
 * through the door the parent entered by (src/forkret.asm). */
#include "cpu.h"
#include "entry.h"
#include "errno.h"
#include "gdt.h"
#include "kstring.h"
#include "layout.h"
#include "mm.h"
#include "paging.h"
#include "proc.h"
#include "sched.h"
#include "syscall.h"
#include "uaccess.h"
#include "thread.h"
#include "uapi/linux_wait.h"


/* The flags a fork-like clone may carry. The sharing flags are threads'
 * (src/thread.c decides them). */
#define FORK_FLAGS (CSIGNAL | CLONE_VFORK | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID | \
                    CLONE_SETTLS | CLONE_SYSVSEM | CLONE_DETACHED)

static bool in(const void *ptr, const void *base, size_t size)
{
    return (const char *)ptr >= (const char *)base && (const char *)ptr < (const char *)base + size;
}

/* Pointers into the parent's own buffers must point into the child's. */
static const char *rebase(const char *ptr, const struct process *from, struct process *to)
{
    if (in(ptr, from->args, sizeof from->args))
        return to->args + (ptr - from->args);
    if (in(ptr, from->exe, sizeof from->exe))
        return to->exe + (ptr - from->exe);
    return ptr;
}

/* MAP_SHARED memory must be one memory for parent and child: every page of
 * it the parent has not touched yet is brought in before the copy, so that
 * both see the same frames (a PROT_NONE region is left as it is). */
static int populate_shared(struct process *p)
{
    for (uint32_t i = 0; i < p->map.count; i++) {
        const struct vma *v = &p->map.v[i];
        if (!(v->flags & VMA_SHARED) || !(v->prot & (VMA_R | VMA_W | VMA_X)))
            continue;
        for (uint64_t va = v->start; va < v->end; va += PAGE_SIZE)
            if (!paging_query(p->pml4, va) && mm_fault(p, va, 4 | (v->prot & VMA_W ? 2 : 0)))
                return -ENOMEM;
    }
    return 0;
}

static int64_t do_fork(struct sc_call *c, uint32_t flags, uint64_t newsp, uint64_t ptid, uint64_t ctid,
                       uint64_t tls)
{
    struct process *p = cpu0.proc, *g = proc_group(p);
    if (flags & THREAD_SHARE_FLAGS)
        return thread_clone(c, flags, newsp, ptid, ctid, tls);
    if (flags & ~FORK_FLAGS)
        return -EINVAL;
    struct thread_tls t;
    int e = thread_tls_parse(c, flags, tls, &t);
    if (e)
        return e;
    if (populate_shared(g))
        return -ENOMEM;
    struct process *ch = sched_alloc(p);
    if (!ch)
        return -EAGAIN;
    /* A thread's fork: what the group shares is its leader's. */
    ch->group = ch;
    ch->nthreads = 1;
    ch->futex_wait = false;
    if (g != p) {
        ch->map = g->map;
        ch->brk_start = g->brk_start, ch->brk = g->brk, ch->brk_limit = g->brk_limit;
        ch->ts.fds = g->ts.fds;
        memcpy(ch->sig.action, g->sig.action, sizeof ch->sig.action);
    }
    ch->pml4 = paging_copy_space(p->pml4);
    if (!ch->pml4) {
        sched_release(ch);
        return -ENOMEM;
    }
    if (fd_copy(ch, g)) {
        fd_release(ch);
        sched_release(ch);
        return -ENOMEM;
    }
    ch->pid = sched_new_pid();
    ch->parent = g;
    ch->ppid = g->pid;
    ch->exit_signal = (int)(flags & CSIGNAL);
    ch->name = rebase(ch->name, p, ch);
    for (int i = 0; i < ch->argc; i++)
        ch->argv[i] = rebase(ch->argv[i], p, ch);
    for (uint32_t i = 0; i < ch->map.count; i++)
        ch->map.v[i].name = rebase(ch->map.v[i].name, g, ch);
    ch->did_exec = false;
    /* Signals: actions, mask and alternate stack are inherited, nothing
     * pending is (Linux's fork). */
    ch->sig.pending = 0;
    memset(ch->sig.info, 0, sizeof ch->sig.info);
    ch->sig.exit_flags = 0; /* full_return, suspend_restore, full_call, raised */
    int pid = clone_start_child(ch, c, flags, newsp, ptid, ctid, &t);
    if (flags & CLONE_VFORK) {
        /* The parent waits until the child execs or ends (it has its own
         * copy of the memory, so nothing else would need the wait). */
        p->vfork_child = ch;
        while (p->vfork_child)
            sched_block();
    }
    return pid;
}

/* The child's first way out: what the door's stub does after c_syscall. */
int c_fork_return(struct frame *f);
int c_fork_return(struct frame *f)
{
    struct process *p = cpu0.proc;
    if (p->set_child_tid) {
        int pid = p->pid;
        copy_to_user(p->set_child_tid, &pid, 4);
        p->set_child_tid = 0;
    }
    return syscall_exit_choice(f);
}

int64_t sys_fork(struct sc_call *c) { return do_fork(c, EL_SIGCHLD, 0, 0, 0, 0); }
int64_t sys_vfork(struct sc_call *c) { return do_fork(c, CLONE_VFORK | EL_SIGCHLD, 0, 0, 0, 0); }

/* clone(flags, newsp, parent_tid, child_tid, tls) on x86-64; i386 has
 * tls and child_tid the other way round. Only the low 32 bits of flags
 * count, as in Linux's legacy clone. */
int64_t sys_clone(struct sc_call *c)
{
    uint64_t ctid = sc_abi32(c) ? c->arg[4] : c->arg[3];
    uint64_t tls = sc_abi32(c) ? c->arg[3] : c->arg[4];
    return do_fork(c, (uint32_t)c->arg[0], c->arg[1], c->arg[2], ctid, tls);
}

int64_t sys_clone3(struct sc_call *c)
{
    (void)c;
    return -ENOSYS; /* glibc's clone3 wrapper falls back to clone on -ENOSYS */
}
