; sysenter, from compatibility mode and from 64-bit code (Intel; AMD CPUs
; raise #UD for it in long mode).
;
; Registers on entry (Intel SDM: SYSENTER):
;   CS = IA32_SYSENTER_CS (0x10), SS = 0x18, RSP = IA32_SYSENTER_ESP,
;   RIP = IA32_SYSENTER_EIP, which the kernel points at entry_sysenter32 or
;   entry_sysenter64 by the running program's ELF class: the CPU does not
;   say which mode it came from.
;   RFLAGS: IF, RF and VM cleared; TF, DF, AC and NT are the user's (a TF
;   traps before the stub's first instruction runs: proc_entry_debug_trap
;   clears it).
;   GS is the user's. The user's RIP and RSP are not saved anywhere.
;   Convention (the vDSO, docs/abi.md): rbp = the user's stack pointer, the
;   way back is the vDSO's landing pad.
;   32-bit: eax = number, ebx ecx edx esi edi = arguments 1-5, [ebp] = 6;
;   r8-r11 come back zero, as from Linux's compat sysenter.
;   64-bit: rax = number, rdi rsi rdx r10 r8 r9 = arguments 1-6.
; Back by sysexit in the matching width, or by iretq; the fast way on a
; partial frame, the full way on the whole one (see syscall64.asm). The way
; back is always the vDSO's landing pad: the fast way leaves frame.rip out
; and its sysexit loads the pad itself; the full way fills the slot.

%include "frame.inc"
%include "smap.inc"
%include "regs.inc"

extern c_syscall_sysenter32, c_syscall_sysenter64
extern c_syscall_sysenter32_full, c_syscall_sysenter64_full
extern syscall_exit_iretq, syscall_fast_iretq

; The rest of the partial frame and the call into the door's fast
; dispatcher %2 (rax = the result, rdx = FAST_*: 0 is sysexit), at the
; global label %1: on a CPU whose sysexit is #UD in long mode (not Intel's)
; the boot rewrites that call to %2_iretq, its copy that leaves by iretq
; (syscall_sysexit_init, syscall/dispatch.c). rbx, rbp
; and r12-r15 are left to C (include/regs.inc), frame.cs and ss to
; FILL_CS_SS. 64-bit: the x86-64 arguments, rcx and r11. 32-bit (a third
; argument, ecx; a fourth, the fault label of argument 6): rdi, rsi and rdx
; whole, and the i386 arguments 1-6 above the frame (6 from [ebp]); ecx is
; argument 2, whose slot the full way fills from there, and r8-r11 come
; back zero.
%macro SYSENTER_COMMON 2-4
%if %0 == 4
    SAVE_RDI_RSI_RDX
    SAVE_I386_ARGS %3
%else
    SAVE_ARGS
    SAVE_RCX_R11
%endif
    KERNEL_FLAGS                    ; sysenter cleared none of DF, AC, TF, NT
%if %0 == 4
    FETCH_ARG6 ebp, %4
%endif
    mov rdi, rsp
global %1
%1:
    call %2
    test edx, edx
%endmacro

; Not sysexit: the fast iretq (AMD), or the full way with the rest of the
; frame and the door's full dispatcher (eax = RET_*), out by sysenter_exit.
; Both read frame.rip, the landing pad (%3), frame.cs and ss: the door's
; user CS (%2) and USER_DS; for the 32-bit door (a fourth argument) also
; frame.rcx, argument 2, and frame.r8 .. r11, zero, which iretq gives back.
%macro SYSENTER_NOT_FAST 3-4
    mov dword [rsp + FRAME_RIP], %3 ; frame.rip (an imm32 would sign-extend it)
    mov dword [rsp + FRAME_RIP + 4], 0
    FILL_CS_SS %2
%if %0 == 4
    mov ecx, [rsp + FRAME_SIZE + 1 * 8]
    mov [rsp + FRAME_RCX], rcx
    ZERO_SLOTS_R8_R10
    mov qword [rsp + FRAME_R11], 0
%endif
    cmp edx, FAST_IRETQ
    je syscall_fast_iretq
    FILL_RESULT
    FILL_RBX_RBP_R12_R15
    mov esi, edx
    mov rdi, rsp
    call %1
    jmp sysenter_exit
%endmacro

; Ring 3's registers back from the frame (rsp = its base) but rdx, which
; sysexit takes for RIP and the caller has loaded, rcx, loaded here with
; frame.rsp for RSP, and RFLAGS, left at [rsp] for popfq. rbx and rbp are
; ring 3's still (C keeps them; the full way loads them). 64-bit: the
; x86-64 arguments and r11; 32-bit (an argument): edi and esi, and r8-r11
; zero.
%macro SYSEXIT_LOAD 0-1
    mov rdi, [rsp + FRAME_RDI]
    mov rsi, [rsp + FRAME_RSI]
