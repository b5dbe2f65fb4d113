/* mm64 / mm32: the memory calls behave as Linux's: mmap (64-bit mmap,
 * i386 mmap2 and old_mmap), munmap, mprotect, mremap, madvise, with their
 * errors; addresses of 32-bit calls stay below 4 GiB; frames come back when
 * mappings go away. Faults that must kill are in mmfault.c.
 * The same binary runs on Linux (./build/user/mm64 on the build machine) as
 * a check of the expectations: without ENTRYLAB=1 in its environment it
 * skips the few checks of entrylab's own choices (docs/abi.md, "Memory"). */
#include "sys.h"
#include <uapi/mman.h>

#ifdef __x86_64__
#define NR(x) NR64_##x
#define DOOR door64_syscall
#else
#define NR(x) NR32_##x
#define DOOR door32_int80
#endif
#define EBADF 9
#define ENOMEM 12
#define EEXIST 17
#define PG 4096ul
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)
#define RW (PROT_READ | PROT_WRITE)

static long sys6(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
    return DOOR(nr, a1, a2, a3, a4, a5, a6);
}

/* mmap through the mode's own call: mmap (x86-64) or mmap2 (i386). */
static long mmap_(unsigned long addr, unsigned long len, long prot, long flags, long fd, unsigned long off)
{
#ifdef __x86_64__
    return sys6(NR64_mmap, (long)addr, (long)len, prot, flags, fd, (long)off);
#else
    return sys6(NR32_mmap2, (long)addr, (long)len, prot, flags, fd, (long)(off / PG));
#endif
}

static long munmap_(unsigned long a, unsigned long len) { return sys6(NR(munmap), (long)a, (long)len, 0, 0, 0, 0); }
static long mprotect_(unsigned long a, unsigned long len, long prot)
{
    return sys6(NR(mprotect), (long)a, (long)len, prot, 0, 0, 0);
}
static long mremap_(unsigned long a, unsigned long old, unsigned long new_len, long flags, unsigned long to)
{
    return sys6(NR(mremap), (long)a, (long)old, (long)new_len, flags, (long)to, 0);
}
static long madvise_(unsigned long a, unsigned long len, long advice)
{
    return sys6(NR(madvise), (long)a, (long)len, advice, 0, 0, 0);
}

static int on_entrylab; /* ENTRYLAB=1 in the environment */

static int is_err(long r) { return (unsigned long)r >= (unsigned long)-4095; }

/* Few lines: a UEFI framebuffer console takes long to scroll, and the
 * watchdog counts. Each group prints one line; failures print each, and
 * `mm64 -v` prints every check. */
static int verbose, group_checks;

static void check(int ok, const char *what)
{
    group_checks++;
    if (!ok)
        el_fail("%s", what);
    else if (verbose)
        el_printf("# ok %s\n", what);
}

static void check_err(const char *what, long got, long want)
{
    group_checks++;
    if (got != want)
        el_fail("%s: got %ld want %ld", what, got, want);
    else if (verbose)
        el_printf("# ok %s\n", what);
}

static void group(const char *name, void (*fn)(void))
{
    int failures = el_failures;
    group_checks = 0;
    fn();
    el_printf("# %s %s: %d checks\n", el_failures == failures ? "ok" : "FAIL", name, group_checks);
}

static int all(volatile unsigned char *p, unsigned long n, unsigned char v)
{
    for (unsigned long i = 0; i < n; i++)
        if (p[i] != v)
            return 0;
    return 1;
}

extern char __executable_start[], _end[]; /* ld's */
static char in_bss[64];

/* exec registered the image, the stack and the vDSO as regions, and brk
 * makes the heap one: madvise answers 0 on a region, -ENOMEM on a hole. */
