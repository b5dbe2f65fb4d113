/* The one register frame. Every way into the kernel (exceptions, int 0x80,
 * syscall, sysenter) builds it on the kernel stack; its tail is the frame
 * iretq pops. tools/asm-offsets.c turns the offsets into build/gen/frame.inc
 * for NASM, so assembly never types an offset by hand.
 *
 * A system call's fast way fills it only in part: the callee-saved
 * registers (rbx, rbp, r12-r15) stay in the CPU, since C preserves them;
 * so does rax, which is orig_rax on the way in and the result, in rax
 * itself, on the way out. The syscall doors leave out rcx and r11 too
 * (they are rip and rflags there), the syscall and sysenter doors cs and
 * ss (the constants sysret and sysexit force), the sysenter doors rip (the
 * vDSO's landing pad, which their exit loads itself), and the 32-bit fast
 * doors r8-r11 (zero on their way out) and, for sysenter, rcx (argument 2,
 * in the area below). vector, the door, is written by C only when a
 * handler is about to run or on the full way (an unknown number's -ENOSYS
 * leaves it as it was). The full way fills these slots before it reads
 * the frame whole (include/regs.inc, syscall/dispatch.c); a call that reads it
 * ("full" in syscalls.tbl) runs on the full way. A fast handler that
 * passes the frame on (proc_check_time, tty_wait_tick) must not count on
 * them; a report of the program's end fills RIP, CS and SS
 * (proc_keep_fault), of which it prints RIP.
 * Exceptions always fill it whole.
 *
 * Above the frame, at the very top of every kernel stack, lies the i386
 * argument area (frame_i386_args): the 32-bit doors' fast ways store the
 * six i386 arguments there as 32-bit values, in ABI order, and the
 * handlers read them in place as the 64-bit doors' read rdi .. r9. */
#pragma once
#include <stddef.h>
#include <stdint.h>

struct frame {
    /* pushed by the entry stub, last push first (include/regs.inc). The
     * x86-64 ABI's six arguments, rdi rsi rdx r10 r8 r9, lie in that order
     * so that the 64-bit doors' handlers read them in place (struct sc_call). */
    uint64_t r15, r14, r13, r12, rax, r11, rcx, rbx, rbp;
    uint64_t rdi, rsi, rdx, r10, r8, r9;
    uint64_t vector; /* exception vector, or the ENTRY_* door of a system call */
    /* the CPU's error code (or 0) for an exception; for a system call,
     * orig_rax: rax as the door brought it, the number Linux's ptrace and
     * syscall restart see (the call's result overwrites rax) */
    union {
        uint64_t error;
        uint64_t orig_rax;
    };
    /* the interrupt frame: pushed by the CPU for interrupts and exceptions,
     * built by the stub for syscall and sysenter */
    uint64_t rip, cs, rflags, rsp, ss;
};

_Static_assert(sizeof(struct frame) == 22 * 8, "frame layout is used by assembly");
_Static_assert(offsetof(struct frame, rip) == 17 * 8, "iretq frame follows vector and error");
_Static_assert(offsetof(struct frame, r9) - offsetof(struct frame, rdi) == 5 * 8 &&
                   offsetof(struct frame, rsi) == offsetof(struct frame, rdi) + 8 &&
                   offsetof(struct frame, rdx) == offsetof(struct frame, rdi) + 16 &&
                   offsetof(struct frame, r10) == offsetof(struct frame, rdi) + 24 &&
                   offsetof(struct frame, r8) == offsetof(struct frame, rdi) + 32,
               "the x86-64 arguments are contiguous, in ABI order");

/* The i386 argument area: six 64-bit slots right above the frame, the top
 * of every kernel stack (kstack_top and TSS.RSP0 lie below it). The stubs
 * of int 0x80, 32-bit syscall and 32-bit sysenter store ebx, ecx (syscall:
 * ebp), edx, esi, edi and argument 6 there with 32-bit stores
 * (SAVE_I386_ARGS, include/regs.inc); nothing else ever writes it, and the
 * stacks start zeroed, so each slot's upper half stays zero and the slot
 * reads as the zero-extended argument. */
#define I386_ARGS_SIZE (6 * 8)
static inline uint64_t *frame_i386_args(struct frame *f) { return (uint64_t *)(f + 1); }
_Static_assert(I386_ARGS_SIZE % 16 == 0, "the stack top below the area stays 16-byte aligned");
