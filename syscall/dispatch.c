/* The one dispatcher. Every door's stub builds a struct frame and calls its
 * own c_syscall_<door> (the bottom of this file), the dispatcher with the
 * door a constant; the door only decides where the number and arguments are
 * and which way back is safe. Two ways through it:
 *   the fast way (fast_door), on the partial frame the stub fills
 *     (include/regs.inc: the callee-saved registers that are no argument
 *     are left to C, which preserves them): the fast test of the way back,
 *     the number, dispatch and one test for exit work, for the common call
 *     that needs nothing more;
 *   the full way (c_syscall_door, exit_choice), on the whole frame, for
 *     everything else: ptrace, a pending TF, signals, a rewritten frame, the
 *     calls marked "full" in syscalls.tbl, a frame the fast test refuses.
 *     The stub fills the frame and calls c_syscall_<door>_full. */
#include "console.h"
#include "cpu.h"
#include "entry.h"
#include "errno.h"
#include "gdt.h"
#include "idt.h"
#include "layout.h"
#include "probe.h"
#include "proc.h"
#include "ptrace.h"
#include "restart.h"
#include "signal.h"
#include "syscall.h"
#include "textpatch.h"
#include "uaccess.h"

/* A number with no call behind it: the filler of the tables' holes. */
static int64_t sys_enosys(struct sc_call *c)
{
    (void)c;
    return -ENOSYS;
}

/* A call that reads or writes the whole frame ("full" in syscalls.tbl),
 * met on the fast way, whose frame is partial: nothing is done, the flag
 * sends the call the full way (a failed exit test), which runs it there. */
static int64_t sys_full_frame(struct sc_call *c)
{
    (void)c;
    cpu0.proc->sig.full_call = true;
    return -ENOSYS; /* never seen: the full way runs the call */
}

/* Number -> handler, one table per ABI (tools/gen-syscalls.py), and the fast
 * way's, the same but sys_full_frame for the "full" calls. */
static const sys_fn sys_table32[NR32_END] = {SYSCALL_TABLE32};
static const sys_fn sys_table64[NR64_END] = {SYSCALL_TABLE64};
static const sys_fn sys_fast_table32[NR32_END] = {SYSCALL_FAST_TABLE32};
static const sys_fn sys_fast_table64[NR64_END] = {SYSCALL_FAST_TABLE64};

/* The bound check and the Spectre clamp in one: true and the number in
 * *slot when it is below end, else false. The mask comes from the very
 * compare the branch tests (sbb of its carry), not from a prediction: a CPU
 * that speculates past the jae with nr >= end computes a zero mask and
 * loads table[0], never an address ring 3 chose (Linux's array_index_nospec
 * after its bound check). In assembly, because in C the compiler knows the
 * check passed and folds the mask to a constant;
 * tests/harness/spectre_clamp.py checks the result at every table load. */
static __attribute__((always_inline)) inline bool table_slot(const struct frame *f, uint64_t end, uint64_t *slot)
{
    uint64_t idx = (uint32_t)f->orig_rax, mask; /* the number (see decode) */
    __asm__ goto("cmp %[end], %[idx]\n\t"
                 "jae %l[out]\n\t"
                 "sbb %[mask], %[mask]\n\t" /* all ones: the carry of idx < end */
                 "and %[mask], %[idx]"
                 : [idx] "+r"(idx), [mask] "=r"(mask)
                 : [end] "i"(end)
                 : "cc"
                 : out);
    *slot = idx;
    return true;
out:
    return false;
}

/* The table of an ABI; abi32 and fast are constants in every door's copy. */
static __attribute__((always_inline)) inline const sys_fn *table_of(bool abi32, bool fast)
{
    return fast ? (abi32 ? sys_fast_table32 : sys_fast_table64) : abi32 ? sys_table32 : sys_table64;
}

static __attribute__((always_inline)) inline uint64_t table_end(bool abi32) { return abi32 ? NR32_END : NR64_END; }

/* One bounds check with its clamp, one indirect call. */
static __attribute__((always_inline)) inline int64_t dispatch(struct sc_call *c, bool abi32, bool fast)
{
    uint64_t slot;
    if (!table_slot(c->frame, table_end(abi32), &slot))
        return -ENOSYS;
    return table_of(abi32, fast)[slot](c);
}

/* The i386 ABI's doors; a constant in every door's copy. */
static inline __attribute__((always_inline)) bool door_abi32(uint64_t door)
{
    return door == ENTRY_INT80 || door == ENTRY_SYSCALL32 || door == ENTRY_SYSENTER32;
}

