/* Address spaces: the page-fault handler and Linux's memory calls (mmap,
 * mmap2, old_mmap, munmap, mprotect, mremap, madvise, brk) over the region
 * map in struct process (src/vma.c). Anonymous memory only, paged on
 * demand: a region gets a zeroed frame for a page at its first touch. */
#include "console.h"
#include "errno.h"
#include "gdt.h"
#include "kstring.h"
#include "layout.h"
#include "mm.h"
#include "paging.h"
#include "proc.h"
#include "syscall.h"
#include "uaccess.h"
#include "uapi/entrylab.h"
#include "uapi/mman.h"

/* Page 0 is never mapped: the 32-bit doors' argument-6 loads rely on it
 * (fast32_arg6, include/syscall.h; FETCH_ARG6, include/regs.inc). */
_Static_assert(MM_MIN_ADDR >= USER_MIN, "mmap and mremap keep off page 0");

/* #PF error code bits. */
#define PF_P    (1u << 0) /* the page was present: a protection fault */
#define PF_W    (1u << 1)
#define PF_RSVD (1u << 3)
#define PF_I    (1u << 4) /* an instruction fetch */

#define RWX (VMA_R | VMA_W | VMA_X)
/* Linux's mmap_base: this much below the top, for the stack to grow into. */
#define MMAP_GAP (128ul << 20)

/* Memory is the thread group's: its leader holds the map and brk. */
static struct process *cur(void) { return proc_group(cpu0.proc); }

/* Page-rounding that reports overflow as 0, as Linux's PAGE_ALIGN wraps. */
static uint64_t page_up(uint64_t v) { return (v + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1); }

/* The end of a program's address space (Linux's TASK_SIZE). */
static uint64_t task_size(const struct process *p) { return p->is64 ? MM_TASK_SIZE_64 : MM_TASK_SIZE_32; }

/* Page-table flags for a region's protection. x86 pages are always
 * readable, so write-only and exec-only are readable too (as on Linux). */
static unsigned page_flags(uint32_t prot)
{
    if (!(prot & RWX))
        return MAP_NONE;
    return MAP_USER | (prot & VMA_W ? MAP_WRITE : 0) | (prot & VMA_X ? MAP_EXEC : 0);
}

/* Where free space below r ends: the stack keeps its guard gap. */
static uint64_t start_gap(const struct vma *r)
{
    if (!(r->flags & VMA_GROWSDOWN))
        return r->start;
    return r->start > MM_GUARD_GAP ? r->start - MM_GUARD_GAP : 0;
}

void mm_init(struct process *p) { vma_init(&p->map); }

int mm_add(struct process *p, uint64_t start, uint64_t end, uint32_t prot, uint32_t flags,
           const char *name, uint64_t offset)
{
    struct vma r = {.start = start, .end = end, .offset = offset, .prot = prot, .flags = flags, .name = name};
    return vma_insert(&p->map, &r);
}

size_t mm_format_maps(struct process *p, char *buf, size_t size) { return vma_format(&proc_group(p)->map, buf, size); }

/* Frees every page in [start, end); the map is the caller's business. */
static void release_pages(struct process *p, uint64_t start, uint64_t end)
{
    for (uint64_t va = paging_next_page(p->pml4, start, end); va < end;
         va = paging_next_page(p->pml4, va + PAGE_SIZE, end))
        paging_release(p->pml4, va);
}

/* munmap's core: the regions first (it may fail), then the pages. */
static int unmap_range(struct process *p, uint64_t start, uint64_t end)
{
    int r = vma_remove(&p->map, start, end);
    if (r == 0)
        release_pages(p, start, end);
    return r;
}

/* --- page faults ---------------------------------------------------------- */

/* A fault just below a growsdown region extends it, as Linux grows the
 * stack: down to RLIMIT_STACK, and never to within the guard gap of the
 * region below. Returns the grown region or NULL. */
static struct vma *grow_down(struct process *p, uint64_t addr)
{
    struct vma *r = vma_next(&p->map, addr);
    uint64_t page = addr & ~(PAGE_SIZE - 1);
    if (!r || !(r->flags & VMA_GROWSDOWN) || page < MM_MIN_ADDR || r->end - page > MM_STACK_RLIMIT)
        return 0;
    struct vma *prev = vma_prev(&p->map, addr);
    if (prev && !(prev->flags & VMA_GROWSDOWN) && (prev->prot & RWX) && page - prev->end < MM_GUARD_GAP)
        return 0;
    struct vma ext = *r;
    ext.start = page;
    ext.end = r->start;
    if (vma_insert(&p->map, &ext))
        return 0;
    return vma_find(&p->map, addr);
}

