/* Frames shared by several address spaces (fork's copy-on-write): a count
 * of the references beyond the first, per frame, in pages of counts made
 * when a frame of their range is first shared and freed when the last
 * count in them drops to zero, so that a frame nobody shares costs nothing
 * and every page comes back once the sharers are gone. */
#include "kstring.h"
#include "layout.h"
#include "paging.h"

#define MAX_PHYS (16ul << 30)                  /* as the frame allocator (src/memory.c) */
#define PER_PAGE PAGE_SIZE                     /* one byte per frame */
#define NDIR (MAX_PHYS / PAGE_SIZE / PER_PAGE)

static uint8_t *dir[NDIR];
static uint16_t live[NDIR]; /* nonzero counts in each page */

unsigned frame_extra_refs(uint64_t pa)
{
    uint64_t i = pa / PAGE_SIZE;
    if (pa >= MAX_PHYS || !dir[i / PER_PAGE])
        return 0;
    return dir[i / PER_PAGE][i % PER_PAGE];
}

bool frame_share(uint64_t pa)
{
    uint64_t i = pa / PAGE_SIZE, d = i / PER_PAGE;
    if (pa >= MAX_PHYS)
        return false;
    if (!dir[d]) {
        uint64_t f = frame_alloc(); /* zeroed: every count 0 */
        if (!f)
            return false;
        dir[d] = phys_to_virt(f);
    }
    uint8_t *c = &dir[d][i % PER_PAGE];
    if (*c == 255)
        return false;
    if ((*c)++ == 0)
        live[d]++;
    return true;
}

void frame_put(uint64_t pa)
{
    uint64_t i = pa / PAGE_SIZE, d = i / PER_PAGE;
    if (pa >= MAX_PHYS || !dir[d] || !dir[d][i % PER_PAGE]) {
        frame_free(pa); /* the only reference */
        return;
    }
    if (--dir[d][i % PER_PAGE] == 0 && --live[d] == 0) {
        frame_free(virt_to_phys(dir[d]));
        dir[d] = 0;
    }
}
