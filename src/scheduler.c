/* The process table and the scheduler (include/sched.h): round robin over
 * the runnable processes, preempted by the 100 Hz timer when a tick finds
 * ring 3 running and another process waiting. Every switch goes through
 * the runner's context, on the boot stack: a process saves its kernel
 * registers (src/switch.asm) and its user CPU state, the runner picks the
 * next one and loads that one's. The runner also idles when nothing can
 * run, wakes sleepers, enforces the tree's watchdog and frees what dead
 * processes held: a process cannot free the address space or the stack it
 * is running on. */
#include "clock.h"
#include "console.h"
#include "cpu.h"
#include "errno.h"
#include "gdt.h"
#include "idt.h"
#include "kstring.h"
#include "layout.h"
#include "paging.h"
#include "proc.h"
#include "sched.h"
#include "signal.h"
#include "thread.h"
#include "uapi/entrylab.h"
#include "uapi/linux_wait.h"

int ctx_save(struct kctx *c) __attribute__((returns_twice));
__attribute__((noreturn)) void ctx_resume(struct kctx *c);
__attribute__((noreturn)) void user_enter(const struct frame *f);
void fpu_reset(void);
int seg_load_ds(uint16_t sel), seg_load_es(uint16_t sel), seg_load_fs(uint16_t sel), seg_load_gs(uint16_t sel);
extern char entry_sysenter32[], entry_sysenter64[];

static struct process *table[NPROC];   /* by slot; NULL: free */
static struct process pool[NPROC];     /* fork children's structs */
static uint8_t kstacks[NPROC][KSTACK_SIZE] __attribute__((aligned(16)));
static struct kctx runner_ctx;         /* the runner, while a process runs */
static struct process *loaded;         /* whose user CPU state the CPU holds */
static int last_slot;                  /* round robin: the slot that ran last */
static uint64_t tree_deadline;         /* the watchdog of the running tree */
static int next_pid = 2;               /* 1 is the runner (getppid) */
static uint64_t ticks;                 /* timer ticks so far (sched_wait_tick) */
static int in_table;                   /* processes in the table */

int sched_new_pid(void) { return next_pid++; }

struct frame *sched_user_frame(struct process *p)
{
    return (struct frame *)(p->kstack_top - sizeof(struct frame));
}

struct process *sched_next(int *i)
{
    for (; *i < NPROC; (*i)++)
        if (table[*i] && table[*i]->state != PS_FREE)
            return table[(*i)++];
    return 0;
}

struct process *sched_find(int pid)
{
    int i = 0;
    for (struct process *p; (p = sched_next(&i));)
        if (p->pid == pid)
            return p;
    return 0;
}

static int take_slot(struct process *p)
{
    for (int s = 0; s < NPROC; s++) {
        if (!table[s]) {
            table[s] = p;
            in_table++;
            p->slot = s;
            /* The frame ends below the i386 argument area (frame.h). */
            p->kstack_top = (uint64_t)(kstacks[s] + KSTACK_SIZE - I386_ARGS_SIZE);
            return s;
        }
    }
    return -1;
}

struct process *sched_alloc(const struct process *model)
{
    for (int i = 0; i < NPROC; i++) {
        struct process *c = &pool[i];
        if (c->state != PS_FREE || c->pooled) /* pooled: a reserved slot not started yet */
            continue;
        *c = *model;
        c->state = PS_FREE;
        c->pooled = true;
        if (take_slot(c) < 0) {
            c->pooled = false;
            return 0;
        }
        return c;
    }
    return 0;
}

void sched_release(struct process *p)
{
    if (p->pml4) {
        paging_free_space(p->pml4);
        p->pml4 = 0;
    }
    if (p->slot >= 0 && table[p->slot] == p) {
        table[p->slot] = 0;
        in_table--;
    }
    if (loaded == p)
        loaded = 0;
    p->state = PS_FREE;
    p->pooled = false;
    p->slot = -1;
}

void sched_start_child(struct process *p) { p->state = PS_RUNNABLE; }

/* --- the user CPU state ------------------------------------------------- */

