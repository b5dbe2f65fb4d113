; sysenter, from compatibility mode and from 64-bit code (Intel; AMD CPUs
; raise #UD for it in long mode).
;
; Registers on entry (Intel SDM: SYSENTER):
;   CS = IA32_SYSENTER_CS (0x10), SS = 0x18, RSP = IA32_SYSENTER_ESP,
;   RIP = IA32_SYSENTER_EIP, which the kernel points at entry_sysenter32 or
;   entry_sysenter64 by the running program's ELF class: the CPU does not
;   say which mode it came from.
;   RFLAGS: IF, RF and VM cleared; TF, DF, AC and NT are the user's.
;   GS is the user's. The user's RIP and RSP are not saved anywhere.
;   Convention (the vDSO, docs/abi.md): rbp = the user's stack pointer, the
;   way back is the vDSO's landing pad.
;   32-bit: eax = number, ebx ecx edx esi edi = arguments 1-5, [ebp] = 6.
;   64-bit: rax = number, rdi rsi rdx r10 r8 r9 = arguments 1-6.
; Back by sysexit in the matching width, or by iretq.

%include "frame.inc"
%include "regs.inc"

extern c_syscall_sysenter32, c_syscall_sysenter64, syscall_exit_iretq

; The rest of the frame and the call into the door's copy of the dispatcher;
; both doors then leave by sysenter_exit.
%macro SYSENTER_COMMON 1
    PUSH_REGS
    KERNEL_FLAGS                    ; sysenter cleared none of DF, AC, TF, NT
    mov rdi, rsp
    call %1
%endmacro

section .entry.text
bits 64

global entry_sysenter32
entry_sysenter32:
    swapgs
    MAGIC_BREAK
    push USER_DS                    ; frame.ss
    push rbp                        ; frame.rsp: the user's ESP, by convention
    mov dword [rsp + 4], 0          ;   (32 bits: the upper half is undefined)
    pushfq                          ; frame.rflags: the user's but IF
    or qword [rsp], 1 << 9          ;   (sysenter cleared IF; the user had it)
    push USER32_CS                  ; frame.cs
    push 0                          ; frame.rip: the vDSO's landing pad
    mov dword [rsp], EL_VDSO_LANDING32 ; (a push imm32 would sign-extend it)
    push rax                        ; frame.error: orig_rax, the number as it came
    push ENTRY_SYSENTER32           ; frame.vector: the door
    SYSENTER_COMMON c_syscall_sysenter32
    cmp eax, RET_SYSEXIT            ; the common way back first
    je sysenter_exit32
    jmp sysenter_exit

global entry_sysenter64
entry_sysenter64:
    swapgs
    MAGIC_BREAK
    push USER_DS                    ; frame.ss
    push rbp                        ; frame.rsp: the user's RSP, by convention
    pushfq                          ; frame.rflags
    or qword [rsp], 1 << 9
    push USER_CS                    ; frame.cs
    push 0                          ; frame.rip: the vDSO's landing pad
    mov dword [rsp], EL_VDSO_LANDING64
    push rax                        ; frame.error: orig_rax, the number as it came
    push ENTRY_SYSENTER64           ; frame.vector
    SYSENTER_COMMON c_syscall_sysenter64
    cmp eax, RET_SYSEXIT64          ; the common way back first
    jne sysenter_exit

sysenter_exit64:
    ; c_syscall put the user's RSP in rcx and the landing pad in rdx, and
    ; checked both. sysexit restores no flags: load the user's first (TF is
    ; clear, or c_syscall would have chosen iretq).
    POP_REGS
    add rsp, FRAME_RFLAGS - FRAME_VECTOR
    popfq                           ; IF is the user's from here: the timer
global sysenter_irq_window64        ;   may land on the swapgs or the sysexit
sysenter_irq_window64:              ;   (src/irqland.c allows these two)
    swapgs
global sysenter_sysexit64
sysenter_sysexit64:
    MAGIC_BREAK
    o64 sysexit                     ; CS = SYSENTER_CS+32 (0x33), SS = +40 (0x3b)

; eax = the way back, rsp = the frame: either door's other ways back, and a
; fork child (src/forkret.asm).
global sysenter_exit
sysenter_exit:
    cmp eax, RET_SYSEXIT
    je sysenter_exit32
    cmp eax, RET_SYSEXIT64
    je sysenter_exit64
    jmp syscall_exit_iretq

sysenter_exit32:
    POP_REGS
    add rsp, FRAME_RFLAGS - FRAME_VECTOR
    popfq                           ; IF on: see sysenter_irq_window64
global sysenter_irq_window32
sysenter_irq_window32:
    swapgs
global sysenter_sysexit32
sysenter_sysexit32:
    MAGIC_BREAK
    sysexit                         ; CS = SYSENTER_CS+16 (0x23), SS = +24 (0x2b)
