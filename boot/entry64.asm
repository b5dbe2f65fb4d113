; First 64-bit code in the higher half.
;
; Registers on entry (from boot/entry32.asm): edi = multiboot2 magic,
; esi = physical address of the multiboot2 information; early page tables,
; boot GDT, interrupts off.

section .text
bits 64
extern kmain
global boot64
boot64:
    mov rsp, boot_stack_top
    xor ebp, ebp                    ; ends stack traces here
    mov edi, edi                    ; zero-extend both arguments
    mov esi, esi
    call kmain
.halt:                              ; kmain does not return
    cli
    hlt
    jmp .halt

section .bss
align 16
global boot_stack_bottom, boot_stack_top
boot_stack_bottom:
    resb 16384
boot_stack_top:
