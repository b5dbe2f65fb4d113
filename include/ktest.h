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