static void save_user_cpu(struct process *p)
{
    struct user_cpu *u = &p->cpu;
    __asm__ volatile("fxsave64 %0" : "=m"(u->fpu));
    u->fs_base = rdmsr(MSR_FS_BASE);
    u->gs_base = rdmsr(MSR_KERNEL_GS_BASE); /* the user's while in the kernel */
    __asm__ volatile("mov %%ds, %0; mov %%es, %1; mov %%fs, %2; mov %%gs, %3"
                     : "=r"(u->ds), "=r"(u->es), "=r"(u->fs), "=r"(u->gs));
    u->valid = true;
}

void sched_save_cpu_into(struct process *p) { save_user_cpu(p); }

/* A program's first state, as a fresh exec leaves it: flat DS and ES (iretq
 * nulls DS and ES when they hold a DPL 0 selector, and compatibility mode
 * cannot work with a null DS), null FS and GS with the bases arch_prctl
 * recorded, the TLS descriptors, a clean FPU, sysenter's stub for its width. */
void sched_fresh_cpu(struct process *p)
{
    for (int i = 0; i < 3; i++)
        gdt_set_tls(i, p->tls[i]);
    seg_load_ds(USER_DS);
    seg_load_es(USER_DS);
    seg_load_fs(0);
    seg_load_gs(0);
    wrmsr(MSR_FS_BASE, p->fs_base);
    wrmsr(MSR_KERNEL_GS_BASE, p->gs_base); /* swapgs makes it the user's */
    fpu_reset();
    wrmsr(MSR_SYSENTER_EIP, p->is64 ? (uint64_t)entry_sysenter64 : (uint64_t)entry_sysenter32);
    loaded = p;
}

static void load_user_cpu(struct process *p)
{
    uint64_t top = p->kstack_top;
    paging_switch(p->pml4);
    debugreg_switch_in(p); /* per thread, so before the shortcut below */
    if (loaded == p) /* nothing touched it since it was saved */
        return;
    /* Each process enters on its own kernel stack: int 0x80 and the
     * exceptions through TSS.RSP0, syscall through the per-CPU field,
     * sysenter through its MSR. */
    tss_set_rsp0(top);
    ioport_switch_in(p); /* its I/O permission bitmap, when it has one */
    cpu0.entry_rsp = top;
    cpu0.syscall_rsp = top - 8;
    wrmsr(MSR_SYSENTER_ESP, cpu0.syscall_rsp);
    if (!p->cpu.valid) {
        sched_fresh_cpu(p);
        return;
    }
    struct user_cpu *u = &p->cpu;
    for (int i = 0; i < 3; i++)
        gdt_set_tls(i, p->tls[i]);
    /* A selector whose descriptor the program has since cleared loads as
     * null, as Linux's switch does. */
    seg_load_ds(u->ds);
    seg_load_es(u->es);
    seg_load_fs(u->fs);
    seg_load_gs(u->gs);
    wrmsr(MSR_FS_BASE, u->fs_base);
    wrmsr(MSR_KERNEL_GS_BASE, u->gs_base);
    __asm__ volatile("fxrstor64 %0" ::"m"(u->fpu));
    wrmsr(MSR_SYSENTER_EIP, p->is64 ? (uint64_t)entry_sysenter64 : (uint64_t)entry_sysenter32);
    loaded = p;
}

/* --- switching ---------------------------------------------------------- */

/* The current process leaves the CPU; returns when the runner resumes it. */
static void switch_out(void)
{
    struct process *p = cpu0.proc;
    save_user_cpu(p);
    p->out_tsc = rdtsc();
    if (ctx_save(&p->ctx) == 0)
        ctx_resume(&runner_ctx);
}

/* The runner gives the CPU to p until p switches out. */
static void resume(struct process *p)
{
    last_slot = p->slot;
    load_user_cpu(p);
    if (p->out_tsc)
        p->ts.slept_tsc += rdtsc() - p->out_tsc; /* waiting is not CPU time */
    p->out_tsc = 0;
    cpu0.proc = p;
    proc_fast_refresh(p);
    /* SS may be null here: an interrupt from ring 3 loads a null SS, and
     * the process switched out there. AMD's sysret loads SS's selector but
     * keeps the hidden attributes of the current one, and a null SS's make
     * a 16-bit stack: the next process to leave by sysret would run with
     * SP instead of ESP (Linux's X86_BUG_SYSRET_SS_ATTRS; Bochs' AMD model
     * shows it). Every process resumes with the kernel's flat SS. */
    __asm__ volatile("mov %0, %%ss" ::"r"(KERNEL_DS));
    if (ctx_save(&runner_ctx) == 0)
        ctx_resume(&p->ctx);
    cpu0.proc = 0;
    cpu0.fast_proc = 0;
    paging_switch(paging_kernel_space());
}

