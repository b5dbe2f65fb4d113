/* c_exception: where every exception lands (from idt/isr.asm). */
#include "clock.h"
#include "console.h"
#include "cpu.h"
#include "debugreg.h"
#include "farret.h"
#include "gdt.h"
#include "idt.h"
#include "irqland.h"
#include "layout.h"
#include "mm.h"
#include "proc.h"
#include "sched.h"
#include "signal.h"
#include "vsyscall.h"

extern const struct extable_entry _extable_start[], _extable_end[];

struct fixup_note trap_last_fixup;

static void note_fixup(const struct frame *f)
{
    trap_last_fixup.vector = f->vector;
    trap_last_fixup.error = f->error;
    trap_last_fixup.cr2 = f->vector == 14 ? read_cr2() : 0;
    trap_last_fixup.rip = f->rip;
    trap_last_fixup.count++;
}

/* The SMEP probe (src/smep_smap.asm) called into a user page: the fetch
 * faulted with RIP at the user address and the probe's return address on
 * top of the stack. Return to the probe as if the call had come back ~0. */
extern const char smep_probe_return[];
static bool smep_probe_fixup(struct frame *f)
{
    if (f->vector != 14 || !(f->error & 0x10) || f->rip >= USER_END)
        return false;
    if (*(const uint64_t *)f->rsp != (uint64_t)smep_probe_return)
        return false;
    note_fixup(f);
    f->rip = (uint64_t)smep_probe_return;
    f->rsp += 8;
    f->rax = ~0ul;
    return true;
}

uint64_t extable_find(uint64_t rip)
{
    for (const struct extable_entry *e = _extable_start; e < _extable_end; e++)
        if (e->insn == rip)
            return e->fixup;
    return 0;
}

/* IRQs (vectors 32-47 from the remapped 8259s). Only ring 3 and the idle
 * runner run with interrupts on: IRQ 0 is the scheduler's tick, anything
 * else is spurious (IRQ 7 and 15 need no EOI). */
static void irq(struct frame *f)
{
    if (f->vector == 32) {
        irq_timer_check(f); /* a sane stack and GS, and IF was on there */
        outb(0x20, 0x20); /* EOI */
        sched_tick(f); /* the watchdog, sleepers, preemption (src/scheduler.c) */
        return;
    }
    klog("irq", "spurious interrupt %lu ignored", f->vector);
}

void c_exception(struct frame *f);
void c_exception(struct frame *f)
{
    if (f->vector >= 32 && f->vector < 48) {
        irq(f);
        return;
    }
    /* An NMI is nobody's fault here (no watchdog NMIs are set up): note it
     * and resume whatever it interrupted, in ring 0 or ring 3. */
    if (f->vector == 2) {
        klog("nmi", "non-maskable interrupt at rip %#lx ignored", f->rip);
        return;
    }
    /* #DB: breakpoints and single steps, from either ring (src/debugreg.c). */
    if (f->vector == 1) {
        debugreg_exception(f);
        return;
    }
    /* A machine check is the hardware's, not the program's. */
    if (f->vector == 18)
        panic(f, "machine check: a hardware error");
    if (f->cs & 3) {
        /* Ring 3 caused it. A call into the legacy vsyscall page is served;
         * a page fault may be a page to bring in (demand paging, the stack
         * growing); anything else becomes the program's signal, and it dies
         * of it without a handler. The kernel goes on. */
        if (!cpu0.proc)
            panic(f, "exception in ring 3 with no program running");
        if (f->vector == 14 && vsyscall_fault(f, read_cr2()))
            return;
        if (f->vector == 14 && farret_fault(f, read_cr2())) /* QEMU's lret under SMAP */
            return;
        int code = 0;
        if (f->vector == 14 && (code = mm_fault(cpu0.proc, read_cr2(), f->error)) == 0)
            return;
        signal_trap(f, f->vector == 14 ? read_cr2() : 0, code);
        return;
    }

    /* A user copy routine touched a bad user address, or a segment load
     * refused a selector ring 3 chose: resume at its fixup, which makes
     * the operation fail cleanly. */
    if (f->vector == 14 || f->vector == 13 || f->vector == 11 || f->vector == 12) {
        uint64_t fixup = extable_find(f->rip);
        if (fixup) {
            /* A user page not there yet is brought in and the copy retried. */
            if (f->vector == 14 && cpu0.proc && read_cr2() < USER_END &&
                mm_fault(cpu0.proc, read_cr2(), f->error) == 0)
                return;
            note_fixup(f);
            f->rip = fixup;
            return;
        }
        if (smep_probe_fixup(f))
            return;
    }

    /* A return instruction faulted: the program's return failed. */
    if (proc_return_fault(f))
        return;

    panic(f, "unexpected %s in ring 0", exception_mnemonic(f->vector));
}