/* Where each door keeps the number and the arguments (docs/abi.md). door
 * and fast are constants in every door's copy: the switch folds away. The
 * number is eax on every door, as in Linux 6.1 (an int: the upper half of
 * rax does not count, and -1 is no call), which Linux's syscall_numbering
 * checks: table_slot reads it from frame.orig_rax, where the stub put rax
 * as it came (the fast frame leaves frame.rax out) and where a tracer
 * changes it; no handler needs it, so struct sc_call keeps no copy.
 * On the fast way (fast) the i386 doors' arguments are in the area above
 * the frame, where the stub stored all six zero-extended (frame_i386_args;
 * the 32-bit fast doors' argument 6 too: FETCH_ARG6, include/regs.inc);
 * the full way reads the frame, which a tracer or the full way's callers
 * may have changed, and copies them into argbuf. */
static __attribute__((always_inline)) inline int64_t decode(struct sc_call *c, uint64_t door, bool fast)
{
    struct frame *f = c->frame;
    if (fast && door_abi32(door)) {
        c->arg = frame_i386_args(f);
        return 0;
    }
    switch (door) {
    case ENTRY_SYSCALL64:
    case ENTRY_SYSENTER64:
        /* rdi rsi rdx r10 r8 r9, contiguous in the frame: read in place. */
        c->arg = &f->rdi;
        return 0;
    case ENTRY_INT80:
        /* i386 ABI from either mode: 32-bit arguments. */
        c->argbuf[0] = (uint32_t)f->rbx, c->argbuf[1] = (uint32_t)f->rcx, c->argbuf[2] = (uint32_t)f->rdx;
        c->argbuf[3] = (uint32_t)f->rsi, c->argbuf[4] = (uint32_t)f->rdi, c->argbuf[5] = (uint32_t)f->rbp;
        c->arg = c->argbuf;
        return 0;
    case ENTRY_SYSCALL32:
    case ENTRY_SYSENTER32: {
        uint64_t *a = c->argbuf;
        a[0] = (uint32_t)f->rbx;
        /* syscall took ecx: the vDSO moved argument 2 to ebp. */
        a[1] = door == ENTRY_SYSCALL32 ? (uint32_t)f->rbp : (uint32_t)f->rcx;
        a[2] = (uint32_t)f->rdx, a[3] = (uint32_t)f->rsi, a[4] = (uint32_t)f->rdi;
        a[5] = 0;
        c->arg = a;
        /* Argument 6 is on the user stack, where the vDSO pushed ebp; a
         * 32-bit store into its slot, whose upper half stays zero. The
         * fast way's stub fetched it already; a fault there comes here. */
        return fast32_arg6(f, (uint32_t *)&a[5]);
    }
    }
    panic(f, "c_syscall: unknown door %#lx", door);
}

/* A traced thread's call (ptrace's syscall stops and steps, src/ptrace.c),
 * out of the common path. The tracer sees the registers of int 0x80 for
 * the 32-bit fast doors (the shape Linux's entry gives them) and 64-bit
 * sysenter's as they came, RIP at the landing pad either way
 * (syscall_frame_int80_shape); it may change them at the entry stop, and
 * the call runs as it left them: the number from orig_rax, the arguments
 * from the registers in int 0x80's or syscall's places. */
static __attribute__((noinline)) int64_t traced_call(struct sc_call *c)
{
    struct frame *f = c->frame;
    syscall_frame_int80_shape(f); /* int 0x80's and syscall's frames stay as they are */
    int64_t r = (int64_t)f->rax;
    if (ptrace_syscall_enter(c)) {
        bool abi32 = sc_abi32(c);
        r = decode(c, abi32 ? ENTRY_INT80 : ENTRY_SYSCALL64, false);
        if (r == 0)
            r = dispatch(c, abi32, false);
    } else {
        r = (int64_t)f->rax; /* skipped: the result is what the tracer left */
    }
    f->rax = (uint64_t)r;
    ptrace_syscall_leave(c); /* the exit stop may change it again */
    return (int64_t)f->rax;
}

/* --- the way back: one rule per condition --------------------------------- */

static bool canonical_user(uint64_t a) { return a < USER_END; }
static bool canonical(uint64_t a) { return a < USER_END || a >= 0xFFFF800000000000ul; }

/* An SS iretq can load at CPL 3: a GDT selector with RPL 3 whose descriptor
 * is a present, writable data segment of DPL 3. A program can point SS at
 * its own TLS descriptor and then clear that descriptor. */
