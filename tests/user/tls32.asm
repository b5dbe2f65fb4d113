; set_thread_area's refusals (Linux's tls_desc_okay): a 16-bit segment
; (iretq to a 16-bit SS would leave the kernel's RSP bits in ESP), a
; not-present one, and a code segment are -EINVAL, and a refused request
; with entry -1 does not get a slot number written back.
bits 32
%include "syscalls.inc"

EINVAL equ 22

section .data
desc:
.entry: dd -1
.base:  dd 0
.limit: dd 0xFFFFF
.flags: dd 0

section .text
global _start
_start:
    mov esi, 16 | 64                ; limit_in_pages, useable: but 16-bit
    call try
    mov esi, 1 | 16 | 32            ; 32-bit, but not present
    call try
    mov esi, 1 | 16 | (2 << 1)      ; 32-bit code segment
    call try
    mov eax, NR32_exit              ; all three refused
    xor ebx, ebx
    int 0x80

; esi = flags: the request must fail with -EINVAL and leave entry at -1.
try:
    mov dword [desc.entry], -1
    mov [desc.flags], esi
    mov eax, NR32_set_thread_area
    mov ebx, desc
    int 0x80
    cmp eax, -EINVAL
    jne .fail
    cmp dword [desc.entry], -1
    jne .fail
    ret
.fail:
    mov eax, NR32_exit
    mov ebx, 1
    int 0x80
