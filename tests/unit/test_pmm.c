/* Host tests for pmm.c, on small arrays with a canary word past the bitmap. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "pmm.h"

#define F PMM_FRAME
#define NFRAMES 1000 /* not a multiple of 64: exercises the tail word */
#define NWORDS ((NFRAMES + 63) / 64)
#define CANARY 0x5a5a5a5a5a5a5a5aull

static uint64_t bits[NWORDS + 1];

static void setup(struct pmm *p, uint64_t nframes)
{
    bits[NWORDS] = CANARY;
    pmm_init(p, bits, nframes);
}

/* Free frames counted from the bitmap itself, to check p->free. */
static uint64_t count_free(const struct pmm *p)
{
    uint64_t n = 0;
    for (uint64_t f = 0; f < p->nframes; f++)
        n += !pmm_is_used(p, f * F);
    return n;
}

static void test_init(void)
{
    struct pmm p;
    setup(&p, NFRAMES);
    CHECK(p.free == 0);
    CHECK(count_free(&p) == 0);
    CHECK(pmm_is_used(&p, 0));
    CHECK(pmm_is_used(&p, (NFRAMES - 1) * F));
    CHECK(pmm_is_used(&p, NFRAMES * F)); /* out of range counts as used */
    CHECK(pmm_alloc(&p) == PMM_NONE);
    CHECK(bits[NWORDS] == CANARY);

    /* Empty allocator: nothing to hand out, nothing to free. */
    struct pmm z;
    pmm_init(&z, bits, 0);
    pmm_add_free(&z, 0, 64 * F);
    CHECK(z.free == 0);
    CHECK(pmm_alloc(&z) == PMM_NONE);
    CHECK(!pmm_free(&z, 0));
}

static void test_add_free(void)
{
    struct pmm p;
    setup(&p, NFRAMES);

    /* [6 KiB, 18 KiB): only frames 2 and 3 are whole. */
    pmm_add_free(&p, 0x1800, 0x3000);
    CHECK(p.free == 2);
    CHECK(pmm_is_used(&p, 0x1000));
    CHECK(!pmm_is_used(&p, 0x2000));
    CHECK(!pmm_is_used(&p, 0x3000));
    CHECK(pmm_is_used(&p, 0x4000));

    /* A page-sized range straddling a boundary holds no whole frame. */
    pmm_add_free(&p, 0x5800, 0x1000);
    CHECK(p.free == 2);
    CHECK(pmm_is_used(&p, 0x5000));
    CHECK(pmm_is_used(&p, 0x6000));

    /* Exactly one frame, and len 0. */
    pmm_add_free(&p, 0x8000, F);
    pmm_add_free(&p, 0x9000, 0);
    CHECK(p.free == 3);
    CHECK(!pmm_is_used(&p, 0x8000));
    CHECK(pmm_is_used(&p, 0x9000));

    /* Adding an already-free range again must not double count. */
    pmm_add_free(&p, 0x2000, 0x2000);
    CHECK(p.free == 3);

    /* A range across a word boundary and past nframes: clipped. */
    pmm_add_free(&p, 900 * F, 500 * F);
    CHECK(p.free == 3 + 100);
    CHECK(count_free(&p) == p.free);
    CHECK(bits[NWORDS] == CANARY);
    /* Tail bits past nframes stay set, so they can never be allocated. */
    CHECK((bits[NWORDS - 1] >> (NFRAMES % 64)) == ~0ull >> (NFRAMES % 64));

    /* Entirely past the end: ignored. */
    pmm_add_free(&p, NFRAMES * F, 10 * F);
    CHECK(p.free == 103);
}

