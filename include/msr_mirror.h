/* A record of every MSR write: Bochs 2.7's debugger cannot read MSRs, so
 * the walkthrough (docs/bochs.md) prints this instead, and a self-test
 * compares it with rdmsr. cpu.h's wrmsr notes each write here; the record
 * depends on nothing but the MSR numbers, so every layer may use wrmsr. */
#pragma once
#include <stdint.h>

/* The MSRs of the entry paths as the kernel last wrote them. gs_base is the
 * kernel's per-CPU base and kernel_gs_base the program's while the kernel
 * runs; swapgs exchanges the two registers, not this record. */
struct msr_mirror {
    uint64_t efer, star, lstar, cstar, sfmask;
    uint64_t sysenter_cs, sysenter_esp, sysenter_eip;
    uint64_t fs_base, gs_base, kernel_gs_base;
};
extern struct msr_mirror msr_mirror;

/* Called by wrmsr (include/cpu.h) after every write. */
void msr_mirror_note(uint32_t msr, uint64_t v);
