/* mmfault64 / mmfault32 CASE: an access the mapping forbids must fault with
 * #PF, which entrylab_expect(14) turns into a pass; returning is a failure.
 *   ro        write to a PROT_READ mapping (after reading it works)
 *   unmapped  touch a page after munmap
 *   none      read a PROT_NONE page (it was readable before mprotect) */
#include "sys.h"
#include <uapi/mman.h>

#ifdef __x86_64__
#define NR(x) NR64_##x
#define DOOR door64_syscall
#define MMAP NR64_mmap
#else
#define NR(x) NR32_##x
#define DOOR door32_int80
#define MMAP NR32_mmap2 /* the offset in pages: 0 either way */
#endif
#define PG 4096l

static long sys(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
    return DOOR(nr, a1, a2, a3, a4, a5, a6);
}

int main(int argc, char **argv, char **envp)
{
    (void)envp;
    const char *what = argc > 1 ? argv[1] : "";
    long r = sys(MMAP, 0, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if ((unsigned long)r >= (unsigned long)-4095) {
        el_fail("mmap returned %ld", r);
        return 1;
    }
    volatile unsigned char *p = (volatile unsigned char *)r;
    p[10] = 42;
    if (strcmp(what, "ro") == 0) {
        el_check_eq("mprotect to PROT_READ", (unsigned long)sys(NR(mprotect), r, PG, PROT_READ, 0, 0, 0), 0);
        el_check(p[10] == 42, "the read-only page can be read");
    } else if (strcmp(what, "unmapped") == 0) {
        el_check_eq("munmap", (unsigned long)sys(NR(munmap), r, PG, 0, 0, 0, 0), 0);
    } else if (strcmp(what, "none") == 0) {
        el_check_eq("mprotect to PROT_NONE", (unsigned long)sys(NR(mprotect), r, PG, PROT_NONE, 0, 0, 0), 0);
    } else {
        el_fail("unknown case '%s' (ro, unmapped, none)", what);
        return 1;
    }
    if (el_failures)
        return 1;
    el_printf("# %s: touching %p, expecting #PF\n", what, (void *)(p + 10));
    long e = el_expect(14);
    if (e != 0) {
        el_fail("entrylab_expect(14) returned %ld", e);
        return 1;
    }
    if (strcmp(what, "ro") == 0)
        p[10] = 1;
    else
        (void)p[10];
    el_fail("the access did not fault");
    return 1;
}