int mm_fault(struct process *p, uint64_t addr, uint64_t error_code)
{
    p = proc_group(p);
    /* Below USER_MIN no page is ever brought in, whatever a region says:
     * page 0 stays unmapped, so NULL faults and fast32_arg6's load there is
     * -EFAULT (every call that creates a region also refuses it). */
    if (addr < USER_MIN || addr >= USER_END || !p->pml4)
        return SEGV_MAPERR;
    struct vma *r = vma_find(&p->map, addr);
    if (!r)
        r = grow_down(p, addr);
    if (!r)
        return SEGV_MAPERR;
    bool write = error_code & PF_W, fetch = error_code & PF_I;
    if ((error_code & PF_RSVD) || !(r->prot & RWX) || (write && !(r->prot & VMA_W)) ||
        (fetch && !(r->prot & VMA_X)))
        return SEGV_ACCERR;

    uint64_t page = addr & ~(PAGE_SIZE - 1);
    unsigned flags = page_flags(r->prot) | (r->flags & VMA_SHARED ? MAP_SHARED_MEM : 0);
    if (error_code & PF_P) {
        /* The region allows it but the page did not: bring the page in line,
         * unless it already was (then the fault is not about protection). */
        uint64_t e = paging_query(p->pml4, page);
        bool allows = (e & PTE_U) && (!write || (e & PTE_W)) && (!fetch || !(e & PTE_NX));
        if (allows || paging_protect(p->pml4, page, flags))
            return SEGV_ACCERR;
        return 0;
    }
    /* A page kept behind PROT_NONE comes back with its contents. */
    if (paging_protect(p->pml4, page, flags) == 0)
        return 0;
    uint64_t pa = frame_alloc(); /* zeroed */
    if (!pa) {
        klog("mm", "out of memory: %s cannot have the page at %#lx", p->name, page);
        return SEGV_MAPERR;
    }
    if (paging_map(p->pml4, page, pa, flags)) {
        frame_free(pa);
        return SEGV_MAPERR;
    }
    return 0;
}

/* Faults in every page of [start, end) the region allows (MAP_POPULATE,
 * MADV_POPULATE_*): false when a page could not be had. */
static bool populate(struct process *p, const struct sc_call *c, uint64_t start, uint64_t end, bool write)
{
    for (uint64_t va = start; va < end; va += PAGE_SIZE) {
        proc_check_time(c->frame);
        if (paging_query(p->pml4, va))
            continue;
        if (mm_fault(p, va, write ? PF_W : 0))
            return false;
    }
    return true;
}

/* --- choosing an address (Linux's get_unmapped_area) ----------------------- */

/* The top of the top-down search: Linux's mmap_base, or mmap_compat_base for
 * 32-bit calls, which keeps their addresses below 4 GiB. */
static uint64_t mmap_base(bool abi32) { return (abi32 ? MM_TASK_SIZE_32 : MM_TASK_SIZE_64) - MMAP_GAP; }

/* Whether [addr, addr + len) is free and clear of a stack's guard gap. */
static bool fits(struct process *p, uint64_t addr, uint64_t len, uint64_t limit)
{
    if (addr < MM_MIN_ADDR || len > limit || addr > limit - len)
        return false;
    struct vma *n = vma_next(&p->map, addr);
    return !n || addr + len <= start_gap(n);
}

/* An address for a mapping of len bytes that is not MAP_FIXED: the hint
 * when it fits, else top-down below mmap_base, else bottom-up above a third
 * of the space. MAP_32BIT from 64-bit calls: bottom-up in [1 GiB, 2 GiB). */
static int64_t unmapped_area(struct process *p, bool abi32, uint64_t hint, uint64_t len, uint64_t flags)
{
    uint64_t limit = abi32 ? MM_TASK_SIZE_32 : task_size(p), at;
    if (len > limit)
        return -ENOMEM;
    if (!abi32 && (flags & MAP_32BIT)) {
        if (hint && fits(p, hint, len, 0x80000000ul))
            return (int64_t)hint;
        if (vma_find_free(&p->map, len, 0x40000000ul, 0x80000000ul, MM_GUARD_GAP, false, &at) == 0)
            return (int64_t)at;
        return -ENOMEM;
    }
    if (hint && fits(p, hint, len, limit))
        return (int64_t)hint;
    if (vma_find_free(&p->map, len, MM_MIN_ADDR, mmap_base(abi32), MM_GUARD_GAP, true, &at) == 0 ||
        vma_find_free(&p->map, len, page_up(limit / 3), limit, MM_GUARD_GAP, false, &at) == 0)
        return (int64_t)at;
    return -ENOMEM;
}

