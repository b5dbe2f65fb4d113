; A #DB from ring 3 leaves its IST stack (src/debugreg.c).
;
; void debugreg_on_kstack(struct frame *k, void (*fn)(struct frame *)):
; k is the frame copied to the top of the thread's kernel stack, where an
; exception from ring 3 without IST would have pushed it. Runs fn(k) with
; RSP = k, then returns to ring 3 from k by the doors' iretq path (swapgs
; back to the user's GS: a #DB from ring 3 always swapped). Never returns.

extern syscall_exit_iretq

section .text
bits 64

global debugreg_on_kstack
debugreg_on_kstack:
    mov rsp, rdi                    ; the IST stack is free again from here
    call rsi                        ; rdi = k still; RSP 16-aligned before the call
    jmp syscall_exit_iretq
