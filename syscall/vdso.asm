; The vDSO images, as the build made them (vdso/, vdso/vdso.cmake): ELF
; shared objects the kernel copies to frames at boot and maps into every
; program (src/vdso.c). Page-aligned, so the copy is page for page.

section .rodata
align 4096
global vdso64_image, vdso64_image_end, vdso32_image, vdso32_image_end
vdso64_image:
    incbin "vdso64.so"
vdso64_image_end:
align 4096
vdso32_image:
    incbin "vdso32.so"
vdso32_image_end:
