/* syscalls64 / syscalls32: the calls of docs/abi.md behave as Linux's, each
 * through the mode's usual door: syscall from 64-bit code, int 0x80 from
 * 32-bit code. */
#include "sys.h"

#ifdef __x86_64__
#define MODE 64
#define NR(x) NR64_##x
#define DOOR door64_syscall
#else
#define MODE 32
#define NR(x) NR32_##x
#define DOOR door32_int80
#endif
#define EBADF 9

static long sys(long nr, long a1, long a2, long a3)
{
    return DOOR(nr, a1, a2, a3, 0, 0, 0);
}

extern char _end[];   /* the end of .bss (ld) */

struct utsname {      /* Linux's new_utsname: the same in both ABIs */
    char sysname[65], nodename[65], release[65], version[65], machine[65],
        domainname[65];
};

struct iovec {        /* 16 bytes in 64-bit code, 8 in 32-bit code */
    const void *base;
    unsigned long len;
};

static void test_ids(void)
{
    static struct utsname u;
    el_check_eq("uname returns 0", (unsigned long)sys(NR(uname), (long)&u, 0, 0), 0);
    el_printf("# uname: %s %s %s %s\n", u.sysname, u.release, u.version, u.machine);
    el_check(strcmp(u.sysname, "entrylab") == 0, "uname: sysname entrylab");
    el_check(strcmp(u.machine, "x86_64") == 0, "uname: machine x86_64");
    el_check(u.release[0] != 0, "uname: a release");

    long pid = sys(NR(getpid), 0, 0, 0);
    el_check(pid >= 2, "getpid is 2 or more");
    el_check_eq("getppid is 1 (the runner)", (unsigned long)sys(NR(getppid), 0, 0, 0), 1);
    static int tid;
    el_check_eq("set_tid_address returns the pid",
                (unsigned long)sys(NR(set_tid_address), (long)&tid, 0, 0),
                (unsigned long)pid);
    /* The benchmark's bare stubs check nothing: refused without `bench`. */
    el_check_eq("entrylab_bench without the word bench is -EPERM",
                (unsigned long)sys(NR(entrylab_bench), EL_DOOR_INT80, EL_BENCH_NATIVE, 0),
                (unsigned long)-EPERM);
}

static void test_brk(void)
{
    unsigned long cur = (unsigned long)sys(NR(brk), 0, 0, 0);
    el_printf("# brk starts at 0x%lx (_end 0x%lx)\n", cur, (unsigned long)_end);
    el_check(cur >= (unsigned long)_end && cur - (unsigned long)_end < 0x1000000,
             "brk(0) is at the end of the program");
    unsigned long got = (unsigned long)sys(NR(brk), (long)(cur + 8192), 0, 0);
    el_check_eq("brk grows by 8 KiB", got, cur + 8192);
    if (got != cur + 8192)
        return;
    unsigned char *p = (unsigned char *)cur;
    memset(p, 0xab, 8192);
    int ok = 1;
    for (int i = 0; i < 8192; i++)
        ok &= p[i] == 0xab;
    el_check(ok, "the grown heap holds what is written");
    el_check_eq("brk(0) reads back the break", (unsigned long)sys(NR(brk), 0, 0, 0), cur + 8192);

    el_check_eq("brk shrinks by 4 KiB", (unsigned long)sys(NR(brk), (long)(cur + 4096), 0, 0),
                cur + 4096);
    el_check_eq("brk(0) reads back the shrunk break", (unsigned long)sys(NR(brk), 0, 0, 0),
                cur + 4096);
    el_check_eq("brk grows again", (unsigned long)sys(NR(brk), (long)(cur + 8192), 0, 0),
                cur + 8192);
    /* The pages given back and taken again are fresh memory, as on Linux. */
    unsigned char any = 0;
    unsigned long freed = ((cur + 4096 + 4095) & ~4095ul) - cur;
    for (unsigned long i = freed; i < 8192; i++)
        any |= p[i];
    el_check(any == 0, "pages given back and grown again are zero");
#ifdef __x86_64__
    unsigned long absurd = 0xffff800000000000ul;
#else
    unsigned long absurd = 0xfffff000ul;
#endif
    el_check_eq("brk into the kernel's half returns the old break",
                (unsigned long)sys(NR(brk), (long)absurd, 0, 0), cur + 8192);
    el_check_eq("brk back to the start", (unsigned long)sys(NR(brk), (long)cur, 0, 0), cur);
}

