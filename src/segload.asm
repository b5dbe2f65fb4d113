; Loading a selector that ring 3 chose (sigreturn's DS, ES, FS, GS) can
; fault: a bad or not-present descriptor raises #GP or #NP in ring 0. Each
; load is listed in .extable; its fixup loads the null selector instead and
; returns -1, as Linux's loadsegment does. Returns 0 when the load worked.
; For FS and GS the fixup loads USER_DS first: AMD CPUs keep the old base
; when a null selector is loaded (Linux's X86_BUG_NULL_SEG), and a refused
; selector must not leave its segment's base behind; USER_DS's is 0.

%include "frame.inc"

section .text
bits 64

%macro SEGLOAD 1
global seg_load_%1
seg_load_%1:
.load:
    mov %1, di
    xor eax, eax
    ret
.fault:
%ifidn %1, fs
    mov eax, USER_DS
    mov %1, ax
%endif
    xor eax, eax
    mov %1, ax
    mov eax, -1
    ret
section .extable
    dq seg_load_%1.load, seg_load_%1.fault
section .text
%endmacro

SEGLOAD ds
SEGLOAD es
SEGLOAD fs

; GS: the user's GS lives in KERNEL_GS_BASE while the kernel runs; swapgs
; around the load keeps the kernel's base. A fault in between finds the
; user's base active, which isr_common recognises by its sign.
global seg_load_gs
seg_load_gs:
    swapgs
.load:
    mov gs, di
    swapgs
    xor eax, eax
    ret
.fault:
    mov eax, USER_DS
    mov gs, ax
    xor eax, eax
    mov gs, ax
    swapgs
    mov eax, -1
    ret
section .extable
    dq seg_load_gs.load, seg_load_gs.fault
