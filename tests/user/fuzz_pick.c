/* The fuzzer's choices (docs/fuzz.md): the PRNG, the values registers and
 * arguments get, the numbers with the denylist, the flags, the hostile
 * stack pointers, and the scratch area every pointer may point into. */
#include "fuzz.h"

#ifdef __x86_64__
#define SYS(nr, a, b, c, d, e, f) door64_syscall(nr, a, b, c, d, e, f)
#define NRX(x) NR64_##x
#else
#define SYS(nr, a, b, c, d, e, f) door32_int80(nr, a, b, c, d, e, f)
#define NRX(x) NR32_##x
#endif

/* ---- splitmix64 ------------------------------------------------------------ */
static uint64_t rng_state;

static uint64_t mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

void rng_start(uint64_t seed, uint64_t iteration)
{
    rng_state = mix(seed ^ mix(iteration + 0x632be59bd9b4e019ull));
}

uint64_t rng64(void)
{
    rng_state += 0x9e3779b97f4a7c15ull;
    return mix(rng_state);
}

uint32_t rng_below(uint32_t n) { return (uint32_t)(rng64() >> 32) % n; }

/* ---- the program's own memory: never a pointer a call is given ------------- */
/* Every region of /proc/self/maps but the scratch area and the vDSO/vvar
 * (read-only to ring 3: a call writing there gets -EFAULT). The stack
 * grows on demand, so its range reaches 16 MiB further down. */
#define MAXR 32
static struct { unsigned long lo, hi; } forbidden[MAXR];
unsigned long fz_forbidden_count;

static unsigned long hex(const char **p)
{
    unsigned long v = 0;
    for (;; (*p)++) {
        char c = **p;
        if (c >= '0' && c <= '9')
            v = v * 16 + (unsigned long)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v = v * 16 + (unsigned long)(c - 'a' + 10);
        else
            return v;
    }
}

static char maps[4096];
static const char maps_path[] = "/proc/self/maps";

static int read_maps(void)
{
    long fd = el_int80(NR32_open, (long)maps_path, 0, 0, 0, 0, 0);
    if (fd < 0)
        return -1;
    long n = el_int80(NR32_read, fd, (long)maps, sizeof maps - 1, 0, 0, 0);
    el_int80(NR32_close, fd, 0, 0, 0, 0, 0);
    if (n <= 0)
        return -1;
    maps[n] = 0;
    for (const char *p = maps; *p && fz_forbidden_count < MAXR;) {
        unsigned long lo = hex(&p);
        if (*p++ != '-')
            return -1;
        unsigned long hi = hex(&p);
        const char *eol = p;
        while (*eol && *eol != '\n')
            eol++;
        int stack = eol - p > 7 && strncmp(eol - 7, "[stack]", 7) == 0;
        uint64_t lo64 = lo; /* 32-bit code: every address is below EL_VDSO_END */
        int vdso = lo64 >= EL_VDSO_IMAGE - 0x1000 && lo64 < EL_VDSO_END; /* [vvar], [vdso] */
        int kernel = lo64 >= 0x800000000000ull;                           /* [vsyscall] */
        if (lo != SCR_BASE && lo != SCR_RO && !vdso && !kernel) {
            if (stack)
                lo = lo > (16ul << 20) ? lo - (16ul << 20) : 0;
            forbidden[fz_forbidden_count].lo = lo;
            forbidden[fz_forbidden_count++].hi = hi;
        }
        p = *eol ? eol + 1 : eol;
    }
    return 0;
}

static int ours(unsigned long v)
{
    for (unsigned long i = 0; i < fz_forbidden_count; i++)
        if (v >= forbidden[i].lo && v < forbidden[i].hi)
            return 1;
    return 0;
}

/* ---- values ----------------------------------------------------------------- */
static unsigned long scratch_ptr(void)
{
    unsigned long off = rng_below(SCR_RW);
    if (rng_below(2))
        off &= ~7ul;  /* aligned, mostly */
    return SCR_BASE + off;
}

/* Strings in the scratch area, so that paths sometimes name real files. */
static const struct { unsigned long off; const char *s; } strings[] = {
    {0x100, "/proc/self/maps"}, {0x120, "/"}, {0x130, "/proc/self/status"},
    {0x150, "/dev/console"},    {0x170, "."}, {0x180, "/proc/self/exe"},
};
#define NSTRINGS (sizeof strings / sizeof strings[0])