static void test_io(void)
{
    static const char a[] = "# writev: ", b[] = "three ", c[] = "iovecs\n";
    const struct iovec iov[3] = {{a, sizeof a - 1}, {b, sizeof b - 1}, {c, sizeof c - 1}};
    el_check_eq("writev returns the sum of three iovecs",
                (unsigned long)sys(NR(writev), 1, (long)iov, 3),
                sizeof a + sizeof b + sizeof c - 3);
    el_check_eq("writev with a NULL iovec array is -EFAULT",
                (unsigned long)sys(NR(writev), 1, 0, 1), (unsigned long)-EFAULT);
    el_check_eq("write to fd 5 is -EBADF",
                (unsigned long)sys(NR(write), 5, (long)a, 1), (unsigned long)-EBADF);

    static char buf[8];
    long n = sys(NR(read), 0, (long)buf, sizeof buf);
    if (n >= 0)
        el_printf("# ok read(0) returns %ld\n", n);
    else
        el_fail("read(0) returned %ld", n);
    el_check_eq("read from fd 5 is -EBADF",
                (unsigned long)sys(NR(read), 5, (long)buf, sizeof buf), (unsigned long)-EBADF);
}

static void test_clock(void)
{
#ifdef __x86_64__
    struct { long sec, nsec; } t1, t2;
#else
    struct { int32_t sec, nsec; } t1, t2;
#endif
    long r1 = sys(NR(clock_gettime), 1, (long)&t1, 0);
    long r2 = sys(NR(clock_gettime), 1, (long)&t2, 0);
    el_check(r1 == 0 && r2 == 0, "clock_gettime(CLOCK_MONOTONIC) twice returns 0");
    el_printf("# monotonic %lld.%09lld then %lld.%09lld\n", (long long)t1.sec,
              (long long)t1.nsec, (long long)t2.sec, (long long)t2.nsec);
    el_check(t1.nsec >= 0 && t1.nsec < 1000000000 && t2.nsec >= 0 && t2.nsec < 1000000000,
             "clock_gettime: nanoseconds below 10^9");
    el_check(t2.sec > t1.sec || (t2.sec == t1.sec && t2.nsec >= t1.nsec),
             "clock_gettime: monotonic does not go back");
    el_check_eq("clock_gettime(CLOCK_MONOTONIC_RAW) returns 0",
                (unsigned long)sys(NR(clock_gettime), 4, (long)&t1, 0), 0);
    el_check_eq("clock_gettime(CLOCK_BOOTTIME) returns 0",
                (unsigned long)sys(NR(clock_gettime), 7, (long)&t1, 0), 0);
#ifndef __x86_64__
    struct { int64_t sec, nsec; } t3;
    el_check_eq("clock_gettime64 returns 0",
                (unsigned long)sys(NR32_clock_gettime64, 1, (long)&t3, 0), 0);
    el_check(t3.nsec >= 0 && t3.nsec < 1000000000 &&
                 (t3.sec > t2.sec || (t3.sec == t2.sec && t3.nsec >= t2.nsec)),
             "clock_gettime64: after the 32-bit reading, nanoseconds below 10^9");
#endif
}

#ifdef __x86_64__
#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004

static unsigned long fs_word(void)
{
    unsigned long v;
    __asm__ volatile("mov %%fs:0, %0" : "=r"(v));
    return v;
}

static unsigned long gs_word(void)
{
    unsigned long v;
    __asm__ volatile("mov %%gs:0, %0" : "=r"(v));
    return v;
}

/* set_thread_area through int 0x80 from 64-bit code (Linux's ldt_gdt_64
 * does it): entry 12 first; FS or GS loaded with it and the entry cleared
 * become null, their base 0 (as Linux: a null selector's). */