static void test_layout(void)
{
    unsigned long text = (unsigned long)__executable_start & ~(PG - 1);
    unsigned long bss = (unsigned long)in_bss & ~(PG - 1);
    check_err("the program's first page is a region", madvise_(text, PG, MADV_NORMAL), 0);
    check_err("its bss is a region", madvise_(bss, PG, MADV_NORMAL), 0);
    check_err("the page below the program is not", madvise_(text - PG, PG, MADV_NORMAL), -ENOMEM);
    unsigned long sp = (unsigned long)&text & ~(PG - 1);
    check_err("the stack is a region", madvise_(sp, PG, MADV_NORMAL), 0);
#ifdef __x86_64__
    unsigned long stack_low = EL_STACK_TOP_64 - EL_STACK_SIZE;
#else
    unsigned long stack_low = EL_STACK_TOP_32 - EL_STACK_SIZE;
#endif
    if (on_entrylab)
        check_err("below its first 64 KiB nothing yet", madvise_(stack_low - PG, PG, MADV_NORMAL), -ENOMEM);
    if (on_entrylab)
        check_err("the vDSO page is a region", madvise_(EL_VDSO_ADDR, PG, MADV_NORMAL), 0);
    unsigned long brk0 = (unsigned long)sys6(NR(brk), 0, 0, 0, 0, 0, 0);
    unsigned long heap = (brk0 + PG - 1) & ~(PG - 1);
    check(brk0 >= (unsigned long)_end, "brk starts after the program");
    check_err("no heap region before brk grows", madvise_(heap, PG, MADV_NORMAL), -ENOMEM);
    check_err("brk grows by two pages", sys6(NR(brk), (long)(heap + 2 * PG), 0, 0, 0, 0, 0), (long)(heap + 2 * PG));
    check_err("the heap is a region", madvise_(heap, 2 * PG, MADV_NORMAL), 0);
    *(volatile int *)(heap + PG) = 1;
    check_err("MAP_FIXED_NOREPLACE on the heap is -EEXIST",
              mmap_(heap, PG, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0), -EEXIST);
    check_err("brk back", sys6(NR(brk), (long)brk0, 0, 0, 0, 0, 0), (long)brk0);
    check_err("the heap region is gone", madvise_(heap, PG, MADV_NORMAL), -ENOMEM);
    /* A mapping right after the break blocks brk (Linux keeps a page free). */
    long m = mmap_(heap + PG, PG, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0);
    check(m == (long)(heap + PG), "a mapping a page after the break");
    check_err("brk cannot grow into it", sys6(NR(brk), (long)(heap + PG), 0, 0, 0, 0, 0), (long)brk0);
    munmap_(heap + PG, PG);
}

static void test_mmap_basic(void)
{
    long r = mmap_(0, 3 * PG, RW, ANON, -1, 0);
    check(!is_err(r) && (r & (PG - 1)) == 0, "mmap of 3 anonymous pages gives a page address");
    if (is_err(r))
        return;
    volatile unsigned char *p = (volatile unsigned char *)r;
    if (verbose)
        el_printf("# mmap: 3 pages at %p\n", (void *)p);
    check(all(p, 3 * PG, 0), "fresh anonymous memory reads zero");
    for (unsigned long i = 0; i < 3 * PG; i++)
        p[i] = (unsigned char)i;
    int ok = 1;
    for (unsigned long i = 0; i < 3 * PG; i++)
        ok &= p[i] == (unsigned char)i;
    check(ok, "it holds what is written");
#ifdef __x86_64__
    check((unsigned long)r > 0x100000000ul && (unsigned long)r < EL_STACK_TOP_64 - (8ul << 20),
             "64-bit: top-down below the stack, above 4 GiB");
#else
    check((unsigned long)r < 0xFFFFE000ul, "32-bit: below the vDSO page");
#endif
    /* The next one goes right below it (top-down). */
    long r2 = mmap_(0, PG, RW, ANON, -1, 0);
    check(!is_err(r2) && r2 + (long)PG == r, "the next mapping lies just below (top-down)");
    check_err("munmap of both", munmap_((unsigned long)r2, 4 * PG), 0);
}

