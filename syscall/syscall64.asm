; syscall from 64-bit code (IA32_LSTAR).
;
; Registers on entry (Intel SDM: SYSCALL; AMD APM: SYSCALL):
;   rcx = the user's RIP after the syscall instruction
;   r11 = the user's RFLAGS
;   CS = STAR[47:32] (0x10), SS = STAR[47:32] + 8 (0x18)
;   RFLAGS &= ~IA32_FMASK (IF, TF, DF, NT, AC ... cleared: syscall/msr.c)
;   RSP = the user's RSP, unchanged: no stack switch, so swapgs and per-CPU
;         data give the kernel stack. GS is the user's until swapgs.
;   x86-64 ABI: rax = number, rdi rsi rdx r10 r8 r9 = arguments 1-6.
; c_syscall_syscall64 takes the fast way on a partial frame (include/regs.inc)
; and leaves by sysretq; everything else takes the full way, on the whole
; frame, out by sysretq or iretq (syscall/dispatch.c).

%include "frame.inc"
%include "regs.inc"

extern c_syscall_syscall64, c_syscall_syscall64_full, syscall_exit_iretq

section .entry.text
bits 64

global entry_syscall64
entry_syscall64:
    swapgs                          ; GS = per-CPU data
    mov [gs:PERCPU_USER_RSP], rsp
    mov rsp, [gs:PERCPU_SYSCALL_RSP] ; the stack's top, less frame.ss
    MAGIC_BREAK
    push qword [gs:PERCPU_USER_RSP] ; frame.rsp
    push r11                        ; frame.rflags
    sub rsp, FRAME_RFLAGS           ; rsp = the frame; frame.cs and ss: FILL_CS_SS
    mov [rsp + FRAME_RIP], rcx
    mov [rsp + FRAME_ERROR], rax    ; orig_rax, the number as it came (frame.vector,
                                    ;   the door, is C's to write: regs.inc)
    SAVE_ARGS                       ; the partial frame (include/regs.inc):
    ; the arguments, nothing else: rbp, rbx and r12-r15 are left to C; rcx
    ; and r11 are frame.rip and frame.rflags (the full way copies them,
    ; syscall/dispatch.c), rax is the number. RFLAGS is 2 already: SFMASK
    ; clears every other bit (syscall/msr.c).
    mov rdi, rsp
    call c_syscall_syscall64        ; the fast way: rax = the result, rdx = FAST_*
    test edx, edx
    jnz syscall64_full
syscall64_out:                      ; FAST_OUT; rsp = the frame
    LOAD_ARGS                       ; rax is the result already
    ; sysretq reloads RIP from rcx and RFLAGS from r11: frame.rip and
    ; frame.rflags, which c_syscall checked (RIP canonical, CVE-2012-0217;
    ; neither TF nor RF).
    mov rcx, [rsp + FRAME_RIP]
    mov r11, [rsp + FRAME_RFLAGS]
    mov rsp, [rsp + FRAME_RSP]      ; the user's RSP
    swapgs
global syscall64_sysret
syscall64_sysret:
    MAGIC_BREAK
    o64 sysret                      ; CS = STAR[63:48]+16 (0x33), SS = +8 (0x2b)

syscall64_full:
    ; The full way (ptrace, a signal, a call that needs the whole frame, a
    ; frame the fast exit refuses): the rest of the frame, then the door's
    ; full dispatcher, which returns RET_* (c_syscall_syscall64_full).
    FILL_RESULT
    FILL_RBX_RBP_R12_R15
    FILL_CS_SS USER_CS
    mov esi, edx
    mov rdi, rsp
    call c_syscall_syscall64_full
; eax = RET_*, rsp = the whole frame: a fork child comes here too (src/forkret.asm)
global syscall64_exit
syscall64_exit:
    cmp eax, RET_SYSRET
    jne syscall_exit_iretq
    LOAD_R15_RAX
    LOAD_RBP_RBX
    jmp syscall64_out
