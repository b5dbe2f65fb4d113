/* kmain: from the boot code to the runner. */
#include "boot.h"
#include "cmdline.h"
#include "vdso.h"
#include "vsyscall.h"
#include "console.h"
#include "irqland.h"
#include "clock.h"
#include "cpu.h"
#include "entry.h"
#include "probe.h"
#include "proc.h"
#include "emu.h"
#include "gdt.h"
#include "idt.h"
#include "ktest.h"
#include "layout.h"
#include "multiboot2.h"
#include "paging.h"

#define ENTRYLAB_VERSION "0.1"

static struct mb2_info info;
const struct mb2_info *boot_info = &info;

size_t boot_module_count(void) { return info.module_count; }

const struct boot_module *boot_module(size_t i)
{
    static struct boot_module m;
    const struct mb2_module *mod = &info.modules[i];
    m = (struct boot_module){phys_to_virt(mod->start), mod->end - mod->start, mod->cmdline};
    return &m;
}
uint64_t boot_info_phys;
bool booted_uefi;
bool cpu_has_smap;

static void print_memory_map(void)
{
    klog("boot", "memory map (%lu entries%s):", info.mmap_count,
         info.mmap_truncated ? ", truncated" : "");
    for (size_t i = 0; i < info.mmap_count; i++) {
        const struct mb2_mmap_entry *e = &info.mmap[i];
        klog("boot", "  0x%012lx-0x%012lx %8lu KiB %s", e->base, e->base + e->len, e->len >> 10,
             mb2_mem_type_name(e->type));
    }
    for (size_t i = 0; i < info.module_count; i++)
        klog("boot", "module %lu: 0x%08x-0x%08x '%s'", i, info.modules[i].start,
             info.modules[i].end, info.modules[i].cmdline);
}

static uint64_t physical_top(void)
{
    uint64_t top = boot_info_phys + info.total_size;
    for (size_t i = 0; i < info.mmap_count; i++) {
        const struct mb2_mmap_entry *e = &info.mmap[i];
        bool ram = e->type == MB2_MEM_AVAILABLE || e->type == MB2_MEM_ACPI_RECLAIMABLE;
        if (ram && e->base + e->len > top)
            top = e->base + e->len;
    }
    for (size_t i = 0; i < info.module_count; i++)
        if (info.modules[i].end > top)
            top = info.modules[i].end;
    return top < (64ul << 30) ? top : (64ul << 30);
}

static void cpu_setup(void)
{
    struct cpuid l7 = cpuid(7, 0), l1 = cpuid(1, 0);
    /* x87 and SSE for programs (the kernel itself uses neither: it is built
     * -mgeneral-regs-only). MP+NE: native FPU errors (#MF), no EM/TS traps;
     * OSFXSR+OSXMMEXCPT: SSE and #XM, as a static Linux program expects. */
    write_cr0((read_cr0() | CR0_MP | CR0_NE) & ~(CR0_EM | CR0_TS));
    uint64_t cr4 = read_cr4();
    if ((l1.edx & (1u << 24)) && (l1.edx & (1u << 25)))
        cr4 |= CR4_OSFXSR | CR4_OSXMMEXCPT;
    if (l7.ebx & (1u << 7))
        cr4 |= CR4_SMEP; /* ring 0 never runs user code */
    if (l7.ecx & (1u << 2))
        cr4 |= CR4_UMIP; /* sgdt, sidt and friends #GP in ring 3: no kernel addresses */
    if (l7.ebx & (1u << 20)) {
        cr4 |= CR4_SMAP; /* ring 0 touches user data only between stac/clac */
        cpu_has_smap = true;
    }
    write_cr4(cr4);
    klog("cpu", "SMEP %s, SMAP %s, UMIP %s", cr4 & CR4_SMEP ? "on" : "not supported",
         cr4 & CR4_SMAP ? "on" : "not supported", cr4 & CR4_UMIP ? "on" : "not supported");
    smap_patch(cpu_has_smap);
}

__attribute__((noreturn)) void kmain(uint32_t magic, uint64_t info_phys);
void kmain(uint32_t magic, uint64_t info_phys)
{
    console_init();
    gdt_init();
    idt_init();
    (void)magic; /* boot/entry32.asm checked it */

    /* The early page tables map the first 4 GiB at PHYS_MAP: the info block
     * (a 32-bit address) is reachable. Read at most 1 MiB of it. */
    char err[128];
    const uint32_t *raw = phys_to_virt(info_phys);
    boot_info_phys = info_phys;
    if (mb2_parse(raw, raw[0] < (1u << 20) ? raw[0] : (1u << 20), &info, err, sizeof err))
        panic(0, "multiboot2 information is malformed: %s", err);
    cmdline_set(info.cmdline);
    booted_uefi = info.efi;
    /* The early tables map the first 4 GiB at PHYS_MAP: a screen there can
     * show the boot from its first line; paging_init keeps it mapped. */
    bool fb_early = info.has_framebuffer && info.fb.addr + (uint64_t)info.fb.pitch * info.fb.height <= (4ul << 30);
    if (info.has_framebuffer && info.fb.type == MB2_FB_EGA_TEXT)
        console_use_vga(info.fb.addr, info.fb.width, info.fb.height);
    else if (fb_early && info.fb.type == MB2_FB_RGB)
        console_use_framebuffer(info.fb.addr, info.fb.pitch, info.fb.width, info.fb.height, info.fb.bpp);

    kprintf("\nentrylab " ENTRYLAB_VERSION ": the x86-64 system call entry lab\n");
    klog("boot", "loader '%s', firmware %s, command line '%s'",
         info.bootloader ? info.bootloader : "?", booted_uefi ? "UEFI" : "BIOS",
         info.cmdline ? info.cmdline : "");
    if (info.has_framebuffer)
        klog("boot", "framebuffer: %s %ux%u at %#lx", info.fb.type == MB2_FB_EGA_TEXT ? "EGA text" : "graphics",
             info.fb.width, info.fb.height, info.fb.addr);
    if (info.rsdp)
        klog("boot", "ACPI RSDP revision %d (%u bytes)", info.rsdp_revision, info.rsdp_len);
    print_memory_map();

    mem_init(&info, info_phys);
    paging_init(physical_top());
    if (info.has_framebuffer && info.fb.type == MB2_FB_RGB)
        paging_map_phys(info.fb.addr, (uint64_t)info.fb.pitch * info.fb.height);
    paging_activate();
    if (info.has_framebuffer && info.fb.type == MB2_FB_RGB && !fb_early)
        console_use_framebuffer(info.fb.addr, info.fb.pitch, info.fb.width, info.fb.height, info.fb.bpp);
    cpu_setup();

    char crash[8];
    if (cmdline_get("crash", crash, sizeof crash))
        ktest_crash(crash);

    syscall_init();
    clock_init();
    irqland_init();
    vdso_init();
    vsyscall_init();
    probe_entries();
    vdso_choose_door32();

    bool ok = runner_run(cmdline_has("ktest", 0));
    klog("boot", "done: %s", ok ? "all passed" : "failures");
    emu_exit(ok ? EMU_EXIT_PASS : EMU_EXIT_FAIL);
}
