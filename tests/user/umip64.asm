; UMIP: where the CPU has it, sgdt from ring 3 raises #GP instead of
; revealing the kernel's GDT address. Where it has not, there is nothing to
; test: the program says so and passes.
bits 64
%include "syscalls.inc"

section .data
gdtr: times 10 db 0
msg: db "# this CPU has no UMIP: sgdt works in ring 3", 10
msglen equ $ - msg

section .text
global _start
_start:
    mov eax, 7
    xor ecx, ecx
    cpuid
    test ecx, 1 << 2                ; CPUID.7.0:ECX.UMIP
    jz .none
    mov eax, NR32_entrylab_expect
    mov ebx, 13                     ; #GP
    int 0x80
    sgdt [rel gdtr]
    mov eax, NR64_exit              ; reached only if sgdt worked
    mov edi, 1
    syscall
.none:
    mov eax, NR64_write
    mov edi, 1
    lea rsi, [rel msg]
    mov edx, msglen
    syscall
    mov eax, NR64_exit
    xor edi, edi
    syscall
