; hello32: hello world for i386 Linux, in plain NASM with Linux's numbers
; and no entrylab headers. It runs on Linux as it is (int 0x80 and
; __kernel_vsyscall from AT_SYSINFO); on entrylab it also finds the sysenter
; and syscall stubs in the auxiliary vector and uses each.
;   nasm -f elf32 hello32.asm && ld -m elf_i386 -o hello32 hello32.o
; Exit status: 0, or 1 if a write did not write everything.
bits 32

AT_NULL                 equ 0
AT_SYSINFO              equ 32         ; __kernel_vsyscall
AT_ENTRYLAB_SYSENTER32  equ 0x454C01   ; entrylab's docs/abi.md
AT_ENTRYLAB_SYSCALL32   equ 0x454C02

section .rodata
msg_int80:    db "hello from 32-bit via int 0x80", 10
len_int80     equ $ - msg_int80
msg_vsyscall: db "hello from 32-bit via __kernel_vsyscall", 10
len_vsyscall  equ $ - msg_vsyscall
msg_sysenter: db "hello from 32-bit via sysenter", 10
len_sysenter  equ $ - msg_sysenter
msg_syscall:  db "hello from 32-bit via syscall", 10
len_syscall   equ $ - msg_syscall

section .bss
status:   resd 1                ; the exit status
sysinfo:  resd 1                ; auxv values, 0 if absent
sysenter: resd 1
syscall32: resd 1

section .text
global _start

; write(1, msg, len) by calling the entry point at [%1] if it is there:
; eax ebx ecx edx, as for int 0x80.
%macro WRITE_VIA 3              ; entry, msg, len
    mov esi, [%1]
    test esi, esi
    jz %%done
    mov eax, 4                  ; __NR_write
    mov ebx, 1
    mov ecx, %2
    mov edx, %3
    call esi
    cmp eax, %3
    je %%done
    mov dword [status], 1
%%done:
%endmacro

_start:
    ; write(1, msg, len) by int 0x80
    mov eax, 4                  ; __NR_write
    mov ebx, 1
    mov ecx, msg_int80
    mov edx, len_int80
    int 0x80
    cmp eax, len_int80
    je .auxv
    mov dword [status], 1

.auxv:
    ; The initial stack: argc, argv[argc], NULL, envp..., NULL, auxv pairs.
    mov ecx, [esp]              ; argc
    lea ebx, [esp + 4 * ecx + 8] ; envp: past argc, argv and its NULL
.skip_env:
    add ebx, 4
    cmp dword [ebx - 4], 0
    jne .skip_env               ; ebx: the first auxv pair
.next_aux:
    mov eax, [ebx]
    mov edx, [ebx + 4]
    add ebx, 8
    cmp eax, AT_NULL
    je .calls
    cmp eax, AT_SYSINFO
    jne .not_sysinfo
    mov [sysinfo], edx
.not_sysinfo:
    cmp eax, AT_ENTRYLAB_SYSENTER32
    jne .not_sysenter
    mov [sysenter], edx
.not_sysenter:
    cmp eax, AT_ENTRYLAB_SYSCALL32
    jne .next_aux
    mov [syscall32], edx
    jmp .next_aux

.calls:
    WRITE_VIA sysinfo, msg_vsyscall, len_vsyscall
    WRITE_VIA sysenter, msg_sysenter, len_sysenter
    WRITE_VIA syscall32, msg_syscall, len_syscall

    mov eax, 1                  ; __NR_exit
    mov ebx, [status]
    int 0x80

section .note.GNU-stack noalloc noexec nowrite progbits
