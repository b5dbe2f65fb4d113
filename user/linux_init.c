/* linux_init: /init of the initramfs `./lab bench --linux` boots Debian's
 * Linux with: runs /bench64 and /bench32 one after the other, then powers
 * the machine off (QEMU exits). An ordinary static Linux program. */
#include "sys.h"

#define NR_fork 57
#define NR_execve 59
#define NR_wait4 61
#define NR_reboot 169
#define NR_sync 162

static long sys(long nr, long a1, long a2, long a3, long a4)
{
    return door64_syscall(nr, a1, a2, a3, a4, 0, 0);
}

static void run(const char *path, char **envp)
{
    char *argv[] = {(char *)path + 1, 0};
    long pid = sys(NR_fork, 0, 0, 0, 0);
    if (pid == 0) {
        sys(NR_execve, (long)path, (long)argv, (long)envp, 0);
        el_printf("linux_init: cannot run %s\n", path);
        el_exit(127);
    }
    int status = 0;
    if (pid < 0 || sys(NR_wait4, pid, (long)&status, 0, 0) != pid)
        el_printf("linux_init: %s did not run (%ld)\n", path, pid);
    else
        el_printf("linux_init: %s exit status %d\n", path, (status >> 8) & 0xff);
}

int main(int argc, char **argv, char **envp)
{
    (void)argc, (void)argv;
    run("/bench64", envp);
    run("/bench32", envp);
    sys(NR_sync, 0, 0, 0, 0);
    /* LINUX_REBOOT_MAGIC1, MAGIC2, LINUX_REBOOT_CMD_POWER_OFF */
    sys(NR_reboot, (long)0xfee1dead, 672274793, 0x4321fedc, 0);
    return 1;
}
