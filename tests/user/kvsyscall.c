/* kvsyscall32: which door __kernel_vsyscall takes. argv[1] is the door the boot's
 * door32= word asked for ("int80", "sysenter", "syscall"), or "default" for
 * the vendor's (Intel: sysenter, AMD: syscall, when the probe accepted it;
 * int 0x80 otherwise). entrylab_info, called through AT_SYSINFO, says which
 * door the call came in by. */
#include "sys.h"

int main(int argc, char **argv, char **envp)
{
    (void)envp;
    static struct entrylab_info info;
    unsigned long kv = 0;
    if (argc != 2 || !el_auxv_find(AT_SYSINFO, &kv)) {
        el_fail("usage: kvsyscall32 int80|sysenter|syscall|default, with AT_SYSINFO");
        return 1;
    }
    long r;
    __asm__ volatile("call *%[f]" : "=a"(r) : "a"(NR32_entrylab_info), "b"(&info), [f] "r"(kv)
                     : "memory");
    el_check_eq("entrylab_info through __kernel_vsyscall", (unsigned long)r, 0);
    uint32_t want;
    if (strcmp(argv[1], "int80") == 0)
        want = EL_DOOR_INT80;
    else if (strcmp(argv[1], "sysenter") == 0)
        want = EL_DOOR_SYSENTER32;
    else if (strcmp(argv[1], "syscall") == 0)
        want = EL_DOOR_SYSCALL32;
    else if (info.vendor == EL_VENDOR_INTEL && (info.accepts & EL_ACCEPT_SYSENTER_32))
        want = EL_DOOR_SYSENTER32;
    else if (info.vendor == EL_VENDOR_AMD && (info.accepts & EL_ACCEPT_SYSCALL_32))
        want = EL_DOOR_SYSCALL32;
    else
        want = EL_DOOR_INT80;
    el_printf("# __kernel_vsyscall entered by %s, %s wanted (%s)\n", el_door_name(info.door),
              el_door_name(want), argv[1]);
    el_check_eq("the door __kernel_vsyscall used", info.door, want);
    return el_failures ? 1 : 0;
}
