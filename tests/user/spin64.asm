; A program that never ends: the runner's watchdog (timeout= on the kernel
; command line) must kill it with a report, and the next program must run.
bits 64
%include "syscalls.inc"

EL_EXPECT_TIMEOUT equ 32

section .text
global _start
_start:
    mov eax, NR32_entrylab_expect
    mov ebx, EL_EXPECT_TIMEOUT
    int 0x80
.forever:
    jmp .forever
