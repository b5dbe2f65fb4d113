/* walk: one getpid through every door this CPU accepts in this program's
 * mode, and nothing else, for the Bochs walkthrough (./lab bochs --walk):
 * every stop the debugger makes is one of these calls. Built as walk64 and
 * walk32; the runtime's exit after main is one more int 0x80 entry. */
#include "sys.h"

int main(int argc, char **argv, char **envp)
{
    (void)argc, (void)argv, (void)envp;
    unsigned long accepts = el_getauxval(AT_ENTRYLAB_ACCEPTS);
    for (int i = 0; i < EL_NDOORS; i++)
        if (accepts & el_doors[i].accept)
            el_doors[i].call(EL_NR(&el_doors[i], getpid), 0, 0, 0, 0, 0, 0);
    return 0;
}
