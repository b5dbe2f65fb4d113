; hello64: hello world for x86-64 Linux, in plain NASM with Linux's numbers
; and no entrylab headers. It runs on Linux as it is; on entrylab it also
; finds the 64-bit sysenter stub in the auxiliary vector and uses it.
;   nasm -f elf64 hello64.asm && ld -o hello64 hello64.o
; Exit status: 0, or 1 if a write did not write everything.
bits 64
default rel

AT_NULL                 equ 0
AT_ENTRYLAB_SYSENTER64  equ 0x454C03   ; entrylab's docs/abi.md

section .rodata
msg_syscall:  db "hello from 64-bit via syscall", 10
len_syscall   equ $ - msg_syscall
msg_int80:    db "hello from 64-bit via int 0x80", 10
len_int80     equ $ - msg_int80
msg_sysenter: db "hello from 64-bit via sysenter", 10
len_sysenter  equ $ - msg_sysenter

section .text
global _start
_start:
    xor r15d, r15d              ; r15: the exit status (syscalls keep it)

    ; write(1, msg, len) by syscall: x86-64 numbers, rdi rsi rdx
    mov eax, 1                  ; __NR_write
    mov edi, 1
    lea rsi, [msg_syscall]
    mov edx, len_syscall
    syscall
    cmp rax, len_syscall
    je .int80
    mov r15d, 1

.int80:
    ; write(1, msg, len) by int 0x80: i386 numbers, ebx ecx edx; the
    ; pointer must fit in 32 bits (the program is linked at 0x400000).
    mov eax, 4                  ; __NR_write (i386)
    mov ebx, 1
    mov ecx, msg_int80
    mov edx, len_int80
    int 0x80
    cmp rax, len_int80
    je .auxv
    mov r15d, 1

.auxv:
    ; The initial stack: argc, argv[argc], NULL, envp..., NULL, auxv pairs.
    mov rcx, [rsp]              ; argc
    lea rbx, [rsp + 8 * rcx + 16] ; envp: past argc, argv and its NULL
.skip_env:
    add rbx, 8
    cmp qword [rbx - 8], 0
    jne .skip_env               ; rbx: the first auxv pair
.next_aux:
    mov rax, [rbx]
    cmp rax, AT_NULL
    je .exit                    ; not entrylab, or no sysenter: done
    cmp rax, AT_ENTRYLAB_SYSENTER64
    je .sysenter
    add rbx, 16
    jmp .next_aux

.sysenter:
    ; The stub takes the syscall registers and preserves all but rax.
    mov r12, [rbx + 8]
    mov eax, 1                  ; __NR_write
    mov edi, 1
    lea rsi, [msg_sysenter]
    mov edx, len_sysenter
    call r12
    cmp rax, len_sysenter
    je .exit
    mov r15d, 1

.exit:
    mov eax, 60                 ; __NR_exit
    mov edi, r15d
    syscall

section .note.GNU-stack noalloc noexec nowrite progbits