/* --- mmap ----------------------------------------------------------------- */

/* Linux's ksys_mmap_pgoff and do_mmap for anonymous memory, checks in
 * Linux's order. */
static int64_t do_mmap(const struct sc_call *c, uint64_t addr, uint64_t len, uint64_t prot,
                       uint64_t flags, uint64_t pgoff)
{
    struct process *p = cur();
    if (!(flags & MAP_ANONYMOUS))
        return -EBADF; /* no file exists, so every fd is a bad one */
    if (flags & MAP_HUGETLB)
        return -ENOMEM; /* no huge pages reserved, as a default Linux */
    if (!len)
        return -EINVAL;
    if (flags & MAP_FIXED_NOREPLACE)
        flags |= MAP_FIXED;
    if (!(flags & MAP_FIXED) && addr && addr < MM_MIN_ADDR)
        addr = MM_MIN_ADDR;
    len = page_up(len);
    if (!len)
        return -ENOMEM;
    if (pgoff + (len >> 12) < pgoff)
        return -EOVERFLOW;

    int64_t at;
    if (flags & MAP_FIXED) {
        if (len > task_size(p) || addr > task_size(p) - len)
            return -ENOMEM;
        if (addr & (PAGE_SIZE - 1))
            return -EINVAL;
        if (addr < MM_MIN_ADDR)
            return -EPERM; /* mmap_min_addr, for a program without CAP_SYS_RAWIO */
        at = (int64_t)addr;
    } else {
        at = unmapped_area(p, sc_abi32(c), addr & ~(PAGE_SIZE - 1), len, flags);
        if (at < 0)
            return at;
    }
    uint64_t start = (uint64_t)at, end = start + len;
    if ((flags & MAP_FIXED_NOREPLACE) && vma_overlaps(&p->map, start, end))
        return -EEXIST;

    uint32_t vflags = 0;
    switch (flags & MAP_TYPE) {
    case MAP_SHARED:
        if (flags & MAP_GROWSDOWN)
            return -EINVAL;
        vflags |= VMA_SHARED;
        break;
    case MAP_PRIVATE:
        break;
    default:
        return -EINVAL;
    }
    if (flags & MAP_GROWSDOWN)
        vflags |= VMA_GROWSDOWN;
    if (flags & MAP_NORESERVE)
        vflags |= VMA_NORESERVE;

    /* The map changes first: if it is full, the old mapping stays. */
    if (mm_add(p, start, end, (uint32_t)prot & RWX, vflags, 0, 0))
        return -ENOMEM;
    release_pages(p, start, end); /* what MAP_FIXED replaced */
    /* A failed populate leaves the mapping, as on Linux. */
    if ((flags & (MAP_POPULATE | MAP_NONBLOCK)) == MAP_POPULATE && (prot & RWX))
        populate(p, c, start, end, prot & PROT_WRITE);
    return at;
}

int64_t sys_mmap(struct sc_call *c)
{
    if (c->arg[5] & (PAGE_SIZE - 1))
        return -EINVAL;
    return do_mmap(c, c->arg[0], c->arg[1], c->arg[2], c->arg[3], c->arg[5] >> 12);
}

int64_t sys_mmap2(struct sc_call *c)
{
    /* i386: the offset counts pages already. */
    return do_mmap(c, c->arg[0], c->arg[1], c->arg[2], c->arg[3], c->arg[5]);
}

int64_t sys_old_mmap(struct sc_call *c)
{
    /* i386's first mmap: one pointer to six 32-bit arguments. */
    uint32_t a[6];
    if (copy_from_user(a, c->arg[0], sizeof a))
        return -EFAULT;
    if (a[5] & (PAGE_SIZE - 1))
        return -EINVAL;
    return do_mmap(c, a[0], a[1], a[2], a[3], a[5] >> 12);
}

