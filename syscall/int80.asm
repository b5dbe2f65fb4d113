; int 0x80: the system call gate, and the iretq way back that every door
; falls back to.
;
; Registers on entry (IDT vector 0x80: a 64-bit interrupt gate, DPL 3):
;   the CPU came from ring 3, switched to TSS.RSP0 and pushed SS, RSP,
;   RFLAGS, CS, RIP; IF, TF, NT and RF are clear; DF and AC are the user's.
;   GS is still the user's.
;   i386 ABI, from 64-bit and compatibility mode alike:
;   eax = number, ebx ecx edx esi edi ebp = arguments 1-6.
; Everything but rax comes back as it was (r8-r15 included).

%include "frame.inc"
%include "regs.inc"

extern c_syscall_int80, c_syscall_int80_full

section .entry.text
bits 64

global entry_int80
entry_int80:
    MAGIC_BREAK
    sub rsp, FRAME_RIP              ; rsp = the frame (the CPU pushed its tail)
    mov [rsp + FRAME_ERROR], rax    ; orig_rax, the number as it came (frame.vector,
                                    ;   the door, is C's to write: regs.inc)
    SAVE_ARGS                       ; the partial frame (include/regs.inc): all
    SAVE_RCX_R11                    ; but rax, rbx, rbp and r12-r15 (C keeps
    ; them; r8-r11 survive a call from 64-bit code); and the arguments above
    ; it, zero-extended, where the handlers read them:
    SAVE_I386_ARGS ecx
    mov [rsp + FRAME_SIZE + 5 * 8], ebp
    swapgs                          ; the gate has DPL 3: only ring 3 comes here
    KERNEL_FLAGS
    mov rdi, rsp
    call c_syscall_int80            ; the fast way: rax = the result, rdx = FAST_*
    test edx, edx
    jnz int80_full
; The fast way back by iretq on a partial frame: int 0x80's, and the
; sysenter doors' where sysexit is not to be had (AMD). The fast way has
; checked RIP; CS and SS are ring 3's own or the stub's constants, which
; the call cannot make fail (fast_frame_ok, syscall/dispatch.c). rax is
; the result.
global syscall_fast_iretq
syscall_fast_iretq:                 ; rsp = the frame
    swapgs                          ; the user's GS again
int80_out:
    LOAD_ARGS                       ; rax, rbx, rbp and r12-r15 were left out
    LOAD_RCX_R11
    add rsp, FRAME_RIP              ; to the interrupt frame
global int80_iretq
int80_iretq:
    MAGIC_BREAK
    iretq

int80_full:
    ; The full way: the rest of the frame, then the door's full dispatcher
    ; (c_syscall_int80_full); int 0x80 always returns by iretq.
    FILL_RESULT
    FILL_RBX_RBP_R12_R15
    mov esi, edx
    mov rdi, rsp
    call c_syscall_int80_full
; The iretq way back on a whole frame, for every door: c_syscall has checked
; RIP, CS and SS. RSP points at the frame.
global syscall_exit_iretq
syscall_exit_iretq:
    swapgs                          ; the user's GS again
    LOAD_R15_RAX
    LOAD_RBP_RBX
    jmp int80_out