__attribute__((always_inline)) inline bool frame_user_ss_ok(uint64_t ss)
{
    /* The kernel's own user data segment: its descriptor never changes, so
     * the common case need not read it (the rules below accept it). */
    if (ss == USER_DS)
        return true;
    if ((ss & 3) != 3 || (ss & 4) || ss > 0xFFFF || (ss >> 3) >= GDT_TLS_FIRST + GDT_TLS_COUNT)
        return false;
    uint64_t d = gdt_get((int)(ss >> 3));
    bool present = d & (1ul << 47), dpl3 = ((d >> 45) & 3) == 3;
    bool data = (d & (1ul << 44)) && !(d & (1ul << 43)), writable = d & (1ul << 41);
    bool big = d & (1ul << 54); /* a 16-bit SS would leak RSP's upper half (espfix) */
    return present && dpl3 && data && writable && big;
}

/* Every way back: the checks iretq needs, which the fast exits share.
 * Inlined into c_syscall, where every call passes; out of line for signal.c. */
__attribute__((always_inline)) inline bool frame_return_ok(const struct frame *f, const char **why)
{
#ifdef ENTRYLAB_UNSAFE_RETURNS
    /* A deliberately broken kernel, for showing that the Bochs regressions
     * catch a missing check (CMake option ENTRYLAB_UNSAFE_RETURNS). */
    (void)f, (void)why;
    return true;
#endif
    /* iretq to a non-canonical RIP faults in ring 0 (and Intel's sysret does
     * so on the user's stack): never load one. A canonical kernel-half RIP
     * is harmless, the fetch faults in ring 3: it is how a program returns
     * into the vsyscall page (a signal handler's sigreturn after a trap
     * there), which the #PF then emulates. Compatibility mode: below 4 GiB. */
    if (!canonical(f->rip) || (f->cs == USER32_CS && f->rip > 0xFFFFFFFFul)) {
        *why = "return to a non-user RIP refused";
        return false;
    }
    /* Only the two user code segments, and a usable ring-3 stack segment. */
    if (f->cs != USER_CS && f->cs != USER32_CS) {
        *why = "return to a bad CS refused";
        return false;
    }
    if (!frame_user_ss_ok(f->ss)) {
        *why = "return to a bad SS refused";
        return false;
    }
    /* RSP may be anything: iretq loads it unchecked and the program's first
     * stack access faults in ring 3 (Linux's sigreturn selftest returns to
     * 0x8badf00d5aadc0de). sysexit is the one way back that checks it, in
     * ring 0: exit_by_sysexit leaves by iretq instead. */
    return true;
}

/* Ring 3 never runs with IOPL above 0, in virtual-8086 mode, with VIF or
 * VIP, or with IF clear: a program cannot set them, and every way a frame is
 * rewritten (sigreturn, ptrace's SETREGS) masks them. The last line behind
 * those masks, for a rewritten frame (full_return): one that has them is
 * refused (signal_return makes it SIGSEGV). A frame the stub built holds the
 * flags ring 3 ran with and needs no such test. */
bool frame_flags_ok(const struct frame *f, const char **why)
{
    if ((f->rflags & (RFLAGS_IOPL | RFLAGS_VM | RFLAGS_VIF | RFLAGS_VIP)) || !(f->rflags & RFLAGS_IF)) {
        *why = "return with privileged RFLAGS refused";
        return false;
    }
    return true;
}

static int exit_by_sysret64(struct frame *f)
{
    /* The ABI clobbers rcx and r11 with the return address and RFLAGS, so
     * both ways back leave the same registers. sysretq reloads from them. */
    f->rcx = f->rip;
    f->r11 = f->rflags;
    /* sysret cannot restore RF, and TF restored by sysret traps at once. */
    if (f->rflags & (RFLAGS_TF | RFLAGS_RF))
        return RET_IRETQ;
    /* sysretq forces CS 0x33 and SS 0x2b. */
    if (f->cs != USER_CS || f->ss != USER_DS)
        return RET_IRETQ;
    /* The stub would run its last instructions on a non-canonical RSP:
     * harmless (only IST exceptions can come), but iretq needs no argument. */
    if (!canonical_user(f->rsp))
        return RET_IRETQ;
    /* Canonical RCX (CVE-2012-0217) is part of frame_return_ok, checked
     * already. A kernel-half RIP only comes from sigreturn, which leaves by
     * iretq (full_return). */
    return RET_SYSRET;
}

static int exit_by_sysret32(struct frame *f)
{
    f->rcx = f->rip; /* sysretl returns to ECX */
    f->r11 = f->rflags;
    if (f->rflags & (RFLAGS_TF | RFLAGS_RF))
        return RET_IRETQ;
    if (f->cs != USER32_CS || f->ss != USER_DS)
        return RET_IRETQ;
    return RET_SYSRET;
}

