/* vdso64 / vdso32: the vDSO as a program's loader sees it. Parses the ELF
 * at AT_SYSINFO_EHDR by itself (program headers, dynamic section, DT_HASH and
 * DT_GNU_HASH, versym and verdef), finds every symbol Linux's vDSO exports
 * with its version, then calls them: the clocks against the system calls,
 * and with the kernel's system call counter (entrylab_info) to show that
 * the served clocks never enter the kernel. */
#include "sys.h"

#ifdef __x86_64__
#define MODE 64
#define NR(x) NR64_##x
#define DOOR door64_syscall
typedef struct { unsigned char ident[16]; uint16_t type, machine; uint32_t version;
                 uint64_t entry, phoff, shoff; uint32_t flags;
                 uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx; } Ehdr;
typedef struct { uint32_t type, flags; uint64_t offset, vaddr, paddr, filesz, memsz, align; } Phdr;
typedef struct { int64_t tag; uint64_t val; } Dyn;
typedef struct { uint32_t name; unsigned char info, other; uint16_t shndx;
                 uint64_t value, size; } Sym;
#define ELFCLASS 2
#define EM 62 /* EM_X86_64 */
#else
#define MODE 32
#define NR(x) NR32_##x
#define DOOR door32_int80
typedef struct { unsigned char ident[16]; uint16_t type, machine; uint32_t version;
                 uint32_t entry, phoff, shoff; uint32_t flags;
                 uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx; } Ehdr;
typedef struct { uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align; } Phdr;
typedef struct { int32_t tag; uint32_t val; } Dyn;
typedef struct { uint32_t name, value, size; unsigned char info, other; uint16_t shndx; } Sym;
#define ELFCLASS 1
#define EM 3 /* EM_386 */
#endif
typedef struct { uint16_t version, flags, ndx, cnt; uint32_t hash, aux, next; } Verdef;
typedef struct { uint32_t name, next; } Verdaux;

#define AT_SYSINFO_EHDR 33
#define PT_LOAD 1
#define PT_DYNAMIC 2
#define PT_GNU_EH_FRAME 0x6474e550
#define DT_NULL 0
#define DT_HASH 4
#define DT_STRTAB 5
#define DT_SYMTAB 6
#define DT_GNU_HASH 0x6ffffef5
#define DT_VERSYM 0x6ffffff0
#define DT_VERDEF 0x6ffffffc
#define STB_GLOBAL 1
#define STB_WEAK 2
#define STT_FUNC 2

static long sys(long nr, long a1, long a2) { return DOOR(nr, a1, a2, 0, 0, 0, 0); }

static struct {
    unsigned long base, load; /* the image's address; what to add to a vaddr */
    const Sym *sym;
    const char *str;
    const uint32_t *hash, *gnu;
    const uint16_t *versym;
    const Verdef *verdef;
    int eh_frame_hdr;
} v;

static unsigned elf_hash(const char *s)
{
    unsigned h = 0;
    for (; *s; s++) {
        h = (h << 4) + (unsigned char)*s;
        unsigned g = h & 0xf0000000u;
        if (g)
            h ^= g >> 24;
        h &= ~g;
    }
    return h;
}

static uint32_t gnu_hash(const char *s)
{
    uint32_t h = 5381;
    for (; *s; s++)
        h = h * 33 + (unsigned char)*s;
    return h;
}

/* The name of symbol i's version, or 0 (from versym and verdef). */
static const char *version_of(unsigned i)
{
    unsigned ndx = v.versym[i] & 0x7fff;
    for (const Verdef *d = v.verdef;; d = (const Verdef *)((const char *)d + d->next)) {
        if (d->ndx == ndx && !(d->flags & 1)) /* VER_FLG_BASE names the file */
            return v.str + ((const Verdaux *)((const char *)d + d->aux))->name;
        if (!d->next)
            return 0;
    }
}

