; Leaving the kernel for a program, and coming back when it ends.
;
; The runner saves its context with ctx_save and enters the program with
; user_enter. Whatever ends the program (exit, a fault, a refused return)
; calls ctx_resume from the entry stack, and ctx_save returns a second time,
; with 1, on the runner's own stack.

%include "frame.inc"
%include "regs.inc"

section .text
bits 64

; int ctx_save(struct kctx *c): 0 now, 1 when resumed.
global ctx_save
ctx_save:
    mov [rdi + 0], rbx
    mov [rdi + 8], rbp
    mov [rdi + 16], r12
    mov [rdi + 24], r13
    mov [rdi + 32], r14
    mov [rdi + 40], r15
    lea rax, [rsp + 8]              ; RSP after our return
    mov [rdi + 48], rax
    mov rax, [rsp]                  ; our return address
    mov [rdi + 56], rax
    xor eax, eax
    ret

; void ctx_resume(struct kctx *c): never returns.
global ctx_resume
ctx_resume:
    mov rbx, [rdi + 0]
    mov rbp, [rdi + 8]
    mov r12, [rdi + 16]
    mov r13, [rdi + 24]
    mov r14, [rdi + 32]
    mov r15, [rdi + 40]
    mov rsp, [rdi + 48]
    mov eax, 1
    jmp [rdi + 56]

; void fpu_reset(void): the x87 and SSE state a new program starts with
; (Linux's: FCW 0x37f, MXCSR 0x1f80, every register zero), so that nothing
; of the previous program's reaches it. The kernel never uses these itself.
section .text
global fpu_reset
fpu_reset:
    fninit                          ; FCW 0x37f, empty stack, no exceptions
%assign i 0
%rep 16
    pxor xmm %+ i, xmm %+ i
%assign i i + 1
%endrep
    ldmxcsr [rel .mxcsr]
    ret
.mxcsr: dd 0x1f80

; void user_enter(const struct frame *f): loads every register from f and
; iretq's to ring 3. The frame's own memory stays the runner's.
section .entry.text
global user_enter
user_enter:
    mov rsp, rdi
    swapgs                          ; KERNEL_GS_BASE holds the user's GS base
    POP_REGS
    add rsp, 16                     ; frame.vector, frame.error
global user_enter_iretq
user_enter_iretq:
    iretq