static void test_mmap_errors(void)
{
    check_err("mmap of length 0 is -EINVAL", mmap_(0, 0, RW, ANON, -1, 0), -EINVAL);
    check_err("mmap with neither MAP_PRIVATE nor MAP_SHARED is -EINVAL",
              mmap_(0, PG, RW, MAP_ANONYMOUS, -1, 0), -EINVAL);
    check_err("anonymous MAP_SHARED_VALIDATE is -EINVAL",
              mmap_(0, PG, RW, MAP_SHARED_VALIDATE | MAP_ANONYMOUS, -1, 0), -EINVAL);
    check_err("MAP_FIXED at an unaligned address is -EINVAL",
              mmap_(0x50000123, PG, RW, ANON | MAP_FIXED, -1, 0), -EINVAL);
    check_err("a file mapping (fd 3, no file exists) is -EBADF", mmap_(0, PG, RW, MAP_PRIVATE, 3, 0), -EBADF);
    check_err("a file mapping with fd -1 is -EBADF", mmap_(0, PG, RW, MAP_SHARED, -1, 0), -EBADF);
    check_err("MAP_SHARED | MAP_GROWSDOWN is -EINVAL",
              mmap_(0, PG, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_GROWSDOWN, -1, 0), -EINVAL);
#ifdef __x86_64__
    check_err("mmap with an unaligned offset is -EINVAL",
              sys6(NR64_mmap, 0, (long)PG, RW, ANON, -1, 1), -EINVAL);
    check_err("mmap of 2^47 bytes is -ENOMEM", mmap_(0, 1ul << 47, RW, ANON, -1, 0), -ENOMEM);
    check_err("MAP_FIXED past the top of user space is -ENOMEM",
              mmap_(0x7ffffffff000ul, 2 * PG, RW, ANON | MAP_FIXED, -1, 0), -ENOMEM);
#else
    check_err("mmap of 3.9 GiB is -ENOMEM", mmap_(0, 0xF9000000ul, RW, ANON, -1, 0), -ENOMEM);
    check_err("MAP_FIXED over the vDSO page is -ENOMEM",
              mmap_(0xFFFFE000ul, PG, RW, ANON | MAP_FIXED, -1, 0), -ENOMEM);
#endif
    /* Linux lets a program with CAP_SYS_RAWIO (root) map there. */
    if (on_entrylab)
        check_err("MAP_FIXED below mmap_min_addr is -EPERM", mmap_(0x1000, PG, RW, ANON | MAP_FIXED, -1, 0),
                  -EPERM);
    check_err("length -1 (overflows when rounded) is -ENOMEM", mmap_(0, ~0ul, RW, ANON, -1, 0), -ENOMEM);
    /* Unknown prot bits are ignored by Linux's mmap (mprotect refuses them). */
    long r = mmap_(0, PG, RW | 0x100, ANON, -1, 0);
    check(!is_err(r), "mmap ignores unknown prot bits, as Linux");
    if (!is_err(r))
        munmap_((unsigned long)r, PG);
}

/* 32-bit calls (i386 numbers) get addresses below 4 GiB, even from 64-bit
 * code through int 0x80; MAP_32BIT from 64-bit code stays below 2 GiB. */
