/* Address spaces. Each program has a map of regions (struct vma_map, in
 * struct process as `map`): sorted, non-overlapping [start, end) ranges with
 * their protection, what they are, and a name for /proc/self/maps. The
 * region list (src/vma.c) is pure code, tested on the host; src/mm.c holds
 * the page-fault handler and Linux's memory calls on top of it. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Protection of a region: Linux's PROT_READ, PROT_WRITE, PROT_EXEC values. */
#define VMA_R 0x1u
#define VMA_W 0x2u
#define VMA_X 0x4u

/* What a region is. */
#define VMA_SHARED    (1u << 0) /* MAP_SHARED: fork shares its pages (anonymous memory only); maps shows 's' */
#define VMA_GROWSDOWN (1u << 1) /* a fault just below it extends it (the stack) */
#define VMA_STACK     (1u << 2) /* the main stack: [stack] */
#define VMA_HEAP      (1u << 3) /* brk's region: [heap] */
#define VMA_VDSO      (1u << 4) /* [vdso] */
#define VMA_IMAGE     (1u << 5) /* the program's ELF segments: offset counts */
#define VMA_NORESERVE (1u << 6) /* MAP_NORESERVE (nothing is reserved anyway) */

/* Linux allows 65530 regions; a program here gets this many. */
#define VMA_MAX 512

struct vma {
    uint64_t start, end; /* page-aligned, start < end */
    uint64_t offset;     /* file offset of start (VMA_IMAGE), else 0 */
    uint32_t prot;       /* VMA_R | VMA_W | VMA_X */
    uint32_t flags;      /* VMA_* */
    const char *name;    /* last column of /proc/self/maps, or NULL */
};

struct vma_map {
    uint32_t count;
    struct vma v[VMA_MAX]; /* v[0..count) sorted by start */
};

/* --- the pure region list (src/vma.c) ------------------------------------ */
void vma_init(struct vma_map *m);
/* The region holding addr, or NULL. */
struct vma *vma_find(struct vma_map *m, uint64_t addr);
/* The first region ending above addr (holding it or after it), or NULL. */
struct vma *vma_next(struct vma_map *m, uint64_t addr);
/* The last region ending at or below addr, or NULL. */
struct vma *vma_prev(struct vma_map *m, uint64_t addr);
/* Whether any region meets [start, end); whether regions cover all of it. */
bool vma_overlaps(const struct vma_map *m, uint64_t start, uint64_t end);
bool vma_covered(const struct vma_map *m, uint64_t start, uint64_t end);
/* Maps r->start..r->end, replacing whatever was there (MAP_FIXED), and
 * merges equal neighbours. 0, -ENOMEM when the table could overflow
 * (then nothing changed), -EINVAL for an empty range. */
int vma_insert(struct vma_map *m, const struct vma *r);
/* Removes [start, end) from every region (munmap); 0 (an empty range
 * removes nothing), or -ENOMEM when a split would overflow the table. */
int vma_remove(struct vma_map *m, uint64_t start, uint64_t end);
/* Sets the protection of [start, end), which must be fully mapped:
 * 0, -ENOMEM for a hole or a full table (nothing changed). */
int vma_protect(struct vma_map *m, uint64_t start, uint64_t end, uint32_t prot);
/* A free range of len bytes inside [lo, hi): the highest (topdown) or the
 * lowest one, keeping gap bytes below any VMA_GROWSDOWN region. 0 and *out,
 * or -ENOMEM. */
int vma_find_free(const struct vma_map *m, uint64_t len, uint64_t lo, uint64_t hi,
                  uint64_t gap, bool topdown, uint64_t *out);
/* /proc/self/maps for the map, snprintf-style: writes at most size - 1
 * characters and a NUL, returns the length of the whole text. */
size_t vma_format(const struct vma_map *m, char *buf, size_t size);

/* --- the kernel side (src/mm.c) ------------------------------------------ */
struct process;

/* Linux's layout constants. */
#define MM_STACK_RLIMIT (8ul << 20)   /* RLIMIT_STACK: the main stack grows to this */
#define MM_GUARD_GAP    (256ul << 12) /* stack_guard_gap: kept free below the stack */
#define MM_MIN_ADDR     0x10000ul     /* mmap_min_addr */
#define MM_TASK_SIZE_64 0x00007FFFFFFFF000ul
#define MM_TASK_SIZE_32 0xFFFFE000ul  /* 32-bit calls: below the vDSO page */

/* A page fault at addr with the CPU's error code, in ring 3 or in a user
 * copy. 0 when it was fixed (a page now there: retry the access), or the
 * si_code to report: SEGV_MAPERR (no region there) or SEGV_ACCERR (the
 * region forbids the access). */
int mm_fault(struct process *p, uint64_t addr, uint64_t error_code);
/* munmap on p: 0 or Linux's error; its frames go back to the allocator. */
int mm_munmap(struct process *p, uint64_t start, uint64_t len);
/* /proc/self/maps of p (vma_format's contract). */
size_t mm_format_maps(struct process *p, char *buf, size_t size);

/* exec: an empty map, then regions for what exec maps itself. */
void mm_init(struct process *p);
int mm_add(struct process *p, uint64_t start, uint64_t end, uint32_t prot, uint32_t flags,
           const char *name, uint64_t offset);
