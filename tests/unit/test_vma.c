/* Host tests of the region list (src/vma.c): the cases by hand, then random
 * operations checked against a model that keeps one entry per page. */
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "errno.h"
#include "mm.h"

#define PG 4096ul

static struct vma R(uint64_t start, uint64_t end, uint32_t prot, uint32_t flags, const char *name)
{
    return (struct vma){.start = start, .end = end, .prot = prot, .flags = flags, .name = name};
}

/* Sorted, disjoint, aligned, non-empty, and fully merged. */
static int well_formed(const struct vma_map *m)
{
    for (uint32_t i = 0; i < m->count; i++) {
        const struct vma *r = &m->v[i];
        if (r->start >= r->end || (r->start | r->end) % PG)
            return 0;
        if (i + 1 < m->count) {
            const struct vma *n = &m->v[i + 1];
            if (r->end > n->start)
                return 0;
            if (r->end == n->start && r->prot == n->prot && r->flags == n->flags && r->name == n->name &&
                (!(r->flags & VMA_IMAGE) || r->offset + (r->end - r->start) == n->offset))
                return 0;
        }
    }
    return 1;
}

static struct vma_map m; /* 20 KiB: not on the stack */

static void test_merge_split(void)
{
    vma_init(&m);
    struct vma a = R(0x10000, 0x12000, VMA_R | VMA_W, 0, NULL);
    struct vma b = R(0x12000, 0x15000, VMA_R | VMA_W, 0, NULL);
    CHECK(vma_insert(&m, &a) == 0 && vma_insert(&m, &b) == 0);
    CHECK(m.count == 1 && m.v[0].start == 0x10000 && m.v[0].end == 0x15000);
    /* A different protection next door stays apart. */
    struct vma c = R(0x15000, 0x16000, VMA_R, 0, NULL);
    CHECK(vma_insert(&m, &c) == 0 && m.count == 2);
    /* A different name stays apart too. */
    struct vma d = R(0x16000, 0x17000, VMA_R, 0, "[heap]");
    CHECK(vma_insert(&m, &d) == 0 && m.count == 3);
    CHECK(well_formed(&m));

    /* munmap in the middle splits one region in two. */
    CHECK(vma_remove(&m, 0x11000, 0x13000) == 0);
    CHECK(m.count == 4 && m.v[0].end == 0x11000 && m.v[1].start == 0x13000);
    CHECK(vma_find(&m, 0x11000) == NULL && vma_find(&m, 0x12fff) == NULL);
    CHECK(vma_find(&m, 0x10fff) == &m.v[0] && vma_find(&m, 0x13000) == &m.v[1]);
    /* Refilling the hole with the same kind merges all three back. */
    struct vma e = R(0x11000, 0x13000, VMA_R | VMA_W, 0, NULL);
    CHECK(vma_insert(&m, &e) == 0 && m.count == 3 && m.v[0].end == 0x15000);
    /* Removing what is not mapped is fine (Linux's munmap returns 0). */
    CHECK(vma_remove(&m, 0x100000, 0x200000) == 0 && m.count == 3);
    /* Removing across several regions trims both ends. */
    /* Empty and reversed ranges change nothing. */
    struct vma empty = R(0x20000, 0x20000, VMA_R, 0, NULL);
    CHECK(vma_insert(&m, &empty) == -EINVAL && m.count == 3);
    CHECK(vma_remove(&m, 0x14000, 0x10000) == 0 && m.count == 3 && m.v[0].end == 0x15000);
    CHECK(vma_protect(&m, 0x14000, 0x10000, 0) == 0 && m.v[0].prot == (VMA_R | VMA_W));
    CHECK(vma_remove(&m, 0x14000, 0x16800 & ~0xfffu) == 0);
    CHECK(m.count == 2 && m.v[0].end == 0x14000 && m.v[1].start == 0x16000);
    CHECK(well_formed(&m));
}

