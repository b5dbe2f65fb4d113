/* Page tables. Tables are reached through the physical map (PHYS_MAP). */
#include "console.h"
#include "cpu.h"
#include "errno.h"
#include "idt.h"
#include "kstring.h"
#include "layout.h"
#include "paging.h"

#define PTE_NOFREE (1ul << 9) /* software bit: frame not owned by this space */
/* Software bit of a leaf that is not present: a PROT_NONE page, whose frame
 * the entry still owns (its contents come back with the access). */
#define PTE_PROTNONE (1ul << 10)
/* Software bit: MAP_SHARED memory, which fork shares as it is (writable). */
#define PTE_SHAREDMEM (1ul << 11)

/* Whether a leaf holds a frame: present, or kept behind PROT_NONE. */
static bool holds(uint64_t leaf) { return leaf & (PTE_P | PTE_PROTNONE); }

static uint64_t *kernel_pml4;
/* PTE_NX, or 0 on a CPU without NX (EFER.NXE off): the bit is reserved there. */
static uint64_t nx;
static uint64_t ram_top; /* the end of the RAM map, for the log */

static uint64_t *table(uint64_t entry) { return phys_to_virt(entry & PTE_ADDR); }

/* The entry for va at level stop (1 = 4 KiB PTE, 2 = 2 MiB PDE); creates
 * missing tables when alloc. NULL when a table is missing (or a large page
 * is in the way) and cannot be created. */
static uint64_t *walk(uint64_t *pml4, uint64_t va, int stop, bool alloc)
{
    uint64_t *t = pml4;
    bool user = va < USER_END;
    for (int level = 4; level > stop; level--) {
        uint64_t *e = &t[(va >> (12 + 9 * (level - 1))) & 511];
        if (!(*e & PTE_P)) {
            if (!alloc)
                return 0;
            uint64_t pa = frame_alloc();
            if (!pa)
                return 0;
            /* Intermediate levels grant everything; the leaf decides. */
            *e = pa | PTE_P | PTE_W | (user ? PTE_U : 0);
        } else if (*e & PTE_PS) {
            return 0;
        }
        t = table(*e);
    }
    return &t[(va >> (12 + 9 * (stop - 1))) & 511];
}

static uint64_t leaf_flags(unsigned flags)
{
    uint64_t shared = flags & MAP_SHARED_MEM ? PTE_SHAREDMEM : 0;
    if (flags & MAP_NONE)
        return PTE_PROTNONE | shared | (flags & MAP_NOFREE ? PTE_NOFREE : 0);
    uint64_t f = PTE_P | shared;
    if (flags & MAP_WRITE)
        f |= PTE_W;
    if (flags & MAP_USER)
        f |= PTE_U;
    else
        f |= PTE_G; /* kernel pages are the same in every space */
    if (!(flags & MAP_EXEC))
        f |= nx;
    if (flags & MAP_NOFREE)
        f |= PTE_NOFREE;
    return f;
}

int paging_map(uint64_t *pml4, uint64_t va, uint64_t pa, unsigned flags)
{
    if ((va | pa) & (PAGE_SIZE - 1))
        return -EINVAL;
    uint64_t *e = walk(pml4, va, 1, true);
    if (!e)
        return -ENOMEM;
    if (holds(*e))
        return -EEXIST;
    *e = pa | leaf_flags(flags);
    return 0;
}

int paging_protect(uint64_t *pml4, uint64_t va, unsigned flags)
{
    uint64_t *e = walk(pml4, va, 1, false);
    if (!e || !holds(*e))
        return -EINVAL;
    uint64_t pa = *e & PTE_ADDR;
    if (*e & PTE_SHAREDMEM)
        flags |= MAP_SHARED_MEM; /* it stays what mmap made it */
    if ((flags & MAP_WRITE) && !(flags & (MAP_NONE | MAP_SHARED_MEM)) && !(*e & PTE_NOFREE) &&
        frame_extra_refs(pa)) {
        /* Copy-on-write: this space gets a frame of its own to write. */
        uint64_t n = frame_alloc();
        if (!n)
            return -ENOMEM;
        memcpy(phys_to_virt(n), phys_to_virt(pa), PAGE_SIZE);
        frame_put(pa);
        pa = n;
    }
    *e = pa | leaf_flags(flags | (*e & PTE_NOFREE ? MAP_NOFREE : 0));
    invlpg(va);
    return 0;
}

