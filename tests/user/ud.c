/* ud64: an invalid opcode ends the program with #UD (vector 6), which
 * entrylab_expect(6) turns into a pass; the kernel goes on. */
#include "sys.h"

#define UD_VECTOR 6

int main(int argc, char **argv, char **envp)
{
    (void)argc, (void)argv, (void)envp;
    el_printf("# executing ud2: expecting #UD\n");
    long r = el_expect(UD_VECTOR);
    if (r != 0) {
        el_fail("entrylab_expect(6) returned %ld", r);
        return 1;
    }
    __asm__ volatile("ud2");
    el_fail("ud2 returned");
    return 1;
}
