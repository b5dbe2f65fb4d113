/* GDT, TSS and per-CPU data. */
#include "gdt.h"
#include "cpu.h"
#include "frame.h"
#include "kstring.h"

struct tss {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
    /* Two I/O permission bitmaps, one bit per port (1: #GP from ring 3).
     * The CPU reads two bytes for every check, so each map is followed by
     * a byte of 1s inside the limit (SDM vol. 1, "I/O Permission Bit Map"). */
    uint8_t io_map[8192 + 1]; /* ioperm's: a copy of the running thread's */
    uint8_t io_all[8192 + 1]; /* iopl(3)'s: every port open */
} __attribute__((packed));
/* The limit (sizeof - 1) covers both maps and their closing bytes, and
 * the offset past it that closes every port still fits iomap_base. */
_Static_assert(__builtin_offsetof(struct tss, io_map) == 104 && sizeof(struct tss) == 104 + 2 * 8193 &&
                   sizeof(struct tss) < 0x10000, "TSS layout");

#define ENTRY_STACK_SIZE 16384
#define IST_STACK_SIZE 8192

/* Page-aligned: the fixed part does not cross a page (SDM vol. 3, "Task-State Segment"). */
static struct tss tss __attribute__((aligned(4096)));
static uint8_t entry_stack[ENTRY_STACK_SIZE] __attribute__((aligned(16)));
static uint8_t ist_stacks[4][IST_STACK_SIZE] __attribute__((aligned(16)));
struct percpu cpu0;

/* Descriptor bits: G, L or D/B, P, DPL, S, type. */
#define SEG_CODE64(dpl) (0x00AF9A000000FFFFul | ((uint64_t)(dpl) << 45))
#define SEG_CODE32(dpl) (0x00CF9A000000FFFFul | ((uint64_t)(dpl) << 45))
#define SEG_DATA(dpl)   (0x00CF92000000FFFFul | ((uint64_t)(dpl) << 45))

/* Linux's x86-64 layout (include/gdt.h has the reasons). */
static uint64_t gdt[GDT_ENTRIES] __attribute__((aligned(16))) = {
    [0] = 0,
    [KERNEL32_CS >> 3] = SEG_CODE32(0),       /* 0x08 kernel 32-bit code (unused) */
    [KERNEL_CS >> 3] = SEG_CODE64(0),         /* 0x10 kernel code */
    [KERNEL_DS >> 3] = SEG_DATA(0),           /* 0x18 kernel data */
    [USER32_CS >> 3] = SEG_CODE32(3),         /* 0x23 user 32-bit code (compatibility mode) */
    [USER_DS >> 3] = SEG_DATA(3),             /* 0x2b user data */
    [USER_CS >> 3] = SEG_CODE64(3),           /* 0x33 user 64-bit code */
    [USER_DS_SYSEXIT64 >> 3] = SEG_DATA(3),   /* 0x3b user data, the SS sysexitq loads */
    /* 8..9: the TSS (16 bytes); 10..11: no LDT; 12..14: TLS (set_thread_area) */
    /* 15: CPUNODE, as Linux's: read-only expand-down data, DPL 3, whose
     * limit is (node << 12) | cpu for lsl; one CPU, node 0: limit 0. */
    [GDT_CPUNODE] = 0x0040F50000000000ul,
};
_Static_assert(TSS_SEL >> 3 == 8 && GDT_TLS_FIRST == 12 && GDT_CPUNODE == GDT_ENTRIES - 1, "Linux's layout");

void gdt_set_tls(int slot, uint64_t desc) { gdt[GDT_TLS_FIRST + slot] = desc; }
uint64_t gdt_get(int index) { return gdt[index]; }

/* A segment register keeps the descriptor it was loaded with: after the
 * entry changes it must be loaded again, or it goes on with the old base
 * (a cleared entry then faults the load, and the register becomes null).
 * Any RPL counts (Linux compares RPL 3 only); SS is not reloaded here: the
 * way back checks the entry it names (frame_user_ss_ok). */