uint64_t paging_unmap(uint64_t *pml4, uint64_t va)
{
    uint64_t *e = walk(pml4, va, 1, false);
    if (!e || !holds(*e))
        return 0;
    uint64_t pa = *e & PTE_ADDR;
    *e = 0;
    invlpg(va);
    return pa;
}

void paging_release(uint64_t *pml4, uint64_t va)
{
    uint64_t *e = walk(pml4, va, 1, false);
    if (!e || !holds(*e))
        return;
    uint64_t leaf = *e;
    *e = 0;
    invlpg(va);
    if (!(leaf & PTE_NOFREE))
        frame_put(leaf & PTE_ADDR);
}

int paging_move(uint64_t *pml4, uint64_t from, uint64_t to)
{
    uint64_t *src = walk(pml4, from, 1, false);
    if (!src || !holds(*src))
        return 0;
    uint64_t *dst = walk(pml4, to, 1, true);
    if (!dst)
        return -ENOMEM;
    if (holds(*dst))
        return -EEXIST;
    src = walk(pml4, from, 1, false); /* still there: walk only adds tables */
    *dst = *src;
    *src = 0;
    invlpg(from);
    invlpg(to);
    return 0;
}

uint64_t paging_next_page(uint64_t *pml4, uint64_t va, uint64_t end)
{
    while (va < end) {
        uint64_t *t = pml4;
        int level = 4;
        for (; level > 1; level--) {
            uint64_t e = t[(va >> (12 + 9 * (level - 1))) & 511];
            if (!(e & PTE_P) || (e & PTE_PS))
                break;
            t = table(e);
        }
        if (level > 1) {
            /* No table below this entry: skip all it would cover. */
            uint64_t span = 1ul << (12 + 9 * (level - 1));
            uint64_t next = (va & ~(span - 1)) + span;
            if (next <= va)
                return end;
            va = next;
            continue;
        }
        if (holds(t[(va >> 12) & 511]))
            return va;
        va += PAGE_SIZE;
    }
    return end;
}

uint64_t paging_query(uint64_t *pml4, uint64_t va)
{
    uint64_t *t = pml4;
    for (int level = 4; level >= 1; level--) {
        uint64_t e = t[(va >> (12 + 9 * (level - 1))) & 511];
        if (!(e & PTE_P))
            return 0;
        if (level == 1 || (level <= 3 && (e & PTE_PS)))
            return e;
        t = table(e);
    }
    return 0;
}

bool paging_kernel_readable(uint64_t va)
{
    uint64_t *pml4 = phys_to_virt(read_cr3() & PTE_ADDR);
    return paging_query(pml4, va) != 0;
}

uint64_t *paging_kernel_space(void) { return kernel_pml4; }

int paging_map_user_high(uint64_t va, uint64_t pa, unsigned flags)
{
    uint64_t *e = walk(kernel_pml4, va, 1, true);
    if (!e)
        return -ENOMEM;
    /* The user bit on each table entry of this one path: every other
     * mapping below them keeps its own entries without it. */
    uint64_t *t = kernel_pml4;
    for (int level = 4; level > 1; level--) {
        uint64_t *pe = &t[(va >> (12 + 9 * (level - 1))) & 511];
        *pe |= PTE_U;
        t = table(*pe);
    }
    *e = pa | leaf_flags(flags | MAP_USER) | PTE_NOFREE;
    return 0;
}

static void map_range(uint64_t start, uint64_t end, unsigned flags)
{
    for (uint64_t va = start; va < end; va += PAGE_SIZE)
        if (paging_map(kernel_pml4, va, va - KERNEL_VMA, flags))
            panic(0, "paging: cannot map kernel page %#lx", va);
}

void paging_init(uint64_t phys_top)
{
    nx = rdmsr(MSR_EFER) & EFER_NXE ? PTE_NX : 0;
    if (!nx)
        klog("mm", "this CPU has no NX: data and stacks stay executable");
    kernel_pml4 = phys_to_virt(frame_alloc());
    if (kernel_pml4 == phys_to_virt(0))
        panic(0, "paging: no frame for the PML4");

    /* W^X for the kernel image: text RX, rodata R, data and bss RW NX. */
    map_range((uint64_t)_text_start, (uint64_t)_text_end, MAP_EXEC);
    map_range((uint64_t)_rodata_start, (uint64_t)_rodata_end, 0);
    map_range((uint64_t)_data_start, (uint64_t)_data_end, MAP_WRITE);

    /* The physical map in 2 MiB pages, never executable. */
    phys_top = (phys_top + (2ul << 20) - 1) & ~((2ul << 20) - 1);
    ram_top = phys_top;
    for (uint64_t pa = 0; pa < phys_top; pa += 2ul << 20) {
        uint64_t *e = walk(kernel_pml4, PHYS_MAP + pa, 2, true);
        if (!e)
            panic(0, "paging: no frame for the physical map");
        *e = pa | PTE_P | PTE_W | PTE_PS | PTE_G | nx;
    }

}

