/* bench64 / bench32: what one system call costs through each door this CPU
 * accepts, as the field measures it (docs/bench.md, ./lab bench).
 *
 * Each figure is a tight loop, `mov nr; <door>; dec; jnz`, timed with the
 * TSC (lfence; rdtsc; lfence) in batches of BATCH calls; the same loop
 * without the door, bracket included, is subtracted, so a figure is the door
 * instruction plus the kernel's whole round trip. Per door and call: min,
 * median and p99 over BATCHES batches. Under QEMU -icount shift=0 the TSC
 * counts guest instructions (exact, the same every run); under plain TCG and
 * Bochs it counts emulated cycles; on a real machine TSC ticks.
 *
 * The same static binary runs on Linux (./lab bench --linux): the doors come
 * from the auxiliary vector (AT_SYSINFO, AT_SYSINFO_EHDR, entrylab's
 * AT_ENTRYLAB_*), so no refused door ever runs, and only entrylab (with the
 * command-line word `bench`) gives the bare-pair baselines. */
#include "sys.h"

#ifdef __x86_64__
#define MODE 64
typedef uint64_t ticks_t;
#else
#define MODE 32
typedef uint32_t ticks_t;
#endif

#define BATCH 32u
#define BATCHES 101u /* odd: the median is one batch */
#define BATCHES_BUDGET 11u /* `bench64 budget`: icount is exact, a few suffice */
#define AT_SYSINFO_EHDR 33
#define CLOCK_MONOTONIC 1
#define NR_INVALID 1000 /* no call in either ABI: the -ENOSYS path */

/* user/bench_loops{64,32}.asm: one batch of n calls, its TSC ticks. */
typedef ticks_t (*loop_fn)(unsigned long n, unsigned long nr, unsigned long a1, unsigned long a2,
                           unsigned long fn);
ticks_t bl_empty(unsigned long, unsigned long, unsigned long, unsigned long, unsigned long);
ticks_t bl_int80(unsigned long, unsigned long, unsigned long, unsigned long, unsigned long);
ticks_t bl_call(unsigned long, unsigned long, unsigned long, unsigned long, unsigned long);
ticks_t bl_cempty(unsigned long, unsigned long, unsigned long, unsigned long, unsigned long);
ticks_t bl_ccall(unsigned long, unsigned long, unsigned long, unsigned long, unsigned long);
ticks_t bl_bracket(unsigned long, unsigned long, unsigned long, unsigned long, unsigned long);
#ifdef __x86_64__
ticks_t bl_syscall(unsigned long, unsigned long, unsigned long, unsigned long, unsigned long);
#endif

/* A door as this program enters it. */
struct door {
    const char *name;  /* for the table and the JSON */
    loop_fn loop;
    int abi64;         /* x86-64 numbers, else i386 */
    unsigned long fn;  /* vDSO entry for the call doors, 0 if absent */
    uint32_t el_door;  /* EL_DOOR_* for entrylab's baselines, 0: none */
    uint32_t exits;    /* baselines: bit per EL_BENCH_* exit this door has */
};

#define EXIT(x) (1u << (x))
static struct door doors[] = {
    {"int 0x80", bl_int80, 0, 1, EL_DOOR_INT80, EXIT(EL_BENCH_NATIVE)},
#ifdef __x86_64__
    {"syscall", bl_syscall, 1, 1, EL_DOOR_SYSCALL64, EXIT(EL_BENCH_NATIVE) | EXIT(EL_BENCH_IRETQ)},
    {"sysenter", bl_call, 1, 0, EL_DOOR_SYSENTER64,
     EXIT(EL_BENCH_NATIVE) | EXIT(EL_BENCH_IRETQ) | EXIT(EL_BENCH_SYSRET)},
#else
    {"sysenter", bl_call, 0, 0, EL_DOOR_SYSENTER32,
     EXIT(EL_BENCH_NATIVE) | EXIT(EL_BENCH_IRETQ) | EXIT(EL_BENCH_SYSRET)},
    {"syscall", bl_call, 0, 0, EL_DOOR_SYSCALL32, EXIT(EL_BENCH_NATIVE) | EXIT(EL_BENCH_IRETQ)},
    {"AT_SYSINFO", bl_call, 0, 0, 0, 0}, /* Linux's __kernel_vsyscall */
#endif
};
#define NDOORS (sizeof doors / sizeof doors[0])

static const char *const exit_names[EL_BENCH_EXITS] = {"real", "bare", "out by iretq", "out by sysret"};

static int on_entrylab;
static const char *kernel = "entrylab";
static unsigned long ts[4]; /* static: int 0x80 from 64-bit takes 32-bit pointers */

