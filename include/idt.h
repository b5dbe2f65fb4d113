#pragma once
#include <stdint.h>
#include <stdbool.h>
#include "frame.h"

void idt_init(void);
/* Installs a gate for vector v: dpl 3 lets ring 3 raise it with int n. */
void idt_set_gate(int v, void (*handler)(void), int dpl, int ist);
const char *exception_name(uint64_t vector);
const char *exception_mnemonic(uint64_t vector);
bool exception_has_error(uint64_t vector);

/* Kernel panic: prints the message and, if f is not NULL, the ful register
 * dump; then stops the machine (or the emulator, with exit=emu). */
__attribute__((noreturn)) void panic(const struct frame *f, const char *fmt, ...);
/* Prints the register dump of f (also used for a user fault's report). */
void dump_frame(const struct frame *f);

/* Fixups: an instruction that may fault on a user address is listed with
 * where to continue. c_exception looks faulting RIPs up here. */
struct extable_entry {
    uint64_t insn;
    uint64_t fixup;
};
uint64_t extable_find(uint64_t rip);
/* The last fault a fixup absorbed, for the self-tests (src/ktest.c). */
struct fixup_note {
    uint64_t vector, error, cr2, rip, count;
};
extern struct fixup_note trap_last_fixup;

/* Symbol lookup for the dump: name and offset of the function holding addr. */
const char *ksym_lookup(uint64_t addr, uint64_t *offset);
