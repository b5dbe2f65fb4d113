; TF set when the program executes sysenter. sysenter keeps TF, so the CPU
; traps (#DB) on the kernel stub's first instruction, still on the user's
; GS. The kernel must survive that, and give TF back to the program: its
; single-step trap then ends it with #DB. Where the CPU refuses sysenter in
; compatibility mode, the program dies with #UD instead. The trap the
; program dies of is on the vDSO landing pad's second instruction
; (0xffffe0c1): the first one after the kernel gave TF back.
bits 32
%include "syscalls.inc"

AT_ENTRYLAB_SYSENTER32 equ 0x454C01

section .text
global _start
_start:
    ; The vDSO's sysenter stub, if this CPU accepts it (auxv).
    mov esi, esp
    mov ecx, [esi]
    lea esi, [esi + 4 + ecx * 4 + 4]
.envp:
    cmp dword [esi], 0
    lea esi, [esi + 4]
    jne .envp
    xor edi, edi
.aux:
    mov eax, [esi]
    test eax, eax
    jz .found
    cmp eax, AT_ENTRYLAB_SYSENTER32
    jne .next
    mov edi, [esi + 4]
.next:
    add esi, 8
    jmp .aux
.found:
    mov ebx, 1                      ; #DB
    test edi, edi
    jnz .expect
    mov ebx, 6                      ; #UD: no sysenter here
.expect:
    mov eax, NR32_entrylab_expect
    int 0x80
    test edi, edi
    jz .raw

    ; The vDSO stub's framing by hand, so that popfd comes right before
    ; sysenter: TF then takes effect after sysenter, on the kernel's first
    ; instruction. The landing pad pops ebp, edx, ecx and returns to .after.
    push .after
    push ecx
    push edx
    push ebp
    mov ebp, esp
    mov eax, NR32_getpid
    pushfd
    or dword [esp], 1 << 8          ; TF
    popfd
    sysenter
.after:
    jmp .fail
.raw:
    mov eax, NR32_getpid
    sysenter                        ; refused: #UD
.fail:
    mov eax, NR32_exit
    mov ebx, 1
    int 0x80
