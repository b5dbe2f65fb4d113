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
; Back by sysretq when c_syscall finds it safe, by iretq otherwise.

%include "frame.inc"
%include "regs.inc"

extern c_syscall_syscall64, syscall_exit_iretq

section .entry.text
bits 64

global entry_syscall64
entry_syscall64:
    swapgs                          ; GS = per-CPU data
    mov [gs:PERCPU_USER_RSP], rsp
    mov rsp, [gs:PERCPU_ENTRY_RSP]
    MAGIC_BREAK
    push USER_DS                    ; frame.ss
    push qword [gs:PERCPU_USER_RSP] ; frame.rsp
    push r11                        ; frame.rflags
    push USER_CS                    ; frame.cs
    push rcx                        ; frame.rip
    push rax                        ; frame.error: orig_rax, the number as it came
    push ENTRY_SYSCALL64            ; frame.vector: the door
    PUSH_REGS
    KERNEL_FLAGS                    ; SFMASK cleared these already; be sure
    mov rdi, rsp
    call c_syscall_syscall64
; eax = the way back, rsp = the frame: a fork child comes here too (src/forkret.asm)
global syscall64_exit
syscall64_exit:
    cmp eax, RET_SYSRET
    jne syscall_exit_iretq

    ; c_syscall made rcx = RIP and r11 = RFLAGS, checked both, and checked
    ; that RIP is canonical (CVE-2012-0217).
    POP_REGS
    mov rsp, [rsp + FRAME_RSP - FRAME_VECTOR] ; the user's RSP
    swapgs
global syscall64_sysret
syscall64_sysret:
    MAGIC_BREAK
    o64 sysret                      ; CS = STAR[63:48]+16 (0x33), SS = +8 (0x2b)
