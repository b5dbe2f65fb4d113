/* panic and the register dump. */
#include <stdarg.h>
#include "console.h"
#include "cpu.h"
#include "emu.h"
#include "gdt.h"
#include "idt.h"
#include "layout.h"
#include "paging.h"

static const char *const flag_names[22] = {
    [0] = "CF", [2] = "PF", [4] = "AF", [6] = "ZF", [7] = "SF", [8] = "TF",
    [9] = "IF", [10] = "DF", [11] = "OF", [14] = "NT", [16] = "RF", [17] = "VM",
    [18] = "AC", [19] = "VIF", [20] = "VIP", [21] = "ID",
};

static void print_rflags(uint64_t fl)
{
    kprintf("RFLAGS: %016lx [", fl);
    const char *sep = "";
    for (int b = 0; b < 22; b++) {
        if ((fl >> b) & 1 && flag_names[b]) {
            kprintf("%s%s", sep, flag_names[b]);
            sep = " ";
        }
    }
    kprintf("] IOPL=%lu\n", (fl >> 12) & 3);
}

static void print_addr(const char *label, uint64_t a)
{
    uint64_t off;
    const char *name = ksym_lookup(a, &off);
    if (name)
        kprintf("%s%016lx <%s+0x%lx>", label, a, name, off);
    else
        kprintf("%s%016lx", label, a);
}

static void print_pf_error(uint64_t e)
{
    kprintf(" [%s %s %s%s%s]", e & 1 ? "protection-violation" : "not-present",
            e & 2 ? "write" : e & 16 ? "instruction-fetch" : "read",
            e & 4 ? "user" : "supervisor", e & 8 ? " reserved-bit" : "",
            e & 32 ? " protection-key" : "");
}

void dump_frame(const struct frame *f)
{
    uint16_t ds, es, fs, gs;
    __asm__ volatile("mov %%ds, %0; mov %%es, %1; mov %%fs, %2; mov %%gs, %3"
                     : "=r"(ds), "=r"(es), "=r"(fs), "=r"(gs));
    uint64_t cr2 = read_cr2();

    if (f->vector < 32) {
        kprintf("%s %s (vector %lu) in ring %lu", exception_mnemonic(f->vector),
                exception_name(f->vector), f->vector, f->cs & 3);
        if (exception_has_error(f->vector)) {
            kprintf(", error code %#lx", f->error);
            if (f->vector == 14)
                print_pf_error(f->error);
            else if (f->error)
                kprintf(" [%s selector %#lx%s]",
                        (f->error & 6) == 0 ? "GDT" : (f->error & 2) ? "IDT" : "LDT",
                        (f->error & 2) ? (f->error >> 3) & 0xFF : f->error & ~7ul,
                        f->error & 1 ? ", external" : "");
        }
        kprintf("\n");
    }
    print_addr("RIP: ", f->rip);
    kprintf("  CS: %04lx\n", f->cs);
    kprintf("RSP: %016lx  SS: %04lx\n", f->rsp, f->ss);
    print_rflags(f->rflags);
    kprintf("RAX: %016lx RBX: %016lx RCX: %016lx\n", f->rax, f->rbx, f->rcx);
    kprintf("RDX: %016lx RSI: %016lx RDI: %016lx\n", f->rdx, f->rsi, f->rdi);
    kprintf("RBP: %016lx R8:  %016lx R9:  %016lx\n", f->rbp, f->r8, f->r9);
    kprintf("R10: %016lx R11: %016lx R12: %016lx\n", f->r10, f->r11, f->r12);
    kprintf("R13: %016lx R14: %016lx R15: %016lx\n", f->r13, f->r14, f->r15);
    kprintf("CR0: %016lx CR2: %016lx (fault address)\n", read_cr0(), cr2);
    kprintf("CR3: %016lx CR4: %016lx\n", read_cr3(), read_cr4());
    kprintf("EFER: %016lx\n", rdmsr(MSR_EFER));
    kprintf("DS: %04x ES: %04x FS: %04x GS: %04x  FS.base: %016lx GS.base: %016lx KERNEL_GS.base: %016lx\n",
            ds, es, fs, gs, rdmsr(MSR_FS_BASE), rdmsr(MSR_GS_BASE), rdmsr(MSR_KERNEL_GS_BASE));

    /* Stack words, only where the kernel's own tables map them. */
    kprintf("Stack:\n");
    uint64_t sp = f->rsp & ~7ul;
    for (int i = 0; i < 16; i += 2) {
        uint64_t a = sp + i * 8;
        if (!paging_kernel_readable(a) || !paging_kernel_readable(a + 15)) {
            kprintf("  %016lx: (not mapped)\n", a);
            break;
        }
        uint64_t *w = (uint64_t *)a;
        kprintf("  %016lx: %016lx %016lx\n", a, w[0], w[1]);
    }

    /* Frame-pointer chain of the kernel (built with -fno-omit-frame-pointer). */
    if (!(f->cs & 3)) {
        kprintf("Call trace:\n");
        print_addr("  ", f->rip);
        kprintf("\n");
        uint64_t bp = f->rbp;
        for (int depth = 0; depth < 16 && bp >= KERNEL_VMA && !(bp & 7); depth++) {
            if (!paging_kernel_readable(bp) || !paging_kernel_readable(bp + 15))
                break;
            uint64_t ret = ((uint64_t *)bp)[1];
            if (ret < (uint64_t)_text_start || ret >= (uint64_t)_text_end)
                break;
            print_addr("  ", ret);
            kprintf("\n");
            bp = ((uint64_t *)bp)[0];
        }
    }
}

void panic(const struct frame *f, const char *fmt, ...)
{
    static int panicking;
    __asm__ volatile("cli");
    if (panicking++) {
        kprintf("\nPANIC while panicking: halted\n");
        emu_exit(EMU_EXIT_PANIC);
    }
    va_list ap;
    va_start(ap, fmt);
    kprintf("\n---[ PANIC: ");
    kvprintf(fmt, ap);
    kprintf(" ]---\n");
    va_end(ap);
    if (f)
        dump_frame(f);
    kprintf("---[ end of panic ]---\n");
    emu_exit(EMU_EXIT_PANIC);
}
