; Copies that may touch bad addresses and must survive it: user pointers
; (a #PF, or #GP when non-canonical). The faulting instruction is listed in
; .extable; c_exception resumes at its fixup, and the copy reports how many
; bytes it did not copy. Range checks are the C caller's job (src/uaccess.c).

section .text
bits 64
extern cpu_has_smap

; uint64_t raw_copy(void *dst, const void *src, uint64_t n)
; Returns 0 when all n bytes were copied, else how many were left.
global raw_copy
raw_copy:
    mov rcx, rdx
    cmp byte [rel cpu_has_smap], 0
    je .copy
    stac                            ; SMAP: open user pages for this copy only
.copy:
    rep movsb                       ; DF is clear in the kernel
.fault_done:
    mov rax, rcx                    ; 0 when done, the rest when a fault cut it
    cmp byte [rel cpu_has_smap], 0
    je .out
    clac
.out:
    ret

section .extable
    dq raw_copy.copy, raw_copy.fault_done

section .text

; int get_user32(uint32_t *dst, uint64_t usrc)
; One aligned or unaligned 32-bit load from user memory: 0, or -EFAULT when
; it faults (*dst untouched). The 32-bit fast doors' argument 6 (a shorter
; path than raw_copy's rep movsb for 4 bytes). Range check: the caller's.
global get_user32
get_user32:
    cmp byte [rel cpu_has_smap], 0
    je .load
    stac
.load:
    mov eax, [rsi]
    mov [rdi], eax
    xor eax, eax
.done:
    cmp byte [rel cpu_has_smap], 0
    je .out
    clac
.out:
    ret
.fault:
    mov eax, -14                    ; -EFAULT
    jmp .done

section .extable
    dq get_user32.load, get_user32.fault
