; Far returns from ring 3 between the two user code segments, Linux's
; selectors (0x23 compatibility mode, 0x33 64-bit), in each form a program
; uses: lretq, a 32-bit lret in 64-bit code, lretq imm16, and a 32-bit lret
; from compatibility mode back to 64-bit code. Each must land on its target
; with RSP past what it popped. Hardware and Bochs do these alone; QEMU 7.2
; faults them under SMAP and the kernel completes them (src/farret.c), so
; this also judges that path. Exit status 0, or the number of the case.
bits 64
%include "syscalls.inc"

USER32_CS equ 0x23
USER_CS   equ 0x33

section .bss
alignb 16
stack: resb 4096                    ; in the image, below 4 GiB: usable as ESP
stack_top:
marker: resd 1

section .text
global _start
_start:
    mov rsp, stack_top
    mov r12, rsp

    mov r13d, 1                     ; lretq (REX.W CB) to 32-bit code
    push USER32_CS
    push code32_1
    o64 retf
ret1:
    call check

    mov r13d, 2                     ; lret (CB): 32-bit EIP and CS in 64-bit code
    sub rsp, 8
    mov dword [rsp], code32_2
    mov dword [rsp + 4], USER32_CS
    retf
ret2:
    call check

    mov r13d, 3                     ; lretq 16 (REX.W CA): drops 16 more bytes
    sub rsp, 16
    push USER32_CS
    push code32_3
    o64 retf 16
ret3:
    call check

    mov r13d, 4                     ; in 32-bit code, lret (CB) to 64-bit code
    push USER32_CS
    push code32_4
    o64 retf
ret4:
    call check

    mov eax, NR64_exit
    xor edi, edi
    syscall

; Case r13 came back: RSP where it started, its 32-bit code ran.
check:
    lea rax, [r12 - 8]              ; our return address is on the stack
    cmp rsp, rax
    jne .fail
    cmp [marker], r13d
    jne .fail
    ret
.fail:
    mov eax, NR64_exit
    mov edi, r13d
    syscall

bits 32
code32_1:
    mov dword [marker], 1
    jmp dword USER_CS:ret1
code32_2:
    mov dword [marker], 2
    jmp dword USER_CS:ret2
code32_3:
    mov dword [marker], 3
    jmp dword USER_CS:ret3
code32_4:
    mov dword [marker], 4
    push dword USER_CS
    push dword ret4
    retf
