/* Host tests for rlimit_rules.c: Linux's defaults, the checks of a change,
 * and the i386 conversions (ugetrlimit, the old getrlimit's clamp). */
#include <stdint.h>

#include "check.h"
#include "errno.h"
#include "rlimit.h"

static void test_defaults(void)
{
    struct linux_rlimit64 r[RLIM_NLIMITS];
    rlimit_defaults(r, 1000);
    CHECK(r[RLIMIT_STACK].rlim_cur == 8u << 20 && r[RLIMIT_STACK].rlim_max == RLIM64_INFINITY);
    CHECK(r[RLIMIT_NOFILE].rlim_cur == 1024 && r[RLIMIT_NOFILE].rlim_max == 4096);
    CHECK(r[RLIMIT_CORE].rlim_cur == 0 && r[RLIMIT_CORE].rlim_max == RLIM64_INFINITY);
    CHECK(r[RLIMIT_NPROC].rlim_cur == 500 && r[RLIMIT_SIGPENDING].rlim_max == 500);
    CHECK(r[RLIMIT_MEMLOCK].rlim_cur == 8u << 20 && r[RLIMIT_MEMLOCK].rlim_max == 8u << 20);
    CHECK(r[RLIMIT_MSGQUEUE].rlim_cur == 819200);
    CHECK(r[RLIMIT_NICE].rlim_max == 0 && r[RLIMIT_RTPRIO].rlim_max == 0);
    CHECK(r[RLIMIT_CPU].rlim_cur == RLIM64_INFINITY && r[RLIMIT_RTTIME].rlim_max == RLIM64_INFINITY);
}

static void test_check(void)
{
    struct linux_rlimit64 old = {1024, 4096};
    struct linux_rlimit64 lower = {512, 2048}, inverted = {4096, 1024}, higher = {1024, 8192};
    struct linux_rlimit64 huge = {1024, NR_OPEN + 1};
    CHECK(rlimit_check(RLIMIT_NOFILE, &old, 0, false) == 0);
    CHECK(rlimit_check(RLIM_NLIMITS, &old, 0, true) == -EINVAL);
    CHECK(rlimit_check(RLIMIT_NOFILE, &old, &lower, false) == 0);
    CHECK(rlimit_check(RLIMIT_NOFILE, &old, &inverted, true) == -EINVAL);
    CHECK(rlimit_check(RLIMIT_NOFILE, &old, &higher, false) == -EPERM);
    CHECK(rlimit_check(RLIMIT_NOFILE, &old, &higher, true) == 0);
    CHECK(rlimit_check(RLIMIT_NOFILE, &old, &huge, true) == -EPERM);   /* fs.nr_open */
    CHECK(rlimit_check(RLIMIT_STACK, &old, &huge, true) == 0);         /* only NOFILE has it */
    /* The soft limit may rise up to the hard one without privilege. */
    struct linux_rlimit64 soft_up = {4096, 4096};
    CHECK(rlimit_check(RLIMIT_NOFILE, &old, &soft_up, false) == 0);
}

static void test_compat(void)
{
    CHECK(rlimit_to_compat(RLIM64_INFINITY) == 0xFFFFFFFFu);
    CHECK(rlimit_to_compat(0x100000000ull) == 0xFFFFFFFFu);
    CHECK(rlimit_to_compat(8u << 20) == 8u << 20);
    CHECK(rlimit_to_old(RLIM64_INFINITY) == 0x7FFFFFFFu);
    CHECK(rlimit_to_old(0x80000000u) == 0x7FFFFFFFu);
    CHECK(rlimit_to_old(1024) == 1024);
    CHECK(rlimit_from_compat(0xFFFFFFFFu) == RLIM64_INFINITY);
    CHECK(rlimit_from_compat(0xFFFFFFFEu) == 0xFFFFFFFEu);
}

int main(void)
{
    test_defaults();
    test_check();
    test_compat();
    return check_report("rlimit");
}