static int parse(void)
{
    unsigned long at = 0;
    if (!el_auxv_find(AT_SYSINFO_EHDR, &at)) {
        el_fail("no AT_SYSINFO_EHDR");
        return 0;
    }
    el_check_eq("AT_SYSINFO_EHDR is EL_VDSO_IMAGE", at, EL_VDSO_IMAGE);
    const Ehdr *e = (const Ehdr *)at;
    el_check(memcmp(e->ident, "\177ELF", 4) == 0 && e->ident[4] == ELFCLASS,
             "the vDSO is an ELF of this program's class");
    el_check_eq("e_type is ET_DYN (a shared object)", e->type, 3);
    el_check_eq("e_machine", e->machine, EM);
    el_check_eq("e_phentsize", e->phentsize, sizeof(Phdr));
    v.base = at;
    const Phdr *ph = (const Phdr *)(at + e->phoff);
    const Dyn *dyn = 0;
    int loads = 0;
    for (unsigned i = 0; i < e->phnum; i++) {
        if (ph[i].type == PT_LOAD && !loads++) {
            v.load = at + ph[i].offset - ph[i].vaddr; /* as musl and parse_vdso.c */
            el_check(!(ph[i].flags & 2), "the PT_LOAD is not writable");
        }
        if (ph[i].type == PT_DYNAMIC)
            dyn = (const Dyn *)(at + ph[i].offset);
        if (ph[i].type == PT_GNU_EH_FRAME)
            v.eh_frame_hdr = 1;
    }
    el_check(loads == 1 && dyn, "one PT_LOAD and a PT_DYNAMIC");
    el_check(v.eh_frame_hdr, "a PT_GNU_EH_FRAME for unwinders");
    if (!dyn || !loads)
        return 0;
    for (; dyn->tag != DT_NULL; dyn++) {
        unsigned long p = v.load + dyn->val;
        switch (dyn->tag) {
        case DT_HASH: v.hash = (const uint32_t *)p; break;
        case DT_GNU_HASH: v.gnu = (const uint32_t *)p; break;
        case DT_SYMTAB: v.sym = (const Sym *)p; break;
        case DT_STRTAB: v.str = (const char *)p; break;
        case DT_VERSYM: v.versym = (const uint16_t *)p; break;
        case DT_VERDEF: v.verdef = (const Verdef *)p; break;
        }
    }
    el_check(v.hash && v.gnu && v.sym && v.str && v.versym && v.verdef,
             "DT_HASH, DT_GNU_HASH, DT_SYMTAB, DT_STRTAB, DT_VERSYM, DT_VERDEF");
    return v.hash && v.gnu && v.sym && v.str && v.versym && v.verdef;
}

/* Symbol lookup through DT_HASH (musl, parse_vdso.c), with its version. */
static unsigned long lookup_sysv(const char *name, const char *version)
{
    unsigned nbucket = v.hash[0];
    const uint32_t *bucket = v.hash + 2, *chain = bucket + nbucket;
    for (unsigned i = bucket[elf_hash(name) % nbucket]; i; i = chain[i]) {
        const Sym *s = &v.sym[i];
        unsigned bind = s->info >> 4;
        if ((s->info & 15) != STT_FUNC || (bind != STB_GLOBAL && bind != STB_WEAK) || !s->shndx)
            continue;
        const char *ver = version_of(i);
        if (strcmp(v.str + s->name, name) == 0 && ver && strcmp(ver, version) == 0)
            return v.load + s->value;
    }
    return 0;
}

/* The same through DT_GNU_HASH (glibc). */
static unsigned long lookup_gnu(const char *name)
{
    uint32_t nbucket = v.gnu[0], symoffset = v.gnu[1], bloom = v.gnu[2];
    const uint32_t *bucket = v.gnu + 4 + bloom * (sizeof(long) / 4);
    const uint32_t *chain = bucket + nbucket;
    uint32_t h = gnu_hash(name);
    for (uint32_t i = bucket[h % nbucket]; i; i++) {
        uint32_t h2 = chain[i - symoffset];
        if ((h | 1) == (h2 | 1) && strcmp(v.str + v.sym[i].name, name) == 0)
            return v.load + v.sym[i].value;
        if (h2 & 1)
            break;
    }
    return 0;
}