int mm_munmap(struct process *p, uint64_t start, uint64_t len)
{
    p = proc_group(p);
    uint64_t task = task_size(p);
    if ((start & (PAGE_SIZE - 1)) || start > task || len > task - start)
        return -EINVAL;
    len = page_up(len);
    if (!len)
        return -EINVAL;
    return unmap_range(p, start, start + len);
}

int64_t sys_munmap(struct sc_call *c) { return mm_munmap(cur(), c->arg[0], c->arg[1]); }

/* --- mprotect ------------------------------------------------------------- */

int64_t sys_mprotect(struct sc_call *c)
{
    struct process *p = cur();
    uint64_t start = c->arg[0], len = c->arg[1], prot = c->arg[2];
    uint64_t grows = prot & (PROT_GROWSDOWN | PROT_GROWSUP);
    prot &= ~grows;
    if (grows == (PROT_GROWSDOWN | PROT_GROWSUP))
        return -EINVAL;
    if (start & (PAGE_SIZE - 1))
        return -EINVAL;
    if (!len)
        return 0;
    len = page_up(len);
    uint64_t end = start + len;
    if (end <= start)
        return -ENOMEM;
    if (prot & ~(uint64_t)(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM))
        return -EINVAL;
    struct vma *r = vma_next(&p->map, start);
    if (!r)
        return -ENOMEM;
    if (grows & PROT_GROWSDOWN) {
        /* Extend the change down to the start of a growsdown region. */
        if (r->start >= end)
            return -ENOMEM;
        if (!(r->flags & VMA_GROWSDOWN))
            return -EINVAL;
        start = r->start;
    } else {
        if (r->start > start)
            return -ENOMEM;
        if (grows & PROT_GROWSUP)
            return -EINVAL; /* x86 has no growsup regions */
    }
    /* The vDSO's one frame serves every program: no program may write it
     * (Linux would give the writer a private copy). */
    if (prot & PROT_WRITE)
        for (struct vma *v = vma_next(&p->map, start); v && v->start < end; v = vma_next(&p->map, v->end))
            if (v->flags & VMA_VDSO)
                return -EACCES;
    /* entrylab checks the whole range first: a hole changes nothing (Linux
     * changes the part before the hole, then says ENOMEM as well). */
    int e = vma_protect(&p->map, start, end, (uint32_t)prot & RWX);
    if (e)
        return e;
    unsigned flags = page_flags((uint32_t)prot & RWX);
    for (uint64_t va = paging_next_page(p->pml4, start, end); va < end;
         va = paging_next_page(p->pml4, va + PAGE_SIZE, end))
        paging_protect(p->pml4, va, flags);
    return 0;
}

/* --- mremap --------------------------------------------------------------- */

/* Moves [from, from + old_len), inside region r, to [to, to + new_len):
 * its pages and flags. The new range was free or freed. */
static int64_t move_range(struct process *p, const struct vma *r, uint64_t from, uint64_t old_len,
                          uint64_t to, uint64_t new_len, bool keep_old)
{
    if (p->map.count + 2 > VMA_MAX)
        return -ENOMEM; /* the insert and a split of the old region */
    struct vma n = *r;
    n.start = to;
    n.end = to + new_len;
    if (n.flags & VMA_IMAGE)
        n.offset += from - r->start;
    if (n.flags & (VMA_STACK | VMA_HEAP)) {
        n.flags &= ~(VMA_STACK | VMA_HEAP); /* a moved copy is plain memory */
        n.name = 0;
    }
    if (vma_insert(&p->map, &n))
        return -ENOMEM;
    for (uint64_t va = paging_next_page(p->pml4, from, from + old_len); va < from + old_len;
         va = paging_next_page(p->pml4, va + PAGE_SIZE, from + old_len)) {
        if (paging_move(p->pml4, va, to + (va - from))) {
            klog("mm", "mremap: no page table for %#lx", to + (va - from));
            return -ENOMEM;
        }
    }
    if (!keep_old)
        vma_remove(&p->map, from, from + old_len); /* room checked above */
    return (int64_t)to;
}

/* Linux's vma_to_resize: the one region holding [addr, addr + old_len). */
static struct vma *resizable(struct process *p, uint64_t addr, uint64_t old_len, uint64_t new_len,
                             int64_t *err)
{
    struct vma *r = vma_find(&p->map, addr);
    *err = -EFAULT;
    if (!r || old_len > r->end - addr)
        return 0;
    if (new_len > old_len && (r->flags & VMA_VDSO))
        return 0; /* the vDSO does not grow */
    return r;
}