void sched_yield_cpu(void) { switch_out(); }

void sched_block(void)
{
    cpu0.proc->state = PS_BLOCKED;
    switch_out();
}

void sched_wake(struct process *p)
{
    if (p && p->state == PS_BLOCKED)
        p->state = PS_RUNNABLE;
}

bool sched_signal_pending(const struct process *p, uint64_t mask) { return p->sig.pending & ~mask; }

int sched_sleep_until(uint64_t deadline, uint64_t mask)
{
    struct process *p = cpu0.proc;
    int r = 0;
    while (rdtsc() < deadline) {
        if (sched_signal_pending(p, mask)) {
            r = -ERESTARTNOHAND; /* the caller picks its own code */
            break;
        }
        p->wake_tsc = deadline; /* UINT64_MAX: only a signal or the watchdog */
        sched_block();
    }
    p->wake_tsc = 0;
    return r;
}

static void wake_sleepers(uint64_t now)
{
    for (int s = 0; s < NPROC; s++) {
        struct process *p = table[s];
        if (p && p->state == PS_BLOCKED && ((p->wake_tsc && now >= p->wake_tsc) ||
                                             (p->wake_tick && ticks >= p->wake_tick)))
            p->state = PS_RUNNABLE;
    }
}

void sched_wait_tick(void)
{
    struct process *p = cpu0.proc;
    p->wake_tick = ticks + 1;
    sched_block();
    p->wake_tick = 0;
}

static struct process *pick(void)
{
    for (int k = 1; k <= NPROC; k++) {
        struct process *p = table[(last_slot + k) % NPROC];
        if (p && p->state == PS_RUNNABLE && !jobctl_frozen(p))
            return p;
    }
    return 0;
}

void sched_tick(struct frame *f)
{
    struct process *p = cpu0.proc;
    ticks++;
    if (!(f->cs & 3) || !p) /* the runner idling: it looks for itself */
        return;
    if (proc_overtime())
        proc_kill_timeout(f);
    if (in_table == 1) /* a program alone: nothing to wake or switch to */
        return;
    wake_sleepers(rdtsc());
    bool other = false;
    for (int s = 0; s < NPROC && !other; s++)
        other = table[s] && table[s] != p && table[s]->state == PS_RUNNABLE && !jobctl_frozen(table[s]);
    if (!other)
        return;
    /* Ring 3 was running: every user register is in f, on this process's
     * own kernel stack. The way back is isr_common's iretq. */
    sched_yield_cpu();
    if (p->sig.pending & ~p->sig.blocked) {
        signal_return(f); /* a signal another process sent meanwhile */
        p->sig.full_return = false; /* iretq already */
    }
}

/* --- the end of a process ----------------------------------------------- */

static int fault_signal(const struct process *p)
{
    switch (p->end) {
    case PROC_SIGNALED: return p->term_signal;
    case PROC_KILLED: return p->term_signal ? p->term_signal : EL_SIGSEGV;
    case PROC_REFUSED: return EL_SIGSEGV;
    default: return EL_SIGKILL; /* the watchdog */
    }
}

void proc_set_wait_status(struct process *p)
{
    if (p->end == PROC_EXITED) {
        p->wait_status = (p->status & 0xff) << 8;
        p->cld_code = CLD_EXITED;
        p->cld_status = p->status & 0xff;
    } else {
        /* No core dumps: WCOREDUMP stays clear, as with RLIMIT_CORE 0. */
        int sig = fault_signal(p);
        p->wait_status = sig & 0x7f;
        p->cld_code = CLD_KILLED;
        p->cld_status = sig;
    }
}

/* --- threads ------------------------------------------------------------ */

