/* nx_stack64: the stack is not executable. A `ret` copied to the stack and
 * called must fault with #PF (an instruction fetch from an NX page), which
 * entrylab_expect(14) turns into a pass. Returning means the stack ran code. */
#include "sys.h"

#define PF_VECTOR 14

int main(int argc, char **argv, char **envp)
{
    (void)argc, (void)argv, (void)envp;
    volatile unsigned char code[16];
    code[0] = 0xc3;   /* ret */
    void (*fn)(void) = (void (*)(void))(unsigned long)code;
    el_printf("# calling a ret on the stack at %p: expecting #PF\n", (void *)code);
    long r = el_expect(PF_VECTOR);
    if (r != 0) {
        el_fail("entrylab_expect(14) returned %ld", r);
        return 1;
    }
    fn();
    el_fail("code on the stack ran");
    return 1;
}
