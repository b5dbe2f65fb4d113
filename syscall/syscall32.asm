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
;   (moved from ecx), edx esi edi = arguments 3-5, [esp] = argument 6, which
;   the stub fetches (FETCH_ARG6).
;   The upper halves of the registers are undefined: c_syscall uses 32 bits,
;   and RSP comes back zero-extended, as from Linux's compat syscall.
;   On the way back r8-r10 are zero and r11 is EFLAGS, as Linux's compat
;   syscall leaves them.
; Back by sysretl to the instruction after syscall, or by iretq; the fast
; way on a partial frame, the full way on the whole one (see syscall64.asm).

%include "frame.inc"
%include "smap.inc"
%include "regs.inc"

extern c_syscall_syscall32, c_syscall_syscall32_full, syscall_exit_iretq

section .entry.text
bits 64

global entry_syscall32
entry_syscall32:
    swapgs
    mov r8d, esp                    ; the user's ESP (r8 comes back zero)
    mov rsp, [gs:PERCPU_SYSCALL_RSP] ; the stack's top, less frame.ss
    MAGIC_BREAK
    push r8                         ; frame.rsp
    push r11                        ; frame.rflags
    sub rsp, FRAME_RFLAGS           ; rsp = the frame; frame.cs and ss: FILL_CS_SS
    mov [rsp + FRAME_RIP], rcx
    mov [rsp + FRAME_ERROR], rax    ; orig_rax, the number as it came (frame.vector,
                                    ;   the door, is C's to write: regs.inc)
    SAVE_RDI_RSI_RDX                ; the partial frame (include/regs.inc):
    ; rcx and r11 are frame.rip and frame.rflags (the full way copies them),
    ; rax is the number, rbx, rbp and r12-r15 are left to C, r8-r10 to the
    ; exit, which zeroes them. RFLAGS is 2 already: SFMASK clears every
    ; other bit (syscall/msr.c). The arguments 1-6 above the frame:
    SAVE_I386_ARGS ebp
    FETCH_ARG6 r8d, syscall32_arg6_fault
    mov rdi, rsp
    call c_syscall_syscall32        ; the fast way: rax = the result, rdx = FAST_*
    test edx, edx
    jnz syscall32_full
syscall32_out:                      ; FAST_OUT; rsp = the frame
    mov rdi, [rsp + FRAME_RDI]      ; rax is the result already
    mov rsi, [rsp + FRAME_RSI]
    mov rdx, [rsp + FRAME_RDX]
    ZERO_R8_R10
    ; sysretl: EIP from ecx (below 4 GiB: compatibility mode), EFLAGS from
    ; r11, whose TF and RF c_syscall tested (fast_frame_ok).
    mov rcx, [rsp + FRAME_RIP]
    mov r11, [rsp + FRAME_RFLAGS]
    mov rsp, [rsp + FRAME_RSP]
    swapgs
global syscall32_sysret
syscall32_sysret:
    MAGIC_BREAK
    sysret                          ; 32-bit form: CS = STAR[63:48] (0x23), SS = +8 (0x2b)

syscall32_arg6_fault:
    ARG6_FAULT                      ; on into the full way
syscall32_full:
    FILL_RESULT
    FILL_RBX_RBP_R12_R15            ; the full way (see entry_syscall64)
    ZERO_SLOTS_R8_R10
    FILL_CS_SS USER32_CS
    mov esi, edx
    mov rdi, rsp
    call c_syscall_syscall32_full
; eax = RET_*, rsp = the whole frame: a fork child comes here too (src/forkret.asm)
global syscall32_exit
syscall32_exit:
    cmp eax, RET_SYSRET
    jne syscall_exit_iretq
    LOAD_R15_RAX
    LOAD_RBP_RBX
    jmp syscall32_out