static void test_tls_gdt(unsigned long *fs_block, unsigned long *gs_block)
{
    static unsigned int desc[4], empty[4]; /* struct user_desc, below 4 GiB */
    static unsigned long block[2] = {0x3634544c53ul, 0};
    desc[0] = (unsigned)-1, desc[1] = (unsigned)(unsigned long)block, desc[2] = 0xfffff;
    desc[3] = 1 | 16; /* seg_32bit, limit_in_pages */
    el_check_eq("set_thread_area through int 0x80", (unsigned long)el_int80(NR32_set_thread_area,
                (long)desc, 0, 0, 0, 0, 0), 0);
    el_check_eq("it picked Linux's first TLS entry, 12", desc[0], EL_GDT_TLS_FIRST);
    unsigned short sel = (unsigned short)(desc[0] << 3 | 3), now;
    empty[0] = desc[0], empty[3] = 8 | 32; /* read_exec_only, seg_not_present */
    unsigned long base = 1;
    for (int reg = 0; reg < 2; reg++) {
        el_check_eq("set_thread_area(12) again", (unsigned long)el_int80(NR32_set_thread_area,
                    (long)desc, 0, 0, 0, 0, 0), 0);
        if (reg == 0) {
            __asm__ volatile("mov %0, %%fs" : : "r"(sel));
            el_check_eq("%fs:0 through entry 12", fs_word(), block[0]);
        } else {
            __asm__ volatile("mov %0, %%gs" : : "r"(sel));
            el_check_eq("%gs:0 through entry 12", gs_word(), block[0]);
        }
        el_check_eq("set_thread_area(12, empty)", (unsigned long)el_int80(NR32_set_thread_area,
                    (long)empty, 0, 0, 0, 0, 0), 0);
        if (reg == 0)
            __asm__ volatile("mov %%fs, %0" : "=r"(now));
        else
            __asm__ volatile("mov %%gs, %0" : "=r"(now));
        el_check_eq(reg ? "%gs is null after its entry was cleared" : "%fs is null after its entry was cleared",
                    now, 0);
        sys(NR(arch_prctl), reg ? ARCH_GET_GS : ARCH_GET_FS, (long)&base, 0);
        el_check_eq(reg ? "and GS's base is 0" : "and FS's base is 0", base, 0);
    }
    sys(NR(arch_prctl), ARCH_SET_FS, (long)fs_block, 0);
    sys(NR(arch_prctl), ARCH_SET_GS, (long)gs_block, 0);
}

static void test_tls(void)
{
    static unsigned long fs_block[2] = {0x46534653c0de0001ul, 0};
    static unsigned long gs_block[2] = {0x47534753c0de0002ul, 0};
    static unsigned long base;
    el_check_eq("arch_prctl(ARCH_SET_FS)",
                (unsigned long)sys(NR(arch_prctl), ARCH_SET_FS, (long)fs_block, 0), 0);
    el_check_eq("%fs:0 reads the FS block", fs_word(), fs_block[0]);
    el_check_eq("arch_prctl(ARCH_GET_FS)",
                (unsigned long)sys(NR(arch_prctl), ARCH_GET_FS, (long)&base, 0), 0);
    el_check_eq("ARCH_GET_FS gives the base back", base, (unsigned long)fs_block);

    el_check_eq("arch_prctl(ARCH_SET_GS)",
                (unsigned long)sys(NR(arch_prctl), ARCH_SET_GS, (long)gs_block, 0), 0);
    el_check_eq("%gs:0 reads the GS block", gs_word(), gs_block[0]);
    el_check_eq("arch_prctl(ARCH_GET_GS)",
                (unsigned long)sys(NR(arch_prctl), ARCH_GET_GS, (long)&base, 0), 0);
    el_check_eq("ARCH_GET_GS gives the base back", base, (unsigned long)gs_block);

    el_check_eq("ARCH_SET_FS to 0xffff800000000000 is -EPERM",
                (unsigned long)sys(NR(arch_prctl), ARCH_SET_FS, (long)0xffff800000000000ul, 0),
                (unsigned long)-EPERM);
    el_int80(NR32_getpid, 0, 0, 0, 0, 0, 0);   /* the other door back */
    el_check_eq("%fs:0 unchanged after the refused call and an int 0x80", fs_word(),
                fs_block[0]);
    el_check_eq("%gs:0 unchanged after the calls", gs_word(), gs_block[0]);
    test_tls_gdt(fs_block, gs_block);
}
#else
struct user_desc {   /* Linux's, for set_thread_area */
    unsigned int entry_number;
    unsigned int base_addr;
    unsigned int limit;
    unsigned int seg_32bit : 1;
    unsigned int contents : 2;
    unsigned int read_exec_only : 1;
    unsigned int limit_in_pages : 1;
    unsigned int seg_not_present : 1;
    unsigned int useable : 1;
};

static unsigned long gs_word(void)
{
    unsigned long v;
    __asm__ volatile("mov %%gs:0, %0" : "=r"(v));
    return v;
}

