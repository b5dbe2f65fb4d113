/* Writing the kernel's own code at boot, once the CPU is known: the stac
 * and clac sites (src/smap.c) and the call of each sysenter stub
 * (text_patch_call). The text is mapped read-only, so the bytes go through
 * the physical map; a serializing cpuid then makes sure this CPU runs the
 * new bytes, not ones it decoded before. Only at boot, with one CPU and no
 * program running, as Linux's alternatives and static calls are applied. */
#include "console.h"
#include "cpu.h"
#include "idt.h"
#include "kstring.h"
#include "layout.h"
#include "textpatch.h"

void text_write(void *at, const void *bytes, size_t n)
{
    uint64_t a = (uint64_t)at;
    /* A site outside the text is a build bug: writing it would corrupt data. */
    if (a < (uint64_t)_text_start || a + n > (uint64_t)_text_end || a + n < a)
        panic(0, "text patch at %#lx (%lu bytes) lies outside the kernel text", a, n);
    memcpy(phys_to_virt(virt_to_phys(at)), bytes, n);
}

void text_sync(void)
{
    /* The empty asm keeps the compiler from moving the stores past it. */
    __asm__ volatile("" ::: "memory");
    (void)cpuid(0, 0);
}

void text_patch_call(void *site, const void *from, const void *to)
{
    uint8_t *p = site;
    int32_t rel;
    memcpy(&rel, p + 1, 4);
    /* The site must hold `call from` (e8 rel32, relative to its end). */
    if (p[0] != 0xe8 || (uint64_t)(p + 5) + (uint64_t)(int64_t)rel != (uint64_t)from)
        panic(0, "text patch: %#lx holds no call of %#lx", (uint64_t)site, (uint64_t)from);
    int64_t d = (int64_t)((uint64_t)to - (uint64_t)(p + 5));
    if (d != (int32_t)d)
        panic(0, "text patch: %#lx cannot reach %#lx", (uint64_t)site, (uint64_t)to);
    rel = (int32_t)d;
    text_write(p + 1, &rel, 4);
    text_sync();
}
