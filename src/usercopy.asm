; Copies that may touch bad addresses and must survive it: user pointers
; (a #PF, or #GP when non-canonical). The faulting instruction is listed in
; .extable; c_exception resumes at its fixup, and the copy reports how many
; bytes it did not copy. Range checks are the C caller's job (src/uaccess.c).

%include "smap.inc"

section .text
bits 64

; uint64_t raw_copy(void *dst, const void *src, uint64_t n)
; Returns 0 when all n bytes were copied, else how many were left.
global raw_copy
raw_copy:
    mov rcx, rdx
    STAC                            ; SMAP: open user pages for this copy only
.copy:
    rep movsb                       ; DF is clear in the kernel
.fault_done:
    mov rax, rcx                    ; 0 when done, the rest when a fault cut it
    CLAC
    ret

section .extable
    dq raw_copy.copy, raw_copy.fault_done
