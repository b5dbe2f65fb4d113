/* guard64: the page below the 64 KiB stack is an unmapped guard. The lowest
 * stack page must be usable; a touch one byte below it must fault with #PF,
 * which entrylab_expect(14) turns into a pass. */
#include "sys.h"

#define PF_VECTOR 14

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
    el_printf("# touching the guard page at %p: expecting #PF\n", (void *)(bottom - 1));
    long r = el_expect(PF_VECTOR);
    if (r != 0) {
        el_fail("entrylab_expect(14) returned %ld", r);
        return 1;
    }
    bottom[-1] = 0;
    el_fail("the page below the stack is mapped");
    return 1;
}