static void test_fixed_replace(void)
{
    vma_init(&m);
    /* An image region with offsets: a fixed mapping inside it splits it and
     * the right part keeps its file offset. */
    struct vma img = {.start = 0x400000, .end = 0x408000, .offset = 0x1000, .prot = VMA_R | VMA_X,
                      .flags = VMA_IMAGE, .name = "prog"};
    CHECK(vma_insert(&m, &img) == 0);
    struct vma anon = R(0x402000, 0x404000, VMA_R | VMA_W, 0, NULL);
    CHECK(vma_insert(&m, &anon) == 0);
    CHECK(m.count == 3);
    CHECK(m.v[0].start == 0x400000 && m.v[0].end == 0x402000 && m.v[0].offset == 0x1000);
    CHECK(m.v[1].start == 0x402000 && m.v[1].prot == (VMA_R | VMA_W) && m.v[1].name == NULL);
    CHECK(m.v[2].start == 0x404000 && m.v[2].end == 0x408000 && m.v[2].offset == 0x5000);
    /* Putting the image back in the hole with the right offset merges it. */
    struct vma back = img;
    back.start = 0x402000, back.end = 0x404000, back.offset = 0x3000;
    CHECK(vma_insert(&m, &back) == 0 && m.count == 1 && m.v[0].offset == 0x1000);
    /* With a wrong offset it does not. */
    back.offset = 0x9000;
    CHECK(vma_insert(&m, &back) == 0 && m.count == 3);
    /* A mapping over everything replaces everything. */
    struct vma all = R(0x300000, 0x500000, VMA_R, 0, NULL);
    CHECK(vma_insert(&m, &all) == 0 && m.count == 1 && m.v[0].start == 0x300000 && m.v[0].end == 0x500000);
    CHECK(well_formed(&m));
}

static void test_protect(void)
{
    vma_init(&m);
    struct vma a = R(0x10000, 0x20000, VMA_R | VMA_W, 0, NULL);
    CHECK(vma_insert(&m, &a) == 0);
    /* mprotect of the middle: three regions. */
    CHECK(vma_protect(&m, 0x14000, 0x16000, VMA_R) == 0);
    CHECK(m.count == 3 && m.v[1].start == 0x14000 && m.v[1].end == 0x16000 && m.v[1].prot == VMA_R);
    CHECK(m.v[0].prot == (VMA_R | VMA_W) && m.v[2].prot == (VMA_R | VMA_W));
    /* Of the head: the head splits off. */
    CHECK(vma_protect(&m, 0x10000, 0x11000, 0) == 0 && m.count == 4 && m.v[0].prot == 0);
    /* Back to one. */
    CHECK(vma_protect(&m, 0x10000, 0x20000, VMA_R | VMA_W) == 0 && m.count == 1);
    /* A hole anywhere in the range: -ENOMEM, nothing changed. */
    CHECK(vma_remove(&m, 0x18000, 0x19000) == 0 && m.count == 2);
    CHECK(vma_protect(&m, 0x10000, 0x20000, VMA_R) == -ENOMEM);
    CHECK(m.count == 2 && m.v[0].prot == (VMA_R | VMA_W) && m.v[1].prot == (VMA_R | VMA_W));
    CHECK(vma_protect(&m, 0x8000, 0x11000, VMA_R) == -ENOMEM);
    CHECK(vma_protect(&m, 0x1f000, 0x21000, VMA_R) == -ENOMEM);
    CHECK(vma_covered(&m, 0x10000, 0x18000) && !vma_covered(&m, 0x10000, 0x19000));
    CHECK(vma_overlaps(&m, 0x17fff, 0x18000) && !vma_overlaps(&m, 0x18000, 0x19000));
    CHECK(well_formed(&m));
}

