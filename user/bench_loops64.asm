; The benchmark's timed loops, 64-bit (user/bench.c). Each function runs one
; batch and returns the TSC ticks it took (lfence; rdtsc; lfence on both
; sides). Kernel doors: `mov rax, nr; <door>; dec r12; jnz`, nothing else,
; with the two arguments loaded once (every door keeps them). C calls (the
; vDSO's clock_gettime) load their arguments every time, since C may not.
;
;   uint64_t bl_X(uint64_t n, uint64_t nr, uint64_t a1, uint64_t a2, uint64_t fn)
;   rdi = n (> 0), rsi = nr, rdx = a1, rcx = a2, r8 = fn (a vDSO entry)
bits 64
section .text

%macro ENTER 0
    push rbx
    push rbp
    push r12
    push r13
    push r14
    push r15
    sub rsp, 8                      ; 16-byte aligned for the C calls
    mov r12, rdi                    ; the count
    mov r13, rsi                    ; the number
    mov r14, r8                     ; the function
    mov rbx, rdx                    ; a1, a2 kept for C calls
    mov rbp, rcx
%endmacro

%macro LEAVE 0
    add rsp, 8
    pop r15
    pop r14
    pop r13
    pop r12
    pop rbp
    pop rbx
    ret
%endmacro

; r15 = the TSC now; clobbers rax, rdx.
%macro TSC_START 0
    lfence
    rdtsc
    lfence
    shl rdx, 32
    or rax, rdx
    mov r15, rax
%endmacro

; rax = ticks since TSC_START.
%macro TSC_STOP 0
    lfence
    rdtsc
    lfence
    shl rdx, 32
    or rax, rdx
    sub rax, r15
%endmacro

; A kernel door: x86-64 registers (rdi rsi) and i386 ones (ebx ecx) both
; hold the arguments, so one loop serves every door.
%macro KLOOP 2
global %1
%1:
    ENTER
    mov rdi, rbx
    mov rsi, rbp
    mov rcx, rbp
    TSC_START
.again:
    mov rax, r13
    %2
    dec r12
    jnz .again
    TSC_STOP
    LEAVE
%endmacro

KLOOP bl_empty, {}
KLOOP bl_int80, {int 0x80}
KLOOP bl_syscall, {syscall}
KLOOP bl_call, {call r14}           ; entrylab's vDSO sysenter stub

; C calls: fn(a1, a2).
%macro CLOOP 2
global %1
%1:
    ENTER
    TSC_START
.again:
    mov rdi, rbx
    mov rsi, rbp
    %2
    dec r12
    jnz .again
    TSC_STOP
    LEAVE
%endmacro

CLOOP bl_cempty, {}
CLOOP bl_ccall, {call r14}

; The empty bracket: what TSC_START and TSC_STOP cost together.
global bl_bracket
bl_bracket:
    ENTER
    TSC_START
    TSC_STOP
    LEAVE