/* sysexit's bound on RIP and RSP, in 32-bit and 64-bit form: 2^32 and
 * USER_END, powers of two, on Intel; 0 on every other vendor, whose CPUs
 * raise #UD for sysexit in long mode, so that no frame passes the fast
 * exit test (fast_exit_frame_ok) there: the vendor rule and the bounds in
 * one compare (syscall_sysexit_init sets them once the vendor is known). */
static uint64_t sysexit_limit32, sysexit_limit64;

extern char sysenter32_call[], sysenter64_call[]; /* syscall/sysenter.asm */

void syscall_sysexit_init(void)
{
    bool intel = cpu_vendor == EL_VENDOR_INTEL;
    sysexit_limit32 = intel ? 0x100000000ul : 0;
    sysexit_limit64 = intel ? USER_END : 0;
    /* The fast ways' vendor rule: their copies that leave by iretq, called
     * from the stubs' very call sites (src/textpatch.c), so that neither
     * copy tests the vendor on the way. */
    if (!intel) {
        text_patch_call(sysenter32_call, c_syscall_sysenter32, c_syscall_sysenter32_iretq);
        text_patch_call(sysenter64_call, c_syscall_sysenter64, c_syscall_sysenter64_iretq);
    }
    klog("entry", "sysenter's fast ways leave by %s", intel ? "sysexit" : "iretq (sysexit is #UD in long mode here)");
}

static int exit_by_sysexit(struct frame *f, bool is64)
{
    /* AMD CPUs raise #UD for sysexit in long mode (a sysenter can only have
     * entered there under an emulator: QEMU's AMD models let it). */
    if (cpu_vendor != EL_VENDOR_INTEL)
        return RET_IRETQ;
    /* sysexit loads RIP from rdx and RSP from rcx, and restores no flags:
     * the stub loads RFLAGS with popfq, so TF must be clear (and RF
     * cannot be restored). */
    if (f->rflags & (RFLAGS_TF | RFLAGS_RF))
        return RET_IRETQ;
    /* sysexit forces CS (SYSENTER_CS + 16 or + 32): it must match. */
    if (f->cs != (is64 ? USER_CS : USER32_CS))
        return RET_IRETQ;
    /* A non-canonical rcx or rdx is #GP in ring 0; 32-bit sysexit
     * truncates them. */
    uint64_t limit = is64 ? USER_END : 0x100000000ul;
    if (f->rsp >= limit || f->rip >= limit)
        return RET_IRETQ;
    return is64 ? RET_SYSEXIT64 : RET_SYSEXIT; /* the stub loads rcx and rdx */
}

/* Work for signal_return: a signal it would deliver now, or a sigsuspend
 * mask to put back. Without any, the return checks alone decide, and a
 * frame they accept needs nothing more (the common case, kept short). */
static bool signal_work(const struct process *p)
{
    return (p->sig.pending & ~p->sig.blocked) || p->sig.suspend_restore;
}

/* The fast way back in one test, for a frame the door's stub built and the
 * call left alone (the common case; exit_way's shortcut, and fast_frame_ok
 * below for the rules a stub's frame can fail): a conjunction of conditions each of
 * which implies one rule of frame_return_ok and of the door's exit_by_*, so a
 * frame that passes it passes them all and leaves as they would let it:
 *   RIP below USER_END (below 4 GiB for compatibility mode): canonical, and
 *     in the code segment's width (frame_return_ok's RIP rule; sysretq's
 *     CVE-2012-0217; sysexit's canonical or 32-bit rdx); for int 0x80 from
 *     compatibility mode held by the CPU (below);
 *   CS the door's own user segment: a user CS (frame_return_ok), the one the
 *     fast exit forces (sysret, sysexit);
 *   SS USER_DS: a usable SS (frame_user_ss_ok's first case), the one sysret
 *     forces;
 *   (both held without a test on the syscall and sysenter doors, whose stubs
 *   push these very constants: see below;)
 *   neither TF nor RF (the fast exits restore neither);
 *   RSP below the limit the door's exit_by_* wants;
 *   for the sysenter doors, an Intel CPU (exit_by_sysexit's first rule),
 *     in the same compare: their limit is 0 on any other (sysexit_limit32),
 *     where the full way leaves by exit_by_sysexit's iretq (and the fast
 *     way is the iretq copy of the door's: syscall_sysexit_init).
 * frame_flags_ok's rule needs no test here: only a rewritten frame could
 * break it, and a rewrite sets full_return, which leaves the fast path.
 * The same holds for CS and SS on the syscall and sysenter doors: their
 * stubs push the door's user CS and USER_DS, and the only code that writes
 * a system call's frame.cs or frame.ss (a signal frame, sigreturn, execve,
 * a ptrace stop's SETREGS or POKEUSER) sets full_return as it does, so a
 * frame that reaches these rules with full_return clear holds the stub's
 * constants (exit_choice tests full_return first; fast_door tests these
 * rules before the call and full_return after it, which holds for the
 * reason fast_frame_ok gives); a rewritten one takes the full way,
 * where frame_return_ok and exit_by_* test both. int 0x80's CS and SS are
 * the CPU's, ring 3's own (a TLS selector, say): tested here, where the
 * full way's frames come too (a fork child's, whose TLS descriptors clone
 * may have set); the fast way's test before the call does without them,
 * for the reason fast_frame_ok gives.
 * For int 0x80, whose way back is iretq: the RIP, CS and SS rules only.
 * A frame that fails it goes the whole way below, every rule on its own. */