static unsigned long value(void);

/* A value; one that would point into our own memory (in full, or as the
 * 32 bits int 0x80 keeps of it) becomes a scratch pointer. */
unsigned long pick_value(void)
{
    unsigned long v = value();
    return ours(v) || ours((uint32_t)v) ? scratch_ptr() : v;
}

static unsigned long value(void)
{
    static const unsigned long fixed[] = {
        0, 1, 2, 3, 4, 8, 16, 64, 0x7f, 0xff, 0x100, 0xfff, 0x1000, 0xffff,
        0x7fffffff, 0x80000000ul, 0xfffffffful, ~0ul, ~0ul - 1, -4095ul, -14ul,
        EL_VDSO_IMAGE, EL_VDSO_IMAGE - 0x1000, EL_VDSO_ADDR, EL_VDSO_ADDR + 0xfff, 0xfffff000ul,
#ifdef __x86_64__
        0x100000000ul, 0x100000001ul, 0xffffffff00000000ul, 0x00007ffffffffffful,
        0x00007ffffffff000ul, 0x0000800000000000ul, 0x8000000000000000ul,
        0xffff800000000000ul, 0xffffffff80000000ul, 0xffffffff80100000ul,
        0xffffffffff600000ul, 0xffff7ffffffff000ul, 0x7fffffffffffffffull,
#else
        0xc0000000ul, 0xbffffffful,
#endif
    };
    switch (rng_below(12)) {
    case 0: case 1: case 2:
        return fixed[rng_below(sizeof fixed / sizeof fixed[0])];
    case 3: case 4:
        return scratch_ptr();
    case 5: { /* both sides of a page boundary of the scratch area */
        static const unsigned long edges[] = {SCR_BASE, SCR_BASE + 0x1000, SCR_BASE + 0x2000,
                                              SCR_RO, SCR_END};
        unsigned long e = edges[rng_below(5)];
        return e - 16 + rng_below(32);
    }
    case 6:
        return SCR_BASE + strings[rng_below(NSTRINGS)].off;
    case 7:
        return rng_below(4096);   /* small numbers; the NULL page */
    case 8:
        return rng_below(2) ? 1ul << rng_below(8 * sizeof(long)) : -(1ul << rng_below(8 * sizeof(long)));
#ifdef __x86_64__
    case 9: { /* non-canonical, or in the kernel half */
        unsigned long v = rng64();
        return rng_below(2) ? (v & 0x00007ffffffffffful) | 0x0000800000000000ul
                            : v | 0xffff800000000000ul;
    }
#endif
    default:
        return (unsigned long)rng64();
    }
}

/* A stack pointer for int 0x80 and syscall, other than the valid one. */
unsigned long pick_bad_sp(void)
{
    static const unsigned long sps[] = {
        0, 8, 0xfff, 0xfffffffful, SCR_END, SCR_BASE - 8, SCR_RO + 8, EL_VDSO_IMAGE + 0x10,
#ifdef __x86_64__
        0x0000800000000000ul, 0x8000000000000000ul, 0xffffffff80000000ul,
        0xffff800000000000ul, 0x00007ffffffffff8ul, ~0ul,
#endif
    };
    if (rng_below(4) == 0) {
        return pick_value();
    }
    return sps[rng_below(sizeof sps / sizeof sps[0])];
}

/* rbp for a bare sysenter whose landing pad must fault at its first pop:
 * nothing mapped (or readable) at any of these. */
unsigned long pick_bad_landing(void)
{
    static const unsigned long bps[] = {
        0, 8, 0xff8, SCR_END, SCR_END + 0x800, SCR_BASE - 0x800,
#ifdef __x86_64__
        0x0000800000000000ul, 0x8000000000000000ul, 0xffffffff80000000ul,
        0xffff800000000000ul, 0x00007ffffffffff8ul, 0xfffffffffffffff8ul, 0x100000000ul,
#endif
    };
    return bps[rng_below(sizeof bps / sizeof bps[0])];
}

