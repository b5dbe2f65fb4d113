; int 0x80 with an SS that is not USER_DS: the fast way back does not test
; SS (fast_frame_ok, syscall/dispatch.c), because ring 3 loaded it from a
; descriptor iretq accepts and only set_thread_area can change that
; descriptor during a call. This program shows each case:
;   1. SS = 0x3b, the GDT's second user data segment (the SS a 64-bit
;      sysexit loads): getpid through int 0x80 comes back with SS kept;
;   2. SS = a TLS selector of its own (set_thread_area): the same;
;   3. that descriptor rewritten by set_thread_area, still a writable data
;      segment: the call returns (by the full way, which tests SS) with SS
;      kept;
;   4. rewritten read-only, which SS cannot hold: the kernel must refuse the
;      return (iretq would #GP in ring 0), and the program dies with #GP.
; A failed step exits with its number; the runner expects vector 13.
bits 32
%include "syscalls.inc"

USER_DS_SYSEXIT64 equ 0x3b

section .data
desc:                               ; struct user_desc
.entry: dd -1                       ; any free slot
.base:  dd 0
.limit: dd 0xFFFFF
.flags: dd 1 | 16 | 64              ; seg_32bit, limit_in_pages, useable
sel:    dd 0
pid:    dd 0

section .text
global _start
_start:
    mov eax, NR32_getpid
    int 0x80
    mov [pid], eax

    ; 1. SS = 0x3b.
    mov ax, USER_DS_SYSEXIT64
    mov ss, ax
    mov edi, 1
    call calls_keep_ss

    ; 2. SS = a TLS selector.
    mov eax, NR32_set_thread_area
    mov ebx, desc
    int 0x80
    mov edi, 2
    test eax, eax
    jnz fail
    mov eax, [desc.entry]
    lea eax, [eax * 8 + 3]
    mov [sel], eax
    mov ss, ax
    call calls_keep_ss

    ; 3. The same slot rewritten, still writable, with SS on it.
    mov dword [desc.base], 0x1000   ; another base: a new descriptor
    mov dword [desc.limit], 0xFFFFE
    mov eax, NR32_set_thread_area
    mov ebx, desc
    int 0x80
    mov edi, 3
    test eax, eax
    jnz fail
    mov ax, ss
    cmp ax, [sel]
    jne fail
    mov ax, USER_DS_SYSEXIT64       ; a flat SS again for the stack below
    mov ss, ax
    mov dword [desc.base], 0        ; flat again, then SS on it
    mov dword [desc.limit], 0xFFFFF
    mov eax, NR32_set_thread_area
    mov ebx, desc
    int 0x80
    test eax, eax
    jnz fail
    mov eax, [sel]
    mov ss, ax
    call calls_keep_ss

    ; 4. Read-only (read_exec_only) under SS: the return must be refused.
    mov eax, NR32_entrylab_expect
    mov ebx, 13
    int 0x80
    mov dword [desc.flags], 1 | 8 | 16 | 64
    mov eax, NR32_set_thread_area
    mov ebx, desc
    int 0x80                        ; the kernel must not iretq to this SS
    mov edi, 4
fail:
    mov eax, NR32_exit
    mov ebx, edi
    int 0x80

; Three getpid calls by int 0x80: each must return the pid with SS as it
; was. edi = the step, the exit status on failure.
calls_keep_ss:
    mov cx, ss
    mov esi, 3
.again:
    mov eax, NR32_getpid
    int 0x80
    cmp eax, [pid]
    jne fail
    mov dx, ss
    cmp dx, cx
    jne fail
    dec esi
    jnz .again
    ret
