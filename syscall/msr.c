/* Setting up the doors: the int 0x80 gate, the syscall MSRs (EFER.SCE,
 * STAR, LSTAR, CSTAR, SFMASK) and the sysenter MSRs. */
#include "console.h"
#include "cpu.h"
#include "entry.h"
#include "gdt.h"
#include "idt.h"
#include "kstring.h"
#include "layout.h"
#include "paging.h"
#include "proc.h"
#include "syscall.h"

extern void entry_int80(void), entry_syscall64(void), entry_syscall32(void);
extern void entry_sysenter32(void), entry_sysenter64(void);


/* RFLAGS bits syscall clears on entry. IF: no interrupt before the stack
 * switch; TF: no single step into the kernel; DF and AC: the C ABI and SMAP;
 * NT: iretq with NT set would #GP. The rest as Linux: the user's values are
 * in r11, the kernel needs none of them. That is every defined bit but the
 * always-one bit 1, so the syscall stubs start with RFLAGS 2, the kernel's
 * flags, and set none themselves (VM, VIF and VIP are never set in ring 3,
 * and are in the mask all the same). */
#define SFMASK_VALUE (RFLAGS_CF | RFLAGS_PF | RFLAGS_AF | RFLAGS_ZF | RFLAGS_SF | RFLAGS_TF | \
                      RFLAGS_IF | RFLAGS_DF | RFLAGS_OF | RFLAGS_IOPL | RFLAGS_NT | RFLAGS_RF | \
                      RFLAGS_VM | RFLAGS_AC | RFLAGS_VIF | RFLAGS_VIP | RFLAGS_ID)

void syscall_init(void)
{
    idt_set_gate(0x80, entry_int80, 3, 0);

    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
    wrmsr(MSR_STAR, STAR_VALUE);
    wrmsr(MSR_LSTAR, (uint64_t)entry_syscall64);
    wrmsr(MSR_CSTAR, (uint64_t)entry_syscall32);
    wrmsr(MSR_SFMASK, SFMASK_VALUE);

    /* sysenter loads RSP from the MSR: the same stack ring 3 enters on,
     * below frame.ss's slot, as syscall's stubs start (include/gdt.h). */
    wrmsr(MSR_SYSENTER_CS, KERNEL_CS);
    wrmsr(MSR_SYSENTER_ESP, cpu0.syscall_rsp);
    wrmsr(MSR_SYSENTER_EIP, (uint64_t)entry_sysenter64);

    klog("entry", "int 0x80 gate DPL 3; STAR %#lx LSTAR %#lx CSTAR %#lx SFMASK %#lx",
         rdmsr(MSR_STAR), rdmsr(MSR_LSTAR), rdmsr(MSR_CSTAR), rdmsr(MSR_SFMASK));
    klog("entry", "SYSENTER_CS %#lx ESP %#lx; vDSO door stubs at %#x", rdmsr(MSR_SYSENTER_CS),
         rdmsr(MSR_SYSENTER_ESP), EL_VDSO_ADDR);
}

void syscall_enter_program(bool is64)
{
    bench_doors_restore(is64); /* a benchmark may have left a door switched */
    /* sysenter cannot tell the modes apart: the program's ELF class does. */
    wrmsr(MSR_SYSENTER_EIP, is64 ? (uint64_t)entry_sysenter64 : (uint64_t)entry_sysenter32);
}