static __attribute__((always_inline)) inline bool fast_exit_frame_ok(const struct frame *f, uint64_t door)
{
    /* iretq: frame_return_ok's rules alone. A compatibility-mode RIP is
     * held below 4 GiB, not tested: the CPU pushed EIP zero-extended (code
     * in that mode cannot run above 4 GiB, and no far jump or iretq enters
     * it there), and a frame someone rewrote takes the full way. */
    if (door == ENTRY_INT80)
        return f->ss == USER_DS && (__builtin_expect(f->cs == USER_CS, 1) ? f->rip < USER_END : f->cs == USER32_CS);
    /* CS and SS: the stub's constants (above). */
    if (door == ENTRY_SYSCALL32) /* exit_by_sysret32 leaves RSP to iretq's rule */
        return f->rip < 0x100000000ul;
    /* Both below a limit that is a power of two, so below it when their
     * OR is: USER_END for sysretq; sysexit's for sysenter, which is 0 on a
     * CPU that is not Intel's (sysexit_limit32). */
    _Static_assert((USER_END & (USER_END - 1)) == 0, "USER_END is a power of two");
    uint64_t limit = door == ENTRY_SYSCALL64    ? USER_END
                     : door == ENTRY_SYSENTER64 ? sysexit_limit64
                                                : sysexit_limit32;
    return (f->rip | f->rsp) < limit;
}

/* The RFLAGS rule of the fast exits (not int 0x80's: iretq restores both):
 * the bits it refuses, 0 when there are none. */
static __attribute__((always_inline)) inline uint32_t fast_exit_flags_refused(const struct frame *f, uint64_t door)
{
    return door == ENTRY_INT80 ? 0 : (uint32_t)(f->rflags & (RFLAGS_TF | RFLAGS_RF));
}

static __attribute__((always_inline)) inline bool fast_exit_ok(const struct frame *f, uint64_t door)
{
    return fast_exit_frame_ok(f, door) && !fast_exit_flags_refused(f, door);
}

/* The way out of a call: pending signals, and the checks every way back
 * shares; a frame that now holds all of ring 3's registers (a handler,
 * sigreturn, execve, a ptrace stop) leaves by iretq, which clobbers none of
 * them. door is a constant in every door's copy (c_syscall_door), or
 * f->vector for a fork child (syscall_exit_choice). */
static inline __attribute__((always_inline)) int exit_way(struct process *p, struct frame *f, uint64_t door)
{
#ifndef ENTRYLAB_UNSAFE_RETURNS
    /* The common case: no signal work, no full return, a frame the fast exit
     * may take (fast_exit_ok). The stubs load what sysret and sysexit take
     * (rcx and r11, rcx and rdx) from the frame's tail themselves. */
    if (!signal_work(p) && !p->sig.full_return && fast_exit_ok(f, door)) {
        switch (door) {
        case ENTRY_INT80:
            return RET_IRETQ;
        case ENTRY_SYSCALL64:
        case ENTRY_SYSCALL32:
            return RET_SYSRET;
        case ENTRY_SYSENTER32:
        case ENTRY_SYSENTER64:
            return door == ENTRY_SYSENTER64 ? RET_SYSEXIT64 : RET_SYSEXIT;
        }
    }
#endif
    const char *why;
    if (signal_work(p) || !frame_return_ok(f, &why) || (p->sig.full_return && !frame_flags_ok(f, &why)))
        signal_return(f); /* delivers, or makes a refused return SIGSEGV */
    if (p->sig.full_return) {
        p->sig.full_return = false;
        return RET_IRETQ;
    }

    switch (door) {
    case ENTRY_SYSCALL64: return exit_by_sysret64(f);
    case ENTRY_SYSCALL32: return exit_by_sysret32(f);
    case ENTRY_SYSENTER32: return exit_by_sysexit(f, false);
    case ENTRY_SYSENTER64: return exit_by_sysexit(f, true);
    }
    return RET_IRETQ;
}