static int64_t mremap_to(struct sc_call *c, uint64_t addr, uint64_t old_len, uint64_t new_addr,
                         uint64_t new_len, uint64_t flags)
{
    struct process *p = cur();
    uint64_t task = task_size(p);
    if (new_addr & (PAGE_SIZE - 1))
        return -EINVAL;
    if (new_len > task || new_addr > task - new_len)
        return -EINVAL;
    if (addr + old_len > new_addr && new_addr + new_len > addr)
        return -EINVAL; /* the two ranges overlap */
    if (flags & MREMAP_FIXED) {
        int e = unmap_range(p, new_addr, new_addr + new_len);
        if (e)
            return e;
    }
    if (old_len > new_len) {
        int e = mm_munmap(p, addr + new_len, old_len - new_len);
        if (e)
            return e;
        old_len = new_len;
    }
    int64_t err;
    struct vma *r = resizable(p, addr, old_len, new_len, &err);
    if (!r)
        return err;
    /* mmap_min_addr, where Linux's get_unmapped_area tests it (after the
     * unmaps above): page 0 stays unmapped (fast32_arg6 relies on it). */
    if ((flags & MREMAP_FIXED) && new_addr < MM_MIN_ADDR)
        return -EPERM;
    if (!(flags & MREMAP_FIXED)) {
        int64_t at = unmapped_area(p, sc_abi32(c), 0, new_len, 0);
        if (at < 0)
            return at;
        new_addr = (uint64_t)at;
    }
    struct vma copy = *r;
    return move_range(p, &copy, addr, old_len, new_addr, new_len, flags & MREMAP_DONTUNMAP);
}

int64_t sys_mremap(struct sc_call *c)
{
    struct process *p = cur();
    uint64_t addr = c->arg[0], old_len = c->arg[1], new_len = c->arg[2], flags = c->arg[3];
    uint64_t new_addr = c->arg[4];
    if (flags & ~(uint64_t)(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP))
        return -EINVAL;
    if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
        return -EINVAL;
    if ((flags & MREMAP_DONTUNMAP) && (!(flags & MREMAP_MAYMOVE) || old_len != new_len))
        return -EINVAL;
    if (addr & (PAGE_SIZE - 1))
        return -EINVAL;
    old_len = page_up(old_len);
    new_len = page_up(new_len);
    if (!new_len)
        return -EINVAL;
    /* old_len 0 asks Linux for a second mapping of shared memory: none here. */
    if (!old_len)
        return -EINVAL;
    if (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP))
        return mremap_to(c, addr, old_len, new_addr, new_len, flags);

    if (old_len >= new_len) {
        int e = old_len == new_len ? 0 : mm_munmap(p, addr + new_len, old_len - new_len);
        if (e)
            return e;
        return (int64_t)addr;
    }
    int64_t err;
    struct vma *r = resizable(p, addr, old_len, new_len, &err);
    if (!r)
        return err;
    /* At the region's end, with room after it: grow in place. */
    uint64_t end = addr + new_len;
    if (old_len == r->end - addr && end > addr && end <= task_size(p) &&
        !vma_overlaps(&p->map, r->end, end)) {
        struct vma ext = *r;
        ext.start = r->end;
        ext.end = end;
        if (ext.flags & VMA_IMAGE)
            ext.offset += r->end - r->start;
        if (vma_insert(&p->map, &ext))
            return -ENOMEM;
        return (int64_t)addr;
    }
    if (!(flags & MREMAP_MAYMOVE))
        return -ENOMEM;
    int64_t at = unmapped_area(p, sc_abi32(c), 0, new_len, 0);
    if (at < 0)
        return at;
    struct vma copy = *r;
    return move_range(p, &copy, addr, old_len, (uint64_t)at, new_len, false);
}

/* --- madvise -------------------------------------------------------------- */

static bool advice_known(uint64_t a)
{
    switch (a) {
    case MADV_NORMAL: case MADV_RANDOM: case MADV_SEQUENTIAL: case MADV_WILLNEED:
    case MADV_DONTNEED: case MADV_FREE: case MADV_REMOVE: case MADV_DONTFORK:
    case MADV_DOFORK: case MADV_MERGEABLE: case MADV_UNMERGEABLE: case MADV_HUGEPAGE:
    case MADV_NOHUGEPAGE: case MADV_DONTDUMP: case MADV_DODUMP: case MADV_WIPEONFORK:
    case MADV_KEEPONFORK: case MADV_COLD: case MADV_PAGEOUT: case MADV_POPULATE_READ:
    case MADV_POPULATE_WRITE: case MADV_DONTNEED_LOCKED: case MADV_COLLAPSE:
    case MADV_HWPOISON: case MADV_SOFT_OFFLINE:
        return true;
    }
    return false;
}