%if %0 == 1
    ZERO_R8_R10
    xor r11d, r11d
%else
    mov r10, [rsp + FRAME_R10]
    mov r8, [rsp + FRAME_R8]
    mov r9, [rsp + FRAME_R9]
    mov r11, [rsp + FRAME_R11]
%endif
    mov rcx, [rsp + FRAME_RSP]
    add rsp, FRAME_RFLAGS
%endmacro

section .entry.text
bits 64

global entry_sysenter32
entry_sysenter32:
    swapgs
    MAGIC_BREAK
    ; RSP = IA32_SYSENTER_ESP = cpu0.syscall_rsp: the stack's top, less frame.ss
    push rbp                        ; frame.rsp: the user's ESP, by convention
    mov dword [rsp + 4], 0          ;   (32 bits: the upper half is undefined)
    pushfq                          ; frame.rflags: the user's but IF
    or qword [rsp], 1 << 9          ;   (sysenter cleared IF; the user had it)
    sub rsp, FRAME_RFLAGS           ; rsp = the frame; frame.rip, cs and ss: the
    mov [rsp + FRAME_ERROR], rax    ;   not-fast way's; orig_rax, the number as it came
                                    ;   (frame.vector, the door: C's, regs.inc)
    SYSENTER_COMMON sysenter32_call, c_syscall_sysenter32, ecx, sysenter32_arg6_fault
    jnz sysenter32_not_fast
sysenter32_out:                     ; rsp = the frame (see SYSENTER_COMMON)
    ; sysexit: RIP from rdx, the landing pad, and RSP from rcx, the user's
    ; ebp zero-extended (the full way: both as exit_by_sysexit checked them);
    ; it restores no flags: load the user's first (TF is clear: see the
    ; fast test in syscall/dispatch.c, fast_frame_ok).
    mov edx, EL_VDSO_LANDING32
sysenter32_out_rdx:                 ; the full way: rdx = frame.rip
    SYSEXIT_LOAD 32                 ; rax is the result already
    popfq                           ; IF is the user's from here: the timer
global sysenter_irq_window32        ;   may land on the swapgs or the sysexit
sysenter_irq_window32:              ;   (src/irqland.c allows these two)
    swapgs
global sysenter_sysexit32
sysenter_sysexit32:
    MAGIC_BREAK
    sysexit                         ; CS = SYSENTER_CS+16 (0x23), SS = +24 (0x2b)
sysenter32_arg6_fault:
    ARG6_FAULT                      ; on into the not-fast way
sysenter32_not_fast:
    SYSENTER_NOT_FAST c_syscall_sysenter32_full, USER32_CS, EL_VDSO_LANDING32, 32

global entry_sysenter64
entry_sysenter64:
    swapgs
    MAGIC_BREAK
    push rbp                        ; frame.rsp: the user's RSP, by convention
    pushfq                          ; frame.rflags
    or qword [rsp], 1 << 9
    sub rsp, FRAME_RFLAGS           ; rsp = the frame (as entry_sysenter32)
    mov [rsp + FRAME_ERROR], rax
    SYSENTER_COMMON sysenter64_call, c_syscall_sysenter64
    jnz sysenter64_not_fast
sysenter64_out:                     ; as sysenter32_out
    mov edx, EL_VDSO_LANDING64      ; a 32-bit mov: zero-extended in rdx
sysenter64_out_rdx:
    SYSEXIT_LOAD
    popfq                           ; IF on: see sysenter_irq_window32
global sysenter_irq_window64
sysenter_irq_window64:
    swapgs
global sysenter_sysexit64
sysenter_sysexit64:
    MAGIC_BREAK
    o64 sysexit                     ; CS = SYSENTER_CS+32 (0x33), SS = +40 (0x3b)
sysenter64_not_fast:
    SYSENTER_NOT_FAST c_syscall_sysenter64_full, USER_CS, EL_VDSO_LANDING64

; eax = RET_*, rsp = the whole frame: either door's full way back, and a
; fork child (src/forkret.asm).
global sysenter_exit
sysenter_exit:
    cmp eax, RET_SYSEXIT
    je .sysexit32
    cmp eax, RET_SYSEXIT64
    jne syscall_exit_iretq
    LOAD_R15_RAX
    LOAD_RBP_RBX
    mov rdx, [rsp + FRAME_RIP]
    jmp sysenter64_out_rdx
.sysexit32:
    LOAD_R15_RAX
    LOAD_RBP_RBX
    mov rdx, [rsp + FRAME_RIP]
    jmp sysenter32_out_rdx
