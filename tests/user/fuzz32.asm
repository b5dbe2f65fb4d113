; The fuzzer's door stub for 32-bit (compatibility-mode) code
; (tests/user/fuzz.c, docs/fuzz.md).
;
; int fz_run(int door): every register (esp and EFLAGS too) from fz_in, the
; door instruction, every register into fz_out. EFLAGS comes by popfd, then
; esp by a mov (a same-privilege iretd in compatibility mode does not load
; esp): with TF set, the single step traps once or twice in between, at
; addresses in [keep, door], and fuzz.c's handler keeps TF there. The stores
; after the door use absolute addresses: esp may be anything. Returns 0
; after the stores, 1 when the handler resumed at fz_recover (with
; esp = fz_c_sp).
;
; door: 0 int 0x80, 1 syscall (bare: argument 2 in ebp, 6 at [esp], the
; return by sysretl to the next instruction with ecx clobbered), 2 sysenter
; (bare: the kernel takes ebp as the stack of the vDSO's landing pad, which
; pops ebp, edx, ecx and returns); +3: the same door right after a mov to
; SS (CVE-2018-8897). fz_doors: as in fuzz64.asm, one word each, with the
; sigreturn landing as a fourth row.
bits 32

global fz_run, fz_recover, fz_in, fz_out, fz_c_sp, fz_doors, fz_ss_sel
global fz_xmm_load, fz_xmm_store

%define NREG 8
%define R(i) ((i) * 4)
%define F_FLAGS (NREG * 4)
%define F_SEL (F_FLAGS + 4)     ; ds es fs gs ss
%define SZ (F_SEL + 5 * 4)

section .bss
alignb 64
fz_in:  resb SZ
alignb 64
fz_out: resb SZ
fz_c_sp: resd 1

section .data
align 4
fz_ss_sel: dd 0x2b                 ; EL_USER_DS (include/uapi/entrylab.h)
fz_doors:
    dd door_int80, mss_int80, keep_int80, ret_int80, ret1_int80
    dd door_syscall, mss_syscall, keep_syscall, ret_syscall, ret1_syscall
    dd door_sysenter, mss_sysenter, keep_sysenter, ret_sysenter, ret1_sysenter
    dd 0, 0, 0, ret_sigret, ret1_sigret    ; where a fuzzed sigreturn frame returns
entries:
    dd door_int80, door_syscall, door_sysenter, mss_int80, mss_syscall, mss_sysenter

; Every register from fz_in and EFLAGS, then esp; %1: the label of the
; instruction after popfd (the first one TF can trap after).
%macro LOAD 1
    mov ebx, [fz_in + R(1)]
    mov ecx, [fz_in + R(2)]
    mov edx, [fz_in + R(3)]
    mov esi, [fz_in + R(4)]
    mov edi, [fz_in + R(5)]
    mov ebp, [fz_in + R(6)]
    push dword [fz_in + F_FLAGS]
    mov eax, [fz_in + R(0)]
    popfd
%1:
    mov esp, [fz_in + R(7)]
%endmacro

%macro SAVE 2
%1:
    mov [fz_out + R(0)], eax
%2:
    mov [fz_out + R(1)], ebx
    mov [fz_out + R(2)], ecx
    mov [fz_out + R(3)], edx
    mov [fz_out + R(4)], esi
    mov [fz_out + R(5)], edi
    mov [fz_out + R(6)], ebp
    mov [fz_out + R(7)], esp
    mov [fz_out + F_SEL + 0], ds
    mov [fz_out + F_SEL + 4], es
    mov [fz_out + F_SEL + 8], fs
    mov [fz_out + F_SEL + 12], gs
    mov [fz_out + F_SEL + 16], ss
    mov esp, [fz_c_sp]
    pushfd
    pop dword [fz_out + F_FLAGS]
    xor eax, eax
    jmp fz_done
%endmacro

; One door: the plain entry %1 and the one after mov ss %2 share the load.
%macro DOOR 6 ; entry, mss entry, keep label, insn, ret, ret1
%1:
    LOAD %3
    jmp %%insn
%2:
    LOAD %%keep_mss
    mov ss, [fz_ss_sel]
%%insn:
    %4
    SAVE %5, %6
%endmacro

section .text
fz_run:
    push ebx
    push esi
    push edi
    push ebp
    mov [fz_c_sp], esp
    mov eax, [esp + 20]             ; door, past 4 pushes and the return address
    jmp [entries + eax * 4]

    DOOR door_int80, mss_int80, keep_int80, {int 0x80}, ret_int80, ret1_int80
    DOOR door_syscall, mss_syscall, keep_syscall, syscall, ret_syscall, ret1_syscall
    DOOR door_sysenter, mss_sysenter, keep_sysenter, sysenter, ret_sysenter, ret1_sysenter

; A sigreturn frame's RIP (fuzz_sigret.c): nothing runs into it.
    ud2
    SAVE ret_sigret, ret1_sigret

fz_recover:                         ; the handler set esp = fz_c_sp
    mov eax, 1
fz_done:
    push eax
    pushfd
    and dword [esp], ~0x44500       ; TF, DF, NT, AC: C wants them clear
    popfd
    pop eax
    pop ebp
    pop edi
    pop esi
    pop ebx
    ret

; void fz_xmm_load(const void *src), fz_xmm_store(void *dst): xmm0-7, 16
; bytes each (nothing else in the program touches them: -mgeneral-regs-only).
fz_xmm_load:
    mov eax, [esp + 4]
%assign i 0
%rep 8
    movdqu xmm %+ i, [eax + i * 16]
%assign i i + 1
%endrep
    ret

fz_xmm_store:
    mov eax, [esp + 4]
%assign i 0
%rep 8
    movdqu [eax + i * 16], xmm %+ i
%assign i i + 1
%endrep
    ret

section .note.GNU-stack noalloc noexec nowrite progbits
