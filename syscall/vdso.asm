; The vDSO: one page of user code the kernel maps into every program at
; EL_VDSO_ADDR (read + execute, user). It holds the halves of the doors that
; must run in ring 3: Linux's __kernel_vsyscall framing for sysenter and
; 32-bit syscall, and the landing pads sysexit returns to. The offsets are
; fixed (include/uapi/entrylab.h); the code is position-independent and is
; copied to its own frame at boot (syscall/msr.c).

section .rodata
align 4096
global vdso_start, vdso_end
vdso_start:

; --- 32-bit code ------------------------------------------------------------
bits 32

; +0x000 int 0x80 with the same framing (the fallback __kernel_vsyscall).
    push ecx
    push edx
    push ebp
    int 0x80
    jmp landing32

; +0x040 sysenter: the kernel reads the user ESP from ebp and argument 6
; from [ebp] (the ebp pushed here), and sysexit lands on landing32.
    times 0x040 - ($ - vdso_start) int3
    push ecx
    push edx
    push ebp
    mov ebp, esp
    sysenter
    ud2                             ; sysexit never returns here

; +0x080 syscall: the CPU takes ecx, so argument 2 travels in ebp and
; argument 6 at [esp]. sysretl returns to the next instruction.
    times 0x080 - ($ - vdso_start) int3
    push ecx
    push edx
    push ebp
    mov ebp, ecx
    syscall
    jmp landing32

; +0x0C0 landing pad of the 32-bit doors: ecx, edx, ebp as they were.
    times 0x0C0 - ($ - vdso_start) int3
landing32:
    pop ebp
    pop edx
    pop ecx
    ret

; --- 64-bit code ------------------------------------------------------------
bits 64

; +0x100 sysenter from 64-bit code (entrylab's convention): x86-64 numbers
; and registers; the kernel reads the user RSP from rbp.
    times 0x100 - ($ - vdso_start) int3
    push rdx
    push rcx
    push rbp
    mov rbp, rsp
    sysenter
    ud2

; +0x140 landing pad: sysexitq took rcx and rdx; give them back.
    times 0x140 - ($ - vdso_start) int3
    pop rbp
    pop rcx
    pop rdx
    ret

; --- 32-bit signal return trampolines ---------------------------------------
bits 32

; +0x180 __kernel_sigreturn: a handler without SA_RESTORER returns here;
; its ret took the return address, the pop takes the signal number.
    times 0x180 - ($ - vdso_start) int3
    pop eax
    mov eax, 119                    ; sigreturn (i386)
    int 0x80

; +0x1C0 __kernel_rt_sigreturn, for SA_SIGINFO handlers.
    times 0x1C0 - ($ - vdso_start) int3
    mov eax, 173                    ; rt_sigreturn (i386)
    int 0x80

    times 4096 - ($ - vdso_start) int3
vdso_end:
