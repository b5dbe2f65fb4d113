; TF set when the program makes a system call. syscall clears TF for the
; kernel (SFMASK); the way back must be iretq (sysret cannot restore TF
; safely), which gives TF back: the single-step trap comes after the next
; user instruction and, with no debugger, ends the program with #DB.
bits 64
%include "syscalls.inc"

section .text
global _start
_start:
    mov eax, NR32_entrylab_expect
    mov ebx, 1                      ; #DB
    int 0x80
    pushfq
    or qword [rsp], 1 << 8          ; TF
    mov eax, NR64_getpid            ; (popfq: TF takes effect after this)
    popfq
    syscall                         ; the trap comes after the next instruction
    nop
    mov eax, NR32_exit              ; not reached: the #DB ended the program
    mov ebx, 1
    int 0x80