/* RFLAGS: IF and bit 1 always; the arithmetic flags at random; TF, DF, AC,
 * NT and ID now and then. RF: set too, though popf clears it (only iretq
 * could load it from ring 3, and QEMU faults iretq there under SMAP). */
unsigned long pick_flags(void)
{
    unsigned long f = FL_FIXED | FL_IF;
    unsigned long r = (unsigned long)rng64();
    f |= r & (FL_CF | FL_PF | FL_AF | FL_ZF | FL_SF | FL_OF);
    if ((r >> 16 & 7) == 0)
        f |= FL_TF;
    if ((r >> 19 & 7) == 0)
        f |= FL_DF;
    if ((r >> 22 & 7) == 0)
        f |= FL_AC;
    if ((r >> 25 & 7) == 0)
        f |= 0x4000ul;  /* NT */
    if ((r >> 28 & 3) == 0)
        f |= 0x200000ul; /* ID */
    if ((r >> 30 & 3) == 0)
        f |= 0x10000ul;  /* RF */
    return f;
}

/* ---- numbers and the denylist --------------------------------------------- */
/* Calls the fuzzer never makes, whatever number leads to them (docs/fuzz.md
 * says why for each): they would end the program, take its control flow,
 * change the signal handling it relies on, block, change its memory map,
 * its descriptors 0-2 or the console, or its limits and privileges. */
static const long deny32[] = {
    NR32_exit, NR32_exit_group, NR32_kill, NR32_tgkill, NR32_tkill,
    NR32_fork, NR32_vfork, NR32_clone, NR32_execve,
    NR32_rt_sigreturn, NR32_sigreturn,
    NR32_rt_sigaction, NR32_rt_sigprocmask, NR32_sigaltstack,
    NR32_pause, NR32_rt_sigsuspend, NR32_nanosleep, NR32_clock_nanosleep,
    NR32_clock_nanosleep_time64, NR32_poll, NR32_ppoll, NR32_ppoll_time64, NR32_pipe, NR32_pipe2,
    NR32_futex, NR32_futex_time64,
    NR32_brk, NR32_old_mmap, NR32_mmap2, NR32_munmap, NR32_mprotect, NR32_mremap, NR32_madvise,
    NR32_close, NR32_dup2, NR32_dup3, NR32_fcntl, NR32_fcntl64, NR32_ioctl,
    NR32_write, NR32_writev, NR32_pwrite64,
    NR32_setrlimit, NR32_prlimit64, NR32_iopl, NR32_ioperm, NR32_set_thread_area,
    NR32_entrylab_expect, NR32_entrylab_bench,
};
static const long deny64[] = {
    NR64_exit, NR64_exit_group, NR64_kill, NR64_tgkill, NR64_tkill,
    NR64_fork, NR64_vfork, NR64_clone, NR64_execve,
    NR64_rt_sigreturn,
    NR64_rt_sigaction, NR64_rt_sigprocmask, NR64_sigaltstack,
    NR64_pause, NR64_rt_sigsuspend, NR64_nanosleep, NR64_clock_nanosleep,
    NR64_poll, NR64_ppoll, NR64_pipe, NR64_pipe2, NR64_futex,
    NR64_brk, NR64_mmap, NR64_munmap, NR64_mprotect, NR64_mremap, NR64_madvise,
    NR64_close, NR64_dup2, NR64_dup3, NR64_fcntl, NR64_ioctl,
    NR64_write, NR64_writev, NR64_pwrite64,
    NR64_setrlimit, NR64_prlimit64, NR64_iopl, NR64_ioperm,
    NR64_entrylab_expect, NR64_entrylab_bench,
};
#define NDENY32 (sizeof deny32 / sizeof deny32[0])
#define NDENY64 (sizeof deny64 / sizeof deny64[0])
static const long all32[] = {NR32_ALL}, all64[] = {NR64_ALL};
#define NALL32 (sizeof all32 / sizeof all32[0])
#define NALL64 (sizeof all64 / sizeof all64[0])

int nr_is(unsigned long nr, int abi64, long which)
{
    (void)abi64;
    /* The kernel reads the low half, as Linux 6.1: 2^32 + 1 is exit. */
    return (uint32_t)nr == (uint32_t)which;
}

