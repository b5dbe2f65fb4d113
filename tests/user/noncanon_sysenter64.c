/* sysenter from 64-bit code with a non-canonical user stack pointer in rbp
 * (the RSP sysexit would load from rcx). sysexit with a non-canonical rcx
 * raises #GP in ring 0, so the kernel must leave by iretq, which loads the
 * RSP unchecked: the program's first stack access at the vDSO's landing pad
 * then faults in ring 3. The program catches that fault on its alternate
 * stack and prints it; the harness pins each platform's own vector
 * (tests/entry.cmake). Where this CPU refuses 64-bit sysenter: SIGILL. */
#include "sys.h"
#include <uapi/sigframe.h>

__asm__(".text\n.globl restore_rt\nrestore_rt:\n mov $15, %eax\n syscall\n ud2\n");
void restore_rt(void);

static char altstack[16384] __attribute__((aligned(16)));

static void caught(int sig, struct el_siginfo_64 *si, struct el_ucontext_64 *uc)
{
    (void)si;
    el_printf("# noncanon_sysenter64: signal %d, trap %lu at rip=0x%lx, rsp=0x%lx\n", sig,
              (unsigned long)uc->uc_mcontext.trapno, (unsigned long)uc->uc_mcontext.rip,
              (unsigned long)uc->uc_mcontext.rsp);
    int ok = uc->uc_mcontext.rsp == 0x0000800000000000ul || sig == EL_SIGILL;
    el_exit(ok ? 0 : 1);
}

int main(int argc, char **argv, char **envp)
{
    (void)argc, (void)argv, (void)envp;
    struct el_stack_64 st = {(uint64_t)altstack, 0, 0, sizeof altstack};
    door64_syscall(NR64_sigaltstack, (long)&st, 0, 0, 0, 0, 0);
    struct el_sigaction_64 a = {(uint64_t)caught, EL_SA_SIGINFO | EL_SA_RESTORER | EL_SA_ONSTACK,
                                (uint64_t)restore_rt, 0};
    for (int sig = EL_SIGILL; sig <= EL_SIGSEGV; sig++)
        if (sig == EL_SIGILL || sig == EL_SIGBUS || sig == EL_SIGSEGV)
            door64_syscall(NR64_rt_sigaction, sig, (long)&a, 0, 8, 0, 0);
    __asm__ volatile("push %%rbp\n"
                     "mov $0x0000800000000000, %%rbp\n"
                     "mov %[nr], %%eax\n"
                     "sysenter\n"
                     "pop %%rbp"
                     :: [nr] "i"(NR64_getpid) : "rax", "rcx", "rdx", "memory");
    el_puts("# the kernel returned to the next instruction: sysexit cannot do that");
    return 1;
}