struct want { const char *name, *version; unsigned long addr; };
static struct want want[] = {
    {"__vdso_clock_gettime", "LINUX_2.6", 0}, {"__vdso_gettimeofday", "LINUX_2.6", 0},
    {"__vdso_time", "LINUX_2.6", 0},          {"__vdso_getcpu", "LINUX_2.6", 0},
    {"__vdso_clock_getres", "LINUX_2.6", 0},
#ifdef __x86_64__
    {"clock_gettime", "LINUX_2.6", 0}, {"gettimeofday", "LINUX_2.6", 0},
    {"time", "LINUX_2.6", 0},          {"getcpu", "LINUX_2.6", 0},
    {"clock_getres", "LINUX_2.6", 0},
#else
    {"__vdso_clock_gettime64", "LINUX_2.6", 0}, {"__kernel_vsyscall", "LINUX_2.5", 0},
    {"__kernel_sigreturn", "LINUX_2.5", 0},     {"__kernel_rt_sigreturn", "LINUX_2.5", 0},
#endif
};
#define NWANT (sizeof want / sizeof want[0])

static unsigned long sym(const char *name)
{
    for (unsigned i = 0; i < NWANT; i++)
        if (strcmp(want[i].name, name) == 0)
            return want[i].addr;
    return 0;
}

static void find_symbols(void)
{
    /* Every dynamic symbol with its version, as a loader lists them (on
     * few lines: the UEFI framebuffer console scrolls slowly). */
    unsigned nsym = v.hash[1];
    el_printf("# symbols:");
    for (unsigned i = 1; i < nsym; i++) {
        const char *ver = version_of(i);
        el_printf(" %s@%s=%lx", v.str + v.sym[i].name, ver ? ver : "-",
                  v.load + (unsigned long)v.sym[i].value);
    }
    el_printf("\n");
    int found = 0;
    for (unsigned i = 0; i < NWANT; i++) {
        want[i].addr = lookup_sysv(want[i].name, want[i].version);
        unsigned long g = lookup_gnu(want[i].name);
        if (!want[i].addr)
            el_fail("%s@%s not found through DT_HASH", want[i].name, want[i].version);
        else if (g != want[i].addr || g <= v.base || g - v.base >= EL_VDSO_END - EL_VDSO_IMAGE)
            el_fail("%s: DT_GNU_HASH gives 0x%lx, DT_HASH 0x%lx", want[i].name, g, want[i].addr);
        else
            found++;
    }
    el_check(found == (int)NWANT, "every Linux symbol found with its version, by DT_HASH and "
                                  "DT_GNU_HASH alike, inside the image");
    el_check(lookup_sysv("__vdso_clock_gettime", "LINUX_2.5") == 0, "no symbol under a wrong version");
    el_check(lookup_gnu("__vdso_no_such_thing") == 0, "no symbol that is not there");
}

/* ---- calling them ------------------------------------------------------- */
struct ts { long sec, nsec; };
typedef long (*gettime_fn)(long, struct ts *);
typedef long (*tod_fn)(struct ts *, void *);
typedef long (*time_fn)(long *);
typedef long (*getcpu_fn)(unsigned *, unsigned *, void *);

static unsigned syscalls(void)
{
    static struct entrylab_info info;
    el_info(&info);
    return info.syscalls;
}

static long long ns(const struct ts *t) { return (long long)t->sec * 1000000000ll + t->nsec; }

