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

; void fpu_reset(void): the x87, MMX and SSE state a new program starts with
; (Linux's: FCW 0x37f, MXCSR 0x1f80, every register zero), so that nothing
; of the previous program's reaches it. fninit alone would only mark the x87
; registers empty and leave their contents; fxrstor of a clean image clears
; them. The kernel never uses these registers itself.
section .text
global fpu_reset
fpu_reset:
    fxrstor [rel clean_fpu]
    ret

section .rodata
align 16
clean_fpu:
    dw 0x037F                       ; FCW
    times 22 db 0                   ; FSW, FTW (all empty), opcode, pointers
    dd 0x1F80                       ; MXCSR
    dd 0                            ; MXCSR_MASK (ignored by fxrstor)
    times 512 - ($ - clean_fpu) db 0 ; ST0-7 / MM0-7, XMM0-15, reserved

; void user_enter(const struct frame *f): loads every register from f and
; iretq's to ring 3. The frame is copied to the top of the entry stack first,
; as if the program had just entered: should that iretq fault, the fault
; lands on the entry stack, not on the runner's data.
section .entry.text
global user_enter
user_enter:
    mov rsi, rdi
    mov rdi, [gs:PERCPU_ENTRY_RSP]
    sub rdi, FRAME_SIZE
    mov rsp, rdi
    mov ecx, FRAME_SIZE / 8
    rep movsq
    swapgs                          ; KERNEL_GS_BASE holds the user's GS base
    POP_REGS
    add rsp, 16                     ; frame.vector, frame.error
global user_enter_iretq
user_enter_iretq:
    iretq
