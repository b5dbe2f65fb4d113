/* A tiny host test framework: CHECK records a failure and goes on; each test
 * binary ends with check_report(), whose return value is the exit status. */
#pragma once
#include <stdio.h>
#include <string.h>

static int check_failures, check_count;

#define CHECK(cond)                                                          \
    do {                                                                     \
        check_count++;                                                       \
        if (!(cond)) {                                                       \
            check_failures++;                                                \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, \
                    #cond);                                                  \
        }                                                                    \
    } while (0)

#define CHECK_STR(got, want)                                                   \
    do {                                                                       \
        check_count++;                                                         \
        const char *g_ = (got), *w_ = (want);                                  \
        if (strcmp(g_, w_) != 0) {                                             \
            check_failures++;                                                  \
            fprintf(stderr, "%s:%d: got \"%s\", want \"%s\"\n", __FILE__,      \
                    __LINE__, g_, w_);                                         \
        }                                                                      \
    } while (0)

static inline int check_report(const char *name)
{
    printf("%s: %d checks, %d failed\n", name, check_count, check_failures);
    return check_failures ? 1 : 0;
}
