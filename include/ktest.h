/* In-kernel tests, reported in KTAP (Documentation/dev-tools/ktap.rst). */
#pragma once
#include <stdbool.h>

/* Runs the kernel's self-tests as an indented KTAP subtest block; returns
 * true when all passed. */
bool ktest_run(void);

/* src/ktest_debugreg.c: the debug registers' rules, a kernel copy of
 * watched memory, and ring-3 breakpoints and mov ss cases. */
bool ktest_debugreg_rules(void);
bool ktest_debugreg_kernel_copy(void);
bool ktest_debugreg_ring3(void);

/* Provokes the kernel fault named by the crash= command line option (pf, gp,
 * ud, de): the harness checks the dump that follows. */
void ktest_crash(const char *kind);

/* A self-test's check: on failure, the file and line in the KTAP output,
 * and the test's `ok` (a local bool) turns false. */
#define EXPECT(cond)                                                         \
    do {                                                                     \
        if (!(cond)) {                                                       \
            kprintf("    # %s:%d: expected %s\n", __FILE__, __LINE__, #cond); \
            ok = false;                                                      \
        }                                                                    \
    } while (0)