void gdt_tls_reload(int slot)
{
    uint16_t idx = (uint16_t)(GDT_TLS_FIRST + slot), ds, es, fs, gs;
    __asm__ volatile("mov %%ds, %0; mov %%es, %1; mov %%fs, %2; mov %%gs, %3"
                     : "=r"(ds), "=r"(es), "=r"(fs), "=r"(gs));
#define NAMES(sel) ((sel) >> 3 == idx && !((sel) & 4))
    if (NAMES(ds))
        seg_load_ds(ds);
    if (NAMES(es))
        seg_load_es(es);
    if (NAMES(fs))
        seg_load_fs(fs);
    if (NAMES(gs))
        seg_load_gs(gs);
#undef NAMES
}
void tss_set_rsp0(uint64_t rsp) { tss.rsp[0] = rsp; }

void tss_io_select(enum tss_io which)
{
    tss.iomap_base = which == TSS_IO_MAP   ? (uint16_t)__builtin_offsetof(struct tss, io_map)
                     : which == TSS_IO_ALL ? (uint16_t)__builtin_offsetof(struct tss, io_all)
                                           : (uint16_t)sizeof(tss); /* past the limit */
}
uint8_t *tss_io_map(void) { return tss.io_map; }

void gdt_init(void)
{
    uint64_t base = (uint64_t)&tss;
    uint64_t limit = sizeof(tss) - 1;
    gdt[TSS_SEL >> 3] = (limit & 0xFFFF) | ((base & 0xFFFFFF) << 16) | (0x89ul << 40) /* P, 64-bit TSS available */
              | (((limit >> 16) & 0xF) << 48) | (((base >> 24) & 0xFF) << 56);
    gdt[(TSS_SEL >> 3) + 1] = base >> 32;

    tss.rsp[0] = (uint64_t)(entry_stack + ENTRY_STACK_SIZE - I386_ARGS_SIZE); /* as a kstack_top */
    for (int i = 0; i < 4; i++)
        tss.ist[i] = (uint64_t)(ist_stacks[i] + IST_STACK_SIZE);
    memset(tss.io_map, 0xFF, sizeof tss.io_map);  /* no port open */
    memset(tss.io_all, 0, sizeof tss.io_all);
    tss.io_all[8192] = 0xFF;
    tss_io_select(TSS_IO_NONE); /* until a thread with ports runs */

    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) ptr = {sizeof(gdt) - 1, (uint64_t)gdt};
    __asm__ volatile("lgdt %0\n\t"
                     "mov %1, %%ds\n\t"
                     "mov %1, %%es\n\t"
                     "mov %1, %%ss\n\t"
                     "xor %%eax, %%eax\n\t"
                     "mov %%eax, %%fs\n\t"
                     "mov %%eax, %%gs\n\t"
                     "pushq %2\n\t"
                     "leaq 1f(%%rip), %%rax\n\t"
                     "pushq %%rax\n\t"
                     "lretq\n"
                     "1:\n\t"
                     "ltr %w3\n\t"
                     /* No LDT: a null LDTR, whatever the loader left. Ring 3
                      * naming an LDT selector (lar, mov to a segment register,
                      * iret) then gets an invalid selector, never a walk of
                      * memory at a stale LDT base. */
                     "lldt %w4"
                     :
                     : "m"(ptr), "r"((uint64_t)KERNEL_DS), "i"(KERNEL_CS), "r"(TSS_SEL), "r"(0)
                     : "rax", "memory");

    cpu0.self = &cpu0;
    cpu0.entry_rsp = tss.rsp[0];
    cpu0.syscall_rsp = tss.rsp[0] - 8;
    /* Kernel GS is live in ring 0; swapgs on every entry from ring 3 makes
     * KERNEL_GS_BASE hold the user's value meanwhile. */
    wrmsr(MSR_GS_BASE, (uint64_t)&cpu0);
    wrmsr(MSR_KERNEL_GS_BASE, 0);
}
