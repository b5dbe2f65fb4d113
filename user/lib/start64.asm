; _start of 64-bit programs: record the registers the kernel started us with
; (struct regs el_entry, see sys.h), then el_start_c(sp) runs main and exits.
bits 64
default rel

%define W 8
%define NGPR 15
%define OFF_FLAGS (NGPR * W)
%define OFF_SP    (OFF_FLAGS + W)
%define OFF_CS    (OFF_SP + W)
%define OFF_SS    (OFF_CS + W)

extern el_entry, el_start_c
global _start

section .text
_start:
    ; Nothing may change a register before it is stored: mov to memory with
    ; a RIP-relative address changes no register and no flag.
    mov [el_entry + 0 * W], rax
    mov [el_entry + 1 * W], rbx
    mov [el_entry + 2 * W], rcx
    mov [el_entry + 3 * W], rdx
    mov [el_entry + 4 * W], rsi
    mov [el_entry + 5 * W], rdi
    mov [el_entry + 6 * W], rbp
    mov [el_entry + 7 * W], r8
    mov [el_entry + 8 * W], r9
    mov [el_entry + 9 * W], r10
    mov [el_entry + 10 * W], r11
    mov [el_entry + 11 * W], r12
    mov [el_entry + 12 * W], r13
    mov [el_entry + 13 * W], r14
    mov [el_entry + 14 * W], r15
    mov [el_entry + OFF_SP], rsp
    pushfq                          ; below argc: that stack is free
    pop qword [el_entry + OFF_FLAGS]
    mov word [el_entry + OFF_CS], cs
    mov word [el_entry + OFF_SS], ss

    xor ebp, ebp                    ; the outermost frame
    mov rdi, rsp                    ; -> argc, argv, envp, auxv
    and rsp, -16                    ; the psABI's alignment at a call
    call el_start_c                 ; does not return
    ud2

section .note.GNU-stack noalloc noexec nowrite progbits
