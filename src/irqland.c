/* The timer's landing places: the always-on check of every tick and the
 * histogram of irqland=HZ (include/irqland.h). */
#include "clock.h"
#include "cmdline.h"
#include "console.h"
#include "cpu.h"
#include "gdt.h"
#include "idt.h"
#include "layout.h"
#include "irqland.h"
#include "uaccess.h"
#include "uapi/entrylab.h"

/* The sysexit ways back (syscall/sysenter.asm): from the label after popfq
 * to the sysexit instruction itself, both in ring 0 with IF set. */
extern const char sysenter_irq_window32[], sysenter_sysexit32[];
extern const char sysenter_irq_window64[], sysenter_sysexit64[];

#define STACK_SLACK 16384 /* how far below its top a kernel stack may be used */
#define MAX_RIPS 16

static bool counting;
static uint64_t ticks, ring3, after_int80, after_syscall, after_sysenter, idle;
static struct { uint64_t rip, count; } ring0[MAX_RIPS];
static uint64_t ring0_other;

static bool in_window(uint64_t rip, const char *from, const char *to)
{
    return rip >= (uint64_t)from && rip <= (uint64_t)to;
}

static bool after_hlt(uint64_t rip)
{
    return rip >= KERNEL_VMA && *(const uint8_t *)(rip - 1) == 0xF4;
}

void irq_timer_check(struct frame *f)
{
    uint64_t gs = rdmsr(MSR_GS_BASE);
    if (gs != (uint64_t)&cpu0)
        panic(f, "timer interrupt with GS base %#lx, not the kernel's %p", gs, (void *)&cpu0);
    uint64_t top = cpu0.entry_rsp, frame_end = (uint64_t)(f + 1);
    if (f->cs & 3) {
        /* From ring 3 the CPU switched to TSS.RSP0: the frame is at its top. */
        if (frame_end != top)
            panic(f, "timer interrupt from ring 3 built its frame at %#lx, not at the entry stack's top %#lx",
                  frame_end, top);
    } else {
        bool window = in_window(f->rip, sysenter_irq_window32, sysenter_sysexit32) ||
                      in_window(f->rip, sysenter_irq_window64, sysenter_sysexit64);
        if (!window && !after_hlt(f->rip)) {
            uint64_t off;
            const char *sym = ksym_lookup(f->rip, &off);
            panic(f, "timer interrupt in ring 0 at %s+%#lx: the kernel keeps IF clear there",
                  sym ? sym : "?", off);
        }
        /* A sysexit window runs on the entry stack, just below its top; an
         * idle hlt on any kernel stack. */
        if (window && (f->rsp > top || f->rsp < top - STACK_SLACK))
            panic(f, "timer interrupt in a sysexit window on a stack at %#lx, outside the entry stack below %#lx",
                  f->rsp, top);
        if (f->rsp < 0xFFFF800000000000ul)
            panic(f, "timer interrupt in ring 0 on a stack at %#lx, not in the kernel half", f->rsp);
    }
    if (!counting)
        return;
    ticks++;
    if (f->cs & 3) {
        ring3++;
        uint8_t b[2] = {0, 0};
        if (f->rip == EL_VDSO_LANDING32 || f->rip == EL_VDSO_LANDING64)
            after_sysenter++;
        else if (f->rip >= 2 && copy_from_user(b, f->rip - 2, 2) == 0) {
            if (b[0] == 0xCD && b[1] == 0x80)
                after_int80++;
            else if (b[0] == 0x0F && b[1] == 0x05)
                after_syscall++;
        }
        return;
    }
    if (after_hlt(f->rip)) {
        idle++;
        return;
    }
    for (int i = 0; i < MAX_RIPS; i++) {
        if (ring0[i].rip == f->rip || !ring0[i].rip) {
            ring0[i].rip = f->rip;
            ring0[i].count++;
            return;
        }
    }
    ring0_other++;
}

void irqland_init(void)
{
    char v[16];
    if (!cmdline_get("irqland", v, sizeof v))
        return;
    uint64_t hz = 0;
    for (const char *c = v; *c >= '0' && *c <= '9'; c++)
        hz = hz * 10 + (uint64_t)(*c - '0');
    if (hz < 19 || hz > 100000) {
        klog("irqland", "irqland=%s: give the timer rate in Hz, 19 to 100000", v);
        return;
    }
    clock_tick_rate((uint32_t)hz);
    counting = true;
    klog("irqland", "timer at %lu Hz, counting where each tick lands", hz);
}

static void reset(void)
{
    ticks = ring3 = after_int80 = after_syscall = after_sysenter = idle = ring0_other = 0;
    for (int i = 0; i < MAX_RIPS; i++)
        ring0[i].rip = ring0[i].count = 0;
}

void irqland_begin(void) { reset(); }

void irqland_report(const char *name)
{
    if (!counting)
        return;
    kprintf("# irqland %s: %lu ticks, %lu in ring 3 (right after int 0x80 %lu, syscall %lu, sysenter %lu), "
            "%lu in ring 0\n",
            name, ticks, ring3, after_int80, after_syscall, after_sysenter, ticks - ring3);
    for (int i = 0; i < MAX_RIPS && ring0[i].rip; i++) {
        uint64_t off;
        const char *sym = ksym_lookup(ring0[i].rip, &off);
        kprintf("# irqland %s: ring 0 at %s+%#lx: %lu\n", name, sym ? sym : "?", off, ring0[i].count);
    }
    if (idle || ring0_other)
        kprintf("# irqland %s: ring 0 after hlt: %lu, at other places: %lu\n", name, idle, ring0_other);
    reset();
}