/* The end of every full way: the way out, and cpu0.fast_proc, which the
 * fast way tests first on the next call, as the entry work now is (a TF
 * given back, a tracer's stops ended). */
static inline __attribute__((always_inline)) int exit_choice(struct process *p, struct frame *f, uint64_t door)
{
    int how = exit_way(p, f, door);
    proc_fast_refresh(p);
    /* The fast way's signal test, from what is pending now: a blocked
     * signal keeps it set (that program's calls go on coming here). */
    p->sig.raised = p->sig.pending != 0;
    return how;
}

/* The struct sc_call handlers take: the frame,
 * whose vector holds the door (sc_door, sc_abi32 and sc_compat read it
 * there; fast_door and c_syscall_full write it), and the arguments, which
 * decode fills for each door. */
static inline __attribute__((always_inline)) void sc_init(struct sc_call *c, struct frame *f)
{
    c->frame = f;
}

/* The full way in, on the whole frame. Each door's full function
 * (c_syscall_<door>_full, below) comes here when the fast way found work
 * to do before the call (FAST_ENTRY_WORK); door is a constant. */
static inline __attribute__((always_inline)) int c_syscall_door(struct frame *f, uint64_t door)
{
    struct process *p = cpu0.proc;
    if (!(f->cs & 3) || !p)
        panic(f, "system call from ring 0 or with no program running");

    p->syscalls++; /* entrylab_info reports it: tests see what entered */
    struct sc_call c;
    sc_init(&c, f);

    /* sysenter with TF set trapped on the stub's first instruction; the
     * trap handler cleared TF there. Give it back to the program. Only the
     * sysenter stubs' first instructions set pending_tf (proc_entry_debug_trap),
     * and this call clears it before anything else runs. */
    if ((door == ENTRY_SYSENTER32 || door == ENTRY_SYSENTER64) && p->pending_tf) {
        f->rflags |= RFLAGS_TF;
        p->pending_tf = false;
    }

    int64_t r;
    if (__builtin_expect(p->syscall_trace, 0)) {
        r = traced_call(&c);
    } else {
        r = decode(&c, door, false);
        if (r == 0)
            r = dispatch(&c, door_abi32(door), false);
    }
    f->rax = (uint64_t)r;

    return exit_choice(p, f, door);
}

/* The full way for a call the fast way ran (exit work): a "full" call
 * runs now, on the whole frame, then the way out with every rule. */
static inline __attribute__((always_inline)) int full_exit(struct frame *f, uint64_t door)
{
    struct process *p = cpu0.proc;
    if (p->sig.full_call) {
        p->sig.full_call = false;
        struct sc_call c;
        sc_init(&c, f);
        int64_t r = decode(&c, door, false);
        if (r == 0)
            r = dispatch(&c, door_abi32(door), false);
        f->rax = (uint64_t)r;
    }
    return exit_choice(p, f, door);
}

static inline __attribute__((always_inline)) int c_syscall_full(struct frame *f, int how, uint64_t door)
{
    /* The door, which the stubs leave to C (include/regs.inc): the full
     * way's readers (sc_door, restart, signal frames, a fork child's way
     * out, a report) find it from here on. */
    f->vector = door;
    /* int 0x80 from ring 0: the fast way sends it here before the call
     * (fast_frame_ok's RIP rule), or, in the ENTRYLAB_UNSAFE_RETURNS build,
     * which skips that rule, after it. */
    if (door == ENTRY_INT80 && !(f->cs & 3))
        panic(f, "system call from ring 0");
    /* The syscall doors' rcx and r11 are frame.rip and frame.rflags (the
     * fast frame leaves their slots out): what syscall put in them. */
    if (door == ENTRY_SYSCALL64 || door == ENTRY_SYSCALL32)
        f->rcx = f->rip, f->r11 = f->rflags;
    /* frame.rax: rax as it came, before the call (orig_rax holds it too);
     * after it, the stub has put the result there (FILL_RESULT). */
    if (how == FAST_ENTRY_WORK) {
        f->rax = f->orig_rax;
        return c_syscall_door(f, door);
    }
    return full_exit(f, door);
}

