/* The IDT: the 32 exception gates (stubs in idt/isr.asm) and the system call
 * gate for int 0x80 (syscall/int80.asm, installed by syscall_init). */
#include <stdbool.h>
#include "idt.h"
#include "cpu.h"
#include "gdt.h"

struct gate {
    uint16_t off_lo, sel;
    uint8_t ist, type;
    uint16_t off_mid;
    uint32_t off_hi, zero;
} __attribute__((packed));

static struct gate idt[256] __attribute__((aligned(16)));
extern void (*const isr_table[48])(void);

static const struct {
    const char *mnemonic, *name;
} exceptions[32] = {
    {"#DE", "divide error"},        {"#DB", "debug"},
    {"NMI", "non-maskable interrupt"}, {"#BP", "breakpoint"},
    {"#OF", "overflow"},            {"#BR", "bound range exceeded"},
    {"#UD", "invalid opcode"},      {"#NM", "device not available"},
    {"#DF", "double fault"},        {"#CSO", "coprocessor segment overrun"},
    {"#TS", "invalid TSS"},         {"#NP", "segment not present"},
    {"#SS", "stack-segment fault"}, {"#GP", "general protection"},
    {"#PF", "page fault"},          {"#15", "reserved vector 15"},
    {"#MF", "x87 floating-point error"}, {"#AC", "alignment check"},
    {"#MC", "machine check"},       {"#XM", "SIMD floating-point exception"},
    {"#VE", "virtualization exception"}, {"#CP", "control protection"},
    {"#22", "reserved vector 22"},  {"#23", "reserved vector 23"},
    {"#24", "reserved vector 24"},  {"#25", "reserved vector 25"},
    {"#26", "reserved vector 26"},  {"#27", "reserved vector 27"},
    {"#HV", "hypervisor injection"}, {"#VC", "VMM communication"},
    {"#SX", "security exception"},  {"#31", "reserved vector 31"},
};

const char *exception_name(uint64_t v) { return v < 32 ? exceptions[v].name : "interrupt"; }
const char *exception_mnemonic(uint64_t v) { return v < 32 ? exceptions[v].mnemonic : "INT"; }

bool exception_has_error(uint64_t v)
{
    return v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21 || v == 29 || v == 30;
}

void idt_set_gate(int v, void (*handler)(void), int dpl, int ist)
{
    uint64_t a = (uint64_t)handler;
    idt[v] = (struct gate){
        .off_lo = a & 0xFFFF,
        .sel = KERNEL_CS,
        .ist = ist,
        .type = 0x8E | (dpl << 5), /* present, 64-bit interrupt gate: IF cleared */
        .off_mid = (a >> 16) & 0xFFFF,
        .off_hi = a >> 32,
    };
}

/* The legacy 8259 PICs: moved off the exception vectors (the BIOS leaves
 * IRQ 0 on vector 8, #DF) and masked. entrylab polls its devices; only the
 * watchdog's timer (IRQ 0) is unmasked later, by clock_init. */
static void pic_disable(void)
{
    static const uint8_t init[2][4] = {{0x11, 32, 4, 1}, {0x11, 40, 2, 1}};
    for (int i = 0; i < 2; i++) {
        uint16_t cmd = i ? 0xA0 : 0x20;
        outb(cmd, init[i][0]);     /* ICW1: init, ICW4 follows */
        outb(cmd + 1, init[i][1]); /* ICW2: vector base */
        outb(cmd + 1, init[i][2]); /* ICW3: cascade on IRQ 2 */
        outb(cmd + 1, init[i][3]); /* ICW4: 8086 mode */
        outb(cmd + 1, 0xFF);       /* mask every line */
    }
}

void idt_init(void)
{
    for (int v = 0; v < 32; v++) {
        int ist = v == 8 ? IST_DF : v == 2 ? IST_NMI : v == 18 ? IST_MC : v == 1 ? IST_DB : 0;
        /* int3 and into may be used from ring 3 (they then kill the program
         * with #BP/#OF, not #GP); every other vector is kernel-only. */
        int dpl = (v == 3 || v == 4) ? 3 : 0;
        idt_set_gate(v, isr_table[v], dpl, ist);
    }
    for (int v = 32; v < 48; v++)
        idt_set_gate(v, isr_table[v], 0, 0);
    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) ptr = {sizeof(idt) - 1, (uint64_t)idt};
    __asm__ volatile("lidt %0" ::"m"(ptr));
    pic_disable();
}
