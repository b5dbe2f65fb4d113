/* The 32-bit vDSO's assembly: the door stubs at their fixed addresses,
 * __kernel_vsyscall, and the two sigreturn trampolines. The stubs' frames
 * are described by CFI so that an unwinder (libgcc, gdb) can walk from any
 * instruction of them back to the caller (Linux's unwind_vdso test). */
#include "layout.h"

/* --- .doors: linked at image offset 0x1000 = EL_VDSO_ADDR (vdso/vdso.lds) */
	.section .doors, "ax", @progbits
	.code32

/* Pushes ecx, edx, ebp: the frame every 32-bit door stub shares. */
.macro PUSH3
	push %ecx
	.cfi_adjust_cfa_offset 4
	.cfi_rel_offset ecx, 0
	push %edx
	.cfi_adjust_cfa_offset 4
	.cfi_rel_offset edx, 0
	push %ebp
	.cfi_adjust_cfa_offset 4
	.cfi_rel_offset ebp, 0
.endm

/* +0x000 EL_VDSO_INT80_32: int 0x80 with the same framing. */
	.globl el_door_int80
	.hidden el_door_int80
	.type el_door_int80, @function
el_door_int80:
	.cfi_startproc
	PUSH3
	int $0x80
	jmp el_landing32
	.cfi_endproc
	.size el_door_int80, . - el_door_int80

/* +0x040 EL_VDSO_SYSENTER32: the kernel reads the user ESP from ebp and
 * argument 6 from [ebp]; sysexit lands on el_landing32. */
	.org 0x40, 0xcc
	.globl el_door_sysenter
	.hidden el_door_sysenter
	.type el_door_sysenter, @function
el_door_sysenter:
	.cfi_startproc
	PUSH3
	mov %esp, %ebp
	sysenter
	ud2				/* sysexit never returns here */
	.cfi_endproc
	.size el_door_sysenter, . - el_door_sysenter

/* +0x080 EL_VDSO_SYSCALL32: the CPU takes ecx, so argument 2 travels in
 * ebp and argument 6 at [esp]; sysretl returns to the next instruction. */
	.org 0x80, 0xcc
	.globl el_door_syscall
	.hidden el_door_syscall
	.type el_door_syscall, @function
el_door_syscall:
	.cfi_startproc
	PUSH3
	mov %ecx, %ebp
	syscall
	jmp el_landing32
	.cfi_endproc
	.size el_door_syscall, . - el_door_syscall

/* +0x0BE: int $0x80 right before the landing pad, as in Linux's vDSO. A
 * call from a fast door that a signal interrupts restarts here (the kernel
 * gives its frame int 0x80's registers and RIP = landing pad - 2,
 * src/restart.c), with the landing pad's three words on the stack. */
	.org 0xbe, 0xcc
	.cfi_startproc
	.cfi_def_cfa_offset 16
	.cfi_offset ebp, -16
	.cfi_offset edx, -12
	.cfi_offset ecx, -8
	int $0x80

/* +0x0C0 EL_VDSO_LANDING32: ecx, edx and ebp as the caller had them. */
	.globl el_landing32
	.hidden el_landing32
	.type el_landing32, @function
el_landing32:
	pop %ebp
	.cfi_adjust_cfa_offset -4
	.cfi_restore ebp
	pop %edx
	.cfi_adjust_cfa_offset -4
	.cfi_restore edx
	pop %ecx
	.cfi_adjust_cfa_offset -4
	.cfi_restore ecx
	ret
	.cfi_endproc
	.size el_landing32, . - el_landing32
	/* 0x100-0x17f belong to the 64-bit image's stubs: nothing here. */
	.org 0x180, 0xcc

	.text
/* __kernel_vsyscall: the door the kernel chose at boot (door32=, or the
 * vendor's fast one), through the data page: no register or flag changes. */
	.globl __kernel_vsyscall
	.type __kernel_vsyscall, @function
__kernel_vsyscall:
	.cfi_startproc
	jmp *(VDSO_VVAR_ADDR + VDSO_VVAR_DOOR32_ENTRY)
	.cfi_endproc
	.size __kernel_vsyscall, . - __kernel_vsyscall
	/* The vDSO's own C calls this name: a direct call, no PLT. */
	.globl el_kernel_vsyscall
	.hidden el_kernel_vsyscall
	.set el_kernel_vsyscall, __kernel_vsyscall

/* The signal trampolines. Their CFI describes the signal frame the kernel
 * builds (Linux's i386 sigframe and rt_sigframe): the interrupted
 * registers are in the sigcontext, the CFA is its saved esp. An unwinder
 * looks up the return address minus one, hence the nop each FDE starts at. */

/* DW_CFA_expression reg, {DW_OP_breg4 (esp) + off}: a 2-byte SLEB128. */
.macro SAVED reg, off
	.cfi_escape 0x10, \reg, 3, 0x74, ((\off) & 0x7f) | 0x80, (\off) >> 7
.endm
/* Every register from a sigcontext at esp + sc (i386 DWARF numbers). */
.macro SIGCONTEXT sc
	.cfi_escape 0x0f, 4, 0x74, (((\sc) + 28) & 0x7f) | 0x80, ((\sc) + 28) >> 7, 0x06
	SAVED 0, (\sc) + 44	/* eax */
	SAVED 1, (\sc) + 40	/* ecx */
	SAVED 2, (\sc) + 36	/* edx */
	SAVED 3, (\sc) + 32	/* ebx */
	SAVED 5, (\sc) + 24	/* ebp */
	SAVED 6, (\sc) + 20	/* esi */
	SAVED 7, (\sc) + 16	/* edi */
	SAVED 8, (\sc) + 56	/* eip */
.endm

	.balign 32
	.cfi_startproc simple
	.cfi_signal_frame
	SIGCONTEXT 4		/* esp at sig; the sigcontext follows it */
	nop
	.globl __kernel_sigreturn
	.type __kernel_sigreturn, @function
__kernel_sigreturn:
	pop %eax
	SIGCONTEXT 0
	mov $119, %eax		/* __NR_sigreturn */
	int $0x80
	.cfi_endproc
	.size __kernel_sigreturn, . - __kernel_sigreturn

	.balign 32
	.cfi_startproc simple
	.cfi_signal_frame
	/* esp at sig; then pinfo, puc, siginfo (128), and the ucontext whose
	 * uc_mcontext is 20 bytes in: 4 + 4 + 4 + 128 + 20. */
	SIGCONTEXT 160
	nop
	.globl __kernel_rt_sigreturn
	.type __kernel_rt_sigreturn, @function
__kernel_rt_sigreturn:
	mov $173, %eax		/* __NR_rt_sigreturn */
	int $0x80
	.cfi_endproc
	.size __kernel_rt_sigreturn, . - __kernel_rt_sigreturn

	.section .note.GNU-stack, "", @progbits
