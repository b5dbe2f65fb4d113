; x87 and SSE in a program: they must work (CR0/CR4 set up for them), and a
; program must start with Linux's initial state (FCW 0x37f, MXCSR 0x1f80,
; every XMM register zero), whatever the program before it left. The test
; image runs this twice; each run leaves all XMM registers set to ones and
; the x87 stack full, for the next run to find cleared (contents included:
; fninit alone would only mark the registers empty).
bits 64
%include "syscalls.inc"

section .bss
alignb 16
area:   resb 512                    ; fxsave image

section .data
pattern: dq 0x1234567812345678
one:    dq 1.0
two:    dq 2.0
mxcsr:  dd 0
fcw:    dw 0

section .text
global _start
_start:
    stmxcsr [rel mxcsr]
    cmp dword [rel mxcsr], 0x1f80
    jne fail
    fnstcw [rel fcw]
    cmp word [rel fcw], 0x37f
    jne fail

    ; Every x87/MMX register zero too, not only marked empty: the raw
    ; contents are in the fxsave image, 8 registers of 16 bytes from 32.
    fxsave [rel area]
    lea rsi, [rel area + 32]
    mov ecx, 8 * 16 / 8
.st:
    cmp qword [rsi], 0
    jne fail
    add rsi, 8
    loop .st

    ; Every XMM register zero: OR them all into xmm0 and look at it.
%assign i 1
%rep 15
    por xmm0, xmm %+ i
%assign i i + 1
%endrep
    pxor xmm15, xmm15
    pcmpeqb xmm0, xmm15             ; bytes equal to zero -> 0xff
    pmovmskb eax, xmm0
    cmp eax, 0xffff
    jne fail

    ; SSE and x87 arithmetic work: 1.0 + 2.0 == 3.0 both ways.
    movsd xmm1, [rel one]
    addsd xmm1, [rel two]
    cvttsd2si eax, xmm1
    cmp eax, 3
    jne fail
    fld qword [rel one]
    fadd qword [rel two]
    fistp dword [rel mxcsr]
    cmp dword [rel mxcsr], 3
    jne fail

    ; Leave a mess for the next program.
%assign i 0
%rep 16
    pcmpeqd xmm %+ i, xmm %+ i
%assign i i + 1
%endrep
%rep 8
    fild qword [rel pattern]        ; fill the whole x87 stack
%endrep
    mov eax, NR64_exit
    xor edi, edi
    syscall
fail:
    mov eax, NR64_exit
    mov edi, 1
    syscall
