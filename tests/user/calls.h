/* Shared by the Linux-call test programs (files, creds, limits, clocks):
 * each is built 64-bit (calls through syscall, x86-64 numbers) and 32-bit
 * (int 0x80, i386 numbers), and checks results and errors alike. */
#ifndef ENTRYLAB_TEST_CALLS_H
#define ENTRYLAB_TEST_CALLS_H
#include "sys.h"
#include <uapi/linux_fs.h>
#include <uapi/linux_task.h>
#include <uapi/linux_tty.h>

#ifdef __x86_64__
#define MODE 64
#define NR(x) NR64_##x
#define DOOR door64_syscall
/* A kernel address and a canonical-hole one: both -EFAULT. */
#define KPTR 0xffffffff80100000l
#else
#define MODE 32
#define NR(x) NR32_##x
#define DOOR door32_int80
#define KPTR 0xfffff000l
#endif
#define UNMAPPED 0x10000000l  /* below the program, never mapped */

#define ENOENT 2
#define ESRCH 3
#define ENXIO 6
#define EBADF 9
#define EAGAIN 11
#define ENOMEM 12
#define EACCES 13
#define EEXIST 17
#define ENOTDIR 20
#define EMFILE 24
#define ENOTTY 25
#define ESPIPE 29
#define ERANGE 34
#define ENAMETOOLONG 36
#define EOPNOTSUPP 95

static inline long sys6(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
    return DOOR(nr, a1, a2, a3, a4, a5, a6);
}
#define sys(nr, ...) sys_n(nr, __VA_ARGS__, 0, 0, 0, 0, 0, 0)
#define sys_n(nr, a, b, c, d, e, f, ...) sys6(nr, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))
#define sys0(nr) sys6(nr, 0, 0, 0, 0, 0, 0)

/* 64-bit division without libgcc (32-bit programs link no runtime for it):
 * shift and subtract. n must be >= 0. */
static inline long long div64(long long n, long long d, long long *rem)
{
    unsigned long long q = 0, r = 0, un = (unsigned long long)n;
    for (int i = 63; i >= 0; i--) {
        r = r << 1 | (un >> i & 1);
        if (r >= (unsigned long long)d) {
            r -= (unsigned long long)d;
            q |= 1ull << i;
        }
    }
    if (rem)
        *rem = (long long)r;
    return (long long)q;
}
static inline long long mod64(long long n, long long d)
{
    long long r;
    div64(n, d, &r);
    return r;
}

/* Checks print only when they fail (the UEFI framebuffer console is slow,
 * and these programs make hundreds); calls_done prints the count. */
static int calls_checked;
static inline void check(int ok, const char *what)
{
    calls_checked++;
    if (!ok)
        el_fail("%s", what);
}
static inline void expect_ll(const char *what, long long got, long long want)
{
    calls_checked++;
    if (got != want)
        el_fail("%s: got %lld (0x%llx) want %lld", what, got, (unsigned long long)got, want);
}
#define expect(what, got, want) expect_ll(what, (long long)(got), (long long)(want))
static inline int calls_done(const char *prog)
{
    el_printf("# %s%d: %d checks, %d failure(s)\n", prog, MODE, calls_checked, el_failures);
    return el_failures ? 1 : 0;
}

#endif
