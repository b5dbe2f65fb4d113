; long ones_door(int door, int tf, unsigned long value): every general
; register and ESP set to value (0xffffffff), RFLAGS with TF if tf, then the
; bare door instruction (DOOR_INT80, DOOR_SYSCALL, DOOR_SYSENTER). Returns
; eax as it came back to ones_back, where the program also lands after a
; fault it caught (hostile.c's handler resumes there). Between ones_keep and
; ones_back the handler keeps TF set, so that it reaches the door.
bits 32

global ones_door, ones_keep, ones_back

%macro ALL_BUT_SP 0
    mov eax, [value]
    mov ebx, eax
    mov ecx, eax
    mov edx, eax
    mov esi, eax
    mov edi, eax
    mov ebp, eax
%endmacro

section .text
ones_door:
    push ebx
    push ebp
    push esi
    push edi
    mov [saved_sp], esp
    mov eax, [esp + 28]         ; value (past 4 registers and the return address)
    mov [value], eax
    mov ecx, [esp + 20]         ; door
    pushfd
    cmp dword [esp + 28], 0     ; tf (one more word pushed)
    je .flags
    or dword [esp], 1 << 8
.flags:
    cmp ecx, 1
    je ones_syscall
    cmp ecx, 2
    je ones_sysenter
ones_keep:
    ALL_BUT_SP
    popfd                       ; TF takes effect after the next instruction
    mov esp, eax
    int 0x80
    jmp ones_back
ones_syscall:
    ALL_BUT_SP
    popfd
    mov esp, eax
    syscall
    jmp ones_back
ones_sysenter:
    ALL_BUT_SP
    popfd
    mov esp, eax
    sysenter                    ; back at the vDSO's landing pad, whose pops fault
    jmp ones_back
ones_back:
    mov esp, [saved_sp]
    push eax
    pushfd
    and dword [esp], ~0x44500   ; TF, DF, AC, NT
    popfd
    pop eax
    pop edi
    pop esi
    pop ebp
    pop ebx
    ret

section .bss
alignb 4
saved_sp: resd 1
value: resd 1

section .note.GNU-stack noalloc noexec nowrite progbits
