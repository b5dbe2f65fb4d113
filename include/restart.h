/* System-call restart (src/restart.c; the decision is in src/signal.c):
 * the block restart_syscall(2) resumes a call from, and the frame shape the
 * fast doors restart in. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "frame.h"

/* restart_syscall's numbers: what rax becomes for ERESTART_RESTARTBLOCK. */
#define NR32_RESTART_SYSCALL 0
#define NR64_RESTART_SYSCALL 219

/* What a call left for restart_syscall to resume (Linux's restart_block):
 * the call, and the state it needs. Absolute deadlines, so that a restart
 * sleeps no longer than the first wait would have. */
enum restart_kind {
    RESTART_NONE,      /* restart_syscall returns -EINTR */
    RESTART_NANOSLEEP, /* nanosleep, clock_nanosleep (relative) */
    RESTART_POLL,      /* poll */
    RESTART_FUTEX,     /* FUTEX_WAIT with a timeout */
};
struct restart_block {
    enum restart_kind kind;
    bool ts32;         /* nanosleep: rem is i386's 32-bit timespec */
    uint64_t deadline; /* TSC; UINT64_MAX: none */
    uint64_t uaddr;    /* nanosleep's rem (0: none), poll's fds, the futex word */
    uint64_t n;        /* poll's nfds, the futex's expected value */
    uint32_t bits;     /* futex bitset */
    uint32_t op;       /* futex op (the private flag) */
};

struct sc_call;
/* The calls' halves restart_syscall runs (src/time.c, src/poll.c, src/futex.c). */
int64_t time_nanosleep_restart(struct sc_call *c, const struct restart_block *b);
int64_t poll_restart(struct sc_call *c, const struct restart_block *b);
int64_t futex_restart(struct sc_call *c, const struct restart_block *b);

/* Puts a system call's frame from a fast door into the shape int 0x80 (or,
 * for 64-bit sysenter, sysenter from the vDSO) would have given it, so that RIP - 2 is that
 * instruction in the vDSO and re-executing it makes the same call, as Linux's
 * vDSO does for its fast 32-bit doors:
 *   sysenter32, syscall32: ecx = argument 2 (syscall32 carries it in ebp),
 *     ebp = argument 6 (read from [esp]), RIP = EL_VDSO_LANDING32, after the
 *     vDSO's `int $0x80`;
 *   sysenter64: RIP = EL_VDSO_LANDING64, after the vDSO's second `sysenter` (the
 *     arguments are where syscall takes them already).
 * int 0x80 and 64-bit syscall frames are left alone. Idempotent, and right
 * both before the call runs (rax = -ENOSYS, orig_rax the number) and after.
 * The frame must then leave by iretq if RIP is moved back to the door
 * instruction (sysret and sysexit clobber rcx, rdx). */
void syscall_frame_int80_shape(struct frame *f);

/* Whether f is a system call's frame from a door (not an exception's or
 * an interrupt's), and the ABI it takes its numbers in. */
bool syscall_frame_is_call(const struct frame *f);
bool syscall_frame_abi32(const struct frame *f);
