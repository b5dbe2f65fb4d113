; The boot probe's ring-3 code: one short program per door and mode. Each
; calls getpid through its door, then exits with status 0 through int 0x80,
; which every CPU accepts. A door the CPU refuses raises #UD instead, and the
; runner records the refusal (src/probe.c). Copied to a user page at
; PROBE_ADDR; position-independent apart from the vDSO addresses.

%include "frame.inc"

PROBE_ADDR equ 0x10000000

section .rodata
align 16
global probe_code_start, probe_code_end
probe_code_start:

; Offsets from probe_code_start, in the order of src/probe.c's table.
global probe_int80_64, probe_syscall_64, probe_sysenter_64
global probe_int80_32, probe_syscall_32, probe_sysenter_32

bits 64
probe_int80_64:
    mov eax, 20                     ; i386 getpid
    int 0x80
    jmp short exit64
probe_syscall_64:
    mov eax, 39                     ; x86-64 getpid
    syscall
    jmp short exit64
probe_sysenter_64:
    mov eax, 39
    mov ecx, EL_VDSO_ADDR + 0x100   ; the vDSO's 64-bit sysenter stub (zero-extends)
    call rcx
exit64:
    mov eax, 1                      ; i386 exit(0)
    xor ebx, ebx
    int 0x80
    ud2

bits 32
probe_int80_32:
    mov eax, 20
    int 0x80
    jmp short exit32
probe_syscall_32:
    mov eax, 20
    mov ecx, EL_VDSO_ADDR + 0x080   ; the vDSO's 32-bit syscall stub
    call ecx
    jmp short exit32
probe_sysenter_32:
    mov eax, 20
    mov ecx, EL_VDSO_ADDR + 0x040
    call ecx
exit32:
    mov eax, 1
    xor ebx, ebx
    int 0x80
    ud2
probe_code_end:
