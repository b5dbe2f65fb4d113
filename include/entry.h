/* The doors into the kernel and the ways back out. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "uapi/entrylab.h"

/* frame.vector for system calls: which door the call came through. int 0x80
 * keeps its own vector number; the others sit above the 256 IDT vectors. */
#define ENTRY_INT80      EL_DOOR_INT80
#define ENTRY_SYSCALL64  EL_DOOR_SYSCALL64
#define ENTRY_SYSCALL32  EL_DOOR_SYSCALL32
#define ENTRY_SYSENTER32 EL_DOOR_SYSENTER32
#define ENTRY_SYSENTER64 EL_DOOR_SYSENTER64

/* What the entry stub does on the way out, as chosen by c_syscall. */
#define RET_IRETQ     0
#define RET_SYSRET    1 /* sysretq or sysretl, by the door */
#define RET_SYSEXIT   2 /* 32-bit sysexit */
#define RET_SYSEXIT64 3 /* sysexit with REX.W */

/* What the fast way (c_syscall_<door>, on the partial frame) tells the stub. */
#define FAST_OUT        0 /* done: out by the door's own exit (int 0x80: iretq) */
#define FAST_IRETQ      2 /* done: out by iretq (a sysenter door on AMD) */
#define FAST_ENTRY_WORK 4 /* not run: ptrace, a pending TF, a frame the fast
                           * exit refuses (fast_frame_ok) or a fault on
                           * argument 6 (ARG6_FAULT) wants the full way */
/* Any other value: run, with exit work for the full way (a signal, a full
 * return, a call that needs the whole frame: sys_full_frame). It is the
 * program's sig.exit_flags as they are, whose bytes are bools, 0 or 1: no
 * bit of FAST_IRETQ or FAST_ENTRY_WORK is ever set in it (dispatch.c). */

struct frame;
/* What the fast way returns, in rax and rdx: the call's result, and FAST_*.
 * With FAST_OUT or FAST_IRETQ the result goes to ring 3 from rax, not from
 * the frame (the stub's way out leaves frame.rax alone); with any other
 * answer the stub puts it in frame.rax for the full way (FILL_RESULT). */
struct fast_ret {
    uint64_t rax;
    uint64_t how;
};
/* From the entry stubs, one pair for each door (the one dispatcher,
 * syscall/dispatch.c, with the door a constant). c_syscall_<door> takes the
 * fast way on the partial frame (include/regs.inc); on FAST_ENTRY_WORK or
 * exit work the stub fills the frame and calls c_syscall_<door>_full with
 * that code, which returns the way back (RET_*). */
struct fast_ret c_syscall_int80(struct frame *f);
struct fast_ret c_syscall_syscall64(struct frame *f);
struct fast_ret c_syscall_syscall32(struct frame *f);
struct fast_ret c_syscall_sysenter32(struct frame *f);
struct fast_ret c_syscall_sysenter64(struct frame *f);
/* The sysenter doors' copies that leave by iretq (FAST_IRETQ): where
 * sysexit is refused, c_syscall_sysenter32 and 64 go on there. */
struct fast_ret c_syscall_sysenter32_iretq(struct frame *f);
struct fast_ret c_syscall_sysenter64_iretq(struct frame *f);
int c_syscall_int80_full(struct frame *f, int how);
int c_syscall_syscall64_full(struct frame *f, int how);
int c_syscall_syscall32_full(struct frame *f, int how);
int c_syscall_sysenter32_full(struct frame *f, int how);
int c_syscall_sysenter64_full(struct frame *f, int how);
/* The rules every return to ring 3 obeys (syscall/dispatch.c): a user RIP
 * for the code segment, a user CS, a usable SS, a canonical RSP. *why
 * names the broken rule. */
bool frame_return_ok(const struct frame *f, const char **why);
/* The RFLAGS rule for a rewritten frame (syscall/dispatch.c). */
bool frame_flags_ok(const struct frame *f, const char **why);
/* An SS that iretq can load at CPL 3. */
bool frame_user_ss_ok(uint64_t ss);
/* MSRs and the int 0x80 gate. */
void syscall_init(void);
