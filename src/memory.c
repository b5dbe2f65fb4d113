/* The kernel's physical frames: the multiboot2 memory map, less everything the
 * loader put in memory that we still need, in a bitmap allocator (src/pmm.c). */
#include "console.h"
#include "kstring.h"
#include "layout.h"
#include "multiboot2.h"
#include "paging.h"
#include "pmm.h"

/* Frames above this are left unused: the bitmap is static (512 KiB). */
#define MAX_PHYS (16ul << 30)

static uint64_t bitmap[MAX_PHYS / PMM_FRAME / 64];
static struct pmm pmm;

static void reserve(const char *what, uint64_t base, uint64_t len)
{
    pmm_reserve(&pmm, base, len);
    klog("mm", "reserved %-18s 0x%08lx-0x%08lx", what, base, base + len);
}

void mem_init(const struct mb2_info *mb, uint64_t info_phys)
{
    uint64_t top = 0;
    for (size_t i = 0; i < mb->mmap_count; i++) {
        const struct mb2_mmap_entry *e = &mb->mmap[i];
        if (e->type == MB2_MEM_AVAILABLE && e->base + e->len > top)
            top = e->base + e->len;
    }
    if (top > MAX_PHYS) {
        klog("mm", "RAM above %lu GiB is not used", MAX_PHYS >> 30);
        top = MAX_PHYS;
    }
    pmm_init(&pmm, bitmap, top / PMM_FRAME);
    for (size_t i = 0; i < mb->mmap_count; i++)
        if (mb->mmap[i].type == MB2_MEM_AVAILABLE)
            pmm_add_free(&pmm, mb->mmap[i].base, mb->mmap[i].len);

    /* Under UEFI the loader's data can sit anywhere, below 1 MiB included. */
    reserve("frame 0", 0, PMM_FRAME);
    reserve("kernel image", (uint64_t)_kernel_phys_start,
            (uint64_t)_kernel_phys_end - (uint64_t)_kernel_phys_start);
    reserve("multiboot2 info", info_phys, mb->total_size);
    for (size_t i = 0; i < mb->module_count; i++)
        reserve("module", mb->modules[i].start, mb->modules[i].end - mb->modules[i].start);
    klog("mm", "%lu MiB free in %lu frames", pmm.free * PMM_FRAME >> 20, pmm.free);
}

uint64_t frame_alloc(void)
{
    uint64_t pa = pmm_alloc(&pmm);
    if (pa == PMM_NONE)
        return 0;
    memset(phys_to_virt(pa), 0, PMM_FRAME);
    return pa;
}

void frame_free(uint64_t pa)
{
    if (!pmm_free(&pmm, pa))
        klog("mm", "bad frame_free(%#lx) ignored", pa);
}

uint64_t frame_free_count(void) { return pmm.free; }