/* Thread t, not its group's last, has ended (t may be the current one: its
 * stack and the group's page tables stay until the runner runs). A leader
 * stays in the table, PS_THREAD_DONE, as the owner of what the group
 * shares; any other thread is reaped by the runner and lets go of the
 * page tables without freeing them. */
static void end_thread(struct process *t)
{
    struct process *g = proc_group(t);
    t->futex_wait = false;
    t->wake_tsc = t->wake_tick = 0;
    g->nthreads--;
    ioport_release(t);
    if (t == g) {
        t->state = PS_THREAD_DONE;
        return;
    }
    t->pml4 = 0;
    t->parent = 0;
    t->reap_by_runner = true;
    t->state = PS_ZOMBIE;
}

static bool thread_live(const struct process *q)
{
    return q->state == PS_RUNNABLE || q->state == PS_BLOCKED;
}

/* Ends every thread of p's group but p (exit_group, a fatal signal,
 * execve): they are not running, their kernel contexts hold nothing. */
void sched_end_other_threads(struct process *p)
{
    struct process *g = proc_group(p);
    for (int s = 0; s < NPROC; s++) {
        struct process *q = table[s];
        if (q && q != p && proc_group(q) == g && thread_live(q))
            end_thread(q);
    }
}

void sched_wake_group(struct process *g)
{
    for (int s = 0; s < NPROC; s++)
        if (table[s] && proc_group(table[s]) == g)
            sched_wake(table[s]);
}

static void died(struct process *p);

void sched_thread_exit(int status)
{
    struct process *p = cpu0.proc, *g = proc_group(p);
    if (p != g || g->nthreads > 1) /* else proc_exit below reports it */
        ptrace_exit_event(p, (status & 0xff) << 8);
    if (g->nthreads > 1) {
        /* One thread of several: the group goes on. The leader's status is
         * the group's if it is not the last to go (Linux's rule). */
        p->status = status & 0xff;
        p->end = PROC_EXITED;
        end_thread(p);
        if (loaded == p)
            loaded = 0;
        ctx_resume(&runner_ctx);
    }
    if (p == g)
        proc_exit(status);
    /* The last thread, after its leader: the group ends with the leader's status. */
    end_thread(p);
    died(g);
    if (loaded == p)
        loaded = 0;
    ctx_resume(&runner_ctx);
}

/* What every end does, for the current process or another one. */
static void died(struct process *p)
{
    ptrace_group_ends(p); /* its tracees go free, and it leaves its tracer */
    proc_set_wait_status(p);
    p->cpu_ns = clock_tsc_to_ns(rdtsc() - p->ts.start_tsc - p->ts.slept_tsc);
    task_release(p);
    p->state = PS_ZOMBIE;
    p->wake_tsc = p->wake_tick = 0;
    for (int s = 0; s < NPROC; s++) {
        struct process *q = table[s];
        if (!q || q == p)
            continue;
        if (q->parent == p) {
            q->parent = 0; /* orphans go to the runner, which reaps them */
            q->ppid = 1;
        }
        if (q != proc_group(q) && q->ppid == p->pid)
            q->ppid = 1; /* an orphaned group's other threads */
        if (q->vfork_child == p) {
            q->vfork_child = 0;
            sched_wake(q);
        }
    }
    struct process *par = p->parent;
    if (!par)
        return;
    if (p->end != PROC_EXITED) {
        /* A child's fatal fault is its parent's to see (wait4); the log
         * keeps the kernel's account of it. */
        kprintf("[proc] pid %d (%s) ", p->pid, p->ts.comm);
        proc_print_fault(p);
        kprintf("\n");
    }
    const struct k_sigaction *ka = &par->sig.action[EL_SIGCHLD - 1];
    int sig = p->exit_signal;
    if (sig == EL_SIGCHLD && (ka->handler == EL_SIG_IGN || (ka->flags & EL_SA_NOCLDWAIT)))
        p->reap_by_runner = true; /* Linux's autoreap: no zombie */
    if (sig >= 1 && sig <= EL_NSIG)
        signal_send(thread_signal_target(par, sig), &(struct ksiginfo){.signo = sig, .code = p->cld_code, .pid = p->pid,
                                            .status = p->cld_status,
                                            .utime = (int64_t)(p->cpu_ns / 10000000)});
    sched_wake_group(par);
}

