/* The boot probe: which entry instructions this CPU accepts in 64-bit and in
 * compatibility mode. CPUID says what the vendor claims; a real attempt from
 * ring 3 (syscall/probe.asm) says what happens, #UD included. */
#include "console.h"
#include "cpu.h"
#include "idt.h"
#include "kstring.h"
#include "probe.h"
#include "proc.h"
#include "syscall.h"
#include "uapi/entrylab.h"

uint32_t entry_accepts, cpu_vendor;

extern const char probe_code_start[];
extern const char probe_int80_64[], probe_syscall_64[], probe_sysenter_64[];
extern const char probe_int80_32[], probe_syscall_32[], probe_sysenter_32[];

static const struct {
    const char *code;
    bool is64;
    uint32_t bit;
} probes[6] = {
    {probe_int80_64, true, EL_ACCEPT_INT80_64},       {probe_int80_32, false, EL_ACCEPT_INT80_32},
    {probe_syscall_64, true, EL_ACCEPT_SYSCALL_64},   {probe_syscall_32, false, EL_ACCEPT_SYSCALL_32},
    {probe_sysenter_64, true, EL_ACCEPT_SYSENTER_64}, {probe_sysenter_32, false, EL_ACCEPT_SYSENTER_32},
};

static char verdict[6][24];

void probe_entries(void)
{
    struct cpuid v = cpuid(0, 0);
    char vendor[13];
    memcpy(vendor, &v.ebx, 4);
    memcpy(vendor + 4, &v.edx, 4);
    memcpy(vendor + 8, &v.ecx, 4);
    vendor[12] = 0;
    cpu_vendor = !strcmp(vendor, "GenuineIntel")   ? EL_VENDOR_INTEL
                 : !strcmp(vendor, "AuthenticAMD") ? EL_VENDOR_AMD
                                                   : EL_VENDOR_OTHER;
    syscall_sysexit_init();
    struct cpuid l1 = cpuid(1, 0), e1 = cpuid(0x80000001, 0);
    klog("probe", "CPU %s family %u model %u; CPUID claims sysenter (SEP) %s, syscall %s", vendor,
         ((l1.eax >> 8) & 0xF) + ((l1.eax >> 20) & 0xFF), ((l1.eax >> 4) & 0xF) | ((l1.eax >> 12) & 0xF0),
         l1.edx & (1u << 11) ? "yes" : "no", e1.edx & (1u << 11) ? "yes" : "no");

    static struct process p;
    for (int i = 0; i < 6; i++) {
        memset(&p, 0, sizeof p);
        p.pid = 1;
        p.name = "probe";
        uint64_t vector = 0;
        if (exec_probe(&p, probes[i].is64, (uint64_t)(probes[i].code - probe_code_start))) {
            panic(0, "probe: out of memory");
        }
        enum proc_end how = proc_run_quiet(&p, &vector);
        exec_free(&p);
        if (how == PROC_EXITED && p.status == 0) {
            entry_accepts |= probes[i].bit;
            strcpy_s(verdict[i], "enters", sizeof verdict[i]);
        } else if (how == PROC_KILLED && vector == 6) {
            strcpy_s(verdict[i], "#UD", sizeof verdict[i]);
        } else {
            /* Anything else is a kernel bug in a door: say it loudly. */
            strcpy_s(verdict[i], how == PROC_EXITED ? "bad-exit" : exception_mnemonic(vector),
                     sizeof verdict[i]);
            klog("probe", "unexpected end of probe %d: %s %s error %#lx at rip %#lx cr2 %#lx%s%s", i,
                 how == PROC_EXITED ? "exit" : "fault", exception_mnemonic(vector), p.fault.error,
                 p.fault.rip, p.fault_cr2, p.refused ? ": " : "", p.refused ? p.refused : "");
        }
    }
    klog("probe", "entry matrix (a real attempt from ring 3):");
    klog("probe", "%-10s %-8s %-8s", "", "64-bit", "32-bit");
    klog("probe", "%-10s %-8s %-8s", "int0x80", verdict[0], verdict[1]);
    klog("probe", "%-10s %-8s %-8s", "syscall", verdict[2], verdict[3]);
    klog("probe", "%-10s %-8s %-8s", "sysenter", verdict[4], verdict[5]);
}
