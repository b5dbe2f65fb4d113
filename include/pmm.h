/* Physical frame allocator: a bitmap, one bit per 4 KiB frame (1 = in use).
 * Pure code: the kernel gives it static storage, host tests give it arrays. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#define PMM_FRAME 4096ul
#define PMM_NONE  (~0ul) /* pmm_alloc's "no frame left" */

struct pmm {
    uint64_t *bitmap;    /* nframes bits, rounded up to whole words */
    uint64_t nframes;    /* frames covered: physical [0, nframes * 4 KiB) */
    uint64_t free;       /* frames currently free */
    uint64_t hint;       /* word index where the next search starts */
};

/* Every frame starts in use; free memory is added with pmm_add_free. */
void pmm_init(struct pmm *p, uint64_t *bitmap, uint64_t nframes);
/* Marks the whole frames inside [base, base+len) free (partial frames at
 * either end stay in use). Frames beyond nframes are ignored. */
void pmm_add_free(struct pmm *p, uint64_t base, uint64_t len);
/* Marks every frame touching [base, base+len) in use. len 0 reserves nothing. */
void pmm_reserve(struct pmm *p, uint64_t base, uint64_t len);
/* Returns the physical address of a free frame, now in use, or PMM_NONE. */
uint64_t pmm_alloc(struct pmm *p);
/* Returns a frame. false (and no change) when addr is not frame-aligned, out of
 * range, or already free (a double free). */
bool pmm_free(struct pmm *p, uint64_t addr);
bool pmm_is_used(const struct pmm *p, uint64_t addr);
