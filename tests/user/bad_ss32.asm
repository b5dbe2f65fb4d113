; A 32-bit program points SS at its own TLS descriptor, then clears that
; descriptor with set_thread_area through int 0x80. iretq could not load
; that SS (it would #GP in ring 0): the kernel must refuse the return, and
; the program dies with #GP.
bits 32
%include "syscalls.inc"

section .data
desc:                               ; struct user_desc
.entry: dd -1                       ; any free slot
.base:  dd 0
.limit: dd 0xFFFFF
.flags: dd 1 | 16 | 64              ; seg_32bit, limit_in_pages, useable

section .text
global _start
_start:
    mov eax, NR32_set_thread_area
    mov ebx, desc
    int 0x80
    test eax, eax
    jnz .fail
    mov eax, NR32_entrylab_expect
    mov ebx, 13
    int 0x80

    mov eax, [desc.entry]           ; the slot the kernel chose
    lea eax, [eax * 8 + 3]
    mov ss, ax                      ; a valid flat data segment: works

    ; Linux's "empty" descriptor: read_exec_only and seg_not_present.
    mov dword [desc.base], 0
    mov dword [desc.limit], 0
    mov dword [desc.flags], 8 | 32
    mov eax, NR32_set_thread_area
    mov ebx, desc
    int 0x80                        ; the kernel must not iretq to this SS
.fail:
    mov eax, NR32_exit
    mov ebx, 1
    int 0x80
