/* Hardware breakpoints for user programs (include/debugreg.h).
 *
 * Linux's ptrace model, without its perf machinery: each thread has four
 * slots. A slot comes to exist when its address is poked (as a disabled
 * 1-byte write breakpoint) or when DR7 enables it; every change is checked
 * with the slot's address, R/W and LEN as Linux's hw_breakpoint code checks
 * them, even for a disabled slot. The CPU's DR7 only ever gets G bits and
 * GE for the enabled slots: never GD, never an I/O breakpoint, never a
 * kernel address.
 *
 * #DB: from ring 3 the handler leaves the IST stack for the thread's
 * kernel stack (as Linux's exc_debug_user runs on the task stack), so that
 * a signal frame written to watched memory, or a thread that stops there,
 * cannot clobber the IST stack. From ring 0 the #DB is a user breakpoint
 * hit by the kernel (a user copy, or the first instruction of a door or an
 * exception after mov ss / pop ss: CVE-2018-8897), or a single step that a
 * door carried in; all are ignored as Linux 6.1 ignores them. */
#include "debugreg.h"
#include "console.h"
#include "cpu.h"
#include "errno.h"
#include "frame.h"
#include "idt.h"
#include "gdt.h"
#include "proc.h"
#include "sched.h"
#include "signal.h"
#include "uapi/sigframe.h"

#define DR6_FLIP 0xFFFF0FF0ul /* bits DR6 reads as 1 when nothing happened */
#define DR6_B    0xFul        /* B0-B3: breakpoint conditions met */
#define DR6_BS   (1ul << 14)  /* single step */
#define DR7_GE   (1ul << 9)
#define DR7_IGNORED 0xFFFFFFFF0000FC00ul /* bits Linux drops before decoding */

struct debugreg_stats debugreg_stats;

/* What the CPU's DR0-DR3 and DR7 hold now. */
static struct {
    uint64_t dr[4], dr7;
} cpu_dr;

#define SET_DR(n, v) __asm__ volatile("mov %0, %%dr" #n ::"r"(v))

static void set_addr(int i, uint64_t v)
{
    switch (i) {
    case 0: SET_DR(0, v); break;
    case 1: SET_DR(1, v); break;
    case 2: SET_DR(2, v); break;
    default: SET_DR(3, v); break;
    }
    cpu_dr.dr[i] = v;
}

static void set_dr7(uint64_t v)
{
    SET_DR(7, v);
    cpu_dr.dr7 = v;
}

/* --- the rules ---------------------------------------------------------- */

/* Whether Linux accepts a breakpoint at addr with DR7's 4-bit field for it
 * (R/W in bits 0-1, LEN in 2-3): no I/O breakpoints, an execute one must
 * have LEN 0, a data one must be aligned to its length, and all of it
 * below DR_ADDR_LIMIT. */
static int check_slot(uint64_t addr, unsigned bits)
{
    unsigned rw = bits & 3, lenf = (bits >> 2) & 3;
    uint64_t len;
    if (rw == 2)
        return -EINVAL;
    if (rw == 0) {
        if (lenf)
            return -EINVAL;
        if (addr + 7 < addr) /* Linux sizes an execute breakpoint as a long */
            return -EINVAL;
        len = 1;
    } else {
        len = lenf == 0 ? 1 : lenf == 1 ? 2 : lenf == 3 ? 4 : 8;
        if (addr + len - 1 < addr || (addr & (len - 1)))
            return -EINVAL;
    }
    if (addr >= DR_ADDR_LIMIT || addr + len - 1 >= DR_ADDR_LIMIT)
        return -EINVAL;
    return 0;
}

static void update_hw7(struct debugregs *d)
{
    uint64_t v = 0;
    for (int i = 0; i < 4; i++)
        if (d->slot[i] & DRSLOT_ON)
            v |= (uint64_t)(d->slot[i] & 0xF) << (16 + 4 * i) | 2ul << (2 * i) | DR7_GE;
    d->hw7 = v;
}

/* p's registers changed: the CPU gets them now if p is running. */
static void changed(struct process *p)
{
    update_hw7(&p->dr);
    if (p == cpu0.proc)
        debugreg_switch_in(p);
}

int debugreg_peek(struct process *p, int n, uint64_t *val)
{
    const struct debugregs *d = &p->dr;
    if (n < 0 || n > 7)
        return -EIO;
    *val = n < 4 ? d->dr[n] : n == 6 ? d->dr6 ^ DR6_FLIP : n == 7 ? d->dr7 : 0;
    return 0;
}

