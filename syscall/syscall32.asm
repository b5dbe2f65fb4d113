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
; Back by sysretl to the instruction after syscall, or by iretq; the fast
; way on a partial frame, the full way on the whole one (see syscall64.asm).

%include "frame.inc"
%include "regs.inc"

extern c_syscall_syscall32, c_syscall_syscall32_full, syscall_exit_iretq

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
    PUSH_REGS_I386                  ; the partial frame (include/regs.inc)
    ; RFLAGS is 2 already: SFMASK clears every other bit (syscall/msr.c).
    mov rdi, rsp
    call c_syscall_syscall32        ; the fast way: rax = the result, rdx = FAST_*
    test edx, edx
    jnz syscall32_full
    add rsp, 5 * 8                  ; FAST_OUT: over frame.r15 .. rax
syscall32_pop_low:
    POP_R11_RBP
    POP_ARGS                        ; rax is the result already
    ; sysretl: EIP from ecx, EFLAGS from r11, checked by c_syscall.
    mov rcx, [rsp + FRAME_RIP - FRAME_VECTOR]
    mov r11, [rsp + FRAME_RFLAGS - FRAME_VECTOR]
    mov rsp, [rsp + FRAME_RSP - FRAME_VECTOR]
    swapgs
global syscall32_sysret
syscall32_sysret:
    MAGIC_BREAK
    sysret                          ; 32-bit form: CS = STAR[63:48] (0x23), SS = +8 (0x2b)

syscall32_full:
    FILL_R12_R15                    ; the full way (see entry_syscall64)
    mov esi, edx
    mov rdi, rsp
    call c_syscall_syscall32_full
; eax = RET_*, rsp = the whole frame: a fork child comes here too (src/forkret.asm)
global syscall32_exit
syscall32_exit:
    cmp eax, RET_SYSRET
    jne syscall_exit_iretq
    POP_R15_RAX
    jmp syscall32_pop_low
