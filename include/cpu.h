/* Small wrappers for the instructions C cannot express. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#define MSR_EFER           0xC0000080u
#define MSR_STAR           0xC0000081u
#define MSR_LSTAR          0xC0000082u
#define MSR_CSTAR          0xC0000083u
#define MSR_SFMASK         0xC0000084u
#define MSR_FS_BASE        0xC0000100u
#define MSR_GS_BASE        0xC0000101u
#define MSR_KERNEL_GS_BASE 0xC0000102u
#define MSR_SYSENTER_CS    0x174u
#define MSR_SYSENTER_ESP   0x175u
#define MSR_SYSENTER_EIP   0x176u

#define EFER_SCE (1u << 0)
#define EFER_LME (1u << 8)
#define EFER_LMA (1u << 10)
#define EFER_NXE (1u << 11)

#define RFLAGS_CF   (1ul << 0)
#define RFLAGS_FIXED (1ul << 1) /* always reads as 1 */
#define RFLAGS_PF   (1ul << 2)
#define RFLAGS_AF   (1ul << 4)
#define RFLAGS_ZF   (1ul << 6)
#define RFLAGS_SF   (1ul << 7)
#define RFLAGS_TF   (1ul << 8)
#define RFLAGS_IF   (1ul << 9)
#define RFLAGS_DF   (1ul << 10)
#define RFLAGS_OF   (1ul << 11)
#define RFLAGS_IOPL (3ul << 12)
#define RFLAGS_NT   (1ul << 14)
#define RFLAGS_RF   (1ul << 16)
#define RFLAGS_VM   (1ul << 17)
#define RFLAGS_AC   (1ul << 18)
#define RFLAGS_VIF  (1ul << 19)
#define RFLAGS_VIP  (1ul << 20)
#define RFLAGS_ID   (1ul << 21)

#define CR0_MP (1ul << 1)
#define CR0_EM (1ul << 2)
#define CR0_TS (1ul << 3)
#define CR0_NE (1ul << 5)
#define CR0_WP (1ul << 16)
#define CR4_PGE (1ul << 7)
#define CR4_OSFXSR (1ul << 9)
#define CR4_OSXMMEXCPT (1ul << 10)
#define CR4_UMIP (1ul << 11)
#define CR4_SMEP (1ul << 20)
#define CR4_SMAP (1ul << 21)

static inline void outb(uint16_t port, uint8_t v) { __asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(port)); }
static inline void outw(uint16_t port, uint16_t v) { __asm__ volatile("outw %0, %1" ::"a"(v), "Nd"(port)); }
static inline void outl(uint16_t port, uint32_t v) { __asm__ volatile("outl %0, %1" ::"a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}
/* Bochs' debugger cannot read MSRs: every write is also kept in msr_mirror
 * (src/msr_mirror.c), which the walkthrough prints and a self-test checks. */
void msr_mirror_note(uint32_t msr, uint64_t v);
static inline void wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ volatile("wrmsr" ::"c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
    msr_mirror_note(msr, v);
}

struct cpuid { uint32_t eax, ebx, ecx, edx; };
static inline struct cpuid cpuid(uint32_t leaf, uint32_t sub)
{
    struct cpuid r;
    __asm__ volatile("cpuid" : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx) : "a"(leaf), "c"(sub));
    return r;
}

#define DEFINE_CR(n)                                                              \
    static inline uint64_t read_cr##n(void)                                       \
    {                                                                             \
        uint64_t v;                                                               \
        __asm__ volatile("mov %%cr" #n ", %0" : "=r"(v));                        \
        return v;                                                                 \
    }                                                                             \
    static inline void write_cr##n(uint64_t v) { __asm__ volatile("mov %0, %%cr" #n ::"r"(v) : "memory"); }
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR

static inline uint64_t read_rflags(void)
{
    uint64_t v;
    __asm__ volatile("pushfq; popq %0" : "=r"(v));
    return v;
}
static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}
static inline void invlpg(uint64_t va) { __asm__ volatile("invlpg (%0)" ::"r"(va) : "memory"); }
static inline void cpu_halt_forever(void)
{
    for (;;)
        __asm__ volatile("cli; hlt");
}
/* SMAP: the kernel may touch user pages only between stac and clac. Both
 * #UD without SMAP: each is a patch site, listed in .smap_sites, which
 * smap_patch (src/smap.c) turns into a 3-byte nop at boot on such a CPU,
 * so no caller tests cpu_has_smap. NASM's are in include/smap.inc. */
extern bool cpu_has_smap;
#define SMAP_SITE(insn) "771: " insn "\n\t.pushsection .smap_sites, \"a\"\n\t.balign 8\n\t.quad 771b\n\t.popsection"
static inline __attribute__((always_inline)) void stac(void) { __asm__ volatile(SMAP_SITE("stac") ::: "memory"); }
static inline __attribute__((always_inline)) void clac(void) { __asm__ volatile(SMAP_SITE("clac") ::: "memory"); }
/* Keeps or patches every site, once, before the first user copy. */
void smap_patch(bool has_smap);
