/* The one register frame. Every way into the kernel (exceptions, int 0x80,
 * syscall, sysenter) builds it on the kernel stack; its tail is the frame
 * iretq pops. tools/asm-offsets.c turns the offsets into build/gen/frame.inc
 * for NASM, so assembly never types an offset by hand. */
#pragma once
#include <stddef.h>
#include <stdint.h>

struct frame {
    /* pushed by the entry stub, last push first */
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector; /* exception vector, or the ENTRY_* door of a system call */
    uint64_t error;  /* the CPU's error code, or 0 */
    /* the interrupt frame: pushed by the CPU for interrupts and exceptions,
     * built by the stub for syscall and sysenter */
    uint64_t rip, cs, rflags, rsp, ss;
};

_Static_assert(sizeof(struct frame) == 22 * 8, "frame layout is used by assembly");
_Static_assert(offsetof(struct frame, rip) == 17 * 8, "iretq frame follows vector and error");
