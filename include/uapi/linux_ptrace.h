/* ptrace's requests, options, events and register layouts, as Linux 6.1's
 * uapi (linux/ptrace.h, asm/ptrace-abi.h) and its struct user
 * (asm/user_64.h, asm/user_32.h) define them. */
#pragma once
#include <stdint.h>

#define PTRACE_TRACEME 0
#define PTRACE_PEEKTEXT 1
#define PTRACE_PEEKDATA 2
#define PTRACE_PEEKUSR 3
#define PTRACE_POKETEXT 4
#define PTRACE_POKEDATA 5
#define PTRACE_POKEUSR 6
#define PTRACE_CONT 7
#define PTRACE_KILL 8
#define PTRACE_SINGLESTEP 9
#define PTRACE_GETREGS 12
#define PTRACE_SETREGS 13
#define PTRACE_GETFPREGS 14
#define PTRACE_SETFPREGS 15
#define PTRACE_ATTACH 16
#define PTRACE_DETACH 17
#define PTRACE_GETFPXREGS 18 /* i386 only */
#define PTRACE_SETFPXREGS 19
#define PTRACE_SYSCALL 24
#define PTRACE_SYSEMU 31
#define PTRACE_SYSEMU_SINGLESTEP 32
#define PTRACE_SETOPTIONS 0x4200
#define PTRACE_GETEVENTMSG 0x4201
#define PTRACE_GETSIGINFO 0x4202
#define PTRACE_SETSIGINFO 0x4203
#define PTRACE_SEIZE 0x4206
#define PTRACE_GETREGSET 0x4204
#define PTRACE_SETREGSET 0x4205
#define PTRACE_INTERRUPT 0x4207

#define PTRACE_O_TRACESYSGOOD 0x01
#define PTRACE_O_TRACEFORK 0x02
#define PTRACE_O_TRACEVFORK 0x04
#define PTRACE_O_TRACECLONE 0x08
#define PTRACE_O_TRACEEXEC 0x10
#define PTRACE_O_TRACEVFORKDONE 0x20
#define PTRACE_O_TRACEEXIT 0x40
#define PTRACE_O_TRACESECCOMP 0x80
#define PTRACE_O_EXITKILL 0x100000
#define PTRACE_O_SUSPEND_SECCOMP 0x200000

#define PTRACE_EVENT_FORK 1
#define PTRACE_EVENT_VFORK 2
#define PTRACE_EVENT_CLONE 3
#define PTRACE_EVENT_EXEC 4
#define PTRACE_EVENT_EXIT 6
#define PTRACE_EVENT_EXIT 6
#define PTRACE_EVENT_STOP 128

/* GETREGSET's register sets (linux/elf.h): the general registers, the
 * fxsave image (x86-64's view), the same image (i386's view). */
#define NT_PRSTATUS 1
#define NT_PRFPREG 2
#define NT_PRXFPREG 0x46e62b7f

/* struct user_regs_struct of x86-64 (sys/user.h), 27 words. */
struct user_regs64 {
    uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8, rax, rcx, rdx, rsi, rdi, orig_rax;
    uint64_t rip, cs, eflags, rsp, ss, fs_base, gs_base, ds, es, fs, gs;
};
_Static_assert(sizeof(struct user_regs64) == 27 * 8, "Linux's user_regs_struct");

/* i386's struct user_regs_struct, 17 words. */
struct user_regs32 {
    uint32_t ebx, ecx, edx, esi, edi, ebp, eax, ds, es, fs, gs, orig_eax, eip, cs, eflags, esp, ss;
};
_Static_assert(sizeof(struct user_regs32) == 17 * 4, "Linux's i386 user_regs_struct");

/* struct user: the registers at offset 0, the debug registers at
 * u_debugreg, the whole size (PEEKUSER's and POKEUSER's range). */
#define USER64_DEBUGREG 848
#define USER64_SIZE 928
#define USER32_DEBUGREG 252
#define USER32_SIZE 284