static void test_clocks(void)
{
    gettime_fn vgettime = (gettime_fn)sym("__vdso_clock_gettime");
    tod_fn vtod = (tod_fn)sym("__vdso_gettimeofday");
    time_fn vtime = (time_fn)sym("__vdso_time");
    getcpu_fn vgetcpu = (getcpu_fn)sym("__vdso_getcpu");
    gettime_fn vgetres = (gettime_fn)sym("__vdso_clock_getres");
    if (!vgettime || !vtod || !vtime || !vgetcpu || !vgetres)
        return;
    static struct ts a, b, c, prev;
    static const long clocks[] = {1, 4, 7, 0}; /* MONOTONIC, _RAW, BOOTTIME, REALTIME */
    for (unsigned k = 0; k < 3; k++) {
        long clk = clocks[k];
        int ordered = 1, fine = 1;
        prev.sec = prev.nsec = 0;
        for (int i = 0; i < 200; i++) {
            long r1 = sys(NR(clock_gettime), clk, (long)&a);
            long r2 = vgettime(clk, &b);
            long r3 = sys(NR(clock_gettime), clk, (long)&c);
            if (r1 || r2 || r3 || b.nsec < 0 || b.nsec >= 1000000000)
                fine = 0;
            /* The system call and the vDSO read one clock the same way. */
            if (ns(&a) > ns(&b) || ns(&b) > ns(&c) || ns(&prev) > ns(&b))
                ordered = 0;
            prev = b;
        }
        el_printf("# clock %ld: syscall %ld.%09ld, vDSO %ld.%09ld\n", clk, a.sec, a.nsec, b.sec, b.nsec);
        el_check(fine, "__vdso_clock_gettime returns 0 and a valid timespec");
        el_check(ordered, "syscall <= vDSO <= syscall, and never backwards");
        el_check(ns(&c) - ns(&a) < 1000000000ll, "within a second of the system call");
    }

    /* REALTIME: the RTC's date, as gettimeofday and time tell it. */
    static struct ts tv, rt, tv2;
    sys(NR(gettimeofday), (long)&tv, 0);
    el_check_eq("__vdso_clock_gettime(REALTIME)", (unsigned long)vgettime(0, &rt), 0);
    sys(NR(gettimeofday), (long)&tv2, 0);
    el_printf("# realtime %ld.%09ld (gettimeofday %ld.%06ld)\n", rt.sec, rt.nsec, tv.sec, tv.nsec);
    el_check(rt.sec > 1600000000l, "REALTIME is past 2020 (the RTC)");
    el_check((tv.sec * 1000000ll + tv.nsec) * 1000 <= ns(&rt) &&
             ns(&rt) < (tv2.sec * 1000000ll + tv2.nsec + 1) * 1000,
             "gettimeofday (syscall) <= REALTIME (vDSO) <= gettimeofday");
    static struct ts vtv;
    static int tz[2] = {7, 7};
    el_check_eq("__vdso_gettimeofday returns 0", (unsigned long)vtod(&vtv, tz), 0);
    el_check(vtv.sec >= rt.sec && vtv.nsec >= 0 && vtv.nsec < 1000000 && tz[0] == 0 && tz[1] == 0,
             "__vdso_gettimeofday: a later time in microseconds, timezone UTC");
    static long t;
    long tr = vtime(&t);
    el_check(tr == t && tr >= rt.sec && tr - rt.sec < 5, "__vdso_time returns and stores the seconds");
    el_check(vtime(0) >= tr, "__vdso_time(NULL)");
    static unsigned cpu = 9, node = 9;
    el_check(vgetcpu(&cpu, &node, 0) == 0 && cpu == 0 && node == 0, "__vdso_getcpu: cpu 0, node 0");
    static struct ts res;
    el_check(vgetres(1, &res) == 0 && res.sec == 0 && res.nsec == 1, "__vdso_clock_getres: 1 ns");
    static struct ts sres;
    el_check(sys(NR(clock_getres), 1, (long)&sres) == 0 && sres.sec == 0 && sres.nsec == 1,
             "clock_getres (syscall) agrees: 1 ns");

    /* Another clock goes to the kernel, and gets the kernel's answer. */
    long sr = sys(NR(clock_gettime), 2, (long)&a); /* CLOCK_PROCESS_CPUTIME_ID */
    unsigned n0 = syscalls();
    long vr = vgettime(2, &b);
    unsigned n1 = syscalls();
    el_check_eq("an unserved clock: the system call's own result", (unsigned long)vr, (unsigned long)sr);
    el_check_eq("... reached through one system call", n1 - n0, 2);

    /* The served ones do not enter the kernel at all. */
    n0 = syscalls();
    for (int i = 0; i < 1000; i++) {
        vgettime(clocks[i & 3], &b);
        vtod(&vtv, 0);
        vtime(0);
        vgetcpu(&cpu, 0, 0);
    }
    n1 = syscalls();
    el_printf("# system calls over 4000 vDSO calls: %u\n", n1 - n0 - 1);
    el_check_eq("4000 vDSO clock calls: no system call (only entrylab_info's own)", n1 - n0, 1);

#ifndef __x86_64__
    typedef long (*gettime64_fn)(long, long long *);
    gettime64_fn vg64 = (gettime64_fn)sym("__vdso_clock_gettime64");
    static long long t64[2];
    static struct ts m;
    vgettime(1, &m);
    el_check(vg64 && vg64(1, t64) == 0 && t64[1] >= 0 && t64[1] < 1000000000 &&
                 t64[0] * 1000000000ll + t64[1] >= ns(&m),
             "__vdso_clock_gettime64(MONOTONIC): a 64-bit timespec, not behind");
#endif
}