static void test_reserve(void)
{
    struct pmm p;
    setup(&p, NFRAMES);
    pmm_add_free(&p, 0, NFRAMES * F);
    CHECK(p.free == NFRAMES);

    /* [0x10800, 0x12800) touches frames 16, 17, 18. */
    pmm_reserve(&p, 0x10800, 0x2000);
    CHECK(p.free == NFRAMES - 3);
    CHECK(pmm_is_used(&p, 16 * F));
    CHECK(pmm_is_used(&p, 18 * F));
    CHECK(!pmm_is_used(&p, 15 * F));
    CHECK(!pmm_is_used(&p, 19 * F));

    /* Overlapping reserve only counts the newly used frame 19. */
    pmm_reserve(&p, 17 * F, 3 * F);
    CHECK(p.free == NFRAMES - 4);

    /* One byte reserves its whole frame; len 0 reserves nothing. */
    pmm_reserve(&p, 100 * F + 5, 1);
    pmm_reserve(&p, 200 * F, 0);
    CHECK(p.free == NFRAMES - 5);
    CHECK(pmm_is_used(&p, 100 * F));
    CHECK(!pmm_is_used(&p, 200 * F));

    /* A large span covering several whole words. */
    pmm_reserve(&p, 256 * F, 256 * F);
    CHECK(p.free == NFRAMES - 5 - 256);

    /* Past nframes: clipped to the last frame. */
    pmm_reserve(&p, 999 * F, 10 * F);
    CHECK(p.free == NFRAMES - 5 - 256 - 1);
    CHECK(count_free(&p) == p.free);
    CHECK(bits[NWORDS] == CANARY);
}

/* Reserved ranges used by the exhaustion test, in frames [lo, hi). */
static const uint64_t resv[][2] = { { 0, 1 }, { 16, 20 }, { 64, 130 },
                                    { 500, 501 }, { 990, 1000 } };
#define NRESV (sizeof resv / sizeof resv[0])

static bool in_reserved(uint64_t f)
{
    for (unsigned i = 0; i < NRESV; i++)
        if (f >= resv[i][0] && f < resv[i][1])
            return true;
    return false;
}

static void test_alloc_free(void)
{
    struct pmm p;
    setup(&p, NFRAMES);
    pmm_add_free(&p, 0, NFRAMES * F);
    uint64_t nres = 0;
    for (unsigned i = 0; i < NRESV; i++) {
        pmm_reserve(&p, resv[i][0] * F, (resv[i][1] - resv[i][0]) * F);
        nres += resv[i][1] - resv[i][0];
    }
    CHECK(p.free == NFRAMES - nres);

    static uint64_t got[NFRAMES];
    static bool seen[NFRAMES];
    memset(seen, 0, sizeof seen);
    uint64_t n = 0, start = p.free;
    bool aligned = true, in_range = true, distinct = true, clean = true;
    bool marked = true, counted = true;
    for (;;) {
        uint64_t a = pmm_alloc(&p);
        if (a == PMM_NONE)
            break;
        if (n >= NFRAMES) { /* more than exist: stop before overrunning got */
            CHECK(!"alloc returned more frames than exist");
            break;
        }
        got[n++] = a;
        aligned &= a % F == 0;
        in_range &= a / F < NFRAMES;
        if (a / F < NFRAMES) {
            distinct &= !seen[a / F];
            seen[a / F] = true;
            clean &= !in_reserved(a / F);
        }
        marked &= pmm_is_used(&p, a);
        counted &= p.free == start - n;
    }
    CHECK(n == NFRAMES - nres);
    CHECK(aligned);
    CHECK(in_range);
    CHECK(distinct);
    CHECK(clean);
    CHECK(marked);
    CHECK(counted);
    CHECK(p.free == 0);
    CHECK(count_free(&p) == 0);
    CHECK(pmm_alloc(&p) == PMM_NONE);
    CHECK(bits[NWORDS] == CANARY);

    /* Bad frees change nothing. */
    CHECK(!pmm_free(&p, got[0] + 1));
    CHECK(!pmm_free(&p, got[0] + F / 2));
    CHECK(!pmm_free(&p, NFRAMES * F));
    CHECK(!pmm_free(&p, 0xfffffffffffff000ull));
    CHECK(!pmm_free(&p, PMM_NONE));
    CHECK(p.free == 0);

    /* Good free, then double free. */
    CHECK(pmm_free(&p, got[5]));
    CHECK(p.free == 1);
    CHECK(!pmm_is_used(&p, got[5]));
    CHECK(!pmm_free(&p, got[5]));
    CHECK(p.free == 1);
    CHECK(pmm_alloc(&p) == got[5]);
    CHECK(p.free == 0);

    /* Free everything back: count returns to where it started. */
    bool ok = true;
    for (uint64_t i = 0; i < n; i++)
        ok &= pmm_free(&p, got[i]);
    CHECK(ok);
    CHECK(p.free == start);
    CHECK(count_free(&p) == start);
    for (unsigned i = 0; i < NRESV; i++)
        CHECK(pmm_is_used(&p, resv[i][0] * F));
}

