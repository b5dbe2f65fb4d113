/* c_exception: where every exception lands (from idt/isr.asm). */
#include "console.h"
#include "cpu.h"
#include "gdt.h"
#include "idt.h"
#include "layout.h"

extern const struct extable_entry _extable_start[], _extable_end[];

uint64_t extable_find(uint64_t rip)
{
    for (const struct extable_entry *e = _extable_start; e < _extable_end; e++)
        if (e->insn == rip)
            return e->fixup;
    return 0;
}

void c_exception(struct frame *f);
void c_exception(struct frame *f)
{
    if (f->cs & 3) {
        panic(f, "exception in ring 3 with no program running");
    }

    /* A user copy routine touched a bad user address: resume at its fixup,
     * which makes the copy return -EFAULT. */
    if (f->vector == 14 || f->vector == 13) {
        uint64_t fixup = extable_find(f->rip);
        if (fixup) {
            f->rip = fixup;
            return;
        }
    }

    panic(f, "unexpected %s in ring 0", exception_mnemonic(f->vector));
}
