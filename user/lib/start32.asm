; _start of 32-bit programs: record the registers the kernel started us with
; (struct regs el_entry, see sys.h), then el_start_c(sp) runs main and exits.
bits 32

%define W 4
%define NGPR 7
%define OFF_FLAGS (NGPR * W)
%define OFF_SP    (OFF_FLAGS + W)
%define OFF_CS    (OFF_SP + W)
%define OFF_SS    (OFF_CS + W)

extern el_entry, el_start_c
global _start

section .text
_start:
    ; mov to an absolute address changes no register and no flag.
    mov [el_entry + 0 * W], eax
    mov [el_entry + 1 * W], ebx
    mov [el_entry + 2 * W], ecx
    mov [el_entry + 3 * W], edx
    mov [el_entry + 4 * W], esi
    mov [el_entry + 5 * W], edi
    mov [el_entry + 6 * W], ebp
    mov [el_entry + OFF_SP], esp
    pushfd                          ; below argc: that stack is free
    pop dword [el_entry + OFF_FLAGS]
    mov word [el_entry + OFF_CS], cs
    mov word [el_entry + OFF_SS], ss

    xor ebp, ebp                    ; the outermost frame
    mov eax, esp                    ; -> argc, argv, envp, auxv
    and esp, -16                    ; the i386 psABI's alignment at a call
    sub esp, 12
    push eax
    call el_start_c                 ; does not return
    ud2

section .note.GNU-stack noalloc noexec nowrite progbits