static void test_hint(void)
{
    struct pmm p;
    setup(&p, NFRAMES);
    pmm_add_free(&p, 0, NFRAMES * F);

    /* Allocating everything leaves the hint in the last word. */
    while (pmm_alloc(&p) != PMM_NONE)
        ;
    CHECK(p.hint == NWORDS - 1);

    /* A frame freed below the hint is found by wrapping around. */
    CHECK(pmm_free(&p, 3 * F));
    CHECK(pmm_alloc(&p) == 3 * F);
    CHECK(p.hint == 0);

    /* And from a low hint, a frame high up is found going forward. */
    CHECK(pmm_free(&p, 900 * F));
    CHECK(pmm_alloc(&p) == 900 * F);

    /* Two free frames: the one at or after the hint word comes first. */
    CHECK(pmm_free(&p, 10 * F));
    CHECK(pmm_free(&p, 700 * F));
    p.hint = 700 / 64;
    CHECK(pmm_alloc(&p) == 700 * F);
    CHECK(pmm_alloc(&p) == 10 * F);
    CHECK(pmm_alloc(&p) == PMM_NONE);

    /* A stale hint beyond the bitmap is not trusted. */
    CHECK(pmm_free(&p, 42 * F));
    p.hint = 12345;
    CHECK(pmm_alloc(&p) == 42 * F);
    CHECK(bits[NWORDS] == CANARY);
}

static void test_overflow(void)
{
    struct pmm p;
    setup(&p, NFRAMES);

    /* Ranges near the top wrap base+len; they must clamp, not wrap to 0. */
    pmm_add_free(&p, UINT64_MAX - 0x1000, 0x10000);
    CHECK(p.free == 0);
    pmm_add_free(&p, UINT64_MAX, UINT64_MAX);
    CHECK(p.free == 0);
    CHECK(count_free(&p) == 0);

    /* From frame 2 to "the end of memory": every frame from 2 up. */
    pmm_add_free(&p, 0x2000, UINT64_MAX);
    CHECK(p.free == NFRAMES - 2);
    CHECK(pmm_is_used(&p, 0x1000));
    CHECK(!pmm_is_used(&p, 0x2000));

    /* Unaligned base with a huge len still rounds base up. */
    setup(&p, NFRAMES);
    pmm_add_free(&p, 0x1001, UINT64_MAX - 5);
    CHECK(p.free == NFRAMES - 2);
    CHECK(pmm_is_used(&p, 0x1000));

    /* Reserve near the top wraps too: must touch nothing here. */
    pmm_reserve(&p, UINT64_MAX - 5, 100);
    pmm_reserve(&p, 0xfffffffffffff000ull, 0x2000);
    CHECK(p.free == NFRAMES - 2);

    /* Reserve from frame 5 to the end of memory. */
    pmm_reserve(&p, 5 * F + 7, UINT64_MAX);
    CHECK(p.free == 3);
    CHECK(!pmm_is_used(&p, 4 * F));
    CHECK(pmm_is_used(&p, 5 * F));
    CHECK(count_free(&p) == 3);
    CHECK(pmm_is_used(&p, UINT64_MAX));
    CHECK(bits[NWORDS] == CANARY);
}

/* nframes an exact multiple of 64: no tail bits to protect. */
static void test_whole_words(void)
{
    struct pmm p;
    bits[2] = CANARY;
    pmm_init(&p, bits, 128);
    pmm_add_free(&p, 0, UINT64_MAX);
    CHECK(p.free == 128);
    uint64_t n = 0, last = 0;
    bool ordered = true;
    for (uint64_t a; (a = pmm_alloc(&p)) != PMM_NONE; n++) {
        ordered &= n == 0 || a > last;
        last = a;
    }
    CHECK(n == 128);
    CHECK(ordered);
    CHECK(last == 127 * F);
    CHECK(bits[0] == ~0ull && bits[1] == ~0ull);
    CHECK(bits[2] == CANARY);
}

int main(void)
{
    test_init();
    test_add_free();
    test_reserve();
    test_alloc_free();
    test_hint();
    test_overflow();
    test_whole_words();
    return check_report("pmm");
}