static void test_low_addresses(void)
{
#ifdef __x86_64__
    long r = mmap_(0, PG, RW, ANON | MAP_32BIT, -1, 0);
    check(!is_err(r) && r >= 0x40000000 && r + (long)PG <= 0x80000000l, "MAP_32BIT: inside [1 GiB, 2 GiB)");
    if (!is_err(r)) {
        *(volatile int *)r = 7;
        check(*(volatile int *)r == 7, "MAP_32BIT memory works");
        munmap_((unsigned long)r, PG);
    }
    long c = el_int80(NR32_mmap2, 0, (long)(2 * PG), RW, ANON, -1, 0);
    check(!is_err(c) && (unsigned long)c + 2 * PG <= 0xFFFFE000ul,
             "mmap2 through int 0x80 from 64-bit code: below 4 GiB");
    if (!is_err(c)) {
        *(volatile int *)c = 9;
        check_err("int 0x80 munmap of it", el_int80(NR32_munmap, c, (long)(2 * PG), 0, 0, 0, 0), 0);
    }
#else
    static struct { unsigned int addr, len, prot, flags, fd, off; } a;
    a.addr = 0, a.len = 2 * PG, a.prot = RW, a.flags = ANON, a.fd = (unsigned)-1, a.off = 0;
    long r = sys6(NR32_old_mmap, (long)&a, 0, 0, 0, 0, 0);
    check(!is_err(r) && (unsigned long)r < 0xFFFFE000ul, "old_mmap (i386 #90) maps below the vDSO");
    if (!is_err(r)) {
        *(volatile int *)r = 5;
        check(*(volatile int *)r == 5, "old_mmap memory works");
        munmap_((unsigned long)r, 2 * PG);
    }
    a.off = 1;
    check_err("old_mmap with an unaligned offset is -EINVAL", sys6(NR32_old_mmap, (long)&a, 0, 0, 0, 0, 0), -EINVAL);
    check_err("old_mmap with a bad pointer is -EFAULT", sys6(NR32_old_mmap, 16, 0, 0, 0, 0, 0), -EFAULT);
    long m = mmap_(0, PG, RW, ANON | MAP_32BIT, -1, 0);
    check(!is_err(m), "MAP_32BIT in a 32-bit call maps as usual");
    if (!is_err(m))
        munmap_((unsigned long)m, PG);
#endif
}

static void test_fixed(void)
{
    long r = mmap_(0, 3 * PG, RW, ANON, -1, 0);
    if (is_err(r)) {
        el_fail("mmap for the MAP_FIXED tests: %ld", r);
        return;
    }
    volatile unsigned char *p = (volatile unsigned char *)r;
    for (unsigned long i = 0; i < 3 * PG; i++)
        p[i] = 0x11;
    check_err("MAP_FIXED_NOREPLACE over a mapping is -EEXIST",
              mmap_((unsigned long)r + PG, PG, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0), -EEXIST);
    check(all(p, 3 * PG, 0x11), "the mapping is untouched after -EEXIST");
    check_err("MAP_FIXED over the middle page returns its address",
              mmap_((unsigned long)r + PG, PG, RW, ANON | MAP_FIXED, -1, 0), r + (long)PG);
    check(all(p + PG, PG, 0), "the replaced page reads zero");
    check(all(p, PG, 0x11) && all(p + 2 * PG, PG, 0x11), "its neighbours keep their data");
    /* A free spot: MAP_FIXED_NOREPLACE takes it. */
    check_err("munmap of the last page", munmap_((unsigned long)r + 2 * PG, PG), 0);
    check_err("MAP_FIXED_NOREPLACE on the freed page returns it",
              mmap_((unsigned long)r + 2 * PG, PG, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0), r + 2 * (long)PG);
    check(all(p + 2 * PG, PG, 0), "it is fresh memory");
    /* A hint that is free is taken as it is. */
    check_err("munmap of all three", munmap_((unsigned long)r, 3 * PG), 0);
    check_err("a free hint is honoured", mmap_((unsigned long)r + PG, PG, RW, ANON, -1, 0), r + (long)PG);
    long busy = mmap_((unsigned long)r + PG, PG, RW, ANON, -1, 0);
    check(!is_err(busy) && busy != r + (long)PG, "a busy hint is not");
    munmap_((unsigned long)r + PG, PG);
    if (!is_err(busy))
        munmap_((unsigned long)busy, PG);
}