static void test_find_free(void)
{
    vma_init(&m);
    struct vma a = R(0x100000, 0x200000, VMA_R, 0, NULL);
    struct vma stack = R(0x800000, 0x810000, VMA_R | VMA_W, VMA_GROWSDOWN | VMA_STACK, "[stack]");
    CHECK(vma_insert(&m, &a) == 0 && vma_insert(&m, &stack) == 0);
    uint64_t at = 0;
    /* Top-down below the stack keeps the gap free. */
    CHECK(vma_find_free(&m, 0x1000, 0x10000, 0x900000, 0x100000, true, &at) == 0);
    CHECK(at == 0x810000 + 0 || at == 0x8ff000); /* above the stack: the highest */
    CHECK(at == 0x8ff000);
    CHECK(vma_find_free(&m, 0x1000, 0x10000, 0x800000, 0x100000, true, &at) == 0 && at == 0x6ff000);
    /* Bottom-up: the first hole. */
    CHECK(vma_find_free(&m, 0x1000, 0x10000, 0x800000, 0x100000, false, &at) == 0 && at == 0x10000);
    /* A hole just too small is skipped. */
    CHECK(vma_find_free(&m, 0xf1000, 0x10000, 0x800000, 0x100000, false, &at) == 0 && at == 0x200000);
    CHECK(vma_find_free(&m, 0x600000, 0x10000, 0x800000, 0x100000, false, &at) == -ENOMEM);
    CHECK(vma_find_free(&m, 0x500000, 0x10000, 0x800000, 0x100000, true, &at) == 0 && at == 0x200000);
    CHECK(vma_find_free(&m, 0, 0x10000, 0x800000, 0, true, &at) == -ENOMEM);
    CHECK(vma_prev(&m, 0x7fffff) == &m.v[0] && vma_next(&m, 0x200000) == &m.v[1]);
}

static void test_full(void)
{
    vma_init(&m);
    /* VMA_MAX regions that cannot merge (alternating protection). */
    for (uint32_t i = 0; i < VMA_MAX; i++) {
        struct vma r = R(0x10000 + i * PG, 0x10000 + (i + 1) * PG, i & 1 ? VMA_R : VMA_R | VMA_W, 0, NULL);
        CHECK(vma_insert(&m, &r) == 0);
    }
    CHECK(m.count == VMA_MAX);
    struct vma extra = R(0x10000000, 0x10001000, VMA_R, 0, NULL);
    CHECK(vma_insert(&m, &extra) == -ENOMEM && m.count == VMA_MAX);
    CHECK(vma_protect(&m, 0x10000, 0x11000, VMA_X) == -ENOMEM && m.v[0].prot == (VMA_R | VMA_W));
    /* Whole-region removals need no room. */
    CHECK(vma_remove(&m, 0x10000, 0x12000) == 0 && m.count == VMA_MAX - 2);
    CHECK(well_formed(&m));
}

static void test_format(void)
{
    vma_init(&m);
    struct vma text = {.start = 0x400000, .end = 0x401000, .offset = 0, .prot = VMA_R | VMA_X,
                       .flags = VMA_IMAGE, .name = "/user/mm64"};
    struct vma anon = R(0x7f0000000000, 0x7f0000002000, VMA_R | VMA_W, VMA_SHARED, NULL);
    struct vma vvar = R(0x7ffff7ff9000, 0x7ffff7ffd000, VMA_R, 0, "[vvar]");
    CHECK(vma_insert(&m, &text) == 0 && vma_insert(&m, &anon) == 0 && vma_insert(&m, &vvar) == 0);
    static char buf[1024];
    const char *want =
        "00400000-00401000 r-xp 00000000 00:00 0                                  /user/mm64\n"
        "7f0000000000-7f0000002000 rw-s 00000000 00:00 0 \n"
        "7ffff7ff9000-7ffff7ffd000 r--p 00000000 00:00 0                          [vvar]\n";
    size_t n = vma_format(&m, buf, sizeof buf);
    CHECK_STR(buf, want);
    CHECK(n == strlen(want));
    /* Truncated: the length of the whole text, a terminated prefix. */
    char small[10];
    CHECK(vma_format(&m, small, sizeof small) == strlen(want));
    CHECK_STR(small, "00400000-");
    CHECK(vma_format(&m, NULL, 0) == strlen(want));
    vma_init(&m);
    CHECK(vma_format(&m, buf, sizeof buf) == 0 && buf[0] == 0);
}

/* Linux itself as the oracle: every line of the host's /proc/self/maps
 * without a file (device 00:00, inode 0) must come out the same from
 * vma_format, padding and trailing space included. */