/* Linux's ptrace_write_dr7: each slot in turn; on a refusal, a second pass
 * with the DR7 the enabled slots made before, which also turns every other
 * existing slot into a disabled execute one (its fields read 0 there). */
static int write_dr7(struct debugregs *d, uint64_t val)
{
    uint64_t data = val & ~DR7_IGNORED;
    uint8_t old[4];
    int rc = 0;
    for (int i = 0; i < 4; i++)
        old[i] = d->slot[i];
    for (int i = 0; i < 4 && !rc; i++) {
        unsigned bits = (data >> (16 + 4 * i)) & 0xF;
        bool on = (data >> (2 * i)) & 3;
        if (!(d->slot[i] & DRSLOT_USED) && !on)
            continue;
        rc = check_slot(d->dr[i], bits); /* a new slot's address is 0 */
        if (!rc)
            d->slot[i] = DRSLOT_USED | (on ? DRSLOT_ON : 0) | bits;
    }
    if (rc) {
        for (int i = 0; i < 4; i++)
            if (d->slot[i] & DRSLOT_USED)
                d->slot[i] = old[i] & DRSLOT_ON ? old[i] : DRSLOT_USED;
        return rc;
    }
    d->dr7 = val; /* PEEKUSER gives back the word as it was poked */
    return 0;
}

int debugreg_poke(struct process *p, int n, uint64_t val)
{
    struct debugregs *d = &p->dr;
    int rc;
    if (n >= 0 && n < 4) {
        /* A new slot is checked as Linux's stub: a disabled 1-byte write. */
        unsigned bits = d->slot[n] & DRSLOT_USED ? d->slot[n] & 0xF : 1;
        rc = check_slot(val, bits);
        if (rc)
            return rc;
        d->dr[n] = val;
        if (!(d->slot[n] & DRSLOT_USED))
            d->slot[n] = DRSLOT_USED | 1;
    } else if (n == 6) {
        d->dr6 = val ^ DR6_FLIP;
        return 0;
    } else if (n == 7) {
        rc = write_dr7(d, val);
    } else {
        return -EIO; /* DR4 and DR5 do not exist */
    }
    changed(p);
    return rc;
}

/* --- switching ---------------------------------------------------------- */

void debugreg_switch_in(struct process *p)
{
    const struct debugregs *d = &p->dr;
    if (!(d->hw7 | cpu_dr.dr7))
        return;
    bool same = d->hw7 == cpu_dr.dr7;
    for (int i = 0; i < 4 && same; i++)
        if ((d->slot[i] & DRSLOT_ON) && d->dr[i] != cpu_dr.dr[i])
            same = false;
    if (same)
        return;
    if (cpu_dr.dr7)
        set_dr7(0); /* no moment with new addresses under old controls */
    for (int i = 0; i < 4; i++)
        if ((d->slot[i] & DRSLOT_ON) && d->dr[i] != cpu_dr.dr[i])
            set_addr(i, d->dr[i]);
    if (d->hw7)
        set_dr7(d->hw7);
}

void debugreg_fork(struct process *child)
{
    struct debugregs *d = &child->dr;
    for (int i = 0; i < 4; i++)
        d->dr[i] = 0, d->slot[i] = 0;
    d->hw7 = 0;
    /* dr6 and dr7 stay the parent's: Linux copies the thread struct and
     * clears only the breakpoints themselves. */
}

void debugreg_exec(struct process *p)
{
    p->dr = (struct debugregs){0};
    if (p == cpu0.proc)
        debugreg_switch_in(p);
}

/* --- #DB ---------------------------------------------------------------- */

/* DR6 in positive polarity (a set bit is an event), and DR6 cleared: the
 * CPU never clears B0-B3 or BS itself. */
static uint64_t read_clear_dr6(void)
{
    uint64_t v;
    __asm__ volatile("mov %%dr6, %0" : "=r"(v));
    __asm__ volatile("mov %0, %%dr6" ::"r"(DR6_FLIP));
    return v ^ DR6_FLIP;
}

/* Says where ring-0 #DBs land: once per place in a row (a copy's rep movsb
 * raises one per byte watched), at most 32 times a boot. */
static void note(const char *what, const struct frame *f)
{
    static unsigned said;
    static uint64_t last;
    if (f->rip == last || said >= 32)
        return;
    said++;
    last = f->rip;
    uint64_t off = 0;
    const char *sym = ksym_lookup(f->rip, &off);
    klog("debugreg", "#DB in ring 0 at %s+%#lx: %s, ignored", sym ? sym : "?", off, what);
}

