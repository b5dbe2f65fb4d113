; Bare-pair stubs for the benchmark's baselines (docs/bench.md): each enters
; and leaves at once, with no frame, no dispatcher and no check, so that the
; hardware's cost of a door can be told apart from the kernel's. Only a
; kernel booted with the word `bench` lets a program point a door here
; (syscall/bench.c, entrylab_bench); the real stubs carry no branch for it.
;
; Registers on entry: as in the real stub of each door (syscall64.asm,
; syscall32.asm, sysenter.asm, int80.asm). Every stub gives back the user's
; registers except those its door's ABI clobbers (rcx, r11; rax is left
; holding the number, the "result").

%include "frame.inc"

section .entry.text
bits 64

%define RFLAGS_IF (1 << 9)

; --- syscall from 64-bit code (LSTAR) ---------------------------------------
global bench_syscall64_sysret
bench_syscall64_sysret:
    o64 sysret                      ; rcx, r11 are still the user's RIP and RFLAGS

; Out through iretq instead: the least that iretq needs, a five-word frame on
; the kernel stack.
global bench_syscall64_iretq
bench_syscall64_iretq:
    swapgs
    mov [gs:PERCPU_USER_RSP], rsp
    mov rsp, [gs:PERCPU_ENTRY_RSP]
    push USER_DS                    ; ss
    push qword [gs:PERCPU_USER_RSP] ; rsp
    push r11                        ; rflags
    push USER_CS                    ; cs
    push rcx                        ; rip
    swapgs
    iretq

; --- syscall from compatibility mode (CSTAR) -------------------------------
global bench_syscall32_sysret
bench_syscall32_sysret:
    sysret                          ; 32-bit form, back to ECX

global bench_syscall32_iretq
bench_syscall32_iretq:
    swapgs
    mov [gs:PERCPU_USER_RSP], rsp
    mov rsp, [gs:PERCPU_ENTRY_RSP]
    push USER_DS
    push qword [gs:PERCPU_USER_RSP]
    push r11
    push USER32_CS
    push rcx
    swapgs
    iretq

; --- int 0x80 ----------------------------------------------------------------
global bench_int80_iretq
bench_int80_iretq:
    iretq                           ; the CPU's frame, as it pushed it

; --- sysenter from compatibility mode ---------------------------------------
; The vDSO convention of the real stub: ebp = the user's ESP, the way back is
; the landing pad (which pops the ecx and edx sysexit takes). sysenter
; cleared IF: sti, whose shadow covers sysexit, gives it back.
global bench_sysenter32_sysexit
bench_sysenter32_sysexit:
    mov ecx, ebp
    mov edx, EL_VDSO_LANDING32
    sti
    sysexit

global bench_sysenter32_iretq
bench_sysenter32_iretq:
    mov ecx, ebp                    ; 32 bits: zero-extended
    push USER_DS
    push rcx
    pushfq
    or qword [rsp], RFLAGS_IF
    push USER32_CS
    mov edx, EL_VDSO_LANDING32
    push rdx
    iretq

; sysretl leaves RSP alone: load the user's before it.
global bench_sysenter32_sysret
bench_sysenter32_sysret:
    mov ecx, EL_VDSO_LANDING32
    pushfq
    pop r11
    or r11d, RFLAGS_IF
    mov esp, ebp
    sysret

; --- sysenter from 64-bit code ------------------------------------------------
; A non-canonical RSP in rcx would make sysexit (or iretq) fault in ring 0:
; shl/sar makes it canonical, so a bad one faults in ring 3 instead.
global bench_sysenter64_sysexit
bench_sysenter64_sysexit:
    mov rcx, rbp
    shl rcx, 16
    sar rcx, 16
    mov edx, EL_VDSO_LANDING64
    sti
    o64 sysexit

global bench_sysenter64_iretq
bench_sysenter64_iretq:
    mov rcx, rbp
    shl rcx, 16
    sar rcx, 16
    push USER_DS
    push rcx
    pushfq
    or qword [rsp], RFLAGS_IF
    push USER_CS
    mov edx, EL_VDSO_LANDING64
    push rdx
    iretq

global bench_sysenter64_sysret
bench_sysenter64_sysret:
    mov ecx, EL_VDSO_LANDING64
    pushfq
    pop r11
    or r11d, RFLAGS_IF
    mov rsp, rbp
    o64 sysret
