/* In-kernel tests, reported in KTAP (Documentation/dev-tools/ktap.rst). */
#pragma once
#include <stdbool.h>

/* Runs the kernel's self-tests as an indented KTAP subtest block; returns
 * true when all passed. */
bool ktest_run(void);

/* Provokes the kernel fault named by the crash= command line option (pf, gp,
 * ud, de): the harness checks the dump that follows. */
void ktest_crash(const char *kind);
