/* The seeded door fuzzer (issue 11; docs/fuzz.md): what fuzz.c (the loop,
 * the checks, the report) and fuzz_pick.c (the PRNG, the values, the
 * numbers and the denylist), fuzz_sigret.c (the sigreturn frames) share,
 * and the door stub of fuzz64.asm / fuzz32.asm. */
#ifndef ENTRYLAB_FUZZ_H
#define ENTRYLAB_FUZZ_H

#include "sys.h"

#ifdef __x86_64__
#define FZ_MODE 64
#define FZ_NREG 16
#else
#define FZ_MODE 32
#define FZ_NREG 8
#endif
/* Register indices in struct fz_regs: rax rbx rcx rdx rsi rdi rbp rsp, then r8-r15. */
enum { X_AX, X_BX, X_CX, X_DX, X_SI, X_DI, X_BP, X_SP, X_8, X_9, X_10, X_11 };

/* The stub's in and out: word-sized, as fuzz64.asm / fuzz32.asm lay them. */
struct fz_regs {
    unsigned long r[FZ_NREG];
    unsigned long flags;
    unsigned long sel[5]; /* out: ds es fs gs ss */
};
extern struct fz_regs fz_in, fz_out;
extern unsigned long fz_c_sp;
/* Per door: entry, entry after mov ss, first address where a single step
 * before the door is kept, the return label, the label after its first store. */
struct fz_door_labels { unsigned long entry, mss, keep, ret, ret1; };
extern const struct fz_door_labels fz_doors[4]; /* [3]: the sigreturn landing */
int fz_run(int door); /* door 0-2, +3 after mov ss; 1: resumed at fz_recover */
void fz_recover(void);
#define FZ_NXMM (FZ_MODE == 64 ? 16 : 8)
void fz_xmm_load(const void *src);  /* xmm0.. from 16-byte words */
void fz_xmm_store(void *dst);

enum { D_INT80, D_SYSCALL, D_SYSENTER, D_COUNT };

/* ---- fuzz_pick.c ---------------------------------------------------------- */
/* The PRNG: splitmix64. Each iteration's state comes from (seed, iteration)
 * alone, so any iteration replays by itself. */
void rng_start(uint64_t seed, uint64_t iteration);
uint64_t rng64(void);
uint32_t rng_below(uint32_t n); /* 0 <= r < n (n > 0) */

/* The scratch area: the only memory of the program a call may be pointed
 * at. SCR_RW bytes read/write, then one read-only page, unmapped around. */
#define SCR_BASE 0x10000000ul
#define SCR_RW (3ul * 4096)
#define SCR_RO (SCR_BASE + SCR_RW)
#define SCR_END (SCR_RO + 4096)
int scratch_setup(uint64_t seed);  /* maps it, reads /proc/self/maps, fills it */
void scratch_restore(void);        /* back to its contents at the start */

unsigned long pick_value(void);    /* a register or argument value, never our own memory */
unsigned long pick_nr(int abi64);  /* a number; never a denied call */
unsigned long pick_flags(void);
unsigned long pick_bad_sp(void);   /* a stack pointer the kernel must survive */
unsigned long pick_bad_landing(void); /* an rbp whose first pop must fault */
int nr_is(unsigned long nr, int abi64, long which); /* the kernel's decode of nr is which */
void nr_sanitize(int abi64, struct fz_regs *in); /* per-call argument rules (docs/fuzz.md) */
void deny_report(void);
extern unsigned long fz_forbidden_count;

/* ---- fuzz_sigret.c ------------------------------------------------------- */
/* One iteration in sixteen is rt_sigreturn (i386 173, x86-64 15) through
 * the drawn door, with a frame the fuzzer laid out (fuzz_sigret.c). */
struct sigret {
    int good;                     /* the kernel must return to the landing */
    int fp;                       /* 1: the frame's FPU image, 0: a fresh state, -1: unreadable */
    struct fz_regs want;          /* every register as the frame has it */
    unsigned long want_ss;
    unsigned long rip, cs;        /* the frame's, for the report */
};
void sigret_setup(void);          /* at start: the FPU image and the altstack */
void sigret_build(int door, struct fz_regs *in, struct sigret *s);
extern char fz_altstack[16384];
#endif
