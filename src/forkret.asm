; A fork child's first way out of the kernel. Its kernel stack holds a copy
; of the parent's entry frame (rax 0) and nothing else; the scheduler's
; first switch to it lands here with RSP at that frame. c_fork_return
; makes the choice c_syscall makes for the parent, and the child leaves
; through the same door's exit code, so that it gets back exactly the
; registers the parent gets.

%include "frame.inc"

extern c_fork_return
extern syscall64_exit, syscall32_exit, sysenter_exit, syscall_exit_iretq

section .text
bits 64

global fork_child_ret
fork_child_ret:
    mov rdi, rsp                    ; the frame (16-byte aligned)
    call c_fork_return              ; eax = RET_*
    mov rcx, [rsp + FRAME_VECTOR]   ; the door the parent entered by
    cmp rcx, ENTRY_SYSCALL64
    je syscall64_exit
    cmp rcx, ENTRY_SYSCALL32
    je syscall32_exit
    cmp rcx, ENTRY_SYSENTER32
    je sysenter_exit
    cmp rcx, ENTRY_SYSENTER64
    je sysenter_exit
    jmp syscall_exit_iretq          ; int 0x80