/* --- the vDSO's clock_gettime, by its dynamic symbol table ---------------- */
#ifdef __x86_64__
typedef struct { uint8_t id[16]; uint16_t type, machine; uint32_t version; uint64_t entry, phoff, shoff;
                 uint32_t flags; uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx; } ehdr_t;
typedef struct { uint32_t type, flags; uint64_t offset, vaddr, paddr, filesz, memsz, align; } phdr_t;
typedef struct { uint32_t name, type; uint64_t flags, addr, offset, size; uint32_t link, info;
                 uint64_t addralign, entsize; } shdr_t;
typedef struct { uint32_t name; uint8_t info, other; uint16_t shndx; uint64_t value, size; } sym_t;
#else
typedef struct { uint8_t id[16]; uint16_t type, machine; uint32_t version, entry, phoff, shoff, flags;
                 uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx; } ehdr_t;
typedef struct { uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align; } phdr_t;
typedef struct { uint32_t name, type, flags, addr, offset, size, link, info, addralign, entsize; } shdr_t;
typedef struct { uint32_t name, value, size; uint8_t info, other; uint16_t shndx; } sym_t;
#endif

static unsigned long vdso_sym(const char *want)
{
    unsigned long base = el_getauxval(AT_SYSINFO_EHDR);
    if (!base)
        return 0;
    const ehdr_t *e = (const ehdr_t *)base;
    if (memcmp(e->id, "\177ELF", 4))
        return 0;
    unsigned long bias = base;
    const phdr_t *ph = (const phdr_t *)(base + e->phoff);
    for (unsigned i = 0; i < e->phnum; i++)
        if (ph[i].type == 1 /* PT_LOAD */) {
            bias = base + ph[i].offset - ph[i].vaddr;
            break;
        }
    /* The dynamic table (DT_SYMTAB, DT_STRTAB, DT_HASH for the count): what
     * a loader reads; section headers only when there is no DT_HASH. */
    for (unsigned i = 0; i < e->phnum; i++) {
        if (ph[i].type != 2 /* PT_DYNAMIC */)
            continue;
        const unsigned long *dyn = (const unsigned long *)(bias + ph[i].vaddr);
        const sym_t *sym = 0;
        const char *str = 0;
        const uint32_t *hash = 0;
        for (; dyn[0]; dyn += 2) {
            if (dyn[0] == 4) hash = (const uint32_t *)(bias + dyn[1]);
            if (dyn[0] == 5) str = (const char *)(bias + dyn[1]);
            if (dyn[0] == 6) sym = (const sym_t *)(bias + dyn[1]);
        }
        if (sym && str && hash)
            for (uint32_t j = 0; j < hash[1]; j++)
                if (sym[j].shndx && !strcmp(str + sym[j].name, want))
                    return bias + sym[j].value;
    }
    const shdr_t *sh = (const shdr_t *)(base + e->shoff);
    for (unsigned i = 0; e->shoff && i < e->shnum; i++) {
        if (sh[i].type != 11 /* SHT_DYNSYM */ || sh[i].link >= e->shnum)
            continue;
        const sym_t *s = (const sym_t *)(base + sh[i].offset);
        const char *str = (const char *)(base + sh[sh[i].link].offset);
        for (unsigned j = 0; j < sh[i].size / sizeof(sym_t); j++)
            if (s[j].shndx && !strcmp(str + s[j].name, want))
                return bias + s[j].value;
    }
    return 0;
}

/* --- measuring --------------------------------------------------------------- */
struct result {
    unsigned long min, median, p99; /* tenths of a tick per call */
};

static unsigned long sample[BATCHES];
static unsigned batches = BATCHES;

static void sort(unsigned long *v, unsigned n)
{
    for (unsigned i = 1; i < n; i++)
        for (unsigned j = i; j > 0 && v[j - 1] > v[j]; j--) {
            unsigned long t = v[j];
            v[j] = v[j - 1], v[j - 1] = t;
        }
}

static ticks_t min_of(loop_fn f, unsigned long n, unsigned long nr, unsigned long a1, unsigned long a2,
                      unsigned long fn)
{
    ticks_t m = f(n, nr, a1, a2, fn);
    for (unsigned b = 0; b < batches; b++) {
        ticks_t t = f(n, nr, a1, a2, fn);
        if (t < m)
            m = t;
    }
    return m;
}

