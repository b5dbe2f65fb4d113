/* startup64 / startup32, run as "startupNN --fast x": the state a program
 * starts in (docs/abi.md, "Programs"): Linux's initial stack with argc, argv,
 * envp and the auxiliary vector, every register zero but the stack pointer,
 * RFLAGS 0x202, the stack pointer 16-byte aligned. _start recorded the
 * registers in el_entry before touching any. */
#include "sys.h"

#ifdef __x86_64__
#define MODE 64
#define MODE_STR "64"
#define PLATFORM "x86_64"
struct phdr {   /* Elf64_Phdr */
    uint32_t type, flags;
    uint64_t offset, vaddr, paddr, filesz, memsz, align;
};
#else
#define MODE 32
#define MODE_STR "32"
#define PLATFORM "i686"
struct phdr {   /* Elf32_Phdr */
    uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align;
};
#endif
#define PT_LOAD 1
#define PT_PHDR 6
#define PF_X 1

extern char _start[];

static const char *basename(const char *s)
{
    const char *b = s;
    for (; *s; s++)
        if (*s == '/')
            b = s + 1;
    return b;
}

static void check_registers(void)
{
    int bad = 0;
    for (int i = 0; i < EL_NGPR; i++) {
        if (el_entry.gpr[i] != 0) {
            el_fail("%s = 0x%lx at entry, want 0", el_gpr_names[i], el_entry.gpr[i]);
            bad++;
        }
    }
    if (!bad)
        el_printf("# ok every general register but the stack pointer was 0 at entry\n");
    el_check_eq("RFLAGS at entry", el_entry.flags, 0x202);
    if (el_entry.sp % 16 == 0)
        el_printf("# ok stack pointer 0x%lx is 16-byte aligned at entry\n", el_entry.sp);
    else
        el_fail("stack pointer 0x%lx is not 16-byte aligned at entry", el_entry.sp);
    el_check_eq("argc is where the stack pointer points", el_entry.sp,
                (unsigned long)el_argv - sizeof(long));
}

static void check_args(int argc, char **argv, char **envp)
{
    static const char *const want[] = {"startup" MODE_STR, "--fast", "x"};
    el_check_eq("argc", (unsigned long)argc, 3);
    if (argc == 3) {
        el_check(strcmp(basename(argv[0]), want[0]) == 0, "argv[0] names the program");
        el_check(strcmp(argv[1], want[1]) == 0, "argv[1] is \"--fast\"");
        el_check(strcmp(argv[2], want[2]) == 0, "argv[2] is \"x\"");
    }
    el_check(argv[argc] == 0, "argv[argc] is NULL");
    int found = 0;
    for (char **e = envp; *e; e++)
        if (strcmp(*e, "ENTRYLAB=1") == 0)
            found = 1;
    el_check(found, "envp has ENTRYLAB=1");
    int home = 0, path = 0;
    for (char **e = envp; *e; e++) {
        home |= strcmp(*e, "HOME=/") == 0;
        path |= strncmp(*e, "PATH=", 5) == 0;
    }
    el_check(home && path, "envp has HOME=/ and a PATH, as Linux's init gets");
}

static int aux(unsigned long type, unsigned long *v, const char *name)
{
    if (el_auxv_find(type, v))
        return 1;
    el_fail("no %s in the auxiliary vector", name);
    return 0;
}

static void check_auxv(char **argv)
{
    unsigned long v, phdr, phent, phnum, entry;
    if (aux(AT_PAGESZ, &v, "AT_PAGESZ"))
        el_check_eq("AT_PAGESZ", v, 4096);
    if (aux(AT_ENTRY, &entry, "AT_ENTRY"))
        el_check_eq("AT_ENTRY is _start", entry, (unsigned long)_start);
    if (aux(AT_PHDR, &phdr, "AT_PHDR") && aux(AT_PHENT, &phent, "AT_PHENT") &&
        aux(AT_PHNUM, &phnum, "AT_PHNUM")) {
        el_check_eq("AT_PHENT", phent, sizeof(struct phdr));
        el_check(phnum >= 1 && phnum < 64, "AT_PHNUM is reasonable");
        const struct phdr *ph = (const struct phdr *)phdr;
        int loads = 0, entry_in = 0, phdr_in = 0;
        for (unsigned long i = 0; i < phnum; i++) {
            if (ph[i].type == PT_PHDR)
                el_check_eq("PT_PHDR's address is AT_PHDR", ph[i].vaddr, phdr);
            if (ph[i].type != PT_LOAD)
                continue;
            loads++;
            if (entry - ph[i].vaddr < ph[i].memsz && (ph[i].flags & PF_X))
                entry_in = 1;
            if (phdr - ph[i].vaddr < ph[i].memsz)
                phdr_in = 1;
        }
        el_check(loads > 0, "the program headers at AT_PHDR have PT_LOAD entries");
        el_check(entry_in, "an executable PT_LOAD holds AT_ENTRY");
        el_check(phdr_in, "a PT_LOAD holds the program headers");
    }
    if (aux(AT_RANDOM, &v, "AT_RANDOM")) {
        const unsigned char *r = (const unsigned char *)v;
        unsigned char any = 0;
        for (int i = 0; i < 16; i++)
            any |= r[i];
        el_check(any != 0, "AT_RANDOM points to 16 readable bytes, not all zero");
    }
    if (aux(AT_EXECFN, &v, "AT_EXECFN"))
        el_check(strncmp((const char *)v, "/user/", 6) == 0 && strcmp((const char *)v + 6, argv[0]) == 0,
                 "AT_EXECFN is the program's path, /user/<argv[0]>");
    if (aux(AT_PLATFORM, &v, "AT_PLATFORM"))
        el_check(strcmp((const char *)v, PLATFORM) == 0, "AT_PLATFORM is " PLATFORM);
#ifndef __x86_64__
    if (aux(AT_SYSINFO, &v, "AT_SYSINFO"))
        el_printf("# ok AT_SYSINFO 0x%lx\n", v);
#endif
}

int main(int argc, char **argv, char **envp)
{
    check_registers();
    check_args(argc, argv, envp);
    check_auxv(argv);
    el_printf("# startup%d: %d failure(s)\n", MODE, el_failures);
    return el_failures ? 1 : 0;
}
