; syscall from compatibility mode (IA32_CSTAR): AMD CPUs (Intel's raise #UD;
; QEMU's Intel models let it through).
;
; Registers on entry:
;   rcx = the user's EIP after the syscall instruction (zero-extended)
;   r11 = the user's EFLAGS
;   CS = 0x10 (64-bit), SS = 0x18, RFLAGS &= ~IA32_FMASK,
;   RSP = the user's ESP; GS is the user's until swapgs.
;   Linux's 32-bit syscall convention (the vDSO's EL_VDSO_SYSCALL32 sets it up,
;   since the CPU takes ecx): eax = number, ebx = argument 1, ebp = argument 2
;   (moved from ecx), edx esi edi = arguments 3-5, [esp] = argument 6.
;   The upper halves of the registers are undefined: c_syscall uses 32 bits.
; Back by sysretl to the instruction after syscall, or by iretq.

%include "frame.inc"
%include "regs.inc"

extern c_syscall_syscall32, syscall_exit_iretq

section .entry.text
bits 64

global entry_syscall32
entry_syscall32:
    swapgs
    mov [gs:PERCPU_USER_RSP], rsp
    mov rsp, [gs:PERCPU_ENTRY_RSP]
    MAGIC_BREAK
    push USER_DS                    ; frame.ss
    push qword [gs:PERCPU_USER_RSP] ; frame.rsp
    push r11                        ; frame.rflags
    push USER32_CS                  ; frame.cs
    push rcx                        ; frame.rip
    push rax                        ; frame.error: orig_rax, the number as it came
    push ENTRY_SYSCALL32            ; frame.vector: the door
    PUSH_REGS
    KERNEL_FLAGS
    mov rdi, rsp
    call c_syscall_syscall32
; eax = the way back, rsp = the frame: a fork child comes here too (src/forkret.asm)
global syscall32_exit
syscall32_exit:
    cmp eax, RET_SYSRET
    jne syscall_exit_iretq

    ; ecx = EIP and r11 = EFLAGS, checked by c_syscall.
    POP_REGS
    mov rsp, [rsp + FRAME_RSP - FRAME_VECTOR]
    swapgs
global syscall32_sysret
syscall32_sysret:
    MAGIC_BREAK
    sysret                          ; 32-bit form: CS = STAR[63:48] (0x23), SS = +8 (0x2b)