/* Per call of f's loop over empty's (the same loop without the door). */
static struct result measure(loop_fn f, loop_fn empty, unsigned long nr, unsigned long a1,
                             unsigned long a2, unsigned long fn)
{
    ticks_t e = min_of(empty, BATCH, nr, a1, a2, fn);
    f(BATCH, nr, a1, a2, fn); /* warm the path */
    for (unsigned b = 0; b < batches; b++) {
        ticks_t t = f(BATCH, nr, a1, a2, fn);
        sample[b] = t > e ? (unsigned long)(uint32_t)(t - e) * 10 / BATCH : 0;
    }
    sort(sample, batches);
    return (struct result){sample[0], sample[batches / 2], sample[(batches * 99 + 99) / 100 - 1]};
}

/* --- output ---------------------------------------------------------------- */
static void row(const char *door, const char *call, const char *kind, const struct result *r)
{
    el_printf("bench%d: %-12s %-16s %6lu.%lu %6lu.%lu %6lu.%lu\n", MODE, door, call, r->min / 10,
              r->min % 10, r->median / 10, r->median % 10, r->p99 / 10, r->p99 % 10);
    el_printf("{\"bench\":1,\"kernel\":\"%s\",\"mode\":%d,\"door\":\"%s\",\"call\":\"%s\",\"kind\":\"%s\","
              "\"min\":%lu.%lu,\"median\":%lu.%lu,\"p99\":%lu.%lu,\"batch\":%u,\"batches\":%u}\n",
              kernel, MODE, door, call, kind, r->min / 10, r->min % 10, r->median / 10, r->median % 10,
              r->p99 / 10, r->p99 % 10, BATCH, batches);
}

static void row_na(const char *door, const char *call, const char *why)
{
    el_printf("bench%d: %-12s %-16s %8s %8s %8s  (%s)\n", MODE, door, call, "n/a", "n/a", "n/a", why);
    el_printf("{\"bench\":1,\"kernel\":\"%s\",\"mode\":%d,\"door\":\"%s\",\"call\":\"%s\",\"kind\":\"na\","
              "\"why\":\"%s\"}\n", kernel, MODE, door, call, why);
}

/* One call through d, to check it does what its row claims. */
static long once(const struct door *d, unsigned long nr, unsigned long a1, unsigned long a2)
{
#ifdef __x86_64__
    if (d->loop == bl_syscall)
        return door64_syscall((long)nr, (long)a1, (long)a2, 0, 0, 0, 0);
    if (d->loop == bl_int80)
        return door64_int80((long)nr, (long)a1, (long)a2, 0, 0, 0, 0);
    /* The vDSO stub pushes below RSP: step over the red zone first. */
    long r;
    __asm__ volatile("sub $128, %%rsp; call *%[fn]; add $128, %%rsp"
                     : "=a"(r) : "0"(nr), "D"(a1), "S"(a2), [fn] "r"(d->fn) : "memory", "cc");
    return r;
#else
    long r;
    if (d->loop == bl_int80)
        __asm__ volatile("int $0x80" : "=a"(r) : "0"(nr), "b"(a1), "c"(a2) : "memory");
    else
        __asm__ volatile("call *%[fn]" : "=a"(r) : "0"(nr), "b"(a1), "c"(a2), [fn] "D"(d->fn) : "memory");
    return r;
#endif
}

static int failures;

static void kernel_door(const struct door *d, const char *call, unsigned long nr, unsigned long a1,
                        unsigned long a2, long want_min, long want_max)
{
    long got = once(d, nr, a1, a2);
    if (got < want_min || got > want_max) {
        el_printf("bench%d: %s %s returned %ld: not the call it claims to be\n", MODE, d->name, call, got);
        failures++;
        return;
    }
    struct result r = measure(d->loop, bl_empty, nr, a1, a2, d->fn);
    row(d->name, call, "call", &r);
}

/* entrylab_bench through a door other than the one being switched. */
static long bench_switch(const struct door *d, uint32_t exit)
{
#ifdef __x86_64__
    if (d->el_door == EL_DOOR_INT80)
        return door64_syscall(NR64_entrylab_bench, d->el_door, exit, 0, 0, 0, 0);
#else
    if (d->el_door == EL_DOOR_INT80) {
        for (unsigned i = 1; i < NDOORS; i++)
            if (doors[i].fn && doors[i].el_door)
                return once(&doors[i], NR32_entrylab_bench, d->el_door, exit);
        return -ENOSYS;
    }
#endif
    return el_int80(NR32_entrylab_bench, d->el_door, exit, 0, 0, 0, 0);
}

