/* stac and clac as this CPU wants them, settled once at boot. Every stac
 * and clac in the kernel is a patch site: the C helpers (stac(), clac() in
 * include/cpu.h) and the NASM macros (include/smap.inc) list its address in
 * .smap_sites as they emit it. With SMAP they stay as built; without it
 * they would raise #UD, and each becomes a 3-byte nop (text_write, through
 * the physical map: kernel text is mapped read-only) before any user copy
 * runs. So the copy paths test no flag, as Linux's ASM_STAC/ASM_CLAC
 * alternatives do not. A debugger on a CPU without SMAP shows `nopl (%rax)`
 * where the listing has stac or clac. */
#include "console.h"
#include "cpu.h"
#include "idt.h"
#include "kstring.h"
#include "layout.h"
#include "textpatch.h"

extern const uint64_t _smap_sites_start[], _smap_sites_end[];

static const uint8_t stac_bytes[3] = {0x0f, 0x01, 0xcb}, clac_bytes[3] = {0x0f, 0x01, 0xca};
static const uint8_t nop3[3] = {0x0f, 0x1f, 0x00}; /* nopl (%rax) */

void smap_patch(bool has_smap)
{
    size_t sites = 0;
    for (const uint64_t *s = _smap_sites_start; s < _smap_sites_end; s++, sites++) {
        uint8_t *at = (uint8_t *)*s;
        /* A site outside the text or holding something else is a build bug
         * (a macro misused): patching it would corrupt code. */
        if (*s < (uint64_t)_text_start || *s + sizeof nop3 > (uint64_t)_text_end)
            panic(0, "smap: patch site %#lx lies outside the kernel text", *s);
        if (memcmp(at, stac_bytes, 3) && memcmp(at, clac_bytes, 3))
            panic(0, "smap: patch site %#lx holds no stac or clac", *s);
        if (!has_smap)
            text_write(at, nop3, sizeof nop3);
    }
    text_sync(); /* no stale decoded stac survives the stores */
    klog("cpu", "%lu stac/clac sites %s", sites, has_smap ? "kept (SMAP)" : "patched to nops (no SMAP)");
}