static int denied(unsigned long nr, int abi64)
{
    const long *d = abi64 ? deny64 : deny32;
    unsigned long n = abi64 ? NDENY64 : NDENY32;
    for (unsigned long i = 0; i < n; i++)
        if (nr_is(nr, abi64, d[i]))
            return 1;
    return 0;
}

unsigned long pick_nr(int abi64)
{
    unsigned long end = abi64 ? NR64_END : NR32_END, nr;
    switch (rng_below(16)) {
    case 0: case 1: case 2: case 3: case 4: case 5: case 6:
        nr = (unsigned long)(abi64 ? all64[rng_below(NALL64)] : all32[rng_below(NALL32)]);
        break;
    case 7: nr = 0; break;
    case 8: nr = ~0ul; break;
    case 9: nr = end - 1 + rng_below(3); break;   /* the table's size, +-1 */
    case 10: nr = 0x80000000ul; break;            /* 2^31 */
#ifdef __x86_64__
    /* Bits above 31 over a number past the table: -ENOSYS, as the low half
     * alone says (2^32 itself is read, which case 7 makes already). */
    case 11: nr = 0x100000000ul | (end + rng_below(16)); break;
    /* A call's number with bits above 31: that call (the kernel reads
     * eax), unless denylisted by its low half (nr_is). */
    case 12: nr = (1ul << (32 + rng_below(32))) + (unsigned long)(abi64 ? all64[rng_below(NALL64)]
                                                                          : all32[rng_below(NALL32)]);
        break;
#else
    case 11: nr = 0xfffffffful - rng_below(16); break;
    case 12: nr = 0x7fffffff; break;
#endif
    case 13: nr = rng_below((uint32_t)end * 2); break;
    case 14: nr = (unsigned long)rng64(); break;
    default: nr = rng_below(1024); break;
    }
    if (denied(nr, abi64))
        nr = (unsigned long)(abi64 ? NR64_getpid : NR32_getpid);
    return nr;
}

/* Arguments a call may not have: arch_prctl only reads (ARCH_GET_FS,
 * ARCH_GET_GS); setting FS or GS would change the program's own bases. */
void nr_sanitize(int abi64, struct fz_regs *in)
{
#ifdef __x86_64__
    if (abi64 && nr_is(in->r[X_AX], 1, NR64_arch_prctl))
        in->r[X_DI] = rng_below(2) ? 0x1003 : 0x1004;
#else
    (void)abi64, (void)in;
#endif
}

void deny_report(void)
{
    el_printf("# fuzz%d: denylist %lu i386 and %lu x86-64 calls; never pointed at:", FZ_MODE,
              (unsigned long)NDENY32, (unsigned long)NDENY64);
    for (unsigned long i = 0; i < fz_forbidden_count; i++)
        el_printf(" 0x%lx-0x%lx", forbidden[i].lo, forbidden[i].hi);
    el_printf("\n");
}

/* ---- the scratch area ------------------------------------------------------ */
static unsigned long template_words[SCR_RW / sizeof(long)];

static long map_fixed(unsigned long addr, unsigned long len, long prot)
{
#ifdef __x86_64__
    return SYS(NR64_mmap, (long)addr, (long)len, prot, 0x32, -1, 0);
#else
    return SYS(NR32_mmap2, (long)addr, (long)len, prot, 0x32, -1, 0);
#endif
}

int scratch_setup(uint64_t seed)
{
    if (map_fixed(SCR_BASE, SCR_RW + 4096, 3) != (long)SCR_BASE)
        return -1;
    if (SYS(NRX(mprotect), (long)SCR_RO, 4096, 1, 0, 0, 0) != 0)
        return -2;
    if (read_maps())
        return -3;
    rng_start(seed, ~0ull);
    for (unsigned long i = 0; i < SCR_RW / sizeof(long); i++)
        template_words[i] = pick_value();
    char *t = (char *)template_words;
    for (unsigned i = 0; i < NSTRINGS; i++)
        memcpy(t + strings[i].off, strings[i].s, strlen(strings[i].s) + 1);
    scratch_restore();
    return 0;
}

void scratch_restore(void) { memcpy((void *)SCR_BASE, template_words, SCR_RW); }
