; The benchmark's timed loops, 32-bit (user/bench.c): as bench_loops64.asm.
; Kernel doors: `mov eax, nr; <door>; dec esi; jnz` with ebx, ecx = the
; arguments; AT_SYSINFO and entrylab's vDSO stubs are called as `call ebp`
; (they keep every register but eax). Returns the low 32 bits of the ticks.
;
;   uint32_t bl_X(uint32_t n, uint32_t nr, uint32_t a1, uint32_t a2, uint32_t fn)
bits 32
%include "cdecl32.inc"
section .text

%define ARG(i) [esp + 24 + 4 * (i)]  ; past t0, 4 pushes and the return address

%macro ENTER 0
    CDECL_SAVE
    sub esp, 4                      ; [esp] = t0
    mov esi, ARG(0)
    mov edi, ARG(1)
    mov ebx, ARG(2)
    mov ecx, ARG(3)
    mov ebp, ARG(4)
%endmacro

%macro LEAVE 0
    add esp, 4
    CDECL_RESTORE_RET
%endmacro

%macro TSC_START 0
    lfence
    rdtsc
    lfence
    mov [esp], eax
%endmacro

%macro TSC_STOP 0
    lfence
    rdtsc
    lfence
    sub eax, [esp]
%endmacro

%macro KLOOP 2
global %1
%1:
    ENTER
    TSC_START
.again:
    mov eax, edi
    %2
    dec esi
    jnz .again
    TSC_STOP
    LEAVE
%endmacro

KLOOP bl_empty, {}
KLOOP bl_int80, {int 0x80}
KLOOP bl_call, {call ebp}

; C calls (cdecl): fn(a1 = edi, a2 = ebx).
%macro CLOOP 2
global %1
%1:
    ENTER
    mov edi, ebx
    mov ebx, ecx
    TSC_START
.again:
    push ebx
    push edi
    %2
    add esp, 8
    dec esi
    jnz .again
    TSC_STOP
    LEAVE
%endmacro

CLOOP bl_cempty, {}
CLOOP bl_ccall, {call ebp}

global bl_bracket
bl_bracket:
    ENTER
    TSC_START
    TSC_STOP
    LEAVE