static void test_munmap(void)
{
    long r = mmap_(0, 3 * PG, RW, ANON, -1, 0);
    if (is_err(r)) {
        el_fail("mmap for the munmap tests: %ld", r);
        return;
    }
    volatile unsigned char *p = (volatile unsigned char *)r;
    p[0] = 1, p[PG] = 2, p[2 * PG] = 3;
    check_err("munmap of the middle page", munmap_((unsigned long)r + PG, PG), 0);
    check(p[0] == 1 && p[2 * PG] == 3, "the pages on both sides stay");
    check_err("munmap of length 0 is -EINVAL", munmap_((unsigned long)r, 0), -EINVAL);
    check_err("munmap at an unaligned address is -EINVAL", munmap_((unsigned long)r + 1, PG), -EINVAL);
    check_err("munmap of what is not mapped is 0", munmap_((unsigned long)r + PG, PG), 0);
#ifdef __x86_64__
    check_err("munmap past the user range is -EINVAL", munmap_(0x7ffffffff000ul, 2 * PG), -EINVAL);
#else
    check_err("munmap past the user range is -EINVAL", munmap_(0xFFFFD000ul, 2 * PG), -EINVAL);
#endif
    check_err("munmap of the rest (across the hole)", munmap_((unsigned long)r, 3 * PG), 0);
    check_err("mprotect of the unmapped range is -ENOMEM", mprotect_((unsigned long)r, PG, PROT_READ), -ENOMEM);
}

static void test_mprotect(void)
{
    long r = mmap_(0, 4 * PG, RW, ANON, -1, 0);
    if (is_err(r)) {
        el_fail("mmap for the mprotect tests: %ld", r);
        return;
    }
    munmap_((unsigned long)r + 3 * PG, PG); /* a hole after it, for sure */
    volatile unsigned char *p = (volatile unsigned char *)r;
    p[PG] = 0x42;
    check_err("mprotect of the middle page to PROT_READ", mprotect_((unsigned long)r + PG, PG, PROT_READ), 0);
    check(p[PG] == 0x42, "a PROT_READ page can be read");
    p[0] = 1, p[2 * PG] = 1; /* the neighbours stay writable */
    check_err("mprotect with an unknown prot bit is -EINVAL", mprotect_((unsigned long)r, PG, 0x10), -EINVAL);
    check_err("mprotect at an unaligned address is -EINVAL", mprotect_((unsigned long)r + 8, PG, RW), -EINVAL);
    check_err("mprotect of length 0 is 0", mprotect_((unsigned long)r, 0, RW), 0);
    check_err("mprotect with PROT_GROWSDOWN on a plain mapping is -EINVAL",
              mprotect_((unsigned long)r, PG, RW | PROT_GROWSDOWN), -EINVAL);
    if (on_entrylab)
        check_err("mprotect making the shared vDSO page writable is -EACCES",
                  mprotect_(EL_VDSO_ADDR, PG, RW | PROT_EXEC), -13);
    check_err("mprotect over a range running past the mapping is -ENOMEM",
              mprotect_((unsigned long)r, 4 * PG, RW), -ENOMEM);
    check_err("PROT_NONE", mprotect_((unsigned long)r + PG, PG, PROT_NONE), 0);
    check_err("back to read-write", mprotect_((unsigned long)r + PG, PG, RW), 0);
    check(p[PG] == 0x42, "the page kept its data through PROT_NONE");
    p[PG] = 0x43;
    check(p[PG] == 0x43, "and is writable again");
    /* The kernel honours protection too: reading into a read-only page. */
    check_err("mprotect to PROT_READ again", mprotect_((unsigned long)r + PG, PG, PROT_READ), 0);
    check_err("uname into a PROT_READ page is -EFAULT", sys6(NR(uname), (long)(r + PG), 0, 0, 0, 0, 0), -EFAULT);
    check_err("PROT_NONE again", mprotect_((unsigned long)r + PG, PG, PROT_NONE), 0);
    check_err("write(1) from a PROT_NONE page is -EFAULT", sys6(NR(write), 1, (long)(r + PG), 1, 0, 0, 0), -EFAULT);
    check_err("munmap", munmap_((unsigned long)r, 3 * PG), 0);
}

