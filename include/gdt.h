/* GDT layout: Linux's for x86-64 (arch/x86/include/asm/segment.h), so that
 * programs that hard-code selectors (Linux's selftests: far jumps to 0x23
 * and 0x33, set_thread_area's entry 12) find what they expect:
 *   1 0x08 kernel 32-bit code (unused, as on Linux)   2 0x10 kernel code
 *   3 0x18 kernel data        4 0x23 user 32-bit code  5 0x2b user data
 *   6 0x33 user 64-bit code   7 0x3b user data, the SS sysexitq loads
 *   8-9 the TSS (16 bytes)    10-11 the LDT's place (none: LDTR is null)
 *   12-14 TLS (set_thread_area; 0x63, 0x6b, 0x73)  15 0x7b CPUNODE
 * The order is fixed by the hardware's selector arithmetic:
 *   syscall:  CS = STAR[47:32] (0x10),          SS = +8  (0x18)
 *   sysretl:  CS = STAR[63:48] (0x23) | 3,      SS = +8  (0x2b) | 3
 *   sysretq:  CS = STAR[63:48] + 16 (0x33) | 3, SS = +8  (0x2b) | 3
 *   sysenter: CS = SYSENTER_CS (0x10),          SS = +8  (0x18)
 *   sysexit:  CS = SYSENTER_CS + 16 (0x20) | 3, SS = +24 (0x28) | 3
 *   sysexitq: CS = SYSENTER_CS + 32 (0x30) | 3, SS = +40 (0x38) | 3
 * so user SS after a 64-bit sysexit is 0x3b, a second flat user data
 * descriptor: no single layout gives sysretq and sysexitq the same SS.
 * Linux never uses sysexitq and leaves entry 7 empty; entrylab's holds it. */
#pragma once
#include <stdint.h>

#define KERNEL32_CS 0x08
#define KERNEL_CS 0x10
#define KERNEL_DS 0x18
#define USER32_CS 0x23
#define USER_DS   0x2B
#define USER_CS   0x33
#define USER_DS_SYSEXIT64 0x3B
#define TSS_SEL   0x40
#define GDT_TLS_FIRST 12    /* set_thread_area's slots: entries 12, 13, 14 */
#define GDT_TLS_COUNT 3
#define GDT_CPUNODE 15      /* limit = node << 12 | cpu, read by lsl */
#define GDT_ENTRIES 16

/* STAR: kernel CS in 47:32, USER32_CS in 63:48 as Linux writes it (see
 * above; sysret ORs in RPL 3 whatever the low bits hold). */
#define STAR_VALUE (((uint64_t)USER32_CS << 48) | ((uint64_t)KERNEL_CS << 32))

/* IST slots (1-based as in the IDT gate). */
#define IST_DF  1
#define IST_NMI 2
#define IST_MC  3
#define IST_DB  4

/* Per-CPU data, reached through GS in the kernel (swapgs). The first fields
 * are read by the entry stubs: their offsets go to build/gen/frame.inc. */
struct percpu {
    struct percpu *self;
    uint64_t entry_rsp;   /* top of the stack that ring 3 enters on */
    /* entry_rsp less frame.ss's slot, where the syscall and sysenter stubs
     * start their frame (IA32_SYSENTER_ESP too): they leave that slot to
     * the full way (include/regs.inc) */
    uint64_t syscall_rsp;
    uint64_t user_rsp;    /* scratch: user RSP during syscall entry */
    uint64_t user_gs;     /* user GS base while in the kernel (for reports) */
    struct process *proc; /* the program running now, or 0 */
    /* proc when its system calls may take the fast way (it has no
     * entry_work), else 0: the fast way's first test (proc_fast_refresh). */
    struct process *fast_proc;
};

extern struct percpu cpu0;
void gdt_init(void);
/* Writes a user TLS descriptor (set_thread_area) and reloads nothing. */
void gdt_set_tls(int slot, uint64_t desc);
/* Loads again each of DS, ES, FS, GS that names TLS entry `slot`, as Linux's
 * set_thread_area does: it takes the new descriptor, or null if cleared. */
void gdt_tls_reload(int slot);
/* Fault-surviving segment loads (src/segload.asm): 0, or -1 when the
 * selector was refused and a null one loaded instead. */
int seg_load_ds(uint16_t sel), seg_load_es(uint16_t sel), seg_load_fs(uint16_t sel);
int seg_load_gs(uint16_t sel);
uint64_t gdt_get(int index);
void tss_set_rsp0(uint64_t rsp);
/* The TSS's I/O permission bitmaps (src/ioport.c fills and picks them):
 * NONE puts the bitmap's offset past the TSS limit (every port #GP from
 * ring 3), MAP selects the 8 KiB one ioport writes, ALL one of zeros. */
enum tss_io { TSS_IO_NONE, TSS_IO_MAP, TSS_IO_ALL };
void tss_io_select(enum tss_io which);
uint8_t *tss_io_map(void);