static void baselines(const struct door *d)
{
    for (uint32_t x = EL_BENCH_NATIVE; x < EL_BENCH_EXITS; x++) {
        if (!(d->exits & EXIT(x)))
            continue;
        /* Nothing may print while the door is switched: int 0x80 may be it. */
        long err = bench_switch(d, x);
        if (err) {
            row_na(d->name, exit_names[x], err == -EINVAL ? "not on this CPU" : "needs the word bench");
            continue;
        }
        struct result r = measure(d->loop, bl_empty, 0, 0, 0, d->fn);
        long back = bench_switch(d, EL_BENCH_REAL);
        if (back) {
            el_printf("bench%d: could not switch %s back (%ld)\n", MODE, d->name, back);
            el_exit(2);
        }
        row(d->name, exit_names[x], x == EL_BENCH_NATIVE ? "bare" : "exit", &r);
    }
}

int main(int argc, char **argv, char **envp)
{
    (void)envp;
    /* `budget`: only the rows tests/bench-budgets.txt judges, few batches. */
    int budget = argc > 1 && !strcmp(argv[1], "budget");
    if (budget)
        batches = BATCHES_BUDGET;
    unsigned long accepts = 0;
    on_entrylab = el_auxv_find(AT_ENTRYLAB_ACCEPTS, &accepts);
    static char uts[6][65];
    if (!on_entrylab) {
        kernel = "linux";
        el_int80(NR32_uname, (long)uts, 0, 0, 0, 0, 0);
    }

    /* Which doors run here, and where their vDSO entries are. */
#ifdef __x86_64__
    doors[2].fn = on_entrylab && (accepts & EL_ACCEPT_SYSENTER_64) ? el_getauxval(AT_ENTRYLAB_SYSENTER64) : 0;
    if (on_entrylab && !(accepts & EL_ACCEPT_SYSCALL_64))
        doors[1].fn = 0;
#else
    doors[1].fn = on_entrylab ? el_getauxval(AT_ENTRYLAB_SYSENTER32) : 0;
    doors[2].fn = on_entrylab ? el_getauxval(AT_ENTRYLAB_SYSCALL32) : 0;
    doors[3].fn = el_getauxval(AT_SYSINFO);
#endif
    unsigned long vdso_clock = vdso_sym("__vdso_clock_gettime");

    el_printf("bench%d: kernel %s%s%s%s; per call in TSC ticks (guest instructions under QEMU -icount "
              "shift=0, emulated cycles under plain TCG and Bochs), %u batches of %u, the empty loop "
              "subtracted\n", MODE, on_entrylab ? "entrylab" : "Linux ", on_entrylab ? "" : uts[2],
              on_entrylab ? "" : " ", on_entrylab ? "" : uts[3], batches, BATCH);
    ticks_t bracket = min_of(bl_bracket, 1, 0, 0, 0, 0);
    ticks_t empty = min_of(bl_empty, BATCH, 0, 0, 0, 0);
    el_printf("bench%d: empty bracket (lfence; rdtsc; lfence twice) %lu ticks; empty loop %lu.%lu a turn\n",
              MODE, (unsigned long)bracket, (unsigned long)((empty - bracket) / BATCH),
              (unsigned long)((empty - bracket) * 10 / BATCH % 10));
    el_printf("bench%d: %-12s %-16s %8s %8s %8s\n", MODE, "door", "call", "min", "median", "p99");

    for (unsigned i = 0; i < NDOORS; i++) {
        const struct door *d = &doors[i];
        if (!d->fn) {
            row_na(d->name, "getppid", on_entrylab ? "refused by this CPU" : "not a Linux door");
            continue;
        }
        unsigned long getppid = d->abi64 ? NR64_getppid : NR32_getppid;
        unsigned long clock = d->abi64 ? NR64_clock_gettime : NR32_clock_gettime;
        kernel_door(d, "getppid", getppid, 0, 0, 0, 0x7fffffff);
        kernel_door(d, "ENOSYS", NR_INVALID, 0, 0, -ENOSYS, -ENOSYS);
        if (!budget)
            kernel_door(d, "clock_gettime", clock, CLOCK_MONOTONIC, (unsigned long)ts, 0, 0);
    }
    if (budget)
        return failures ? 1 : 0;
    if (vdso_clock) {
        struct result r = measure(bl_ccall, bl_cempty, 0, CLOCK_MONOTONIC, (unsigned long)ts, vdso_clock);
        row("vDSO", "clock_gettime", "call", &r);
    } else {
        row_na("vDSO", "clock_gettime", "no AT_SYSINFO_EHDR");
    }

    if (on_entrylab) {
        el_printf("bench%d: baselines: the door pointed at a stub that leaves at once (syscall/bench_doors.asm)\n",
                  MODE);
        for (unsigned i = 0; i < NDOORS; i++)
            if (doors[i].fn && doors[i].el_door)
                baselines(&doors[i]);
    }
    return failures ? 1 : 0;
}