/* The fast way's test of the way back, made before the call, on the frame
 * as the door's stub built it: the rules of fast_exit_ok (above) that such
 * a frame can fail. The call cannot change their answer: the only code
 * that writes a system call's frame.rip, rsp, rflags, cs or ss (a signal
 * frame, sigreturn, execve, a ptrace stop's SETREGS, POKEUSER or single
 * step, a restart) sets full_return as it does, which fast_door tests after
 * the call (exit_flags). So the frame need not be read again after it.
 *   int 0x80: RIP below USER_END alone (RFLAGS is iretq's to restore).
 *     RIP is the CPU's, past the program's int $0x80, which may end the
 *     lower half. In compatibility mode it is below 4 GiB. CS and SS are
 *     ring 3's own, which held when the CPU took the gate. The call
 *     cannot make them fail iretq's rules:
 *     - CS is USER_CS or USER32_CS: the GDT has no other code segment of
 *       DPL 3, and a TLS descriptor is never code (tls_desc_read);
 *     - SS is USER_DS, sysexit's 64-bit SS or a TLS selector. Its
 *       descriptor was a writable data segment of DPL 3 when ring 3 loaded
 *       it; a TLS descriptor is empty or a present 32-bit data segment
 *       (tls_desc_read), and SS can only have been loaded from the latter.
 *       During the call only this thread's set_thread_area can change it,
 *       and that call sets full_return, so the return takes the full way,
 *       where frame_return_ok tests SS (execve, which clears them all,
 *       rewrites the frame). A switch puts the thread's own descriptors
 *       back before it returns.
 *     An int 0x80 from ring 0 (a kernel bug) fails the RIP rule too (a
 *     kernel RIP), and the full way panics;
 *   syscall 64: RIP and RSP below USER_END (rcx is past the syscall
 *     instruction, which may end the lower half: CVE-2012-0217), and neither
 *     TF nor RF in r11, ring 3's RFLAGS (sysretq restores neither);
 *   syscall 32: TF and RF alone. RIP is below 4 GiB by the CPU: it came
 *     from compatibility mode (IA32_CSTAR's door), where code runs below
 *     4 GiB, and sysretl loads only ECX besides;
 *   sysenter, by sysexit (an Intel CPU): 64-bit, RSP (ring
 *     3's rbp) below USER_END; 32-bit, nothing, since the stub zero-extended
 *     ebp into frame.rsp. RIP is the landing pad, which the exit loads
 *     itself; RFLAGS is pushfq's image, with RF never in it (SDM: PUSHF
 *     clears RF and VM in the copy) and TF cleared before the stub's first
 *     instruction (proc_entry_debug_trap: a TF sends the call the full way);
 *   sysenter, by iretq (any other CPU, whose sysexit is #UD in long mode):
 *     nothing: the landing pad and the door's CS and SS, which the stub
 *     writes before that iretq (SYSENTER_NOT_FAST), pass iretq's rules, and
 *     RSP may be anything there (frame_return_ok).
 * CS and SS of the syscall and sysenter doors are the stubs' constants
 * (fast_exit_frame_ok). */
static __attribute__((always_inline)) inline bool fast_frame_ok(const struct frame *f, uint64_t door, bool by_iretq)
{
    switch (door) {
    case ENTRY_INT80:
        return f->rip < USER_END;
    case ENTRY_SYSCALL64:
        return fast_exit_ok(f, door);
    case ENTRY_SYSCALL32:
        return !fast_exit_flags_refused(f, door);
    case ENTRY_SYSENTER64:
        return by_iretq || f->rsp < USER_END;
    }
    return true;
}

/* The fast way's end, r the call's result: the exit work, which the stub
 * tests. exit_flags as they are (entry.h): 0 is FAST_OUT, anything else
 * exit work for the full way: any pending signal, blocked or not
 * (sig.raised; the full way tells which it may deliver, and a blocked one
 * only costs that program the fast way), a full return or a "full" call.
 * p: after a call, the program again from where it lives (cpu0.proc), not
 * kept across the call; without one (-ENOSYS), the one the fast way found. */
_Static_assert(FAST_OUT == 0, "no exit work is the fast exit");
_Static_assert(((FAST_IRETQ | FAST_ENTRY_WORK) & 0x01010101u) == 0 && (FAST_IRETQ | FAST_ENTRY_WORK) < 0x100,
               "exit_flags, whose bytes are bools, never reads as FAST_IRETQ or FAST_ENTRY_WORK");
static inline __attribute__((always_inline)) struct fast_ret fast_exit(const struct process *p, int64_t r,
                                                                       bool by_iretq)
{
    _Static_assert(sizeof p->sig.exit_flags == 4, "four bools");
    uint64_t work = p->sig.exit_flags;
    if (by_iretq && !work)
        work = FAST_IRETQ;
    return (struct fast_ret){(uint64_t)r, work};
}

/* The fast way, on the partial frame: the fast test of the way back
 * (fast_frame_ok), the call, and a test for exit work, for the common case;
 * anything else goes the full way before the call (ptrace's system-call
 * work; a TF for sysenter to give back; a frame the fast test refuses) or
 * after it (signal work, a full return, a "full" call: one test of
 * exit_flags). door is a constant; by_iretq too: true in the sysenter doors'
 * copies for a CPU that is not Intel's (c_syscall_sysenter32_iretq, which
 * syscall_sysexit_init makes the stub call there), whose fast way leaves by
 * iretq, not sysexit. */
