; The fuzzer's door stub for 64-bit code (tests/user/fuzz.c, docs/fuzz.md).
;
; int fz_run(int door): every register (rsp and RFLAGS too) from fz_in, the
; door instruction, every register into fz_out. RFLAGS comes by popfq, then
; rsp by a mov: with TF set, the single step traps once or twice in
; between, at addresses in [keep, door], and fuzz.c's handler keeps TF
; there. (An iretq would load RSP, RFLAGS and RIP at once, RF included, but
; QEMU 7.2 faults an iretq in ring 3 with #PF at its frame: it appears to
; pop it as a supervisor access, which SMAP refuses.) The stores after the
; door use RIP-relative addresses: no register is needed and rsp may be
; anything. Returns 0 after the stores, 1 when fuzz.c's signal handler
; resumed at fz_recover (it sets rsp = fz_c_sp).
;
; door: 0 int 0x80, 1 syscall, 2 sysenter (bare: the kernel takes rbp as
; the stack of the vDSO's landing pad, which pops rbp, rcx, rdx and
; returns); +3: the same door right after a mov to SS (a debug trap the
; mov defers lands on the kernel's first instruction: CVE-2018-8897).
;
; fz_doors: per door, the addresses fuzz.c needs: entry, entry after mov
; ss, the first address of the pre-door range where a single step is kept,
; the return label (right after the door instruction) and the label after
; the first store there; a fourth row: the sigreturn landing.
bits 64
default rel

global fz_run, fz_recover, fz_in, fz_out, fz_c_sp, fz_doors, fz_ss_sel
global fz_xmm_load, fz_xmm_store

%define NREG 16
%define R(i) ((i) * 8)
%define F_FLAGS (NREG * 8)
%define F_SEL (F_FLAGS + 8)     ; ds es fs gs ss
%define SZ (F_SEL + 5 * 8)

section .bss
alignb 64
fz_in:  resb SZ
alignb 64
fz_out: resb SZ
fz_c_sp: resq 1

section .data
align 8
fz_ss_sel: dq 0x2b                 ; EL_USER_DS (include/uapi/entrylab.h)
fz_doors:
    dq door_int80, mss_int80, keep_int80, ret_int80, ret1_int80
    dq door_syscall, mss_syscall, keep_syscall, ret_syscall, ret1_syscall
    dq door_sysenter, mss_sysenter, keep_sysenter, ret_sysenter, ret1_sysenter
    dq 0, 0, 0, ret_sigret, ret1_sigret    ; where a fuzzed sigreturn frame returns
entries:
    dq door_int80, door_syscall, door_sysenter, mss_int80, mss_syscall, mss_sysenter

; Every register from fz_in and RFLAGS, then rsp; %1: the label of the
; instruction after popfq (the first one TF can trap after).
%macro LOAD 1
    mov rbx, [fz_in + R(1)]
    mov rcx, [fz_in + R(2)]
    mov rdx, [fz_in + R(3)]
    mov rsi, [fz_in + R(4)]
    mov rdi, [fz_in + R(5)]
    mov rbp, [fz_in + R(6)]
    mov r8,  [fz_in + R(8)]
    mov r9,  [fz_in + R(9)]
    mov r10, [fz_in + R(10)]
    mov r11, [fz_in + R(11)]
    mov r12, [fz_in + R(12)]
    mov r13, [fz_in + R(13)]
    mov r14, [fz_in + R(14)]
    mov r15, [fz_in + R(15)]
    push qword [fz_in + F_FLAGS]
    mov rax, [fz_in + R(0)]
    popfq
%1:
    mov rsp, [fz_in + R(7)]
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

; The door's return label %1 and the label after its first store %2: every
; register into fz_out, then the C stack back and RFLAGS as they came.
%macro SAVE 2
%1:
    mov [fz_out + R(0)], rax
%2:
    mov [fz_out + R(1)], rbx
    mov [fz_out + R(2)], rcx
    mov [fz_out + R(3)], rdx
    mov [fz_out + R(4)], rsi
    mov [fz_out + R(5)], rdi
    mov [fz_out + R(6)], rbp
    mov [fz_out + R(7)], rsp
    mov [fz_out + R(8)], r8
    mov [fz_out + R(9)], r9
    mov [fz_out + R(10)], r10
    mov [fz_out + R(11)], r11
    mov [fz_out + R(12)], r12
    mov [fz_out + R(13)], r13
    mov [fz_out + R(14)], r14
    mov [fz_out + R(15)], r15
    mov [fz_out + F_SEL + 0], ds
    mov [fz_out + F_SEL + 8], es
    mov [fz_out + F_SEL + 16], fs
    mov [fz_out + F_SEL + 24], gs
    mov [fz_out + F_SEL + 32], ss
    mov rsp, [fz_c_sp]
    pushfq
    pop qword [fz_out + F_FLAGS]
    xor eax, eax
    jmp fz_done
%endmacro

section .text
fz_run:
    push rbx
    push rbp
    push r12
    push r13
    push r14
    push r15
    mov [fz_c_sp], rsp
    lea rax, [entries]
    jmp [rax + rdi * 8]

    DOOR door_int80, mss_int80, keep_int80, {int 0x80}, ret_int80, ret1_int80
    DOOR door_syscall, mss_syscall, keep_syscall, syscall, ret_syscall, ret1_syscall
    DOOR door_sysenter, mss_sysenter, keep_sysenter, sysenter, ret_sysenter, ret1_sysenter

; A sigreturn frame's RIP (fuzz_sigret.c): nothing runs into it.
    ud2
    SAVE ret_sigret, ret1_sigret

fz_recover:                         ; the handler set rsp = fz_c_sp
    mov eax, 1
fz_done:
    push rax
    pushfq
    and qword [rsp], ~0x44500       ; TF, DF, NT, AC: C wants them clear
    popfq
    pop rax
    pop r15
    pop r14
    pop r13
    pop r12
    pop rbp
    pop rbx
    ret

; void fz_xmm_load(const void *src), fz_xmm_store(void *dst): xmm0-15, 16
; bytes each (nothing else in the program touches them: -mgeneral-regs-only).
fz_xmm_load:
%assign i 0
%rep 16
    movdqu xmm %+ i, [rdi + i * 16]
%assign i i + 1
%endrep
    ret

fz_xmm_store:
%assign i 0
%rep 16
    movdqu [rdi + i * 16], xmm %+ i
%assign i i + 1
%endrep
    ret

section .note.GNU-stack noalloc noexec nowrite progbits
