/* guard64: the stack starts as 64 KiB and grows down on demand, as Linux's,
 * up to RLIMIT_STACK (8 MiB below its top). The lowest first page is usable,
 * the page under it comes at the first touch, and so does the lowest page of
 * the 8 MiB; one byte below that must fault with #PF, which
 * entrylab_expect(14) turns into a pass. */
#include "sys.h"

#define PF_VECTOR 14
#define RLIMIT (8ul << 20)

int main(int argc, char **argv, char **envp)
{
    (void)argc, (void)argv, (void)envp;
    volatile unsigned char *bottom =
        (volatile unsigned char *)(EL_STACK_TOP_64 - EL_STACK_SIZE);
    unsigned long sp = (unsigned long)&bottom;
    if (sp >= EL_STACK_TOP_64 || sp < EL_STACK_TOP_64 - EL_STACK_SIZE) {
        el_fail("the stack pointer 0x%lx is not in the documented stack", sp);
        return 1;
    }
    bottom[0] = bottom[0];   /* the lowest stack page is mapped */
    el_printf("# ok the lowest stack page at %p is mapped\n", (void *)bottom);
    bottom[-1] = 0x5a;       /* the stack grows by a page */
    el_check(bottom[-1] == 0x5a && bottom[-4096] == 0, "the page below the stack comes on demand");
    volatile unsigned char *low = (volatile unsigned char *)(EL_STACK_TOP_64 - RLIMIT);
    low[0] = 0xa5;
    el_check(low[0] == 0xa5, "the stack grows to 8 MiB below its top");
    if (el_failures)
        return 1;
    el_printf("# touching %p, below RLIMIT_STACK: expecting #PF\n", (void *)(low - 1));
    long r = el_expect(PF_VECTOR);
    if (r != 0) {
        el_fail("entrylab_expect(14) returned %ld", r);
        return 1;
    }
    low[-1] = 0;
    el_fail("the stack grew past RLIMIT_STACK");
    return 1;
}
