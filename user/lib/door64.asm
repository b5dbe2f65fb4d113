; The doors from 64-bit code (System V calling convention in, door registers
; out), and door_capture() for register-exact tests. See sys.h and
; docs/abi.md for what each door promises.
bits 64
default rel

extern el_vdso_sysenter64
global door64_syscall, door64_int80
global door64_sysenter
global door64_raw_syscall, door64_raw_sysenter
global door_capture

; From the System V argument registers to the x86-64 system call registers:
; rax = nr, rdi rsi rdx r10 r8 r9 = a1-a6 (a6 is on the stack).
%macro SYSCALL_ARGS 0
    mov rax, rdi
    mov rdi, rsi
    mov rsi, rdx
    mov rdx, rcx
    mov r10, r8
    mov r8, r9
    mov r9, [rsp + 8]
%endmacro

section .text

; long door64_syscall(nr, a1, a2, a3, a4, a5, a6)
;   in:  rdi  rsi  rdx  rcx  r8   r9   [rsp+8]
;   out: rax  rdi  rsi  rdx  r10  r8   r9       (x86-64 numbers)
door64_syscall:
    SYSCALL_ARGS
    syscall                     ; clobbers rcx and r11, as a call may
    ret

; long door64_sysenter(nr, a1..a6): the syscall registers, through the vDSO
; stub (EL_VDSO_SYSENTER64), which preserves everything but rax.
door64_sysenter:
    SYSCALL_ARGS
    call [el_vdso_sysenter64]
    ret

; long door64_int80(nr, a1..a6): i386 numbers and registers
;   eax=nr ebx ecx edx esi edi ebp; the full 64-bit values are loaded, the
;   kernel decides what counts (the number in full, the arguments truncated).
door64_int80:
    push rbx
    push rbp
    mov rax, rdi                ; nr
    mov rbx, rsi                ; a1
    mov r11, rdx                ; a2 (rdx is a3's register: swap via r11)
    mov rdx, rcx                ; a3
    mov rcx, r11                ; a2
    mov rsi, r8                 ; a4
    mov rdi, r9                 ; a5
    mov rbp, [rsp + 24]         ; a6, past rbp, rbx and the return address
    int 0x80
    pop rbp
    pop rbx
    ret

; A bare instruction, for doors the CPU refuses: the kernel is expected to
; end the program with #UD before either returns.
door64_raw_syscall:
    syscall
    ret

door64_raw_sysenter:
    sysenter
    ret

; ---------------------------------------------------------------------------
; void door_capture(const struct regs *in, struct regs *out, int door)
;   rdi = in, rsi = out, edx = DOOR_INT80 (0) / DOOR_SYSCALL (1) / DOOR_SYSENTER (2)
; struct regs: gpr[15] (rax rbx rcx rdx rsi rdi rbp r8..r15), flags, sp, cs,
; ss, ret, sp_in, ss_in; 8 bytes each.
%define OFF_FLAGS (15 * 8)
%define OFF_SP    (OFF_FLAGS + 8)
%define OFF_CS    (OFF_SP + 8)
%define OFF_SS    (OFF_CS + 8)
%define OFF_RET   (OFF_SS + 8)
%define OFF_SP_IN (OFF_RET + 8)
%define OFF_SS_IN (OFF_SP_IN + 8)

; Loads RFLAGS and every general register but rsp from in (rdi); records
; rsp and ss first. Only movs follow popfq, so the flags stay as loaded.
%macro LOAD_ALL 0
    mov [cap_sp_in], rsp
    mov [cap_ss_in], ss
    push qword [rdi + OFF_FLAGS]
    popfq
    mov rax, [rdi + 0 * 8]
    mov rbx, [rdi + 1 * 8]
    mov rcx, [rdi + 2 * 8]
    mov rdx, [rdi + 3 * 8]
    mov rsi, [rdi + 4 * 8]
    mov rbp, [rdi + 6 * 8]
    mov r8,  [rdi + 7 * 8]
    mov r9,  [rdi + 8 * 8]
    mov r10, [rdi + 9 * 8]
    mov r11, [rdi + 10 * 8]
    mov r12, [rdi + 11 * 8]
    mov r13, [rdi + 12 * 8]
    mov r14, [rdi + 13 * 8]
    mov r15, [rdi + 14 * 8]
    mov rdi, [rdi + 5 * 8]      ; the pointer last
%endmacro

; Stores everything the door left into *cap_out. %1: the label right after
; the door instruction. rsp and RFLAGS are taken before anything changes them.
%macro SAVE_ALL 1
    mov [cap_sp_out], rsp
    pushfq
    push rax
    mov rax, [cap_out]
    mov [rax + 1 * 8], rbx
    mov [rax + 2 * 8], rcx
    mov [rax + 3 * 8], rdx
    mov [rax + 4 * 8], rsi
    mov [rax + 5 * 8], rdi
    mov [rax + 6 * 8], rbp
    mov [rax + 7 * 8], r8
    mov [rax + 8 * 8], r9
    mov [rax + 9 * 8], r10
    mov [rax + 10 * 8], r11
    mov [rax + 11 * 8], r12
    mov [rax + 12 * 8], r13
    mov [rax + 13 * 8], r14
    mov [rax + 14 * 8], r15
    pop qword [rax + 0 * 8]     ; rax
    pop qword [rax + OFF_FLAGS] ; RFLAGS
    mov rcx, [cap_sp_out]
    mov [rax + OFF_SP], rcx
    xor ecx, ecx
    mov cx, cs
    mov [rax + OFF_CS], rcx
    mov cx, ss
    mov [rax + OFF_SS], rcx
    lea rcx, [%1]
    mov [rax + OFF_RET], rcx
    mov rcx, [cap_sp_in]
    mov [rax + OFF_SP_IN], rcx
    movzx ecx, word [cap_ss_in]
    mov [rax + OFF_SS_IN], rcx
%endmacro

door_capture:
    push rbx                    ; the registers C expects preserved
    push rbp
    push r12
    push r13
    push r14
    push r15
    mov [cap_out], rsi
    cmp edx, 1
    je .syscall
    cmp edx, 2
    je .sysenter

    LOAD_ALL
    int 0x80
.after_int80:
    SAVE_ALL .after_int80
    jmp .done

.syscall:
    LOAD_ALL
    syscall
.after_syscall:
    SAVE_ALL .after_syscall
    jmp .done

.sysenter:
    LOAD_ALL
    call [el_vdso_sysenter64]   ; memory-indirect: no register needed
.after_sysenter:
    SAVE_ALL .after_sysenter

.done:
    cld                         ; C wants DF clear, and AC clear to be safe
    pushfq
    and qword [rsp], ~0x40000
    popfq
    pop r15
    pop r14
    pop r13
    pop r12
    pop rbp
    pop rbx
    ret

section .bss
alignb 8
cap_out:    resq 1
cap_sp_in:  resq 1
cap_sp_out: resq 1
cap_ss_in:  resw 1

section .note.GNU-stack noalloc noexec nowrite progbits
