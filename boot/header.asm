; multiboot2 header (multiboot2 specification 2.0, section 3.1).
; GRUB looks for it in the first 32 KiB of the ELF file, 8-byte aligned.

MB2_MAGIC   equ 0xE85250D6
MB2_ARCH    equ 0                   ; i386 protected mode entry
TAG_OPTIONAL equ 1

section .multiboot
align 8
mb2_header:
    dd MB2_MAGIC
    dd MB2_ARCH
    dd mb2_header_end - mb2_header
    dd -(MB2_MAGIC + MB2_ARCH + (mb2_header_end - mb2_header)) & 0xffffffff

    ; Information request: what the kernel reads. Optional, so a loader that
    ; cannot give one of them still boots us; the parser reports what is missing.
align 8
.info_req:
    dw 1, TAG_OPTIONAL
    dd .info_req_end - .info_req
    dd 1                            ; command line
    dd 3                            ; modules
    dd 6                            ; memory map
    dd 8                            ; framebuffer
    dd 14                           ; ACPI 1.0 RSDP
    dd 15                           ; ACPI 2.0 RSDP
.info_req_end:

    ; Modules page-aligned: user programs are mapped from them page by page.
align 8
    dw 6, 0
    dd 8

    ; Framebuffer: no preferred mode. Under BIOS grub.cfg asks for text mode,
    ; which GRUB reports as an EGA text framebuffer at 0xB8000.
align 8
    dw 5, TAG_OPTIONAL
    dd 20
    dd 0, 0, 0                      ; width, height, depth: any

align 8
    dw 0, 0                         ; end tag
    dd 8
mb2_header_end:
