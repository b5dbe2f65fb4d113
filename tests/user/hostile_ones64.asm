; long ones_door(int door, int tf, unsigned long value): every general
; register and RSP set to value (0xffffffff, or all ones), RFLAGS with TF if
; tf, then the bare door instruction (DOOR_INT80, DOOR_SYSCALL, DOOR_SYSENTER).
; Returns rax as it came back to ones_back, where the program also lands
; after a fault it caught (hostile.c's handler resumes there). Between
; ones_keep and ones_back the handler keeps TF set, so that it reaches the
; door instruction.
bits 64
default rel

global ones_door, ones_keep, ones_back

%macro ALL_BUT_SP 0
    mov rax, r11
    mov rbx, r11
    mov rcx, r11
    mov rdx, r11
    mov rsi, r11
    mov rdi, r11
    mov rbp, r11
    mov r8, r11
    mov r9, r11
    mov r10, r11
    mov r12, r11
    mov r13, r11
    mov r14, r11
    mov r15, r11
%endmacro

section .text
ones_door:
    push rbx
    push rbp
    push r12
    push r13
    push r14
    push r15
    mov [saved_sp], rsp
    pushfq
    test esi, esi
    jz .flags
    or qword [rsp], 1 << 8
.flags:
    mov r11, rdx
    cmp edi, 1
    je ones_syscall
    cmp edi, 2
    je ones_sysenter
ones_keep:
    ALL_BUT_SP
    popfq                       ; TF takes effect after the next instruction
    mov rsp, r11
    int 0x80
    jmp ones_back
ones_syscall:
    ALL_BUT_SP
    popfq
    mov rsp, r11
    syscall
    jmp ones_back
ones_sysenter:
    ALL_BUT_SP
    popfq
    mov rsp, r11
    sysenter                    ; back at the vDSO's landing pad, whose pops fault
    jmp ones_back
ones_back:
    mov rsp, [saved_sp]
    push rax
    pushfq
    and qword [rsp], ~0x44500   ; TF, DF, AC, NT
    popfq
    pop rax
    pop r15
    pop r14
    pop r13
    pop r12
    pop rbp
    pop rbx
    ret

section .bss
alignb 8
saved_sp: resq 1

section .note.GNU-stack noalloc noexec nowrite progbits
