; compat_regs32's door call with a visit to 64-bit mode on each side: what
; a 32-bit program that far-jumps to 64-bit code (the USER_CS selector,
; 0x33) finds in the registers compatibility mode cannot name.
;
; long compat_door(unsigned long stub, unsigned long nr, unsigned long a1,
;                  unsigned long a2, uint64_t out[9])
;   in 64-bit mode: r8-r15 = POISON + n (n = 8 .. 15), and the upper halves
;   of rsi and rdi = 0x5a5a5a5a; back in compatibility mode: eax = nr,
;   ebx = a1, ecx = a2, call stub (a vDSO door stub); in 64-bit mode again:
;   out[0..7] = r8-r15, out[8] = the upper halves of rsi (bits 0-31) and
;   rdi (32-63). Returns the door's eax.
bits 32

USER_CS   equ 0x33
USER32_CS equ 0x23
POISON    equ 0x1122334455667700

%include "cdecl32.inc"

section .text
global compat_door
compat_door:
    CDECL_SAVE
    mov [saved_esp], esp
    jmp USER_CS:.to64
bits 64
.to64:
    mov esp, esp                    ; (the upper half is not compatibility mode's)
    mov r8, POISON + 8
    mov r9, POISON + 9
    mov r10, POISON + 10
    mov r11, POISON + 11
    mov r12, POISON + 12
    mov r13, POISON + 13
    mov r14, POISON + 14
    mov r15, POISON + 15
    mov eax, esi                    ; the low halves stay, the upper are 0x5a..
    mov rsi, 0x5a5a5a5a00000000
    or rsi, rax
    mov eax, edi
    mov rdi, 0x5a5a5a5a00000000
    or rdi, rax
    push USER32_CS
    push .back32
    o64 retf
bits 32
.back32:
    mov esp, [saved_esp]
    mov edx, [esp + 20]             ; stub
    mov eax, [esp + 24]             ; nr
    mov ebx, [esp + 28]             ; arguments 1 and 2
    mov ecx, [esp + 32]
    call edx                        ; edx esi edi ebp: whatever they hold
    mov [saved_eax], eax
    jmp USER_CS:.again64
bits 64
.again64:
    mov esp, [rel saved_esp]        ; (the stack is below 4 GiB)
    mov eax, [rsp + 36]             ; out
    mov [rax], r8
    mov [rax + 8], r9
    mov [rax + 16], r10
    mov [rax + 24], r11
    mov [rax + 32], r12
    mov [rax + 40], r13
    mov [rax + 48], r14
    mov [rax + 56], r15
    mov rcx, rsi
    shr rcx, 32
    mov [rax + 64], ecx
    mov rcx, rdi
    shr rcx, 32
    mov [rax + 68], ecx
    push USER32_CS
    push .done32
    o64 retf
bits 32
.done32:
    mov esp, [saved_esp]
    mov eax, [saved_eax]
    CDECL_RESTORE_RET

section .bss
saved_esp: resd 1
saved_eax: resd 1

; long compat_syscall_esp(unsigned long nr, unsigned long esp): nr by a bare
; 32-bit syscall (no vDSO) with ESP = esp while it runs, arguments 1-4
; zero: the kernel fetches argument 6 at [esp] for every call, as Linux
; does, and a bad esp makes any call -EFAULT. edi, argument 5, keeps the
; real stack meanwhile (a system call leaves it alone).
section .text
global compat_syscall_esp
compat_syscall_esp:
    CDECL_SAVE
    mov eax, [esp + 20]             ; nr
    mov edx, [esp + 24]             ; the stack to give the kernel
    xor ebx, ebx
    xor ebp, ebp                    ; argument 2 in this convention
    xor esi, esi
    mov edi, esp
    mov esp, edx
    xor edx, edx
    syscall                         ; back at the next instruction (sysretl)
    mov esp, edi
    CDECL_RESTORE_RET

; long sysenter_ebp(unsigned long nr, unsigned long ebp): nr by a bare
; sysenter with ebp = the given value (the user stack by the convention, and
; argument 6 at [ebp]), arguments 1-5 zero. sysexit lands on the vDSO's
; landing pad with ESP = ebp; a bad one makes its first pop fault, and the
; test's SIGSEGV handler (on the alternate stack) resumes at
; sysenter_ebp_back with ESP = sysenter_ebp_esp and eax as the call left it.
global sysenter_ebp, sysenter_ebp_back, sysenter_ebp_esp
sysenter_ebp:
    CDECL_SAVE
    mov eax, [esp + 20]             ; nr
    mov ebp, [esp + 24]             ; the stack to give the kernel
    mov [sysenter_ebp_esp], esp
    xor ebx, ebx
    xor ecx, ecx
    xor edx, edx
    xor esi, esi
    xor edi, edi
    sysenter
    ud2                             ; sysexit never returns here
sysenter_ebp_back:
    mov esp, [sysenter_ebp_esp]
    CDECL_RESTORE_RET

section .bss
sysenter_ebp_esp: resd 1
