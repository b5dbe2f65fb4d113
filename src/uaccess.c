#include "uaccess.h"
#include "errno.h"
#include "layout.h"

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

long copy_string_from_user(char *dst, uint64_t usrc, uint64_t size)
{
    /* A page at a time, never past the page that holds the NUL: the bytes
     * after a string may be unmapped. */
    uint64_t n = 0;
    while (n < size) {
        uint64_t at = usrc + n, chunk = 4096 - (at & 4095);
        if (chunk > size - n)
            chunk = size - n;
        if (copy_from_user(dst + n, at, chunk))
            return -EFAULT;
        for (uint64_t i = 0; i < chunk; i++)
            if (dst[n + i] == 0)
                return (long)(n + i);
        n += chunk;
    }
    return -ENAMETOOLONG;
}
