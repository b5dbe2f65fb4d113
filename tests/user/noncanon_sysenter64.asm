; sysenter from 64-bit code with a non-canonical user stack pointer in rbp
; (the stack pointer sysexit would load from rcx). sysexit with a
; non-canonical rcx raises #GP in ring 0; the kernel must refuse instead and
; the program dies with #GP. Where this CPU refuses 64-bit sysenter, the
; program dies with #UD: either way the runner expects that death.
bits 64
%include "syscalls.inc"

AT_NULL equ 0
AT_ENTRYLAB_ACCEPTS equ 0x454C04
EL_ACCEPT_SYSENTER_64 equ 1 << 4

section .text
global _start
_start:
    ; Find AT_ENTRYLAB_ACCEPTS: skip argc, argv and envp on the stack.
    mov rsi, rsp
    mov rcx, [rsi]                  ; argc
    lea rsi, [rsi + 8 + rcx * 8 + 8]
.envp:
    cmp qword [rsi], 0
    lea rsi, [rsi + 8]
    jne .envp
    xor edx, edx
.aux:
    mov rax, [rsi]
    cmp rax, AT_NULL
    je .found
    cmp rax, AT_ENTRYLAB_ACCEPTS
    cmove rdx, [rsi + 8]
    add rsi, 16
    jmp .aux
.found:
    mov ebx, 6                      ; #UD when 64-bit sysenter is refused
    test edx, EL_ACCEPT_SYSENTER_64
    jz .expect
    mov ebx, 13                     ; else #GP for the refused return
.expect:
    mov eax, NR32_entrylab_expect
    int 0x80

    mov rbp, 0x0000800000000000     ; the "user stack pointer" of the convention
    mov eax, NR64_getpid
    sysenter
    mov eax, NR32_exit              ; reached only if the kernel returned
    mov ebx, 1
    int 0x80
