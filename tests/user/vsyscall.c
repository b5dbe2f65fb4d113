/* vsyscall64 MODE [CASE]: Linux's legacy vsyscall page at 0xffffffffff600000
 * under vsyscall=MODE (xonly, emulate, none; the boot's command line says
 * which). CASE ends the program with a fault the kernel must deliver:
 *   read      read the page (xonly: #PF; emulate: the code Linux's holds)
 *   write     write the page (#PF in every mode: never writable)
 *   misaligned call +0x10, not an entry (#PF)
 *   badptr    gettimeofday with an unmapped pointer (#PF, Linux: SIGSEGV)
 * Without CASE it calls the three entries (none: the first call faults). */
#include "sys.h"

#define VSYSCALL 0xffffffffff600000ul
typedef long (*tod_fn)(void *, void *);
typedef long (*time_fn)(long *);
typedef long (*getcpu_fn)(unsigned *, unsigned *, void *);

static void calls(void)
{
    static long tv[2], tv0[2];
    static int tz[2] = {5, 5}; /* struct timezone: two ints */
    door64_syscall(NR64_gettimeofday, (long)tv0, 0, 0, 0, 0, 0);
    long r = ((tod_fn)VSYSCALL)(tv, tz);
    el_check_eq("gettimeofday at 0xffffffffff600000 returns 0", (unsigned long)r, 0);
    el_printf("# gettimeofday: %ld.%06ld (syscall before: %ld.%06ld)\n", tv[0], tv[1], tv0[0], tv0[1]);
    el_check(tv[0] * 1000000 + tv[1] >= tv0[0] * 1000000 + tv0[1] && tv[1] < 1000000 &&
                 tv[0] - tv0[0] < 2 && tz[0] == 0 && tz[1] == 0,
             "... the system call's clock, timezone UTC");
    static long t;
    long s = ((time_fn)(VSYSCALL + 0x400))(&t);
    el_check(s == t && s >= tv[0] && s - tv[0] < 2, "time at +0x400 returns and stores the seconds");
    el_check(((time_fn)(VSYSCALL + 0x400))(0) >= s, "time(NULL)");
    static unsigned cpu = 7, node = 7;
    el_check(((getcpu_fn)(VSYSCALL + 0x800))(&cpu, &node, 0) == 0 && cpu == 0 && node == 0,
             "getcpu at +0x800: cpu 0, node 0");
}

int main(int argc, char **argv, char **envp)
{
    (void)envp;
    if (argc < 2) {
        el_fail("usage: vsyscall64 xonly|emulate|none [read|write|misaligned|badptr]");
        return 1;
    }
    const char *mode = argv[1], *c = argc > 2 ? argv[2] : "";
    if (strcmp(mode, "none") == 0 && !*c) {
        el_expect(14); /* no page, no emulation: the call is the program's #PF */
        calls();
        el_fail("a call into the vsyscall page returned under vsyscall=none");
        return 1;
    }
    if (!*c) {
        calls();
        return el_failures ? 1 : 0;
    }
    if (strcmp(c, "read") == 0) {
        if (strcmp(mode, "emulate") == 0) {
            /* Linux's sequences: mov $nr, %rax; syscall; ret. */
            static const unsigned char want[3][10] = {
                {0x48, 0xc7, 0xc0, 96, 0, 0, 0, 0x0f, 0x05, 0xc3},
                {0x48, 0xc7, 0xc0, 201, 0, 0, 0, 0x0f, 0x05, 0xc3},
                {0x48, 0xc7, 0xc0, 0x35, 1, 0, 0, 0x0f, 0x05, 0xc3}};
            for (int i = 0; i < 3; i++)
                el_check(memcmp((const void *)(VSYSCALL + 0x400 * i), want[i], 10) == 0,
                         "the page holds Linux's system call sequence");
            el_check(*(volatile unsigned char *)(VSYSCALL + 0x20) == 0xcc, "int3 between them");
            return el_failures ? 1 : 0;
        }
        el_expect(14);
        el_printf("# read %x\n", *(volatile unsigned char *)VSYSCALL);
    } else if (strcmp(c, "write") == 0) {
        el_expect(14);
        *(volatile unsigned char *)VSYSCALL = 0x90;
    } else if (strcmp(c, "misaligned") == 0) {
        el_expect(14);
        ((time_fn)(VSYSCALL + 0x10))(0);
    } else if (strcmp(c, "badptr") == 0) {
        el_expect(14);
        ((tod_fn)VSYSCALL)((void *)0x10000000, 0);
    }
    el_fail("%s under vsyscall=%s did not fault", c, mode);
    return 1;
}
