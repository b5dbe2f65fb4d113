/* The region list of an address space: a sorted array, kept merged (no two
 * neighbours that could be one region). Pure code: src/mm.c drives it in the
 * kernel, tests/unit/test_vma.c on the host. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "errno.h"
#include "fmt.h"
#include "kstring.h"
#include "mm.h"

void vma_init(struct vma_map *m) { m->count = 0; }

/* Index of the first region with end > addr (count if none). */
static uint32_t first_after(const struct vma_map *m, uint64_t addr)
{
    uint32_t lo = 0, hi = m->count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (m->v[mid].end > addr)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

struct vma *vma_next(struct vma_map *m, uint64_t addr)
{
    uint32_t i = first_after(m, addr);
    return i < m->count ? &m->v[i] : NULL;
}

struct vma *vma_find(struct vma_map *m, uint64_t addr)
{
    struct vma *r = vma_next(m, addr);
    return r && r->start <= addr ? r : NULL;
}

struct vma *vma_prev(struct vma_map *m, uint64_t addr)
{
    uint32_t i = first_after(m, addr);
    return i > 0 ? &m->v[i - 1] : NULL;
}

bool vma_overlaps(const struct vma_map *m, uint64_t start, uint64_t end)
{
    uint32_t i = first_after(m, start);
    return i < m->count && m->v[i].start < end;
}

bool vma_covered(const struct vma_map *m, uint64_t start, uint64_t end)
{
    for (uint32_t i = first_after(m, start); start < end; i++) {
        if (i >= m->count || m->v[i].start > start)
            return false;
        start = m->v[i].end;
    }
    return true;
}

/* Two neighbours that one region could describe. */
static bool mergeable(const struct vma *a, const struct vma *b)
{
    if (a->end != b->start || a->prot != b->prot || a->flags != b->flags || a->name != b->name)
        return false;
    return !(a->flags & VMA_IMAGE) || a->offset + (a->end - a->start) == b->offset;
}

static void remove_at(struct vma_map *m, uint32_t i)
{
    memmove(&m->v[i], &m->v[i + 1], (m->count - i - 1) * sizeof m->v[0]);
    m->count--;
}

static void insert_at(struct vma_map *m, uint32_t i, const struct vma *r)
{
    memmove(&m->v[i + 1], &m->v[i], (m->count - i) * sizeof m->v[0]);
    m->v[i] = *r;
    m->count++;
}

/* Merges every mergeable pair: each change is local, so one pass will do. */
static void coalesce(struct vma_map *m)
{
    for (uint32_t i = 0; i + 1 < m->count;) {
        if (mergeable(&m->v[i], &m->v[i + 1])) {
            m->v[i].end = m->v[i + 1].end;
            remove_at(m, i + 1);
        } else {
            i++;
        }
    }
}

/* Whether removing [start, end) splits one region in two. */
static bool splits(const struct vma_map *m, uint64_t start, uint64_t end)
{
    uint32_t i = first_after(m, start);
    return i < m->count && m->v[i].start < start && m->v[i].end > end;
}

/* The right part of r from addr on (offset kept in step). */
static struct vma tail(const struct vma *r, uint64_t addr)
{
    struct vma t = *r;
    if (t.flags & VMA_IMAGE)
        t.offset += addr - r->start;
    t.start = addr;
    return t;
}

/* Cuts [start, end) out; the caller checked the room for a split. */
static void carve(struct vma_map *m, uint64_t start, uint64_t end)
{
    uint32_t i = first_after(m, start);
    while (i < m->count && m->v[i].start < end) {
        struct vma *r = &m->v[i];
        if (r->start < start && r->end > end) {
            struct vma right = tail(r, end);
            r->end = start;
            insert_at(m, i + 1, &right);
            return;
        }
        if (r->start < start) {
            r->end = start;
            i++;
        } else if (r->end > end) {
            *r = tail(r, end);
            return;
        } else {
            remove_at(m, i);
        }
    }
}

int vma_insert(struct vma_map *m, const struct vma *r)
{
    if (r->start >= r->end)
        return -EINVAL;
    if (m->count + 1 + splits(m, r->start, r->end) > VMA_MAX)
        return -ENOMEM;
    carve(m, r->start, r->end);
    insert_at(m, first_after(m, r->start), r);
    coalesce(m);
    return 0;
}

int vma_remove(struct vma_map *m, uint64_t start, uint64_t end)
{
    if (start >= end)
        return 0;
    if (splits(m, start, end) && m->count + 1 > VMA_MAX)
        return -ENOMEM;
    carve(m, start, end);
    return 0;
}

/* Splits the region holding addr strictly inside, so addr becomes a border. */
static void split_at(struct vma_map *m, uint64_t addr)
{
    uint32_t i = first_after(m, addr);
    if (i < m->count && m->v[i].start < addr) {
        struct vma right = tail(&m->v[i], addr);
        m->v[i].end = addr;
        insert_at(m, i + 1, &right);
    }
}

int vma_protect(struct vma_map *m, uint64_t start, uint64_t end, uint32_t prot)
{
    if (start >= end)
        return 0;
    if (!vma_covered(m, start, end) || m->count + 2 > VMA_MAX)
        return -ENOMEM;
    split_at(m, start);
    split_at(m, end);
    for (uint32_t i = first_after(m, start); i < m->count && m->v[i].start < end; i++)
        m->v[i].prot = prot;
    coalesce(m);
    return 0;
}

/* Where the free space below r ends: a stack keeps its guard gap free. */
static uint64_t start_gap(const struct vma *r, uint64_t gap)
{
    if (!(r->flags & VMA_GROWSDOWN))
        return r->start;
    return r->start > gap ? r->start - gap : 0;
}

int vma_find_free(const struct vma_map *m, uint64_t len, uint64_t lo, uint64_t hi,
                  uint64_t gap, bool topdown, uint64_t *out)
{
    if (len == 0 || lo >= hi || len > hi - lo)
        return -ENOMEM;
    /* Hole i lies between region i-1 and region i. */
    for (uint32_t k = 0; k <= m->count; k++) {
        uint32_t i = topdown ? m->count - k : k;
        uint64_t a = i > 0 ? m->v[i - 1].end : 0;
        uint64_t b = i < m->count ? start_gap(&m->v[i], gap) : UINT64_MAX;
        if (a < lo)
            a = lo;
        if (b > hi)
            b = hi;
        if (b > a && b - a >= len) {
            *out = topdown ? b - len : a;
            return 0;
        }
    }
    return -ENOMEM;
}

/* Appends to an snprintf-style buffer: *len counts what the text needs. */
static void put(char *buf, size_t size, size_t *len, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++, (*len)++)
        if (*len + 1 < size)
            buf[*len] = s[i];
}

size_t vma_format(const struct vma_map *m, char *buf, size_t size)
{
    size_t len = 0;
    for (uint32_t i = 0; i < m->count; i++) {
        const struct vma *r = &m->v[i];
        char line[192];
        int n = ksnprintf(line, sizeof line, "%08lx-%08lx %c%c%c%c %08lx 00:00 0 ",
                          (unsigned long)r->start, (unsigned long)r->end,
                          r->prot & VMA_R ? 'r' : '-', r->prot & VMA_W ? 'w' : '-',
                          r->prot & VMA_X ? 'x' : '-', r->flags & VMA_SHARED ? 's' : 'p',
                          (unsigned long)r->offset);
        put(buf, size, &len, line, (size_t)n);
        if (r->name) {
            /* Linux pads to column 72 (25 + 6 * 8 - 1 on 64-bit), then a space. */
            for (int col = n; col < 72; col++)
                put(buf, size, &len, " ", 1);
            put(buf, size, &len, " ", 1);
            put(buf, size, &len, r->name, strlen(r->name));
        }
        put(buf, size, &len, "\n", 1);
    }
    if (size)
        buf[len < size ? len : size - 1] = 0;
    return len;
}
