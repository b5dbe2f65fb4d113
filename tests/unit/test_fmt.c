/* Host tests for fmt.c: most cases compare against the host's snprintf, the
 * rest (%p, unknown conversions, truncation) check explicit strings. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "fmt.h"

/* Both formatters are reached through wrappers without the format attribute:
 * gcc would otherwise reject valid-but-odd specs ("%-05d", "%+u") and the
 * deliberate truncation into the small buffer. */
static int host(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

static int mine(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = kvsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

/* Same format through both, with a roomy buffer and a small one, so
 * truncation is compared against C too. Return values must match. */
#define SAME(...)                                                         \
    do {                                                                  \
        char want_[256], got_[256];                                       \
        int wn_ = host(want_, sizeof want_, __VA_ARGS__);                 \
        int gn_ = mine(got_, sizeof got_, __VA_ARGS__);                   \
        CHECK_STR(got_, want_);                                           \
        CHECK(gn_ == wn_);                                                \
        memset(got_, 'X', sizeof got_);                                   \
        wn_ = host(want_, 5, __VA_ARGS__);                                \
        gn_ = mine(got_, 5, __VA_ARGS__);                                 \
        CHECK_STR(got_, want_);                                           \
        CHECK(gn_ == wn_);                                                \
        CHECK(got_[5] == 'X'); /* nothing written past size */            \
    } while (0)

static void test_ints(void)
{
    SAME("%d", 0);
    SAME("%d", 42);
    SAME("%d", -42);
    SAME("%i", 2147483647);
    SAME("%d", -2147483647 - 1);
    SAME("%u", 4294967295u);
    SAME("%u", 0u);
    SAME("%x", 0xdeadbeefu);
    SAME("%X", 0xdeadbeefu);
    SAME("%o", 511u);
    SAME("%o", 0u);

    SAME("%hhd", (signed char)-128);
    SAME("%hhd", 300); /* truncated to char by the conversion */
    SAME("%hhu", 255);
    SAME("%hhx", 0x1ff);
    SAME("%hd", (short)-32768);
    SAME("%hd", 70000);
    SAME("%hu", 65535);
    SAME("%hx", 0x12345);
    SAME("%ld", -1234567890123L);
    SAME("%lu", 18446744073709551615ul);
    SAME("%lx", 0xfedcba9876543210ul);
    SAME("%lld", (long long)INT64_MIN);
    SAME("%lld", (long long)INT64_MAX);
    SAME("%llu", (unsigned long long)UINT64_MAX);
    SAME("%llX", (unsigned long long)UINT64_MAX);
    SAME("%llo", (unsigned long long)UINT64_MAX);
    SAME("%zu", (size_t)SIZE_MAX);
    SAME("%zd", (ptrdiff_t)-5);
    SAME("%zx", (size_t)0xabc);
    SAME("%td", (ptrdiff_t)PTRDIFF_MIN);
    SAME("%tu", (ptrdiff_t)-1);
    SAME("%jd", (intmax_t)INTMAX_MIN);
    SAME("%ju", (uintmax_t)UINTMAX_MAX);
    SAME("%jx", (uintmax_t)0x1234);
}

static void test_flags(void)
{
    SAME("[%5d]", 42);
    SAME("[%-5d]", 42);
    SAME("[%05d]", 42);
    SAME("[%05d]", -42);
    SAME("[%-05d]", 42);
    SAME("[%+d]", 42);
    SAME("[%+d]", -42);
    SAME("[%+d]", 0);
    SAME("[% d]", 42);
    SAME("[% d]", -42);
    SAME("[%+ d]", 42);
    SAME("[% 5d]", 42);
    SAME("[%+05d]", 42);
    SAME("[% 05d]", 7);
    SAME("[%+u]", 42u);
    SAME("[% u]", 42u);
    SAME("[%#x]", 255u);
    SAME("[%#X]", 255u);
    SAME("[%#x]", 0u);
    SAME("[%#o]", 8u);
    SAME("[%#o]", 0u);
    SAME("[%#10x]", 255u);
    SAME("[%#-10x]", 255u);
    SAME("[%#010x]", 255u);
    SAME("[%#010o]", 8u);
    SAME("[%#llx]", (unsigned long long)UINT64_MAX);
    SAME("[%025lld]", (long long)INT64_MIN);
    SAME("[%-25lld]", (long long)INT64_MIN);
    SAME("[%1d]", 12345);
    SAME("[%100d]", 1); /* wider than the small buffer */
}

static void test_precision(void)
{
    SAME("[%.5d]", 42);
    SAME("[%.5d]", -42);
    SAME("[%8.5d]", -42);
    SAME("[%-8.5d]", -42);
    SAME("[%08.5d]", 42); /* '0' ignored when a precision is given */
    SAME("[%+.3d]", 7);
    SAME("[%.0d]", 0);
    SAME("[%5.0d]", 0);
    SAME("[%+.0d]", 0);
    SAME("[%.0u]", 0u);
    SAME("[%.0x]", 0u);
    SAME("[%#.0x]", 0u);
    SAME("[%#.0o]", 0u);
    SAME("[%#.3o]", 8u);
    SAME("[%#.5o]", 8u);
    SAME("[%.8x]", 0xabcu);
    SAME("[%#.8x]", 0xabcu);
    SAME("[%.1d]", 0);
    SAME("[%.30lld]", (long long)INT64_MIN);
    SAME("[%.0d]", 5);

    SAME("[%*d]", 6, 42);
    SAME("[%*d]", -6, 42); /* negative '*' width: left-justify */
    SAME("[%-*d]", -6, 42);
    SAME("[%0*d]", 6, -42);
    SAME("[%.*d]", 4, 42);
    SAME("[%.*d]", -1, 42); /* negative '*' precision: none given */
    SAME("[%.*d]", -1, 0);
    SAME("[%*.*d]", 8, 4, 42);
    SAME("[%*.*d]", -8, 4, -42);
    SAME("[%0*.*d]", 8, -4, 42);
}

static void test_str_char(void)
{
    SAME("%s", "hello");
    SAME("%s", "");
    SAME("[%10s]", "hi");
    SAME("[%-10s]", "hi");
    SAME("[%.3s]", "hello");
    SAME("[%.0s]", "hello");
    SAME("[%.10s]", "hello");
    SAME("[%8.3s]", "hello");
    SAME("[%-8.3s]", "hello");
    SAME("[%.*s]", 2, "hello");
    SAME("[%*s]", -7, "ab");
    SAME("[%1s]", "hello");
    SAME("%c", 'A');
    SAME("[%3c]", 'z');
    SAME("[%-3c]", 'z');
    SAME("%c%c%c", 'a', 'b', 'c');
    SAME("100%%");
    SAME("%%%d%%", 5);
    SAME("a%sb%dc%xd", "-", -1, 255u);
    SAME("%s=%d %s=%lu", "x", 1, "y", 2ul);
    SAME("no conversions at all");
    SAME("%s", "a string much longer than the five byte buffer");

    /* Precision must stop reading: this array has no NUL. */
    char raw[3] = { 'a', 'b', 'c' };
    SAME("[%.3s]", raw);

    char buf[32];
    int n = mine(buf, sizeof buf, "[%s]", (char *)NULL);
    CHECK_STR(buf, "[(null)]");
    CHECK(n == 8);
    n = mine(buf, sizeof buf, "[%.3s]", (char *)NULL);
    CHECK_STR(buf, "[(nu]");
    n = mine(buf, sizeof buf, "[%8s]", (char *)NULL);
    CHECK_STR(buf, "[  (null)]");

    /* %c of NUL still counts and is stored. */
    memset(buf, 'X', sizeof buf);
    n = ksnprintf(buf, sizeof buf, "a%cb", 0);
    CHECK(n == 3);
    CHECK(memcmp(buf, "a\0b\0", 4) == 0);
}

static void test_pointer(void)
{
    char buf[64];
    int n = ksnprintf(buf, sizeof buf, "%p", (void *)0);
    CHECK_STR(buf, "0x0000000000000000");
    CHECK(n == 18);
    ksnprintf(buf, sizeof buf, "%p", (void *)0xdeadbeefull);
    CHECK_STR(buf, "0x00000000deadbeef");
    ksnprintf(buf, sizeof buf, "%p", (void *)0xffffffff80001000ull);
    CHECK_STR(buf, "0xffffffff80001000");
    ksnprintf(buf, sizeof buf, "%p", (void *)UINTPTR_MAX);
    CHECK_STR(buf, "0xffffffffffffffff");
    ksnprintf(buf, sizeof buf, "[%20p]", (void *)0x10);
    CHECK_STR(buf, "[  0x0000000000000010]");
    ksnprintf(buf, sizeof buf, "[%-20p]", (void *)0x10);
    CHECK_STR(buf, "[0x0000000000000010  ]");
    ksnprintf(buf, sizeof buf, "%p %p", (void *)1, (void *)0xabcdef);
    CHECK_STR(buf, "0x0000000000000001 0x0000000000abcdef");
}

static void test_unknown(void)
{
    char buf[64];
    int n = mine(buf, sizeof buf, "%q");
    CHECK_STR(buf, "%q");
    CHECK(n == 2);
    mine(buf, sizeof buf, "a%qb%dc", 7);
    CHECK_STR(buf, "a%qb7c");
    mine(buf, sizeof buf, "[%-5lq]");
    CHECK_STR(buf, "[%-5lq]");
    n = mine(buf, sizeof buf, "end%");
    CHECK_STR(buf, "end%");
    CHECK(n == 4);
    mine(buf, sizeof buf, "end%5");
    CHECK_STR(buf, "end%5");
    mine(buf, sizeof buf, "%w%d", 3);
    CHECK_STR(buf, "%w3");
}

static void test_truncation(void)
{
    char buf[16];

    /* size 0: nothing written, not even the NUL. */
    memset(buf, 'X', sizeof buf);
    int n = ksnprintf(buf, 0, "hello %d", 123);
    CHECK(n == 9);
    CHECK(buf[0] == 'X');
    n = ksnprintf(NULL, 0, "%s", "abc");
    CHECK(n == 3);

    /* size 1: only the NUL. */
    memset(buf, 'X', sizeof buf);
    n = ksnprintf(buf, 1, "hello");
    CHECK(n == 5);
    CHECK(buf[0] == '\0');
    CHECK(buf[1] == 'X');

    /* Exact fit: "hello" needs 6 bytes. */
    memset(buf, 'X', sizeof buf);
    n = ksnprintf(buf, 6, "hello");
    CHECK(n == 5);
    CHECK_STR(buf, "hello");
    CHECK(buf[6] == 'X');

    /* One short: last char dropped for the NUL. */
    memset(buf, 'X', sizeof buf);
    n = ksnprintf(buf, 5, "hello");
    CHECK(n == 5);
    CHECK_STR(buf, "hell");
    CHECK(buf[5] == 'X');

    /* Return value is the full length even when far larger than size. */
    memset(buf, 'X', sizeof buf);
    n = ksnprintf(buf, sizeof buf, "%200d|", 1);
    CHECK(n == 201);
    CHECK(buf[15] == '\0');
    CHECK(strlen(buf) == 15);

    n = ksnprintf(buf, sizeof buf, "%s", "");
    CHECK(n == 0);
    CHECK_STR(buf, "");
}

/* The core with its own sink: the return value must equal the calls made. */
struct count {
    int calls;
    char text[64];
};

static void count_sink(char c, void *ctx)
{
    struct count *k = ctx;
    if (k->calls < 63)
        k->text[k->calls] = c;
    k->calls++;
}

static int core(struct count *k, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = fmt_format(count_sink, k, fmt, ap);
    va_end(ap);
    return n;
}

static void test_core(void)
{
    struct count k = { 0 };
    int n = core(&k, "x=%d y=%s %p", -5, "ok", (void *)0x1000);
    k.text[k.calls < 63 ? k.calls : 63] = '\0';
    CHECK(n == k.calls);
    CHECK_STR(k.text, "x=-5 y=ok 0x0000000000001000");

    struct count e = { 0 };
    CHECK(core(&e, "") == 0);
    CHECK(e.calls == 0);
}

int main(void)
{
    test_ints();
    test_flags();
    test_precision();
    test_str_char();
    test_pointer();
    test_unknown();
    test_truncation();
    test_core();
    return check_report("fmt");
}
