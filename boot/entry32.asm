; 32-bit entry from GRUB, and the switch to long mode.
;
; Registers on entry (multiboot2 specification, section 3.3, i386 machine state):
;   eax = 0x36d76289 (the bootloader magic), ebx = physical address of the
;   multiboot2 information block; protected mode, paging off, CS/DS/ES/SS flat,
;   A20 on, interrupts off. ESP is undefined: we set our own stack first.
;
; This file runs at the physical load address (identity, below 4 GiB). It
; checks what the kernel needs (the magic, CPUID, long mode), builds early page
; tables, turns on PAE + EFER.LME (+NXE) + paging, loads a 64-bit GDT and jumps
; to the higher half (boot64 in boot/entry64.asm) with edi = magic, esi = info.

%include "layout.inc"

extern boot64

section .boot.text
bits 32
global _start
_start:
    cli
    cld
    mov esp, boot_stack32_top
    mov edi, eax                    ; keep magic and info in registers that
    mov esi, ebx                    ; survive the checks and become C arguments

    call serial32_init

    cmp edi, MB2_BOOTLOADER_MAGIC
    jne .no_multiboot2

    ; CPUID exists when EFLAGS.ID (bit 21) can be toggled.
    pushfd
    pop eax
    mov ecx, eax
    xor eax, 1 << 21
    push eax
    popfd
    pushfd
    pop eax
    push ecx
    popfd
    cmp eax, ecx
    je .no_cpuid

    mov eax, 0x80000000
    cpuid
    cmp eax, 0x80000001
    jb .no_long_mode
    mov eax, 0x80000001
    cpuid
    test edx, 1 << 29               ; LM: long mode
    jz .no_long_mode
    mov [boot_ext_edx], edx         ; NX (bit 20) is checked below

    call build_page_tables

    mov eax, cr4
    or eax, (1 << 5)                ; CR4.PAE: required for long mode
    mov cr4, eax
    mov eax, boot_pml4
    mov cr3, eax

    mov ecx, MSR_EFER
    rdmsr
    or eax, EFER_LME
    test dword [boot_ext_edx], 1 << 20
    jz .no_nx
    or eax, EFER_NXE                ; NX bits in page tables are legal from now on
.no_nx:
    wrmsr

    mov eax, cr0
    or eax, (1 << 31) | (1 << 16)   ; PG, and WP: ring 0 honours read-only pages
    mov cr0, eax                    ; long mode is now active (compatibility)

    lgdt [boot_gdt_ptr]
    jmp BOOT_CS:long_mode_entry

.no_multiboot2:
    mov ebx, msg_no_mb2
    jmp boot_fail
.no_cpuid:
    mov ebx, msg_no_cpuid
    jmp boot_fail
.no_long_mode:
    mov ebx, msg_no_lm
    jmp boot_fail

; Early page tables: the first 4 GiB identity-mapped and again at PHYS_MAP
; (2 MiB pages), and the first 1 GiB at KERNEL_VMA for the kernel image.
; src/paging.c replaces them all with 4 KiB kernel mappings once in C.
build_page_tables:
    push edi
    mov edi, boot_tables_start
    mov ecx, (boot_tables_end - boot_tables_start) / 4
    xor eax, eax
    rep stosd                       ; the tables live in bss: zero them here

    mov dword [boot_pml4 + 0 * 8], boot_pdpt_low + 3           ; present, writable
    mov dword [boot_pml4 + 256 * 8], boot_pdpt_low + 3         ; PHYS_MAP
    mov dword [boot_pml4 + 511 * 8], boot_pdpt_high + 3        ; KERNEL_VMA
    mov dword [boot_pdpt_low + 0 * 8], boot_pd + 0x0000 + 3
    mov dword [boot_pdpt_low + 1 * 8], boot_pd + 0x1000 + 3
    mov dword [boot_pdpt_low + 2 * 8], boot_pd + 0x2000 + 3
    mov dword [boot_pdpt_low + 3 * 8], boot_pd + 0x3000 + 3
    mov dword [boot_pdpt_high + 510 * 8], boot_pd + 3

    ; 2048 entries of 2 MiB: present, writable, PS.
    mov edi, boot_pd
    xor ecx, ecx
