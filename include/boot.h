/* What the loader handed over, as the rest of the kernel sees it. kmain
 * parses the multiboot2 block once (src/multiboot2.c); subsystems read the
 * parts they need here, in the kernel's own terms, and never the parser's
 * structures (the self-tests, which check the parse itself, excepted). */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A program the loader brought: its bytes and its module string (argv). */
struct boot_module {
    const void *data;
    uint64_t size;
    const char *cmdline;
};
size_t boot_module_count(void);
/* i < boot_module_count(); the pointer stays valid (a static copy). */
const struct boot_module *boot_module(size_t i);

extern bool booted_uefi;

/* The parsed block and its physical address, for the self-tests. */
struct mb2_info;
extern const struct mb2_info *boot_info;
extern uint64_t boot_info_phys;