#ifndef __x86_64__
/* __kernel_vsyscall: AT_SYSINFO names it; a call through it is a system
 * call by whichever door the kernel chose (tests/user/door32.c checks which). */
static void test_vsyscall(void)
{
    unsigned long kv = sym("__kernel_vsyscall"), at = 0;
    el_check(el_auxv_find(AT_SYSINFO, &at) && at == kv, "AT_SYSINFO is __kernel_vsyscall");
    static struct entrylab_info info;
    long r;
    __asm__ volatile("call *%[f]" : "=a"(r) : "a"(NR32_entrylab_info), "b"(&info), [f] "r"(kv)
                     : "memory");
    el_check_eq("entrylab_info through __kernel_vsyscall", (unsigned long)r, 0);
    el_printf("# __kernel_vsyscall entered by %s\n", el_door_name(info.door));
    el_check(info.door == EL_DOOR_INT80 || info.door == EL_DOOR_SYSENTER32 ||
                 info.door == EL_DOOR_SYSCALL32,
             "... through a 32-bit door");
    el_check_eq("getpid through __kernel_vsyscall",
                (unsigned long)({ long p; __asm__ volatile("call *%1" : "=a"(p) : "r"(kv), "a"(NR32_getpid) : "memory"); p; }),
                (unsigned long)sys(NR(getpid), 0, 0));
    unsigned long sr = sym("__kernel_sigreturn"), rr = sym("__kernel_rt_sigreturn");
    /* Linux's trampolines, byte for byte: pop eax; mov eax, 119; int 0x80
     * and mov eax, 173; int 0x80. */
    static const unsigned char s1[] = {0x58, 0xb8, 119, 0, 0, 0, 0xcd, 0x80};
    static const unsigned char s2[] = {0xb8, 173, 0, 0, 0, 0xcd, 0x80};
    el_check(sr && memcmp((const void *)sr, s1, sizeof s1) == 0, "__kernel_sigreturn's code");
    el_check(rr && memcmp((const void *)rr, s2, sizeof s2) == 0, "__kernel_rt_sigreturn's code");
}
#endif

int main(int argc, char **argv, char **envp)
{
    (void)envp;
    /* "write": the data page and the image are read-only to programs. */
    if (argc == 3 && strcmp(argv[1], "write") == 0) {
        unsigned long a = strcmp(argv[2], "vvar") == 0 ? EL_VVAR_ADDR : EL_VDSO_IMAGE;
        el_expect(14);
        *(volatile unsigned char *)a = 0;
        el_fail("wrote to 0x%lx", a);
        return 1;
    }
    if (parse()) {
        find_symbols();
        test_clocks();
#ifndef __x86_64__
        test_vsyscall();
#endif
    }
    return el_failures ? 1 : 0;
}
