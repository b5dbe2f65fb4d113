/* GDT layout. The order is fixed by the hardware's selector arithmetic:
 *   syscall:  CS = STAR[47:32] (0x08),       SS = +8  (0x10)
 *   sysretl:  CS = STAR[63:48] (0x18) | 3,   SS = +8  (0x20) | 3
 *   sysretq:  CS = STAR[63:48] + 16 (0x28) | 3, SS = +8 (0x20) | 3
 *   sysenter: CS = SYSENTER_CS (0x08),       SS = +8  (0x10)
 *   sysexit:  CS = SYSENTER_CS + 16 (0x18) | 3, SS = +24 (0x20) | 3
 *   sysexitq: CS = SYSENTER_CS + 32 (0x28) | 3, SS = +40 (0x30) | 3
 * so user SS after a 64-bit sysexit is 0x33, a second flat user data
 * descriptor: no single layout gives sysretq and sysexitq the same SS. */
#pragma once
#include <stdint.h>

#define KERNEL_CS 0x08
#define KERNEL_DS 0x10
#define USER32_CS 0x1B
#define USER_DS   0x23
#define USER_CS   0x2B
#define USER_DS_SYSEXIT64 0x33
#define GDT_TLS_FIRST 7     /* set_thread_area's slots: entries 7, 8, 9 */
#define GDT_TLS_COUNT 3
#define TSS_SEL   0x50

/* STAR: kernel base in 47:32, user base in 63:48 (see above). */
#define STAR_VALUE ((0x18ul << 48) | ((uint64_t)KERNEL_CS << 32))

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
    uint64_t user_rsp;    /* scratch: user RSP during syscall entry */
    uint64_t user_gs;     /* user GS base while in the kernel (for reports) */
    struct process *proc; /* the program running now, or 0 */
};

extern struct percpu cpu0;
void gdt_init(void);
/* Writes a user TLS descriptor (set_thread_area) and reloads nothing. */
void gdt_set_tls(int slot, uint64_t desc);
uint64_t gdt_get(int index);
void tss_set_rsp0(uint64_t rsp);
