/* iopl and ioperm. entrylab keeps no I/O permission bitmap in its TSS, so
 * it answers as Linux does for a process without CAP_SYS_RAWIO (a root
 * process in a container that dropped it): a request for more access is
 * -EPERM; asking for none, or for no more than it has, succeeds. Bad
 * arguments are -EINVAL first, as on Linux. vm86 and vm86old are absent:
 * -ENOSYS, as on any 64-bit Linux. */
#include "errno.h"
#include "syscall.h"

#define IO_BITMAP_BITS 65536

int64_t sys_iopl(struct sc_call *c)
{
    uint32_t level = (uint32_t)c->arg[0];
    if (level > 3)
        return -EINVAL;
    return level == 0 ? 0 : -EPERM; /* the current level is 0 */
}

int64_t sys_ioperm(struct sc_call *c)
{
    uint64_t from = c->arg[0], num = c->arg[1];
    /* Unsigned longs: i386's arguments arrive zero-extended, no wrap. */
    if (from + num <= from || from + num > IO_BITMAP_BITS)
        return -EINVAL;
    /* Turning ports off that were never on changes nothing. */
    return (uint32_t)c->arg[2] ? -EPERM : 0;
}
