/* The runner: each program module in order, one at a time, with a KTAP
 * result line for each. A program ends by exit, or is killed by a fault it
 * caused; either way the runner goes on with the next one. */
#include "boot.h"
#include "clock.h"
#include "cmdline.h"
#include "console.h"
#include "cpu.h"
#include "gdt.h"
#include "idt.h"
#include "entry.h"
#include "fmt.h"
#include "ktest.h"
#include "kstring.h"
#include "layout.h"
#include "paging.h"
#include "irqland.h"
#include "proc.h"
#include "sched.h"
#include "syscall.h"
#include "uapi/entrylab.h"
#include "ustack.h"

__attribute__((noreturn)) void user_enter(const struct frame *f);

extern char entry_sysenter32[], entry_sysenter64[], entry_syscall64[], entry_syscall32[];
extern char int80_iretq[], syscall64_sysret[], syscall32_sysret[];
extern char sysenter_sysexit32[], sysenter_sysexit64[], user_enter_iretq[], isr_iretq[];

static struct process proc; /* the top-level program; its children are the scheduler's */

/* Seconds a program may run: timeout= on the command line, default 10. */
static uint64_t watchdog_limit(void)
{
    static uint64_t limit;
    if (!limit) {
        char buf[12];
        uint64_t s = 0;
        if (cmdline_get("timeout", buf, sizeof buf))
            for (char *c = buf; *c >= '0' && *c <= '9' && s < 100000; c++)
                s = s * 10 + (uint64_t)(*c - '0');
        limit = s ? s : 10;
    }
    return limit;
}

/* Runs p and every process it forks until all have ended. */
static void run(struct process *p)
{
    p->end = PROC_RUNNING;
    p->expect_vector = -1;
    p->pending_tf = false;
    p->deadline = rdtsc() + watchdog_limit() * clock_tsc_hz();
    syscall_enter_program(p->is64); /* doors a benchmark switched go back */
    sched_run_tree(p);
}

static __attribute__((noreturn)) void end(enum proc_end how)
{
    struct process *p = cpu0.proc;
    p->end = how;
    proc_set_wait_status(p);     /* what the tracer's exit event says */
    ptrace_exit_event(p, p->wait_status);
    sched_exit_current();
}

void proc_exit(int status)
{
    cpu0.proc->status = status & 0xff;
    end(PROC_EXITED);
}

/* The frame a report shows (p->fault): f, whole. A system call's fast way
 * fills its frame only in part (include/frame.h), and the slots it leaves
 * out that a report reads hold the door's constants, as its full way writes
 * them (SYSENTER_NOT_FAST, FILL_CS_SS): sysenter's RIP, the vDSO's landing
 * pad its exit loads, and USER_DS and the door's CS (the report prints
 * RIP; CS and SS are filled for completeness). With full_return set the
 * frame is whole and keeps what it holds: a signal frame, sigreturn,
 * execve, a tracer's stop or a 32-bit restart wrote it, or set_thread_area
 * asked for the full way back, whose stub fills the frame first. */
void proc_keep_fault(struct process *p, const struct frame *f)
{
    p->fault = *f;
    if (p->sig.full_return)
        return;
    struct frame *k = &p->fault;
    switch (f->vector) {
    case ENTRY_SYSENTER32:
        k->rip = EL_VDSO_LANDING32;
        /* fall through */
    case ENTRY_SYSCALL32:
        k->cs = USER32_CS, k->ss = USER_DS;
        return;
    case ENTRY_SYSENTER64:
        k->rip = EL_VDSO_LANDING64;
        /* fall through */
    case ENTRY_SYSCALL64:
        k->cs = USER_CS, k->ss = USER_DS;
        return;
    }
}

void proc_kill_fault(const struct frame *f)
{
    proc_keep_fault(cpu0.proc, f);
    cpu0.proc->fault_cr2 = read_cr2();
    cpu0.proc->refused = 0;
    end(PROC_KILLED);
}

void proc_kill_refused(const struct frame *f, const char *why)
{
    cpu0.proc->term_signal = 0;
    /* The program dies as if its return had faulted in ring 3: #GP(0) at
     * the address it wanted to return to. */
    struct process *p = cpu0.proc;
    proc_keep_fault(p, f);
    p->fault.vector = 13;
    p->fault.error = 0;
    p->fault_cr2 = 0;
    p->refused = why;
    end(PROC_REFUSED);
}

/* Measured with the TSC, not by counting ticks: the kernel runs with
 * interrupts off, so a long system call would hide its ticks. */
bool proc_overtime(void) { return cpu0.proc && rdtsc() > cpu0.proc->deadline; }

void proc_check_time(const struct frame *f)
{
    if (proc_overtime())
        proc_kill_timeout(f);
}

void proc_kill_signal(const struct frame *f, int sig)
{
    proc_keep_fault(cpu0.proc, f);
    cpu0.proc->term_signal = sig;
    cpu0.proc->refused = 0;
    end(PROC_SIGNALED);
}

void proc_kill_timeout(const struct frame *f)
{
    proc_keep_fault(cpu0.proc, f);
    cpu0.proc->fault.vector = EL_EXPECT_TIMEOUT;
    cpu0.proc->refused = 0;
    end(PROC_TIMEOUT);
}

