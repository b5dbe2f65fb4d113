/* Virtual memory layout, shared with boot/layout.inc. */
#pragma once
#include <stdint.h>

#define KERNEL_VMA 0xFFFFFFFF80000000ul /* the kernel image (-2 GiB, mcmodel=kernel) */
#define PHYS_MAP   0xFFFF800000000000ul /* all RAM, mapped from physical 0 */
#define PAGE_SIZE  4096ul

/* User space: [USER_MIN, USER_END). Page 0 stays unmapped so NULL faults. The
 * last page below the canonical hole is usable: a syscall there returns to the
 * non-canonical 0x800000000000, which the exit path must refuse. */
#define USER_MIN   0x1000ul
#define USER_END   0x0000800000000000ul

static inline void *phys_to_virt(uint64_t phys) { return (void *)(PHYS_MAP + phys); }
static inline uint64_t virt_to_phys(const void *v)
{
    uint64_t a = (uint64_t)v;
    return a >= KERNEL_VMA ? a - KERNEL_VMA : a - PHYS_MAP;
}

/* Linker symbols (boot/linker.ld). */
extern char _text_start[], _text_end[], _rodata_start[], _rodata_end[];
extern char _data_start[], _data_end[], _entry_text_start[], _entry_text_end[];
extern char _kernel_phys_start[], _kernel_phys_end[];
