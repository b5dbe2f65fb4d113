/* The MSR write record (include/msr_mirror.h). */
#include "cpu.h"
#include "msr_mirror.h"

/* The MSRs of the entry paths, as last written (see cpu.h). The order is
 * what `x /11gx msr_mirror` shows in the Bochs walkthrough (docs/bochs.md). */
struct msr_mirror msr_mirror;

void msr_mirror_note(uint32_t msr, uint64_t v)
{
    switch (msr) {
    case MSR_EFER: msr_mirror.efer = v; break;
    case MSR_STAR: msr_mirror.star = v; break;
    case MSR_LSTAR: msr_mirror.lstar = v; break;
    case MSR_CSTAR: msr_mirror.cstar = v; break;
    case MSR_SFMASK: msr_mirror.sfmask = v; break;
    case MSR_SYSENTER_CS: msr_mirror.sysenter_cs = v; break;
    case MSR_SYSENTER_ESP: msr_mirror.sysenter_esp = v; break;
    case MSR_SYSENTER_EIP: msr_mirror.sysenter_eip = v; break;
    case MSR_FS_BASE: msr_mirror.fs_base = v; break;
    case MSR_GS_BASE: msr_mirror.gs_base = v; break;
    case MSR_KERNEL_GS_BASE: msr_mirror.kernel_gs_base = v; break;
    }
}