.fill:
    mov eax, ecx
    shl eax, 21
    or eax, 0x83
    mov [edi + ecx * 8], eax
    mov eax, ecx
    shr eax, 11                     ; bits 32+ of the address (ecx * 2 MiB >> 32)
    mov [edi + ecx * 8 + 4], eax
    inc ecx
    cmp ecx, 2048
    jne .fill
    pop edi
    ret

; COM1 at 115200 8N1, polled. Bochs drops bytes unless we wait for LSR.THRE.
serial32_init:
    mov dx, COM1 + 1
    xor al, al
    out dx, al                      ; no interrupts
    mov dx, COM1 + 3
    mov al, 0x80
    out dx, al                      ; DLAB on
    mov dx, COM1 + 0
    mov al, 1
    out dx, al                      ; divisor 1: 115200 baud
    mov dx, COM1 + 1
    xor al, al
    out dx, al
    mov dx, COM1 + 3
    mov al, 0x03
    out dx, al                      ; 8N1, DLAB off
    mov dx, COM1 + 2
    mov al, 0xC7
    out dx, al                      ; FIFO on and cleared
    ret

; Says why the boot stopped on COM1, the 0xE9 port and the VGA text screen,
; then halts for good. ebx = NUL-terminated message.
boot_fail:
    mov esi, msg_prefix
    call fail_puts
    mov esi, ebx
    call fail_puts
    mov esi, msg_halt
    call fail_puts
.halt:
    cli
    hlt
    jmp .halt

; esi = string. Writes it to serial, 0xE9 and VGA row 0 onwards (white on red).
fail_puts:
.next:
    lodsb
    test al, al
    jz .done
    mov ah, al
    mov dx, COM1 + 5
.wait:
    in al, dx
    test al, 0x20                   ; LSR.THRE: transmitter holding register empty
    jz .wait
    mov al, ah
    mov dx, COM1
    out dx, al
    mov dx, 0xE9
    out dx, al
    cmp al, 10
    je .next                        ; no newline glyphs on the screen
    mov edx, [vga_cursor]
    mov byte [0xB8000 + edx], al
    mov byte [0xB8000 + edx + 1], 0x4F
    add dword [vga_cursor], 2
    jmp .next
.done:
    ret

bits 64
long_mode_entry:
    mov ax, BOOT_DS
    mov ds, ax
    mov es, ax
    mov ss, ax
    xor ax, ax
    mov fs, ax
    mov gs, ax
    mov rax, boot64                 ; absolute: into the higher half
    jmp rax

section .boot.rodata
align 8
boot_gdt:
    dq 0
    dq 0x00AF9A000000FFFF           ; 0x08: 64-bit code, DPL 0
    dq 0x00CF92000000FFFF           ; 0x10: data, DPL 0
boot_gdt_end:
boot_gdt_ptr:
    dw boot_gdt_end - boot_gdt - 1
    dd boot_gdt
    dd 0

msg_prefix:   db 10, "entrylab: cannot boot: ", 0
msg_no_mb2:   db "not started by a multiboot2 loader (bad magic in eax)", 0
msg_no_cpuid: db "this CPU has no CPUID instruction", 0
msg_no_lm:    db "this CPU has no 64-bit long mode", 0
msg_halt:     db 10, "entrylab: halted.", 10, 0

section .boot.data
align 4
vga_cursor:   dd 0
boot_ext_edx: dd 0

section .boot.bss nobits
align 4096
boot_tables_start:
boot_pml4:      resb 4096
boot_pdpt_low:  resb 4096
boot_pdpt_high: resb 4096
boot_pd:        resb 4 * 4096
boot_tables_end:
align 16
                resb 4096
boot_stack32_top:
