/* walk: one getpid through every door this CPU accepts in this program's
 * mode, and nothing else, for the Bochs walkthrough (./lab bochs --walk):
 * every stop the debugger makes is one of these calls. Built as walk64 and
 * walk32; the runtime's exit after main is one more int 0x80 entry. */
#include "sys.h"

int main(int argc, char **argv, char **envp)
{
    (void)argc, (void)argv, (void)envp;
    unsigned long accepts = el_getauxval(AT_ENTRYLAB_ACCEPTS);
#ifdef __x86_64__
    door64_int80(NR32_getpid, 0, 0, 0, 0, 0, 0);
    if (accepts & EL_ACCEPT_SYSCALL_64)
        door64_syscall(NR64_getpid, 0, 0, 0, 0, 0, 0);
    if (accepts & EL_ACCEPT_SYSENTER_64)
        door64_sysenter(NR64_getpid, 0, 0, 0, 0, 0, 0);
#else
    door32_int80(NR32_getpid, 0, 0, 0, 0, 0, 0);
    if (accepts & EL_ACCEPT_SYSCALL_32)
        door32_syscall(NR32_getpid, 0, 0, 0, 0, 0, 0);
    if (accepts & EL_ACCEPT_SYSENTER_32)
        door32_sysenter(NR32_getpid, 0, 0, 0, 0, 0, 0);
#endif
    return 0;
}
