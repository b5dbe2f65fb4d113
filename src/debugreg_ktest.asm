; Ring-3 programs for the debug-register self-test (src/ktest.c, debugreg_*):
; one entry per case, copied to a user page at PROBE_ADDR by exec_code and
; run with breakpoints the test sets through debugreg_poke:
;   DR0 = ssword, read/write, 2 bytes      (mov ss from it, a plain read)
;   DR1 = the case's execute breakpoint    (a nop), when it has one
;   DR2 = zeroq, read/write, 8 bytes       (a kernel read of user memory)
;   DR3 = SLOT3 on the stack, write, 8 bytes (a kernel write)
; Every case installs a SIGTRAP handler that notes si_code, si_addr and the
; saved RFLAGS at NOTE and returns, then exits 0; a failed check exits 1.
; The mov ss cases are CVE-2018-8897's: the #DB the watched mov ss raises
; is held back past the next instruction, a door or an exception, and
; lands on the kernel's first instruction (hardware, Bochs) or, under
; QEMU's TCG, in ring 3 before it.

%include "frame.inc"

PROBE_ADDR equ 0x10000000
STACK64 equ 0x00007FFFFFFF0000
STACK32 equ 0xFFFF0000
SA_SIGINFO equ 4
SA_RESTORER equ 0x04000000
%define A(l) (PROBE_ADDR + (l) - dbk_start)

section .rodata
align 16
global dbk_start, dbk_end
dbk_start:
global dbk_ssword, dbk_zeroq
dbk_ssword: dw USER_DS, 0, 0, 0
dbk_zeroq:  dq 0

; ---------------------------------------------------------------- 64-bit
bits 64
NOTE64 equ STACK64 - 0x800          ; si_code, si_addr, RFLAGS of the last SIGTRAP
dbk_slot3_64 equ STACK64 - 0xC00

setup64:                            ; rt_sigaction(SIGTRAP, &act, NULL, 8)
    sub rsp, 40
    mov rax, A(handler64)
    mov [rsp], rax
    mov qword [rsp + 8], SA_RESTORER | SA_SIGINFO
    mov rax, A(restorer64)
    mov [rsp + 16], rax
    mov qword [rsp + 24], 0
    mov eax, 13
    mov edi, 5
    mov rsi, rsp
    xor edx, edx
    mov r10d, 8
    syscall
    add rsp, 40
    test rax, rax
    jnz fail64
    ret
handler64:                          ; (sig, info, uc)
    mov rax, NOTE64
    mov ecx, [rsi + 8]
    mov [rax], rcx                  ; si_code
    mov rcx, [rsi + 16]
    mov [rax + 8], rcx              ; si_addr
    mov rcx, [rdx + 40 + 17 * 8]
    mov [rax + 16], rcx             ; uc_mcontext's eflags
    ret
restorer64:
    mov eax, 15                     ; rt_sigreturn
    syscall
    ud2
fail64:
    mov eax, 1
    mov ebx, 1
    int 0x80
exit64:
    mov eax, 1
    xor ebx, ebx
    int 0x80
    ud2

global dbk64_read, dbk64_exec, dbk64_exec_bp, dbk64_copy
global dbk64_int80, dbk64_syscall, dbk64_sysenter, dbk64_int3, dbk64_int4, dbk64_int1
global dbk64_tf, dbk64_tfsys, dbk64_ssbp, dbk64_ssbp_bp

dbk64_read:                         ; a watched read in ring 3: TRAP_HWBKPT after it
    call setup64
    mov ax, [rel dbk_ssword]
.after:
    mov rax, NOTE64
    cmp qword [rax], 4              ; TRAP_HWBKPT
    jne fail64
    mov rcx, A(.after)
    cmp [rax + 8], rcx              ; si_addr: the next instruction, as Linux
    jne fail64
    jmp exit64

dbk64_exec:                         ; an execute breakpoint: once, then RF lets it run
    call setup64
    nop
dbk64_exec_bp:
    nop
    mov rax, NOTE64
    cmp qword [rax], 4
    jne fail64
    mov rcx, A(dbk64_exec_bp)
    cmp [rax + 8], rcx
    jne fail64
    bt qword [rax + 16], 16         ; RF in the signal frame
    jnc fail64
    jmp exit64

dbk64_copy:                         ; the kernel reads and writes watched memory
    call setup64
    mov eax, 14                     ; rt_sigprocmask(SIG_BLOCK, &zeroq, NULL, 8)
    xor edi, edi
    lea rsi, [rel dbk_zeroq]
    xor edx, edx
    mov r10d, 8
    syscall
    test rax, rax
    jnz fail64
    mov eax, 14                     ; rt_sigprocmask(SIG_BLOCK, NULL, SLOT3, 8)
    xor edi, edi
    xor esi, esi
    mov rdx, dbk_slot3_64
    mov r10d, 8
    syscall
    test rax, rax
    jnz fail64
    jmp exit64

dbk64_int80:
    call setup64
    mov eax, 20                     ; i386 getpid
    mov ss, [rel dbk_ssword]
    int 0x80
    jmp exit64

dbk64_syscall:
    call setup64
    mov eax, 39                     ; getpid
    mov ss, [rel dbk_ssword]
    syscall
    jmp exit64

dbk64_sysenter:                     ; the vDSO's framing, then a watched mov ss
    call setup64
    call .door
    jmp exit64
