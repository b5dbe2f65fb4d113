/* The dispatcher's view of a call, whatever door it came through. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "entry.h"
#include "frame.h"
#include "gdt.h"
#include "uaccess.h"

struct sc_call {
    /* The call's frame. Its vector is the door (ENTRY_*), which C stores
     * (fast_door before the handler, c_syscall_full first thing): sc_door,
     * sc_abi32 and sc_compat read it, so the dispatcher stores nothing else
     * about the door. */
    struct frame *frame;
    /* The six arguments: in the frame itself for the 64-bit doors (rdi ..
     * r9 lie in ABI order there); for the i386 ABI, whose 32-bit arguments
     * are zero-extended, in the area above the frame on the fast way (the
     * stub stored them there: frame_i386_args) and in argbuf on the full
     * way. Read-only: a handler that wants other arguments builds its own
     * struct sc_call. */
    const uint64_t *arg;
    uint64_t argbuf[6];
};

typedef int64_t (*sys_fn)(struct sc_call *c);

/* The door the call came through (ENTRY_*). */
static inline uint64_t sc_door(const struct sc_call *c) { return c->frame->vector; }

/* Whether the call takes i386 numbers, registers and structures: every
 * door but the two 64-bit ones (syscall_frame_abi32's rule). */
static inline bool sc_abi32(const struct sc_call *c)
{
    return sc_door(c) != ENTRY_SYSCALL64 && sc_door(c) != ENTRY_SYSENTER64;
}

/* Whether the caller runs in compatibility mode: the door tells, but for
 * int 0x80, which both modes use: there the CS the CPU pushed does. */
static inline bool sc_compat(const struct sc_call *c)
{
    if (sc_door(c) == ENTRY_INT80)
        return c->frame->cs == USER32_CS;
    return sc_door(c) == ENTRY_SYSCALL32 || sc_door(c) == ENTRY_SYSENTER32;
}

/* Argument 6 of a call through a fast 32-bit door (sysenter, compatibility-
 * mode syscall): at [esp], where the vDSO pushed ebp. 0, or -EFAULT. The
 * full way's load (and restart.c's); the fast way's is the stub's
 * FETCH_ARG6 (include/regs.inc), which relies on the same reasoning. A
 * 32-bit address plus 4 ends below USER_END, and below USER_MIN lies page
 * 0, which no address space ever maps (the ELF loader's bound is USER_MIN,
 * mmap's, mremap's and the stack's MM_MIN_ADDR, and mm_fault brings in no
 * page below USER_MIN whatever a region says): a load there faults, and the fault
 * makes it -EFAULT, as user_range_ok's bottom rule would. So neither of
 * that function's rules needs a test here, as Linux's compat entry tests
 * none (compat_regs32 checks page 0's -EFAULT). */
static inline __attribute__((always_inline)) int fast32_arg6(const struct frame *f, uint32_t *a6)
{
    _Static_assert(USER_END > 0x100000004ul, "a 32-bit range ends inside the user range");
    return get_user32(a6, (uint32_t)f->rsp);
}

/* Every handler named in syscall/syscalls.tbl. */
#include "syscall_table.h"
#define X(name, fn, n32, n64) int64_t fn(struct sc_call *c);
SYSCALL_LIST(X)
#undef X

/* The way out of a system call for frame f (its vector is the door):
 * signals, the return checks, the door's exit (RET_*). c_syscall ends
 * with it; a fork child starts with it (src/forkret.asm). */
int syscall_exit_choice(struct frame *f);
/* Sets the first RFLAGS of the next return to ring 3 (see proc_entry_debug_trap). */
void syscall_enter_program(bool is64);
/* sysexit's limits for the fast exit test, from cpu_vendor (src/probe.c). */
void syscall_sysexit_init(void);
/* Every door back at its real stub after the benchmark's baselines (syscall/bench.c). */
void bench_doors_restore(bool is64);

