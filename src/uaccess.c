#include "uaccess.h"
#include "errno.h"
#include "layout.h"

bool user_range_ok(uint64_t addr, uint64_t n)
{
    return addr >= USER_MIN && addr <= USER_END && n <= USER_END - addr;
}

int copy_from_user(void *dst, uint64_t usrc, uint64_t n)
{
    if (!user_range_ok(usrc, n))
        return -EFAULT;
    return raw_copy(dst, (const void *)usrc, n) ? -EFAULT : 0;
}

int copy_to_user(uint64_t udst, const void *src, uint64_t n)
{
    if (!user_range_ok(udst, n))
        return -EFAULT;
    return raw_copy((void *)udst, src, n) ? -EFAULT : 0;
}