static inline __attribute__((always_inline)) struct fast_ret fast_door(struct frame *f, uint64_t door, bool by_iretq)
{
    /* The running program, when it has no entry work: ptrace's system-call
     * work, or a TF for sysenter to give back (only the sysenter stubs'
     * first instructions set it, and that very call takes it: it is never
     * there for the other doors). 0 also when no program runs, which the
     * full way's own test turns into a panic. */
    struct process *p = cpu0.fast_proc;
    if (__builtin_expect(!p, 0))
        goto entry_work;
    /* A ring-0 int 0x80 (a kernel bug: the syscall and sysenter stubs put
     * ring 3's CS in their frames themselves) fails this test, whose RIP
     * rule wants a user address, and panics on the full way (c_syscall_door). */
#ifndef ENTRYLAB_UNSAFE_RETURNS
    if (__builtin_expect(!fast_frame_ok(f, door, by_iretq), 0))
        goto entry_work;
#endif

    p->syscalls++; /* entrylab_info reports it: tests see what entered */
    struct sc_call c;
    bool abi32 = door_abi32(door);
    uint64_t slot;
    /* An unknown number (-ENOSYS) costs no decoding. The 32-bit fast doors'
     * stubs fetched argument 6 already, before the number, as Linux does: a
     * bad ebp is -EFAULT whatever the number (the full way's). */
    if (!table_slot(f, table_end(abi32), &slot))
        return fast_exit(p, -ENOSYS, by_iretq);
    f->vector = door; /* for the handler's readers (sc_door; include/regs.inc) */
    sc_init(&c, f);
    decode(&c, door, true); /* the arguments' place: it cannot fail here */
    int64_t r = table_of(abi32, true)[slot](&c);
    return fast_exit(cpu0.proc, r, by_iretq);
entry_work:
    __attribute__((cold));
    /* Made here (an empty asm that GCC cannot move out of this path): it
     * would otherwise compute the constant on the common path too. */
    uint64_t how = FAST_ENTRY_WORK;
    __asm__ volatile("" : "+r"(how));
    return (struct fast_ret){0, how};
}

/* Without a frame pointer of their own: the stubs set none up, so the one
 * these would push is ring 3's rbp, where the panic dump's call trace stops
 * anyway (it walks from a handler's frame, whose return address names the
 * door's function, and stops at a non-kernel rbp). */
#define FAST_FN __attribute__((optimize("omit-frame-pointer")))
FAST_FN struct fast_ret c_syscall_int80(struct frame *f) { return fast_door(f, ENTRY_INT80, false); }
FAST_FN struct fast_ret c_syscall_syscall64(struct frame *f) { return fast_door(f, ENTRY_SYSCALL64, false); }
FAST_FN struct fast_ret c_syscall_syscall32(struct frame *f) { return fast_door(f, ENTRY_SYSCALL32, false); }
FAST_FN struct fast_ret c_syscall_sysenter32(struct frame *f) { return fast_door(f, ENTRY_SYSENTER32, false); }
FAST_FN struct fast_ret c_syscall_sysenter64(struct frame *f) { return fast_door(f, ENTRY_SYSENTER64, false); }
/* The sysenter doors' fast way on a CPU whose sysexit is #UD in long mode
 * (AMD's, met under an emulator that lets sysenter in: QEMU's models), out
 * by iretq: the boot points the stubs' calls here (syscall_sysexit_init). */
FAST_FN struct fast_ret c_syscall_sysenter32_iretq(struct frame *f) { return fast_door(f, ENTRY_SYSENTER32, true); }
FAST_FN struct fast_ret c_syscall_sysenter64_iretq(struct frame *f) { return fast_door(f, ENTRY_SYSENTER64, true); }
int c_syscall_int80_full(struct frame *f, int how) { return c_syscall_full(f, how, ENTRY_INT80); }
int c_syscall_syscall64_full(struct frame *f, int how) { return c_syscall_full(f, how, ENTRY_SYSCALL64); }
int c_syscall_syscall32_full(struct frame *f, int how) { return c_syscall_full(f, how, ENTRY_SYSCALL32); }
int c_syscall_sysenter32_full(struct frame *f, int how) { return c_syscall_full(f, how, ENTRY_SYSENTER32); }
int c_syscall_sysenter64_full(struct frame *f, int how) { return c_syscall_full(f, how, ENTRY_SYSENTER64); }

int syscall_exit_choice(struct frame *f)
{
    return exit_choice(cpu0.proc, f, f->vector);
}
