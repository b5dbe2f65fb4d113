/* Linux's process ABI for fork, clone, wait4 and waitid: the flags, the
 * status word, waitid's siginfo fields and struct rusage in both layouts.
 * Shared by the kernel and the test programs; fixed-size types only. */
#ifndef ENTRYLAB_UAPI_LINUX_WAIT_H
#define ENTRYLAB_UAPI_LINUX_WAIT_H
#include <stdint.h>

/* wait4 and waitid options. */
#define WNOHANG     0x00000001
#define WUNTRACED   0x00000002  /* wait4's name for WSTOPPED */
#define WSTOPPED    0x00000002
#define WEXITED     0x00000004
#define WCONTINUED  0x00000008
#define WNOWAIT     0x01000000
#define __WNOTHREAD 0x20000000
#define __WALL      0x40000000
#define __WCLONE    0x80000000u

/* waitid's idtype. */
#define P_ALL  0
#define P_PID  1
#define P_PGID 2

/* SIGCHLD's and waitid's si_code. */
#define CLD_EXITED 1
#define CLD_KILLED 2
#define CLD_DUMPED 3
#define CLD_TRAPPED 4
#define CLD_STOPPED 5
#define CLD_CONTINUED 6

/* The status word: exit code << 8, or the signal (| 0x80 for a core). */
#define EL_W_EXITCODE(code) (((code) & 0xff) << 8)
#define EL_WIFEXITED(s)   (((s) & 0x7f) == 0)
#define EL_WEXITSTATUS(s) (((s) >> 8) & 0xff)
#define EL_WIFSIGNALED(s) (((s) & 0x7f) != 0 && ((s) & 0x7f) != 0x7f)
#define EL_WTERMSIG(s)    ((s) & 0x7f)

/* clone's flags that entrylab serves (fork-like ones; docs/abi.md). */
#define CSIGNAL              0x000000ffu
#define CLONE_VM             0x00000100u
#define CLONE_FS             0x00000200u
#define CLONE_FILES          0x00000400u
#define CLONE_SIGHAND        0x00000800u
#define CLONE_VFORK          0x00004000u
#define CLONE_PARENT         0x00008000u
#define CLONE_THREAD         0x00010000u
#define CLONE_SYSVSEM        0x00040000u
#define CLONE_SETTLS         0x00080000u
#define CLONE_PARENT_SETTID  0x00100000u
#define CLONE_CHILD_CLEARTID 0x00200000u
#define CLONE_DETACHED       0x00400000u
#define CLONE_UNTRACED       0x00800000u
#define CLONE_CHILD_SETTID   0x01000000u

/* The fields of siginfo waitid writes, by offset (both layouts are 128
 * bytes; the 64-bit union starts at 16, the i386 one at 12). */
#define WAITID_SI_SIGNO 0
#define WAITID_SI_ERRNO 4
#define WAITID_SI_CODE  8
#define WAITID_SI_PID(abi32)    ((abi32) ? 12 : 16)
#define WAITID_SI_UID(abi32)    ((abi32) ? 16 : 20)
#define WAITID_SI_STATUS(abi32) ((abi32) ? 20 : 24)

struct linux_rusage64 {
    int64_t utime_sec, utime_usec, stime_sec, stime_usec;
    int64_t rest[14]; /* maxrss .. nivcsw */
};
struct linux_rusage32 {
    int32_t utime_sec, utime_usec, stime_sec, stime_usec;
    int32_t rest[14];
};
_Static_assert(sizeof(struct linux_rusage64) == 144, "struct rusage, x86-64");
_Static_assert(sizeof(struct linux_rusage32) == 72, "struct rusage, i386");

#endif
