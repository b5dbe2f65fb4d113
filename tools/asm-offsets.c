/* Compiled with -S at build time (never run): each OFFSET line leaves a
 * "->NAME value" marker in the assembly, which tools/gen-asm-offsets.sh turns
 * into build/gen/frame.inc. Assembly reads frame and per-CPU offsets from
 * there, so they cannot drift from the C definitions. */
#include <stddef.h>
#include "frame.h"
#include "gdt.h"
#include "entry.h"

#define OFFSET(name, type, field) \
    __asm__ volatile("\n.ascii \"->" #name " %c0\"" ::"i"(offsetof(type, field)))
#define VALUE(name, v) __asm__ volatile("\n.ascii \"->" #name " %0\"" ::"n"((unsigned long)(v)))

void asm_offsets(void);
void asm_offsets(void)
{
    OFFSET(FRAME_R15, struct frame, r15);
    OFFSET(FRAME_R14, struct frame, r14);
    OFFSET(FRAME_R13, struct frame, r13);
    OFFSET(FRAME_R12, struct frame, r12);
    OFFSET(FRAME_R11, struct frame, r11);
    OFFSET(FRAME_R10, struct frame, r10);
    OFFSET(FRAME_R9, struct frame, r9);
    OFFSET(FRAME_R8, struct frame, r8);
    OFFSET(FRAME_RBP, struct frame, rbp);
    OFFSET(FRAME_RDI, struct frame, rdi);
    OFFSET(FRAME_RSI, struct frame, rsi);
    OFFSET(FRAME_RDX, struct frame, rdx);
    OFFSET(FRAME_RCX, struct frame, rcx);
    OFFSET(FRAME_RBX, struct frame, rbx);
    OFFSET(FRAME_RAX, struct frame, rax);
    OFFSET(FRAME_VECTOR, struct frame, vector);
    OFFSET(FRAME_ERROR, struct frame, error);
    OFFSET(FRAME_RIP, struct frame, rip);
    OFFSET(FRAME_CS, struct frame, cs);
    OFFSET(FRAME_RFLAGS, struct frame, rflags);
    OFFSET(FRAME_RSP, struct frame, rsp);
    OFFSET(FRAME_SS, struct frame, ss);
    VALUE(FRAME_SIZE, sizeof(struct frame));
    VALUE(I386_ARGS_SIZE, I386_ARGS_SIZE);
    OFFSET(PERCPU_ENTRY_RSP, struct percpu, entry_rsp);
    OFFSET(PERCPU_SYSCALL_RSP, struct percpu, syscall_rsp);
    OFFSET(PERCPU_USER_RSP, struct percpu, user_rsp);
    VALUE(KERNEL_CS, KERNEL_CS);
    VALUE(KERNEL_DS, KERNEL_DS);
    VALUE(USER_CS, USER_CS);
    VALUE(USER32_CS, USER32_CS);
    VALUE(USER_DS, USER_DS);
    VALUE(USER_DS_SYSEXIT64, USER_DS_SYSEXIT64);
    VALUE(ENTRY_INT80, ENTRY_INT80);
    VALUE(ENTRY_SYSCALL64, ENTRY_SYSCALL64);
    VALUE(ENTRY_SYSCALL32, ENTRY_SYSCALL32);
    VALUE(ENTRY_SYSENTER32, ENTRY_SYSENTER32);
    VALUE(ENTRY_SYSENTER64, ENTRY_SYSENTER64);
    VALUE(RET_IRETQ, RET_IRETQ);
    VALUE(RET_SYSRET, RET_SYSRET);
    VALUE(RET_SYSEXIT, RET_SYSEXIT);
    VALUE(RET_SYSEXIT64, RET_SYSEXIT64);
    VALUE(FAST_OUT, FAST_OUT);
    VALUE(FAST_IRETQ, FAST_IRETQ);
    VALUE(FAST_ENTRY_WORK, FAST_ENTRY_WORK);
    VALUE(EL_VDSO_LANDING32, EL_VDSO_LANDING32);
    VALUE(EL_VDSO_LANDING64, EL_VDSO_LANDING64);
    VALUE(EL_VDSO_ADDR, EL_VDSO_ADDR);
}