static void test_format_like_linux(void)
{
    FILE *f = fopen("/proc/self/maps", "r");
    if (!f) {
        printf("vma: no /proc/self/maps here, Linux comparison skipped\n");
        return;
    }
    static char line[512], out[512];
    static char names[64][64];
    int compared = 0;
    while (fgets(line, sizeof line, f) && compared < 64) {
        unsigned long start, end, off;
        char perms[5];
        unsigned maj, min;
        unsigned long ino;
        int name_at = 0;
        if (sscanf(line, "%lx-%lx %4s %lx %x:%x %lu %n", &start, &end, perms, &off, &maj, &min, &ino, &name_at) < 7)
            continue;
        if (maj || min || ino || off)
            continue;
        char *name = names[compared];
        snprintf(name, sizeof names[0], "%s", line + name_at);
        name[strcspn(name, "\n")] = 0;
        struct vma r = R(start, end,
                         (perms[0] == 'r' ? VMA_R : 0) | (perms[1] == 'w' ? VMA_W : 0) | (perms[2] == 'x' ? VMA_X : 0),
                         perms[3] == 's' ? VMA_SHARED : 0, name[0] ? name : NULL);
        vma_init(&m);
        CHECK(vma_insert(&m, &r) == 0);
        vma_format(&m, out, sizeof out);
        CHECK_STR(out, line);
        compared++;
    }
    fclose(f);
    CHECK(compared > 0);
    printf("vma: %d lines compared with Linux's /proc/self/maps\n", compared);
}

/* --- random operations against a model: one entry per page ---------------- */
#define NPAGES 192
#define BASE 0x100000ul
struct page { int mapped; uint32_t prot, flags; const char *name; };
static struct page model[NPAGES];
static const char *const names[] = {NULL, "[heap]"};

static int model_covered(int a, int b)
{
    for (int i = a; i < b; i++)
        if (!model[i].mapped)
            return 0;
    return 1;
}

static void compare(void)
{
    CHECK(well_formed(&m));
    for (int i = 0; i < NPAGES; i++) {
        struct vma *r = vma_find(&m, BASE + i * PG + 123);
        if (!model[i].mapped) {
            CHECK(r == NULL);
            continue;
        }
        CHECK(r && r->prot == model[i].prot && r->flags == model[i].flags && r->name == model[i].name);
    }
    CHECK(vma_find(&m, BASE - 1) == NULL && vma_find(&m, BASE + NPAGES * PG) == NULL);
}

static void test_random(void)
{
    srand(12345);
    vma_init(&m);
    memset(model, 0, sizeof model);
    for (int step = 0; step < 20000; step++) {
        int a = rand() % NPAGES, b = a + 1 + rand() % 24;
        if (b > NPAGES)
            b = NPAGES;
        uint64_t start = BASE + a * PG, end = BASE + b * PG;
        uint32_t prot = (uint32_t)(rand() % 8);
        int op = rand() % 4;
        if (op == 0 || op == 1) {
            struct vma r = R(start, end, prot, rand() % 4 == 0 ? VMA_SHARED : 0, names[rand() % 2]);
            CHECK(vma_insert(&m, &r) == 0);
            for (int i = a; i < b; i++)
                model[i] = (struct page){1, r.prot, r.flags, r.name};
        } else if (op == 2) {
            CHECK(vma_remove(&m, start, end) == 0);
            for (int i = a; i < b; i++)
                model[i].mapped = 0;
        } else {
            int want = model_covered(a, b) ? 0 : -ENOMEM;
            CHECK(vma_covered(&m, start, end) == (want == 0));
            CHECK(vma_protect(&m, start, end, prot) == want);
            if (want == 0)
                for (int i = a; i < b; i++)
                    model[i].prot = prot;
        }
        int any = 0;
        for (int i = a; i < b; i++)
            any |= model[i].mapped;
        CHECK(vma_overlaps(&m, start, end) == (any != 0));
        /* find_free: the result is free, in range, and the extreme one. */
        int len = 1 + rand() % 8;
        uint64_t at;
        bool top = rand() % 2;
        int best = -1;
        for (int s = 0; s + len <= NPAGES; s++) {
            int free = 1;
            for (int i = s; i < s + len; i++)
                free &= !model[i].mapped;
            if (free && (best < 0 || top))
                best = s;
        }
        int r = vma_find_free(&m, len * PG, BASE, BASE + NPAGES * PG, 0, top, &at);
        CHECK(best < 0 ? r == -ENOMEM : r == 0 && at == BASE + (uint64_t)best * PG);
        if (step % 64 == 0)
            compare();
    }
    compare();
}

int main(void)
{
    test_merge_split();
    test_fixed_replace();
    test_protect();
    test_find_free();
    test_full();
    test_format();
    test_format_like_linux();
    test_random();
    return check_report("vma");
}
