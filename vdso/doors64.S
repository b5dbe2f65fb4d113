/* The 64-bit vDSO's assembly: entrylab's own 64-bit sysenter stub and its
 * landing pad, at their fixed addresses (EL_VDSO_SYSENTER64, _LANDING64). */
	.section .doors, "ax", @progbits
	.code64
	/* 0x000-0x0ff belong to the 32-bit image's stubs. */
	.fill 0x100, 1, 0xcc

/* +0x100: x86-64 numbers and registers; the kernel reads the user RSP from rbp. */
	.globl el_door_sysenter64
	.hidden el_door_sysenter64
	.type el_door_sysenter64, @function
el_door_sysenter64:
	.cfi_startproc
	push %rdx
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset rdx, 0
	push %rcx
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset rcx, 0
	push %rbp
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset rbp, 0
	mov %rsp, %rbp
	sysenter
	ud2
	.cfi_endproc
	.size el_door_sysenter64, . - el_door_sysenter64

/* +0x13E: sysenter again, right before the landing pad. A 64-bit sysenter
 * call that restarts (a signal, or a tracer moving RIP back by 2:
 * src/restart.c) re-enters here by the same door with the same registers:
 * rbp is still rsp, the frame the stub pushed, and sysexitq returns to the
 * landing pad. No register comes back different from a first entry. */
	.org 0x13e, 0xcc
	.cfi_startproc
	.cfi_def_cfa_offset 32
	.cfi_offset rbp, -32
	.cfi_offset rcx, -24
	.cfi_offset rdx, -16
	sysenter

/* +0x140: sysexitq took rcx and rdx; give them back. */
	.globl el_landing64
	.hidden el_landing64
	.type el_landing64, @function
el_landing64:
	pop %rbp
	.cfi_adjust_cfa_offset -8
	.cfi_restore rbp
	pop %rcx
	.cfi_adjust_cfa_offset -8
	.cfi_restore rcx
	pop %rdx
	.cfi_adjust_cfa_offset -8
	.cfi_restore rdx
	ret
	.cfi_endproc
	.size el_landing64, . - el_landing64
	.org 0x180, 0xcc

	.section .note.GNU-stack, "", @progbits