bool proc_entry_debug_trap(struct frame *f)
{
    /* sysenter keeps TF: the single step traps before the stub's first
     * instruction runs, still on the user's GS (isr_common handled that).
     * The stub will save RFLAGS without TF: note it for c_syscall. */
    if (f->rip == (uint64_t)entry_sysenter32 || f->rip == (uint64_t)entry_sysenter64) {
        f->rflags &= ~RFLAGS_TF;
        if (cpu0.proc)
            cpu0.proc->pending_tf = true;
        cpu0.fast_proc = 0; /* the call takes the full way, which gives TF back */
        return true;
    }
    /* syscall masks TF, yet Bochs 2.7 still delivers the single step
     * after it, on the stub's first instruction, with the user's RSP and
     * GS. The user's TF is safe in r11; the kernel just goes on. */
    if (f->rip == (uint64_t)entry_syscall64 || f->rip == (uint64_t)entry_syscall32) {
        f->rflags &= ~RFLAGS_TF;
        return true;
    }
    return false;
}

bool proc_return_fault(const struct frame *f)
{
    /* The faults a return instruction itself raises; an NMI or a machine
     * check that merely arrives there is not the program's doing. */
    if (f->vector != 6 && f->vector != 11 && f->vector != 12 && f->vector != 13 && f->vector != 14)
        return false;
    /* c_syscall's checks make these faults impossible; if one happens all
     * the same, it is the program's return that failed, not the kernel. */
    static const char *const insns[] = {int80_iretq, syscall64_sysret, syscall32_sysret,
                                        sysenter_sysexit32, sysenter_sysexit64,
                                        user_enter_iretq, isr_iretq};
    if (!cpu0.proc)
        return false;
    for (unsigned i = 0; i < sizeof insns / sizeof insns[0]; i++) {
        if (f->rip == (uint64_t)insns[i]) {
            klog("proc", "%s faulted in ring 0 on the way back to %s", exception_mnemonic(f->vector),
                 cpu0.proc->name);
            struct process *p = cpu0.proc;
            proc_keep_fault(p, f);
            p->fault_cr2 = read_cr2();
            p->refused = "the return instruction faulted";
            end(PROC_REFUSED);
        }
    }
    return false;
}

/* " # killed: #PF error=0x6 addr=0x0 at rip=0x401005" */
void proc_print_fault(const struct process *p)
{
    const struct frame *f = &p->fault;
    if (p->end == PROC_TIMEOUT) {
        kprintf("timeout (still running after its time) at rip=0x%lx", f->rip);
        return;
    }
    if (p->end == PROC_SIGNALED) {
        kprintf("signal %d (%s) at rip=0x%lx", p->term_signal, signal_name(p->term_signal), f->rip);
        return;
    }
    kprintf("%s", exception_mnemonic(f->vector));
    if (exception_has_error(f->vector))
        kprintf(" error=0x%lx", f->error);
    if (f->vector == 14)
        kprintf(" addr=0x%lx", p->fault_cr2);
    kprintf(" at rip=0x%lx", f->rip);
    if (p->refused)
        kprintf(" (%s)", p->refused);
}

/* The result line of a top-level program, named by its module string
 * (label): its end, after every process it forked has ended too. */
static bool report(int n, const struct process *p, const char *label)
{
    bool expected = p->end != PROC_EXITED && p->end != PROC_SIGNALED && p->expect_vector == (int)p->fault.vector;
    bool ok = (p->end == PROC_EXITED && p->status == 0) || expected;
    kprintf("%sok %d", ok ? "" : "not ", n);
    kprintf("%s", label); /* the whole argv: " doors64 sysenter" */
    if (p->end == PROC_EXITED && p->status != 0)
        kprintf(" # exit=%d", p->status);
    else if (p->end != PROC_EXITED) {
        kprintf(expected ? " # killed as expected: " : " # killed: ");
        proc_print_fault(p);
    }
    kprintf("\n");
    return ok;
}

enum proc_end proc_run_quiet(struct process *p, uint64_t *vector)
{
    run(p);
    *vector = p->fault.vector;
    return p->end;
}

bool runner_run(bool ktest)
{
    int n = (int)boot_module_count() + (ktest ? 1 : 0);
    int failed = 0, t = 0;
    kprintf("KTAP version 1\n1..%d\n", n);
    if (ktest) {
        bool ok = ktest_run();
        failed += !ok;
        kprintf("%sok %d kernel\n", ok ? "" : "not ", ++t);
    }
    for (size_t m = 0; m < boot_module_count(); m++) {
        const struct boot_module *mod = boot_module(m);
        char err[160];
        memset(&proc, 0, sizeof proc);
        proc.pid = sched_new_pid();
        t++;
        /* The module string is argv: "hello64 --fast" */
        uint64_t len = strnlen(mod->cmdline, sizeof proc.args - 1);
        memcpy(proc.args, mod->cmdline, len);
        proc.argc = split_args(proc.args, proc.argv, PROC_MAX_ARGS - 1);
        proc.name = proc.argc ? proc.argv[0] : "(unnamed)";
        char label[sizeof proc.args + PROC_MAX_ARGS];
        size_t at = 0;
        label[0] = 0;
        for (int i = 0; i < proc.argc && at < sizeof label; i++)
            at += ksnprintf(label + at, sizeof label - at, " %s", proc.argv[i]);
        task_init(&proc);
        uint64_t frames = frame_free_count();
        if (exec_load(&proc, mod->data, mod->size, err, sizeof err)) {
            kprintf("not ok %d %s # cannot load: %s\n", t, proc.name ? proc.name : "?", err);
            failed++;
            task_release(&proc);
            exec_free(&proc);
            continue;
        }
        irqland_begin();
        run(&proc);
        irqland_report(proc.name);
        failed += !report(t, &proc, label);
        task_release(&proc);
        exec_free(&proc);
        /* Every process of the tree has ended: all its memory is back. */
        if (frame_free_count() != frames)
            klog("mm", "%s: %ld frames not given back", proc.name, (long)(frames - frame_free_count()));
    }
    klog("runner", "%d of %d passed", n - failed, n);
    return failed == 0;
}