.door:
    push rdx
    push rcx
    push rbp
    mov rbp, rsp
    mov eax, 39
    mov ss, [rel dbk_ssword]
    sysenter                        ; back at the vDSO's landing pad, which returns
    ud2

dbk64_int3:                         ; #BP: SIGTRAP (SI_KERNEL), handled
    call setup64
    mov ss, [rel dbk_ssword]
    int3
    jmp exit64

dbk64_int4:                         ; #OF: SIGSEGV, not handled: killed
    call setup64
    mov ss, [rel dbk_ssword]
    int 4
    jmp exit64

dbk64_int1:                         ; the gate is DPL 0: #GP, killed
    call setup64
    mov ss, [rel dbk_ssword]
    int 1
    jmp exit64

dbk64_tf:                           ; TF held back by mov ss into int 0x80
    call setup64
    pushfq
    or qword [rsp], 0x100
    popfq
    mov eax, 20
    mov ss, [rel dbk_ssword]
    int 0x80
    pushfq
    and qword [rsp], ~0x100
    popfq
    jmp exit64

dbk64_tfsys:                        ; TF and the watchpoint held back into syscall
    call setup64
    pushfq
    or qword [rsp], 0x100
    popfq
    mov eax, 39
    mov ss, [rel dbk_ssword]
    syscall
    pushfq
    and qword [rsp], ~0x100
    popfq
    jmp exit64

dbk64_ssbp:                         ; mov ss, then a breakpointed nop: one #DB
    call setup64
    mov ss, [rel dbk_ssword]
dbk64_ssbp_bp:
    nop
    jmp exit64

; ---------------------------------------------------------------- 32-bit
bits 32
NOTE32 equ STACK32 - 0x800
dbk_slot3_32 equ STACK32 - 0xC00

setup32:                            ; rt_sigaction(SIGTRAP, &act, NULL, 8) by int 0x80
    sub esp, 20
    mov dword [esp], A(handler32)
    mov dword [esp + 4], SA_RESTORER | SA_SIGINFO
    mov dword [esp + 8], A(restorer32)
    mov dword [esp + 12], 0
    mov dword [esp + 16], 0
    mov eax, 174
    mov ebx, 5
    mov ecx, esp
    xor edx, edx
    mov esi, 8
    int 0x80
    add esp, 20
    test eax, eax
    jnz fail32
    ret
handler32:                          ; (sig, info, uc) on the stack
    mov eax, [esp + 8]
    mov ecx, [eax + 8]
    mov [NOTE32], ecx               ; si_code
    mov ecx, [eax + 12]
    mov [NOTE32 + 4], ecx           ; si_addr
    ret
restorer32:
    mov eax, 173                    ; rt_sigreturn
    int 0x80
    ud2
fail32:
    mov eax, 1
    mov ebx, 1
    int 0x80
exit32:
    mov eax, 1
    xor ebx, ebx
    int 0x80
    ud2

global dbk32_read, dbk32_exec, dbk32_exec_bp, dbk32_copy
global dbk32_int80, dbk32_syscall, dbk32_sysenter, dbk32_int3, dbk32_tfsysenter

dbk32_read:
    call setup32
    mov ax, [A(dbk_ssword)]
.after:
    cmp dword [NOTE32], 4
    jne fail32
    cmp dword [NOTE32 + 4], A(.after)
    jne fail32
    jmp exit32

dbk32_exec:
    call setup32
    nop
dbk32_exec_bp:
    nop
    cmp dword [NOTE32], 4
    jne fail32
    cmp dword [NOTE32 + 4], A(dbk32_exec_bp)
    jne fail32
    jmp exit32

dbk32_copy:
    call setup32
    mov eax, 175                    ; rt_sigprocmask(SIG_BLOCK, &zeroq, NULL, 8)
    xor ebx, ebx
    mov ecx, A(dbk_zeroq)
    xor edx, edx
    mov esi, 8
    int 0x80
    test eax, eax
    jnz fail32
    mov eax, 175                    ; rt_sigprocmask(SIG_BLOCK, NULL, SLOT3, 8)
    xor ebx, ebx
    xor ecx, ecx
    mov edx, dbk_slot3_32
    mov esi, 8
    int 0x80
    test eax, eax
    jnz fail32
    jmp exit32

dbk32_int80:
    call setup32
    mov eax, 20
    mov ss, [A(dbk_ssword)]
    int 0x80
    jmp exit32

dbk32_syscall:                      ; sysretl comes back to the next instruction
    call setup32
    mov eax, 20
    mov ss, [A(dbk_ssword)]
    syscall
    jmp exit32

dbk32_sysenter:
    call setup32
    call .door
    jmp exit32
.door:
    push ecx
    push edx
    push ebp
    mov ebp, esp
    mov eax, 20
    mov ss, [A(dbk_ssword)]
    sysenter
    ud2

dbk32_tfsysenter:                   ; TF and the watchpoint held back into sysenter
    call setup32
    pushfd
    or dword [esp], 0x100
    popfd
    call dbk32_sysenter.door
    pushfd
    and dword [esp], ~0x100
    popfd
    jmp exit32

dbk32_int3:
    call setup32
    mov ss, [A(dbk_ssword)]
    int3
    jmp exit32
dbk_end:
