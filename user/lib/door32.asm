; The doors from 32-bit (compatibility-mode) code, cdecl in, i386 door
; registers out, and door_capture() for register-exact tests. See sys.h and
; docs/abi.md for what each door promises.
bits 32
%include "cdecl32.inc"

extern el_vdso_sysenter32, el_vdso_syscall32
global door32_int80
global door32_sysenter, door32_syscall
global door32_raw_syscall, door32_raw_sysenter
global door_capture

section .text

; long door32_int80(nr, a1, a2, a3, a4, a5, a6): all on the stack (cdecl)
;   -> eax=nr ebx ecx edx esi edi ebp, then int 0x80 / a vDSO stub.
%macro DOOR32 1
    CDECL_SAVE                  ; the registers C expects preserved
    mov eax, [esp + 20]         ; nr, past 4 pushes and the return address
    mov ebx, [esp + 24]
    mov ecx, [esp + 28]
    mov edx, [esp + 32]
    mov esi, [esp + 36]
    mov edi, [esp + 40]
    mov ebp, [esp + 44]
    %1
%endmacro

door32_int80:
    DOOR32 {int 0x80}
    CDECL_RESTORE_RET

; Linux's __kernel_vsyscall convention: the same registers, a call into the
; vDSO, which preserves everything but eax.
door32_sysenter:
    DOOR32 {call [el_vdso_sysenter32]}
    CDECL_RESTORE_RET

door32_syscall:
    DOOR32 {call [el_vdso_syscall32]}
    CDECL_RESTORE_RET

; A bare instruction, for doors the CPU refuses: the kernel is expected to
; end the program with #UD before either returns.
door32_raw_syscall:
    syscall
    ret

door32_raw_sysenter:
    sysenter
    ret

; ---------------------------------------------------------------------------
; void door_capture(const struct regs *in, struct regs *out, int door)
;   door: DOOR_INT80 (0) / DOOR_SYSCALL (1, vDSO) / DOOR_SYSENTER (2, vDSO)
; struct regs: gpr[7] (eax ebx ecx edx esi edi ebp), flags, sp, cs, ss, ret,
; sp_in, ss_in; 4 bytes each.
%define OFF_FLAGS (7 * 4)
%define OFF_SP    (OFF_FLAGS + 4)
%define OFF_CS    (OFF_SP + 4)
%define OFF_SS    (OFF_CS + 4)
%define OFF_RET   (OFF_SS + 4)
%define OFF_SP_IN (OFF_RET + 4)
%define OFF_SS_IN (OFF_SP_IN + 4)

; Loads EFLAGS and every general register but esp from in (eax); records esp
; and ss first. Only movs follow popfd, so the flags stay as loaded.
%macro LOAD_ALL 0
    mov [cap_sp_in], esp
    mov [cap_ss_in], ss
    push dword [eax + OFF_FLAGS]
    popfd
    mov ebx, [eax + 1 * 4]
    mov ecx, [eax + 2 * 4]
    mov edx, [eax + 3 * 4]
    mov esi, [eax + 4 * 4]
    mov edi, [eax + 5 * 4]
    mov ebp, [eax + 6 * 4]
    mov eax, [eax + 0 * 4]      ; the pointer last
%endmacro

; Stores everything the door left into *cap_out. %1: the label right after
; the door instruction. esp and EFLAGS are taken before anything changes them.
%macro SAVE_ALL 1
    mov [cap_sp_out], esp
    pushfd
    push eax
    mov eax, [cap_out]
    mov [eax + 1 * 4], ebx
    mov [eax + 2 * 4], ecx
    mov [eax + 3 * 4], edx
    mov [eax + 4 * 4], esi
    mov [eax + 5 * 4], edi
    mov [eax + 6 * 4], ebp
    pop dword [eax + 0 * 4]     ; eax
    pop dword [eax + OFF_FLAGS] ; EFLAGS
    mov ecx, [cap_sp_out]
    mov [eax + OFF_SP], ecx
    xor ecx, ecx
    mov cx, cs
    mov [eax + OFF_CS], ecx
    mov cx, ss
    mov [eax + OFF_SS], ecx
    mov dword [eax + OFF_RET], %1
    mov ecx, [cap_sp_in]
    mov [eax + OFF_SP_IN], ecx
    movzx ecx, word [cap_ss_in]
    mov [eax + OFF_SS_IN], ecx
%endmacro

door_capture:
    CDECL_SAVE                  ; the registers C expects preserved
    mov eax, [esp + 24]         ; out
    mov [cap_out], eax
    mov edx, [esp + 28]         ; door
    mov eax, [esp + 20]         ; in
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
    call [el_vdso_syscall32]
.after_syscall:
    SAVE_ALL .after_syscall
    jmp .done

.sysenter:
    LOAD_ALL
    call [el_vdso_sysenter32]
.after_sysenter:
    SAVE_ALL .after_sysenter

.done:
    cld                         ; C wants DF clear, and AC clear to be safe
    pushfd
    and dword [esp], ~0x40000
    popfd
    pop ebp
    pop edi
    pop esi
    pop ebx
    ret

section .bss
alignb 4
cap_out:    resd 1
cap_sp_in:  resd 1
cap_sp_out: resd 1
cap_ss_in:  resw 1

section .note.GNU-stack noalloc noexec nowrite progbits