static void test_mremap(void)
{
    long r = mmap_(0, 5 * PG, RW, ANON, -1, 0);
    if (is_err(r)) {
        el_fail("mmap for the mremap tests: %ld", r);
        return;
    }
    munmap_((unsigned long)r + 4 * PG, PG); /* a free page after it, for sure */
    unsigned long a = (unsigned long)r;
    volatile unsigned char *p = (volatile unsigned char *)r;
    for (unsigned long i = 0; i < 4 * PG; i++)
        p[i] = (unsigned char)(i * 7);
    check_err("mremap shrinking 4 pages to 2 stays in place", mremap_(a, 4 * PG, 2 * PG, 0, 0), r);
    check_err("mremap growing back to 4 in place (the room is free)", mremap_(a, 2 * PG, 4 * PG, 0, 0), r);
    int ok = 1;
    for (unsigned long i = 0; i < 2 * PG; i++)
        ok &= p[i] == (unsigned char)(i * 7);
    check(ok, "the first two pages kept their data");
    check(all(p + 2 * PG, 2 * PG, 0), "the grown pages are zero");
    /* A neighbour right after: no room to grow in place. */
    long n = mmap_(a + 4 * PG, PG, PROT_READ, ANON | MAP_FIXED_NOREPLACE, -1, 0);
    check(n == (long)(a + 4 * PG), "a neighbour after it");
    check_err("growing without MREMAP_MAYMOVE is -ENOMEM", mremap_(a, 4 * PG, 8 * PG, 0, 0), -ENOMEM);
    long m = mremap_(a, 4 * PG, 8 * PG, MREMAP_MAYMOVE, 0);
    check(!is_err(m) && m != r, "with MREMAP_MAYMOVE it moves");
    if (!is_err(m)) {
        volatile unsigned char *q = (volatile unsigned char *)m;
        ok = 1;
        for (unsigned long i = 0; i < 2 * PG; i++)
            ok &= q[i] == (unsigned char)(i * 7);
        check(ok, "the moved pages hold the data");
        check(all(q + 4 * PG, 4 * PG, 0), "the new tail is zero");
        q[8 * PG - 1] = 1;
        check_err("the old place is unmapped (mprotect says -ENOMEM)", mprotect_(a, PG, RW), -ENOMEM);
        /* MREMAP_FIXED to a chosen place: the old one. */
        check_err("MREMAP_FIXED moves it back", mremap_((unsigned long)m, 8 * PG, 2 * PG,
                                                        MREMAP_MAYMOVE | MREMAP_FIXED, a), r);
        ok = 1;
        for (unsigned long i = 0; i < 2 * PG; i++)
            ok &= p[i] == (unsigned char)(i * 7);
        check(ok, "the data is back at the old address");
        check_err("and the place it left is unmapped", mprotect_((unsigned long)m, PG, RW), -ENOMEM);
    }
    /* mmap_min_addr holds for mremap too (Linux: -EPERM), and the region
     * stays where it was. */
    check_err("MREMAP_FIXED to page 0 is -EPERM", mremap_(a, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, 0), -EPERM);
    check_err("MREMAP_FIXED to 0x1000 is -EPERM", mremap_(a, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, PG), -EPERM);
    check(p[0] == 0 && p[1] == 7, "the region refused a move below mmap_min_addr stays");
    check_err("mremap with unknown flags is -EINVAL", mremap_(a, PG, PG, 8, 0), -EINVAL);
    check_err("MREMAP_FIXED without MREMAP_MAYMOVE is -EINVAL", mremap_(a, PG, PG, MREMAP_FIXED, a + PG), -EINVAL);
    check_err("mremap to length 0 is -EINVAL", mremap_(a, PG, 0, 0, 0), -EINVAL);
    check_err("mremap at an unaligned address is -EINVAL", mremap_(a + 1, PG, 2 * PG, 0, 0), -EINVAL);
    check_err("mremap growing what is not mapped is -EFAULT", mremap_(a + 2 * PG, PG, 2 * PG, MREMAP_MAYMOVE, 0),
              -EFAULT);
    check_err("mremap growing past the end of a mapping is -EFAULT",
              mremap_(a, 3 * PG, 4 * PG, MREMAP_MAYMOVE, 0), -EFAULT);
    check_err("mremap shrinking from a length past the address space is -EINVAL",
              mremap_(a, ~0ul & ~(PG - 1), PG, 0, 0), -EINVAL);
    check_err("MREMAP_FIXED onto itself is -EINVAL", mremap_(a, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, a), -EINVAL);
    munmap_(a, 5 * PG);
}

