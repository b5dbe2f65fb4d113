# entrylab's toolchain: the machine's own x86-64 gcc and nasm. The kernel is
# built freestanding with KERNEL_C_FLAGS below; the host unit tests use the
# same compiler as an ordinary hosted one. ./lab passes this file as
# CMAKE_TOOLCHAIN_FILE; CMakeLists.txt includes it when nobody did.
set(CMAKE_C_COMPILER gcc)
set(CMAKE_ASM_NASM_COMPILER nasm)
set(CMAKE_ASM_NASM_OBJECT_FORMAT elf64)   # 32-bit boot code is `bits 32` inside elf64
set(CMAKE_LINKER ld)

set(KERNEL_C_FLAGS
    -std=gnu11
    -ffreestanding              # no hosted libc: only gcc's own headers (stdint.h, stdarg.h)
    -fno-builtin                # our memcpy/strlen are the real ones, not assumed libc
    -mno-red-zone               # interrupts push onto the kernel stack below RSP
    -mcmodel=kernel             # the kernel lives in the top 2 GiB (KERNEL_VMA)
    -mgeneral-regs-only         # no SSE/x87: entry stubs do not save those registers
    -fno-pic                    # linked at a fixed address; no GOT
    -fno-pie
    -fno-stack-protector        # there is no __stack_chk_guard in a kernel this small
    -fno-omit-frame-pointer     # the panic dump walks RBP for a call trace
    -fno-asynchronous-unwind-tables # no .eh_frame: nothing unwinds
    -fcf-protection=none        # no endbr64: keeps the entry code readable in a debugger
    -mno-mmx -mno-sse -mno-sse2 # belt and braces with -mgeneral-regs-only
    -O2
    -g                          # symbols for gdb and Bochs (./lab debug, ./lab bochs)
    -Wall -Wextra -Werror       # warnings are errors
    -Wmissing-prototypes
)
set(KERNEL_LD_FLAGS
    -nostdlib
    -z max-page-size=0x1000     # segments on 4 KiB boundaries, as boot/linker.ld lays them
    -z noexecstack
    --no-warn-rwx-segments      # the boot segment is RWX on purpose (runs before paging)
)
# User programs: static, no libc, no PIE; 64-bit and 32-bit (-m32).
set(USER_C_FLAGS -std=gnu11 -ffreestanding -fno-pic -fno-pie -fno-stack-protector -nostdlib
    -static -O2 -g -Wall -Wextra -Werror -fcf-protection=none -mgeneral-regs-only)
