/* Bitmap physical frame allocator: bit i of the bitmap is frame i, 1 = used. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pmm.h"

static uint64_t nwords(const struct pmm *p)
{
    return (p->nframes + 63) / 64;
}

/* Own popcount: __builtin_popcountll may become a libgcc call in the kernel,
 * which does not link libgcc. */
static uint64_t popcount(uint64_t x)
{
    x = x - ((x >> 1) & 0x5555555555555555ull);
    x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
    return (x * 0x0101010101010101ull) >> 56;
}

/* Mask of bits [lo, hi) within one word, 0 <= lo < hi <= 64. */
static uint64_t mask(unsigned lo, unsigned hi)
{
    uint64_t m = hi == 64 ? ~0ull : (1ull << hi) - 1;
    return m & ~((1ull << lo) - 1);
}

/* Sets (used) or clears (free) frames [first, last), keeping p->free exact
 * by counting only the bits that actually change. Works a word at a time. */
static void mark(struct pmm *p, uint64_t first, uint64_t last, bool used)
{
    if (last > p->nframes)
        last = p->nframes;
    while (first < last) {
        uint64_t w = first / 64;
        unsigned lo = first % 64;
        unsigned hi = last - w * 64 >= 64 ? 64 : (unsigned)(last - w * 64);
        uint64_t m = mask(lo, hi);
        uint64_t old = p->bitmap[w];
        if (used) {
            p->free -= popcount(~old & m);
            p->bitmap[w] = old | m;
        } else {
            p->free += popcount(old & m);
            p->bitmap[w] = old & ~m;
        }
        first = w * 64 + hi;
    }
}

/* base + len, clamped: a range reaching past the top of the address space
 * just ends there. */
static uint64_t range_end(uint64_t base, uint64_t len)
{
    return len > UINT64_MAX - base ? UINT64_MAX : base + len;
}

void pmm_init(struct pmm *p, uint64_t *bitmap, uint64_t nframes)
{
    p->bitmap = bitmap;
    p->nframes = nframes;
    p->free = 0;
    p->hint = 0;
    /* Tail bits past nframes stay 1 forever, so alloc never hands them out. */
    for (uint64_t i = 0; i < nwords(p); i++)
        bitmap[i] = ~0ull;
}

void pmm_add_free(struct pmm *p, uint64_t base, uint64_t len)
{
    uint64_t end = range_end(base, len);
    /* Round inward: a partial frame may hold something else. Written without
     * base + PMM_FRAME - 1, which could overflow. */
    uint64_t first = base / PMM_FRAME + (base % PMM_FRAME != 0);
    uint64_t last = end / PMM_FRAME;
    mark(p, first, last, false);
}

void pmm_reserve(struct pmm *p, uint64_t base, uint64_t len)
{
    if (len == 0)
        return;
    uint64_t end = range_end(base, len);
    /* Round outward: any frame touching the range is unusable. */
    uint64_t first = base / PMM_FRAME;
    uint64_t last = end / PMM_FRAME + (end % PMM_FRAME != 0);
    mark(p, first, last, true);
}

uint64_t pmm_alloc(struct pmm *p)
{
    uint64_t n = nwords(p);
    if (p->free == 0 || n == 0)
        return PMM_NONE;
    if (p->hint >= n)
        p->hint = 0;
    /* Start at the hint and wrap, skipping full words whole. */
    for (uint64_t i = 0; i < n; i++) {
        uint64_t w = p->hint + i;
        if (w >= n)
            w -= n;
        uint64_t word = p->bitmap[w];
        if (word == ~0ull)
            continue;
        unsigned bit = (unsigned)__builtin_ctzll(~word);
        p->bitmap[w] = word | (1ull << bit);
        p->free--;
        p->hint = w;
        return (w * 64 + bit) * PMM_FRAME;
    }
    return PMM_NONE;
}

bool pmm_free(struct pmm *p, uint64_t addr)
{
    if (addr % PMM_FRAME)
        return false;
    uint64_t f = addr / PMM_FRAME;
    if (f >= p->nframes)
        return false;
    uint64_t bit = 1ull << (f % 64);
    if (!(p->bitmap[f / 64] & bit))
        return false;
    p->bitmap[f / 64] &= ~bit;
    p->free++;
    return true;
}

/* Out-of-range addresses count as used: they can never be handed out. */
bool pmm_is_used(const struct pmm *p, uint64_t addr)
{
    uint64_t f = addr / PMM_FRAME;
    if (f >= p->nframes)
        return true;
    return p->bitmap[f / 64] >> (f % 64) & 1;
}