static void test_madvise(void)
{
    long r = mmap_(0, 2 * PG, RW, ANON, -1, 0);
    long s = mmap_(0, PG, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (is_err(r) || is_err(s)) {
        el_fail("mmap for the madvise tests: %ld %ld", r, s);
        return;
    }
    volatile unsigned char *p = (volatile unsigned char *)r, *q = (volatile unsigned char *)s;
    p[0] = 0x77, p[PG] = 0x78, q[0] = 0x79;
    check_err("MADV_DONTNEED on the first page", madvise_((unsigned long)r, PG, MADV_DONTNEED), 0);
    check(p[0] == 0 && p[PG] == 0x78, "private anonymous memory reads zero after it; the next page stays");
    check_err("MADV_DONTNEED on shared memory", madvise_((unsigned long)s, PG, MADV_DONTNEED), 0);
    check(q[0] == 0x79, "shared memory keeps its data (Linux's shmem does)");
    check_err("MADV_FREE on shared memory is -EINVAL", madvise_((unsigned long)s, PG, MADV_FREE), -EINVAL);
    check_err("MADV_REMOVE on private memory is -EINVAL", madvise_((unsigned long)r, PG, MADV_REMOVE), -EINVAL);
    check_err("MADV_REMOVE on shared memory", madvise_((unsigned long)s, PG, MADV_REMOVE), 0);
    check(q[0] == 0, "punches a hole: zero");
    static const int hints[] = {MADV_NORMAL, MADV_RANDOM, MADV_SEQUENTIAL, MADV_WILLNEED, MADV_DONTFORK,
                                MADV_DOFORK, MADV_HUGEPAGE, MADV_NOHUGEPAGE, MADV_DONTDUMP, MADV_DODUMP,
                                MADV_WIPEONFORK, MADV_KEEPONFORK, MADV_COLD, MADV_PAGEOUT, MADV_MERGEABLE,
                                MADV_UNMERGEABLE};
    int ok = 1;
    for (unsigned i = 0; i < sizeof hints / sizeof hints[0]; i++)
        ok &= madvise_((unsigned long)r, 2 * PG, hints[i]) == 0;
    check(ok, "the other advice values Linux knows return 0");
    check(p[PG] == 0x78, "and leave the data");
    check_err("MADV_POPULATE_WRITE", madvise_((unsigned long)r, 2 * PG, MADV_POPULATE_WRITE), 0);
    check_err("unknown advice 999 is -EINVAL", madvise_((unsigned long)r, PG, 999), -EINVAL);
    check_err("unknown advice 5 is -EINVAL", madvise_((unsigned long)r, PG, 5), -EINVAL);
    check_err("madvise at an unaligned address is -EINVAL", madvise_((unsigned long)r + 4, PG, MADV_NORMAL), -EINVAL);
    check_err("madvise of length 0 is 0", madvise_((unsigned long)r, 0, MADV_NORMAL), 0);
    if (on_entrylab) /* Linux poisons the page for root */
        check_err("MADV_HWPOISON needs CAP_SYS_ADMIN: -EPERM", madvise_((unsigned long)r, PG, MADV_HWPOISON),
                  -EPERM);
    munmap_((unsigned long)r + PG, PG);
    check_err("madvise over a hole is -ENOMEM", madvise_((unsigned long)r, 2 * PG, MADV_DONTNEED), -ENOMEM);
    munmap_((unsigned long)r, PG);
    munmap_((unsigned long)s, PG);
}

static void test_growsdown(void)
{
    long r = mmap_(0, PG, RW, ANON | MAP_GROWSDOWN, -1, 0);
    check(!is_err(r), "a MAP_GROWSDOWN mapping");
    if (is_err(r))
        return;
    volatile unsigned char *p = (volatile unsigned char *)r;
    p[-1] = 3; /* below it: it grows */
    check(p[-1] == 3 && p[-(long)PG] == 0, "grows down on a touch below it");
    check_err("mprotect with PROT_GROWSDOWN reaches its start", mprotect_((unsigned long)r, PG, PROT_READ | PROT_GROWSDOWN), 0);
    check(p[-1] == 3, "the grown page is readable");
    munmap_((unsigned long)r - PG, 2 * PG);
}

/* Memory populated and given back, round after round: MAP_POPULATE takes
 * the frames at once, a page it could not have would fault at the touch.
 * (The kernel's self-test mm_frames counts that every frame comes back.) */
static void test_recycle(void)
{
    const unsigned long chunk = 8ul << 20;
    int ok = 1;
    for (int round = 0; round < 4 && ok; round++) {
        long r = mmap_(0, chunk, RW, ANON | MAP_POPULATE, -1, 0);
        if (is_err(r)) {
            ok = 0;
            break;
        }
        volatile unsigned char *p = (volatile unsigned char *)r;
        p[0] = 1, p[chunk / 2] = 2, p[chunk - 1] = 3;
        ok &= p[0] == 1 && p[chunk / 2] == 2 && p[chunk - 1] == 3;
        ok &= munmap_((unsigned long)r, chunk) == 0;
    }
    check(ok, "4 rounds of 8 MiB populated and unmapped");
    /* A large reservation costs nothing until touched. */
    unsigned long big = sizeof(long) == 8 ? 1ul << 34 : 1ul << 30;
    long r = mmap_(0, big, RW, ANON | MAP_NORESERVE, -1, 0);
    check(!is_err(r), "a MAP_NORESERVE mapping larger than the machine");
    if (!is_err(r)) {
        volatile unsigned char *p = (volatile unsigned char *)r;
        p[0] = 1, p[big - 1] = 2;
        check(p[0] == 1 && p[big - 1] == 2, "its two ends work");
        check_err("munmap of it", munmap_((unsigned long)r, big), 0);
    }
}

int main(int argc, char **argv, char **envp)
{
    for (char **e = envp; *e; e++)
        on_entrylab |= strcmp(*e, "ENTRYLAB=1") == 0;
    el_printf("# %s\n", on_entrylab ? "on entrylab" : "not on entrylab: Linux's own answers");
    verbose = argc > 1 && strcmp(argv[1], "-v") == 0;
    group("exec's regions", test_layout);
    group("mmap", test_mmap_basic);
    group("mmap errors", test_mmap_errors);
    group("low addresses", test_low_addresses);
    group("MAP_FIXED", test_fixed);
    group("munmap", test_munmap);
    group("mprotect", test_mprotect);
    group("mremap", test_mremap);
    group("madvise", test_madvise);
    group("MAP_GROWSDOWN", test_growsdown);
    group("recycling frames", test_recycle);
    el_printf("# mm: %d failures\n", el_failures);
    return el_failures ? 1 : 0;
}
