/* Kernel symbol lookup over the table tools/gen-ksyms.py generates. */
#include <stddef.h>
#include "idt.h"
#include "layout.h"

struct ksym {
    uint64_t addr;
    const char *name;
};
extern const uint64_t ksyms_count;
extern const struct ksym ksyms_table[];

const char *ksym_lookup(uint64_t addr, uint64_t *offset)
{
    if (addr < (uint64_t)_text_start || addr >= (uint64_t)_text_end || ksyms_count == 0)
        return 0;
    size_t lo = 0, hi = ksyms_count; /* last symbol with addr <= target */
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (ksyms_table[mid].addr <= addr)
            lo = mid;
        else
            hi = mid;
    }
    if (ksyms_table[lo].addr > addr)
        return 0;
    *offset = addr - ksyms_table[lo].addr;
    return ksyms_table[lo].name;
}