void sched_exit_current(void)
{
    struct process *p = cpu0.proc, *g = proc_group(p);
    if (p != g || g->nthreads > 1) {
        /* The whole group ends (exit_group, a fatal signal, the watchdog):
         * its leader carries the end, as wait4 and the runner see it. */
        sched_end_other_threads(p);
        if (p != g) {
            g->end = p->end;
            g->status = p->status;
            g->fault = p->fault;
            g->fault_cr2 = p->fault_cr2;
            g->refused = p->refused;
            g->term_signal = p->term_signal;
            end_thread(p);
        } else {
            g->nthreads--;
        }
    }
    p = g;
    died(p);
    if (loaded == cpu0.proc)
        loaded = 0;
    ctx_resume(&runner_ctx); /* its kernel stack and memory are the runner's to free */
}

/* Ends p, which is not running (the watchdog): its kernel context is
 * abandoned where it blocked or was preempted, which holds nothing. */
static void end_other(struct process *p, enum proc_end how)
{
    p = proc_group(p); /* a thread: its whole group */
    if (p->state == PS_ZOMBIE)
        return;
    sched_end_other_threads(p);
    p->nthreads = 0;
    proc_keep_fault(p, p->cpu.valid ? sched_user_frame(p) : &p->start);
    if (how == PROC_TIMEOUT)
        p->fault.vector = EL_EXPECT_TIMEOUT;
    p->refused = 0;
    p->end = how;
    died(p);
}

/* Frees what the dead held; a zombie without a parent process is reaped. */
static int cleanup(void)
{
    int n = 0;
    for (int s = 0; s < NPROC; s++) {
        struct process *p = table[s];
        if (!p)
            continue;
        if (p->state == PS_ZOMBIE) {
            if (p->pml4) {
                paging_free_space(p->pml4);
                p->pml4 = 0;
            }
            if (!p->parent || p->reap_by_runner) {
                sched_release(p);
                continue;
            }
        }
        n++;
    }
    return n;
}

static void idle(void)
{
    uint64_t next = UINT64_MAX;
    for (int s = 0; s < NPROC; s++)
        if (table[s] && table[s]->state == PS_BLOCKED && table[s]->wake_tsc && table[s]->wake_tsc < next)
            next = table[s]->wake_tsc;
    uint64_t now = rdtsc(), tick = clock_tsc_hz() / 100;
    if (next != UINT64_MAX && (next <= now || next - now < tick)) {
        /* A sleeper wakes before the next tick: wait for it on the TSC. */
        while (rdtsc() < next)
            __asm__ volatile("pause");
        return;
    }
    __asm__ volatile("sti; hlt; cli"); /* the next tick ends the wait */
}

static __attribute__((noreturn)) void start_user(void) { user_enter(&cpu0.proc->start); }

void sched_run_tree(struct process *top)
{
    top->parent = 0;
    top->ppid = 1;
    top->group = top;
    top->nthreads = 1;
    top->futex_wait = false;
    top->exit_signal = EL_SIGCHLD;
    top->cpu.valid = false;
    top->pooled = false;
    jobctl_fork_child(top); /* the runner's struct: nothing left from the last program */
    if (take_slot(top) < 0)
        panic(0, "scheduler: no slot for a new program");
    /* Its first switch in starts it in ring 3 from top->start. */
    memset(&top->ctx, 0, sizeof top->ctx);
    top->ctx.rsp = top->kstack_top - 8; /* as after a call: 16-byte aligned + 8 */
    top->ctx.rip = (uint64_t)start_user;
    top->out_tsc = 0;
    top->state = PS_RUNNABLE;
    loaded = 0;
    tree_deadline = top->deadline;
    last_slot = top->slot;

    while (cleanup()) {
        if (rdtsc() > tree_deadline) {
            for (int s = 0; s < NPROC; s++)
                if (table[s] && (thread_live(table[s]) || table[s]->state == PS_THREAD_DONE))
                    end_other(table[s], PROC_TIMEOUT);
            continue;
        }
        wake_sleepers(rdtsc());
        struct process *n = pick();
        if (n)
            resume(n);
        else
            idle();
    }
    loaded = 0;
}