void paging_activate(void)
{
    write_cr4(read_cr4() | CR4_PGE);
    paging_switch(kernel_pml4);
    klog("mm", "kernel mapped: text %lu KiB RX, rodata %lu KiB R, data %lu KiB RW; RAM map %lu MiB NX",
         (uint64_t)(_text_end - _text_start) >> 10, (uint64_t)(_rodata_end - _rodata_start) >> 10,
         (uint64_t)(_data_end - _data_start) >> 10, ram_top >> 20);
}

void paging_map_phys(uint64_t phys, uint64_t len)
{
    uint64_t start = phys & ~(PAGE_SIZE - 1), end = (phys + len + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    for (uint64_t pa = start; pa < end; pa += PAGE_SIZE) {
        if (paging_query(kernel_pml4, PHYS_MAP + pa))
            continue; /* inside the RAM map already */
        if (paging_map(kernel_pml4, PHYS_MAP + pa, pa, MAP_WRITE))
            panic(0, "paging: cannot map device memory at %#lx", pa);
    }
}

void paging_switch(uint64_t *pml4) { write_cr3(virt_to_phys(pml4)); }

uint64_t *paging_new_space(void)
{
    uint64_t pa = frame_alloc();
    if (!pa)
        return 0;
    uint64_t *pml4 = phys_to_virt(pa);
    memcpy(pml4 + 256, kernel_pml4 + 256, 256 * sizeof(uint64_t));
    return pml4;
}

static void free_level(uint64_t *t, int level)
{
    for (int i = 0; i < 512; i++) {
        uint64_t e = t[i];
        if (level > 1 ? !(e & PTE_P) : !holds(e))
            continue;
        if (level > 1) {
            free_level(table(e), level - 1);
            frame_free(e & PTE_ADDR);
        } else if (!(e & PTE_NOFREE)) {
            frame_put(e & PTE_ADDR); /* freed with its last sharer */
        }
    }
}

void paging_free_space(uint64_t *pml4)
{
    for (int i = 0; i < 256; i++) {
        if (pml4[i] & PTE_P) {
            free_level(table(pml4[i]), 3);
            frame_free(pml4[i] & PTE_ADDR);
        }
    }
    frame_free(virt_to_phys(pml4));
}

/* fork's copy: every table of the lower half anew; every frame the space
 * owns shared copy-on-write, both entries without write access (a frame
 * whose count is full is copied instead); frames it does not own (the
 * vDSO) shared as they were. */
static int copy_level(uint64_t *dst, uint64_t *src, int level, int count)
{
    for (int i = 0; i < count; i++) {
        uint64_t e = src[i];
        if (level > 1 ? !(e & PTE_P) : !holds(e))
            continue;
        if (level == 1 && (e & PTE_NOFREE)) {
            dst[i] = e;
            continue;
        }
        if (level == 1 && frame_share(e & PTE_ADDR)) {
            if (e & PTE_SHAREDMEM)
                dst[i] = e; /* MAP_SHARED: one frame for both, writable */
            else
                src[i] = dst[i] = e & ~PTE_W;
            continue;
        }
        uint64_t pa = frame_alloc();
        if (!pa)
            return -ENOMEM;
        dst[i] = pa | (e & ~PTE_ADDR);
        if (level == 1)
            memcpy(phys_to_virt(pa), table(e), PAGE_SIZE);
        else if (copy_level(table(dst[i]), table(e), level - 1, 512))
            return -ENOMEM;
    }
    return 0;
}

uint64_t *paging_copy_space(uint64_t *src)
{
    uint64_t *pml4 = paging_new_space();
    if (!pml4)
        return 0;
    int r = copy_level(pml4, src, 4, 256);
    write_cr3(read_cr3()); /* src's entries lost write access */
    if (r) {
        paging_free_space(pml4); /* what was copied so far */
        return 0;
    }
    return pml4;
}