static void test_tls(void)
{
    static unsigned long block[2] = {0x47534753ul, 0};
    static struct user_desc d;
    d.entry_number = (unsigned)-1;
    d.base_addr = (unsigned)(unsigned long)block;
    d.limit = 0xfffff;
    d.seg_32bit = 1;
    d.limit_in_pages = 1;
    d.useable = 1;
    el_check_eq("set_thread_area(entry -1) returns 0",
                (unsigned long)sys(NR(set_thread_area), (long)&d, 0, 0), 0);
    el_printf("# set_thread_area picked entry %u\n", d.entry_number);
    /* Linux's first TLS entry (12, selector 0x63): nothing took one yet. */
    el_check_eq("the entry is Linux's first TLS entry, 12", d.entry_number, EL_GDT_TLS_FIRST);
    if (d.entry_number != EL_GDT_TLS_FIRST)
        return;
    unsigned short sel = (unsigned short)(d.entry_number << 3 | 3), now;
    __asm__ volatile("mov %0, %%gs" : : "r"(sel));
    el_check_eq("%gs:0 through the new segment", gs_word(), block[0]);
    sys(NR(getpid), 0, 0, 0);
    __asm__ volatile("mov %%gs, %0" : "=r"(now));
    el_check_eq("%gs keeps its selector across a call", now, sel);
    el_check_eq("%gs:0 still reads the block after a call", gs_word(), block[0]);

    /* Rewriting the entry GS names reloads GS: the new base, at once. */
    static unsigned long block2[2] = {0x32534753ul, 0};
    d.base_addr = (unsigned)(unsigned long)block2;
    el_check_eq("set_thread_area(12) again, a new base",
                (unsigned long)sys(NR(set_thread_area), (long)&d, 0, 0), 0);
    __asm__ volatile("mov %%gs, %0" : "=r"(now));
    el_check_eq("%gs keeps its selector", now, sel);
    el_check_eq("%gs:0 reads the new base's block", gs_word(), block2[0]);

    /* Clearing it (Linux's empty descriptor) nulls every register naming
     * it: GS and FS here, DS and ES in the assembly below (C needs DS). */
    static struct user_desc empty;
    empty.entry_number = d.entry_number;
    empty.read_exec_only = 1;
    empty.seg_not_present = 1;
    __asm__ volatile("mov %0, %%fs" : : "r"(sel));
    el_check_eq("set_thread_area(12, empty) clears the entry",
                (unsigned long)sys(NR(set_thread_area), (long)&empty, 0, 0), 0);
    __asm__ volatile("mov %%gs, %0" : "=r"(now));
    el_check_eq("%gs is null after its entry was cleared", now, 0);
    __asm__ volatile("mov %%fs, %0" : "=r"(now));
    el_check_eq("%fs is null after its entry was cleared", now, 0);
    unsigned ok = 1;
    __asm__ volatile("larl %1, %%eax; jz 1f; movl $0, %0; 1:" : "+r"(ok) : "r"((unsigned)sel) : "eax", "cc");
    el_check_eq("lar refuses the cleared entry", ok, 0);

    /* DS and ES: an all-zero descriptor (Linux's LDT_zero) clears too. */
    static struct user_desc zero;
    unsigned short uds = EL_USER_DS, ds_after = 0xffff, es_after = 0xffff;
    for (int reg = 0; reg < 2; reg++) {
        d.base_addr = (unsigned)(unsigned long)block;
        el_check_eq("set_thread_area(12) once more",
                    (unsigned long)sys(NR(set_thread_area), (long)&d, 0, 0), 0);
        zero.entry_number = d.entry_number;
        unsigned long ret = NR32_set_thread_area;
        if (reg == 0)
            __asm__ volatile("mov %[sel], %%ds; int $0x80; mov %%ds, %[out]; mov %[uds], %%ds"
                             : "+a"(ret), [out] "=&r"(ds_after)
                             : [z] "b"(&zero), [sel] "r"(sel), [uds] "r"(uds) : "memory");
        else
            __asm__ volatile("mov %[sel], %%es; int $0x80; mov %%es, %[out]; mov %[uds], %%es"
                             : "+a"(ret), [out] "=&r"(es_after)
                             : [z] "b"(&zero), [sel] "r"(sel), [uds] "r"(uds) : "memory");
        el_check_eq("set_thread_area(12, all zero) returns 0", ret, 0);
    }
    el_check_eq("%ds is null after its entry was cleared", ds_after, 0);
    el_check_eq("%es is null after its entry was cleared", es_after, 0);

    static struct user_desc code;
    code = d;
    code.entry_number = (unsigned)-1;
    code.contents = 2;   /* a code segment */
    el_check_eq("set_thread_area for a code segment is -EINVAL",
                (unsigned long)sys(NR(set_thread_area), (long)&code, 0, 0),
                (unsigned long)-EINVAL);
}
#endif

int main(int argc, char **argv, char **envp)
{
    (void)argc, (void)argv, (void)envp;
    test_ids();
    test_brk();
    test_io();
    test_clock();
    test_tls();
    el_printf("# syscalls%d: %d failure(s)\n", MODE, el_failures);
    return el_failures ? 1 : 0;
}