/* One advice on [start, end), all inside region r. */
static int advise(struct process *p, const struct sc_call *c, const struct vma *r, uint64_t start,
                  uint64_t end, uint64_t advice)
{
    bool anon_private = !(r->flags & (VMA_SHARED | VMA_IMAGE | VMA_VDSO));
    switch (advice) {
    case MADV_DONTNEED:
    case MADV_DONTNEED_LOCKED:
        /* Private anonymous pages read as zero afterwards. Shared memory
         * keeps its contents (Linux's shmem does), and so does the image,
         * which has no file to read the pages back from. */
        if (anon_private)
            release_pages(p, start, end);
        return 0;
    case MADV_FREE:
        if (!anon_private)
            return -EINVAL;
        release_pages(p, start, end); /* freed at once: zero is an allowed outcome */
        return 0;
    case MADV_REMOVE:
        /* Punches a hole in shared memory; private memory has no backing. */
        if (!(r->flags & VMA_SHARED))
            return -EINVAL;
        if (!(r->prot & VMA_W))
            return -EACCES;
        release_pages(p, start, end);
        return 0;
    case MADV_WIPEONFORK:
        return anon_private ? 0 : -EINVAL;
    case MADV_POPULATE_READ:
    case MADV_POPULATE_WRITE: {
        bool write = advice == MADV_POPULATE_WRITE;
        if (!(r->prot & RWX) || (write && !(r->prot & VMA_W)))
            return -EINVAL;
        return populate(p, c, start, end, write) ? 0 : -ENOMEM;
    }
    }
    return 0; /* hints with nothing to do here: no swap, fork, KSM or huge pages */
}

int64_t sys_madvise(struct sc_call *c)
{
    struct process *p = cur();
    uint64_t start = c->arg[0], len_in = c->arg[1], advice = c->arg[2];
    advice = (uint64_t)(int64_t)(int32_t)advice; /* an int in Linux */
    if (!advice_known(advice))
        return -EINVAL;
    if (start & (PAGE_SIZE - 1))
        return -EINVAL;
    uint64_t len = page_up(len_in);
    if (len_in && !len)
        return -EINVAL;
    uint64_t end = start + len;
    if (end < start)
        return -EINVAL;
    if (end == start)
        return 0;
    if (advice == MADV_HWPOISON || advice == MADV_SOFT_OFFLINE)
        return -EPERM; /* CAP_SYS_ADMIN only */

    /* Every region part in the range gets the advice; a hole means ENOMEM
     * at the end, as Linux's madvise_walk_vmas. */
    int hole = 0;
    while (start < end) {
        struct vma *r = vma_next(&p->map, start);
        if (!r)
            return -ENOMEM;
        if (start < r->start) {
            hole = -ENOMEM;
            start = r->start;
            if (start >= end)
                break;
        }
        struct vma copy = *r;
        uint64_t stop = copy.end < end ? copy.end : end;
        int e = advise(p, c, &copy, start, stop, advice);
        if (e)
            return e;
        start = stop;
    }
    return hole;
}

/* --- brk ------------------------------------------------------------------ */

int64_t sys_brk(struct sc_call *c)
{
    struct process *p = cur();
    uint64_t want = c->arg[0];
    /* Linux: the break moves only inside [start, limit) and not into another
     * mapping (nor within a page of it); any failure returns the old break. */
    if (want < p->brk_start || want > p->brk_limit)
        return (int64_t)p->brk;
    uint64_t old_end = page_up(p->brk), new_end = page_up(want);
    if (new_end > old_end) {
        struct vma *next = vma_next(&p->map, old_end);
        if (next && new_end + PAGE_SIZE > start_gap(next))
            return (int64_t)p->brk;
        if (mm_add(p, old_end, new_end, VMA_R | VMA_W, VMA_HEAP, "[heap]", 0))
            return (int64_t)p->brk;
    } else if (new_end < old_end) {
        if (unmap_range(p, new_end, old_end))
            return (int64_t)p->brk;
    }
    p->brk = want;
    return (int64_t)want;
}