/* Ring 0: on the IST stack, DR7 off meanwhile (nothing here should touch
 * user memory, but a #DB inside this one would reuse the IST stack). */
static void kernel_db(struct frame *f, uint64_t dr6)
{
    uint64_t dr7 = cpu_dr.dr7;
    if (dr7)
        SET_DR(7, 0ul);
    /* sysenter keeps TF: the step lands on the stub's first instruction. */
    if ((dr6 & DR6_BS) && proc_entry_debug_trap(f))
        dr6 &= ~DR6_BS;
    if (dr6 & DR6_B) {
        /* A user breakpoint the kernel hit: a copy to or from watched user
         * memory, or a mov ss / pop ss from it just before a door or an
         * exception, whose #DB the CPU holds back until the first kernel
         * instruction. Data breakpoints are traps: the kernel has already
         * moved on, nothing repeats. Linux 6.1 drops these (ptrace
         * breakpoints exclude the kernel); so does entrylab. */
        debugreg_stats.kernel_hits++;
        note("a user breakpoint hit by the kernel", f);
        /* An execute breakpoint is a fault and would repeat; the kernel
         * never runs user addresses (SMEP), but RF costs nothing. */
        for (int i = 0; i < 4; i++)
            if ((dr6 >> i & 1) && (dr7 >> (2 * i) & 3) && !(dr7 >> (16 + 4 * i) & 3))
                f->rflags |= RFLAGS_RF;
        dr6 &= ~DR6_B;
    }
    if (dr6 & DR6_BS) {
        /* A single step in ring 0 that is not sysenter's: the user's TF
         * held back by mov ss / pop ss into int n, int3 or int 0x80 (the
         * door saved the user's TF in its frame; this trap is nobody's).
         * The kernel itself never sets TF; clear it anyway, as Linux does. */
        debugreg_stats.kernel_steps++;
        note("a single step the user's TF carried in", f);
        f->rflags &= ~RFLAGS_TF;
    }
    if (dr7)
        SET_DR(7, dr7);
}

/* DR6 of the ring-3 #DB on its way to the kernel stack. */
static uint64_t user_dr6;

/* src/debugreg_stack.asm: runs fn(k) on the stack ending at k, then
 * returns to ring 3 from k. */
__attribute__((noreturn)) void debugreg_on_kstack(struct frame *k, void (*fn)(struct frame *));

/* Ring 3, on the thread's kernel stack: Linux's exc_debug_user. */
static void user_db(struct frame *f)
{
    struct process *p = cpu0.proc;
    struct debugregs *d = &p->dr;
    uint64_t dr6 = user_dr6;
    bool icebp = !dr6; /* int1 (0xF1) says nothing in DR6 */
    d->dr6 = dr6 & DR6_BS;
    for (int i = 0; i < 4; i++) {
        if (!(dr6 & (1ul << i)) || !(d->slot[i] & DRSLOT_ON))
            continue;
        bool exec = (d->slot[i] & 3) == 0;
        /* A step and an instruction breakpoint together: the step first;
         * without RF the breakpoint faults again on the way back. */
        if (exec && (dr6 & DR6_BS))
            continue;
        dr6 &= ~(1ul << i);
        d->dr6 |= 1ul << i;
        debugreg_stats.user_hits++;
        if (exec)
            f->rflags |= RFLAGS_RF; /* the instruction runs once resumed */
    }
    dr6 |= d->dr6;
    if ((dr6 & (DR6_BS | DR6_B)) || icebp)
        signal_trap(f, 0,
                    dr6 & DR6_BS  ? EL_TRAP_TRACE
                    : dr6 & DR6_B ? EL_TRAP_HWBKPT
                                  : EL_TRAP_BRKPT);
}

void debugreg_exception(struct frame *f)
{
    uint64_t dr6 = read_clear_dr6();
    if (!(f->cs & 3)) {
        kernel_db(f, dr6);
        return;
    }
    struct process *p = cpu0.proc;
    if (!p)
        panic(f, "#DB in ring 3 with no program running");
    /* Ring 3 entered with an empty kernel stack: the frame goes where any
     * other exception from ring 3 would have put it. */
    struct frame *k = sched_user_frame(p);
    *k = *f;
    user_dr6 = dr6;
    debugreg_on_kstack(k, user_db);
}
