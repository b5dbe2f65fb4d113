/* Host tests for the ELF parser: ELF64 and ELF32 images built in memory,
 * one malformed image per rule, every truncation and random mutations, all
 * parsed from exactly-sized heap buffers so ASan flags any over-read. */
#include <stdint.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "elf.h"

#define MIN 0x1000ull
#define LIM64 0x800000000000ull
#define LIM32 0x100000000ull

#define PT_LOAD 1
#define PT_INTERP 3
#define PT_NOTE 4
#define PT_PHDR 6
#define PT_GNU_STACK 0x6474e551u
#define R ELF_PF_R
#define W ELF_PF_W
#define X ELF_PF_X

struct ph {
    uint32_t type, flags;
    uint64_t off, va, fsz, msz;
};

static uint8_t img[0x8000];
static struct elf_image im;
static char err[256];

static void set16(size_t at, uint16_t v) { memcpy(img + at, &v, 2); }
static void set32(size_t at, uint32_t v) { memcpy(img + at, &v, 4); }
static void setw(size_t at, uint64_t v, bool is64)
{
    if (is64)
        memcpy(img + at, &v, 8);
    else
        set32(at, (uint32_t)v);
}

static size_t ehsize(bool is64) { return is64 ? 64 : 52; }
static size_t phent(bool is64) { return is64 ? 56 : 32; }
/* Offset of program header i (the table follows the ELF header). */
static size_t pha(bool is64, int i) { return ehsize(is64) + (size_t)i * phent(is64); }

static void put_ph(bool is64, int i, const struct ph *p)
{
    size_t a = pha(is64, i);
    set32(a, p->type);
    if (is64) {
        set32(a + 4, p->flags);
        setw(a + 8, p->off, true);
        setw(a + 16, p->va, true);
        setw(a + 24, p->va, true);
        setw(a + 32, p->fsz, true);
        setw(a + 40, p->msz, true);
        setw(a + 48, 0x1000, true);
    } else {
        setw(a + 4, p->off, false);
        setw(a + 8, p->va, false);
        setw(a + 12, p->va, false);
        setw(a + 16, p->fsz, false);
        setw(a + 20, p->msz, false);
        set32(a + 24, p->flags);
        set32(a + 28, 0x1000);
    }
}

/* Header + program headers; the rest of the file is a byte pattern. */
static size_t build(bool is64, uint64_t entry, const struct ph *ph, int n, size_t flen)
{
    for (size_t i = 0; i < sizeof img; i++)
        img[i] = (uint8_t)(i * 7 + 1);
    memset(img, 0, ehsize(is64));
    memcpy(img, "\177ELF", 4);
    img[4] = is64 ? 2 : 1;
    img[5] = 1;
    img[6] = 1;
    set16(16, 2);
    set16(18, is64 ? 62 : 3);
    set32(20, 1);
    setw(24, entry, is64);
    setw(is64 ? 32 : 28, ehsize(is64), is64);
    set16(is64 ? 52 : 40, (uint16_t)ehsize(is64));
    set16(is64 ? 54 : 42, (uint16_t)phent(is64));
    set16(is64 ? 56 : 44, (uint16_t)n);
    for (int i = 0; i < n; i++)
        put_ph(is64, i, &ph[i]);
    return flen;
}

/* The reference images: PT_PHDR, a read-only page with the headers, code,
 * and data+bss sharing the code's last page. The last segment ends the
 * file, so every truncation is an error. */
static const struct ph ref64[] = {
    {PT_PHDR, R, 0x40, 0x400040, 5 * 56, 5 * 56},
    {PT_LOAD, R, 0, 0x400000, 0x200, 0x200},
    {PT_LOAD, R | X, 0x1000, 0x401000, 0x800, 0x800},
    {PT_LOAD, R | W, 0x1900, 0x401900, 0x100, 0x2000},
    {PT_GNU_STACK, R | W, 0, 0, 0, 0},
};
#define REF64_LEN 0x1a00

static const struct ph ref32[] = {
    {PT_PHDR, R, 0x34, 0x8048034, 4 * 32, 4 * 32},
    {PT_LOAD, R, 0, 0x8048000, 0x100, 0x100},
    {PT_LOAD, R | X, 0x1000, 0x8049000, 0x500, 0x500},
    {PT_LOAD, R | W, 0x2000, 0x804b000, 0x10, 0x1010},
};
#define REF32_LEN 0x2010

static size_t build64(void) { return build(true, 0x401010, ref64, 5, REF64_LEN); }
static size_t build32(void) { return build(false, 0x8049000, ref32, 4, REF32_LEN); }

/* Parses img[0, n) from an exactly-sized heap copy. */
static int parse(size_t n)
{
    uint8_t *h = malloc(n ? n : 1);
    memcpy(h, img, n);
    memset(err, 'x', sizeof err);
    err[sizeof err - 1] = 0;
    int r = elf_parse(h, n, MIN, LIM64, LIM32, &im, err, sizeof err);
    free(h);
    return r;
}

static void bad_at(int line, size_t n, const char *want)
{
    int r = parse(n);
    check_count++;
    if (r != -1 || !strstr(err, want)) {
        check_failures++;
        fprintf(stderr, "%s:%d: got %d \"%s\", want -1 with \"%s\"\n",
                __FILE__, line, r, r ? err : "", want);
    }
}
#define BAD(n, want) bad_at(__LINE__, n, want)

static void seg_is(size_t i, uint64_t va, uint64_t msz, uint64_t fsz, uint64_t off, uint32_t fl)
{
    CHECK(im.seg[i].vaddr == va);
    CHECK(im.seg[i].memsz == msz);
    CHECK(im.seg[i].filesz == fsz);
    CHECK(im.seg[i].offset == off);
    CHECK(im.seg[i].flags == fl);
}

static void test_valid64(void)
{
    size_t n = build64();
    CHECK(parse(n) == 0);
    CHECK(im.is64);
    CHECK(im.entry == 0x401010);
    CHECK(im.phdr_vaddr == 0x400040);
    CHECK(im.phent == 56 && im.phnum == 5);
    CHECK(im.nseg == 3);
    seg_is(0, 0x400000, 0x200, 0x200, 0, R);
    seg_is(1, 0x401000, 0x800, 0x800, 0x1000, R | X);
    seg_is(2, 0x401900, 0x2000, 0x100, 0x1900, R | W);
    CHECK(im.lowest == 0x400000);
    CHECK(im.end == 0x404000);

    /* PT_PHDR is taken as given, not recomputed from the PT_LOADs. */
    setw(pha(true, 0) + 16, 0x400100, true);
    CHECK(parse(n) == 0);
    CHECK(im.phdr_vaddr == 0x400100);

    /* Without PT_PHDR the address comes from the PT_LOAD holding the table. */
    static const struct ph nophdr[] = {
        {PT_LOAD, R | X, 0, 0x400000, 0x1000, 0x1000},
        {PT_LOAD, R | W, 0x1000, 0x600000, 0x10, 0x10},
    };
    n = build(true, 0x400100, nophdr, 2, 0x1010);
    CHECK(parse(n) == 0);
    CHECK(im.phdr_vaddr == 0x400040);
    CHECK(im.nseg == 2 && im.lowest == 0x400000 && im.end == 0x601000);

    /* Table not covered by any PT_LOAD. */
    static const struct ph hidden[] = {
        {PT_LOAD, R | X, 0x1000, 0x401000, 0x100, 0x100},
    };
    n = build(true, 0x401000, hidden, 1, 0x1100);
    CHECK(parse(n) == 0);
    CHECK(im.phdr_vaddr == 0);
    CHECK(im.lowest == 0x401000 && im.end == 0x402000);

    /* A PT_LOAD covering only part of the table does not count. */
    static const struct ph partial[] = {
        {PT_LOAD, R | X, 0, 0x400000, 0x50, 0x50},
        {PT_LOAD, R, 0x1000, 0x401000, 0x10, 0x10},
    };
    n = build(true, 0x400000, partial, 2, 0x1010);
    CHECK(parse(n) == 0);
    CHECK(im.phdr_vaddr == 0);

    /* Segments touching exactly, a bss-only segment at an odd offset (no
     * congruence needed without file bytes), one ending at the limit. */
    static const struct ph edges[] = {
        {PT_LOAD, R | X, 0x1000, 0x401000, 0x800, 0x800},
        {PT_LOAD, R | W, 0x1800, 0x401800, 0x100, 0x100},
        {PT_LOAD, R | W, 0x1234, 0x500000, 0, 0x3000},
        {PT_LOAD, R, 0x1000, 0x7fffffffe000, 0x10, 0x2000},
    };
    n = build(true, 0x4017ff, edges, 4, 0x1900);
    CHECK(parse(n) == 0);
    CHECK(im.nseg == 4);
    CHECK(im.lowest == 0x401000 && im.end == LIM64);
    CHECK(im.phdr_vaddr == 0);

    /* memsz 0 segments are skipped whatever their fields say. */
    static const struct ph empty[] = {
        {PT_LOAD, R, 0xffffffffffff0000, 0, 0, 0},
        {PT_LOAD, R | X, 0x1000, 0x401000, 0x100, 0x100},
        {PT_LOAD, R, 0x1234, 0x401000, 0, 0},
    };
    n = build(true, 0x401000, empty, 3, 0x1100);
    CHECK(parse(n) == 0);
    CHECK(im.nseg == 1);
    seg_is(0, 0x401000, 0x100, 0x100, 0x1000, R | X);

    /* Exactly ELF_MAX_SEGMENTS is fine. */
    struct ph many[ELF_MAX_SEGMENTS];
    for (int i = 0; i < ELF_MAX_SEGMENTS; i++)
        many[i] = (struct ph){PT_LOAD, R | X, 0x1000, 0x401000 + 0x1000 * (uint64_t)i, 0x10, 0x10};
    n = build(true, 0x40f000, many, ELF_MAX_SEGMENTS, 0x1010);
    CHECK(parse(n) == 0);
    CHECK(im.nseg == ELF_MAX_SEGMENTS);
    CHECK(im.end == 0x411000);
}

static void test_valid32(void)
{
    size_t n = build32();
    CHECK(parse(n) == 0);
    CHECK(!im.is64);
    CHECK(im.entry == 0x8049000);
    CHECK(im.phdr_vaddr == 0x8048034);
    CHECK(im.phent == 32 && im.phnum == 4);
    CHECK(im.nseg == 3);
    seg_is(0, 0x8048000, 0x100, 0x100, 0, R);
    seg_is(1, 0x8049000, 0x500, 0x500, 0x1000, R | X);
    seg_is(2, 0x804b000, 0x1010, 0x10, 0x2000, R | W);
    CHECK(im.lowest == 0x8048000);
    CHECK(im.end == 0x804d000);

    /* No PT_PHDR; code and data share a page; the last page of 4 GiB. */
    static const struct ph share[] = {
        {PT_LOAD, R | X, 0, 0x8048000, 0x200, 0x200},
        {PT_LOAD, R | W, 0x200, 0x8048200, 0x10, 0x100},
        {PT_LOAD, R, 0x210, 0xfffff210, 0, 0xdf0},
    };
    n = build(false, 0x80481ff, share, 3, 0x210);
    CHECK(parse(n) == 0);
    CHECK(im.phdr_vaddr == 0x8048034);
    CHECK(im.nseg == 3);
    CHECK(im.lowest == 0x8048000 && im.end == LIM32);
}

static void test_header_errors(void)
{
    size_t n = build64();
    BAD(0, "too small");
    BAD(15, "too small");
    BAD(63, "ELF64 header");
    n = build32();
    BAD(51, "ELF32 header");

    n = build64();
    img[1] = 'e';
    BAD(n, "not an ELF file");
    n = build64();
    img[4] = 0;
    BAD(n, "class 0");
    img[4] = 3;
    BAD(n, "class 3");
    n = build64();
    img[5] = 2;
    BAD(n, "not little-endian");
    n = build64();
    img[6] = 0;
    BAD(n, "version");
    n = build64();
    set32(20, 2);
    BAD(n, "version");

    n = build64();
    set16(16, 3);
    CHECK(parse(n) == -1);
    CHECK_STR(err, "position-independent (ET_DYN): link with -static -no-pie");
    set16(16, 1);
    BAD(n, "e_type 1 is not an executable");
    set16(16, 4);
    BAD(n, "e_type 4 is not an executable");

    n = build64();
    set16(18, 3);
    BAD(n, "e_machine 3, want 62");
    n = build32();
    set16(18, 62);
    BAD(n, "e_machine 62, want 3");

    n = build64();
    set16(54, 32);
    BAD(n, "e_phentsize 32, want 56");
    n = build32();
    set16(42, 56);
    BAD(n, "e_phentsize 56, want 32");
}

static void test_table_errors(void)
{
    size_t n = build64();
    setw(32, n, true);
    BAD(n, "program header table");
    setw(32, UINT64_MAX - 8, true);
    BAD(n, "program header table");
    setw(32, n - 5 * 56 + 1, true);
    BAD(n, "program header table");
    /* The table moved to the very end of the file is still in bounds. */
    memcpy(img + n - 5 * 56, img + 64, 5 * 56);
    setw(32, n - 5 * 56, true);
    CHECK(parse(n) == 0);
    CHECK(im.nseg == 3 && im.phdr_vaddr == 0x400040);
    n = build64();
    set16(56, 1000);
    BAD(n, "program header table");
    n = build32();
    set32(28, 0xfffffff0);
    BAD(n, "program header table");

    /* PT_INTERP wins even after an invalid PT_LOAD. */
    static const struct ph interp[] = {
        {PT_LOAD, R | X, 0x1000, 0x0, 0x100, 0x100},
        {PT_INTERP, R, 0x200, 0x400200, 0x1c, 0x1c},
    };
    n = build(true, 0x401000, interp, 2, 0x1100);
    CHECK(parse(n) == -1);
    CHECK_STR(err, "dynamically linked (PT_INTERP): link with -static");
    n = build(false, 0x401000, interp, 2, 0x1100);
    BAD(n, "PT_INTERP");

    struct ph many[ELF_MAX_SEGMENTS + 1];
    for (int i = 0; i <= ELF_MAX_SEGMENTS; i++)
        many[i] = (struct ph){PT_LOAD, R | X, 0x1000, 0x401000 + 0x1000 * (uint64_t)i, 0x10, 0x10};
    n = build(true, 0x401000, many, ELF_MAX_SEGMENTS + 1, 0x1010);
    BAD(n, "too many PT_LOAD");

    static const struct ph none[] = {
        {PT_GNU_STACK, R | W, 0, 0, 0, 0},
        {PT_LOAD, R | X, 0x1000, 0x401000, 0, 0},
    };
    n = build(true, 0x401000, none, 2, 0x1000);
    BAD(n, "no PT_LOAD");
    n = build(false, 0x401000, none, 0, 0x1000);
    BAD(n, "no PT_LOAD");
}

/* Reference 64-bit image with program header 2 (the code) replaced. */
static size_t code_seg(bool is64, struct ph p)
{
    size_t n = is64 ? build64() : build32();
    put_ph(is64, 2, &p);
    return n;
}

static void test_segment_errors(void)
{
    size_t n = code_seg(true, (struct ph){PT_LOAD, R | X, 0x1000, 0x401000, 0x801, 0x800});
    BAD(n, "p_filesz 0x801 exceeds p_memsz 0x800");
    n = code_seg(true, (struct ph){PT_LOAD, R | X, 0x1000, 0x401000, 1, 0});
    BAD(n, "exceeds p_memsz");

    n = code_seg(true, (struct ph){PT_LOAD, R | X, 0x1000, 0x401000, 0xa01, 0xa01});
    BAD(n, "file range");
    n = code_seg(true, (struct ph){PT_LOAD, R | X, 0x1a01, 0x401a01, 0, 0x10});
    BAD(n, "file range");
    n = code_seg(true, (struct ph){PT_LOAD, R | X, 0x1a01, 0x401a01, 1, 0x10});
    BAD(n, "file range");
    n = code_seg(true, (struct ph){PT_LOAD, R | X, UINT64_MAX - 0xfff, 0x401000, 0x1000, 0x1000});
    BAD(n, "file range");
    n = code_seg(false, (struct ph){PT_LOAD, R | X, 0xfffff000, 0x8049000, 0x1000, 0x1000});
    BAD(n, "file range");

    n = code_seg(true, (struct ph){PT_LOAD, R | X, 0x1000, 0xfffffffffffff000, 0, 0x2000});
    BAD(n, "overflows");
    n = code_seg(true, (struct ph){PT_LOAD, R | X, 0x1000, 0xfffffffffffff001, 0, 0x10});
    BAD(n, "overflows");

    n = code_seg(true, (struct ph){PT_LOAD, R | X, 0x1000, 0, 0x800, 0x800});
    BAD(n, "outside the user range");
    n = code_seg(true, (struct ph){PT_LOAD, R | X, 0x0, 0x800, 0x0, 0x800});
    BAD(n, "outside the user range");
    n = code_seg(true, (struct ph){PT_LOAD, R | X, 0x1000, 0x7fffffffe000, 0x800, 0x2001});
    BAD(n, "outside the user range");
    n = code_seg(true, (struct ph){PT_LOAD, R | X, 0x1000, LIM64, 0, 1});
    BAD(n, "outside the user range");
    n = code_seg(true, (struct ph){PT_LOAD, R | X, 0x1000, 0xffff800000000000, 0x800, 0x800});
    BAD(n, "outside the user range");
    n = code_seg(false, (struct ph){PT_LOAD, R | X, 0x1000, 0xfffff000, 0x800, 0x1001});
    BAD(n, "outside the user range");
    n = code_seg(false, (struct ph){PT_LOAD, R | X, 0x1000, 0x800, 0x800, 0x800});
    BAD(n, "outside the user range");

    n = code_seg(true, (struct ph){PT_LOAD, R | X, 0x1000, 0x401800, 0x100, 0x100});
    BAD(n, "segment not page-congruent");
    n = code_seg(false, (struct ph){PT_LOAD, R | X, 0x1010, 0x8049000, 0x100, 0x100});
    BAD(n, "segment not page-congruent");

    /* One byte of overlap, either order. */
    n = code_seg(true, (struct ph){PT_LOAD, R | X, 0x1000, 0x401000, 0x901, 0x901});
    BAD(n, "overlaps");
    n = code_seg(true, (struct ph){PT_LOAD, R | X, 0x1000, 0x3ff000, 0x800, 0x1001});
    BAD(n, "overlaps");
    n = code_seg(true, (struct ph){PT_LOAD, R | X, 0x1000, 0x401000, 0x800, 0x100000});
    BAD(n, "overlaps");
    n = code_seg(false, (struct ph){PT_LOAD, R | X, 0x1000, 0x804a000, 0x500, 0x1001});
    BAD(n, "overlaps");

    n = build64();
    setw(24, 0x400010, true);
    BAD(n, "entry point 0x400010");
    setw(24, 0x401800, true);
    BAD(n, "entry point");
    setw(24, 0x401fff, true);
    BAD(n, "entry point");
    setw(24, 0x900000, true);
    BAD(n, "entry point");
    setw(24, 0x4017ff, true);
    CHECK(parse(n) == 0);
    n = build32();
    setw(24, 0x804b000, false);
    BAD(n, "not inside an executable (PF_X) PT_LOAD");
}

/* Every prefix of a valid image fails cleanly (ASan sees the exact size). */
static void test_truncated(void)
{
    for (int c = 0; c < 2; c++) {
        size_t n = c ? build64() : build32();
        CHECK(parse(n) == 0);
        int bad = 0;
        for (size_t a = 0; a < n; a++)
            if (parse(a) == -1 && err[0] && strlen(err) < sizeof err - 1)
                bad++;
        CHECK(bad == (int)n);
    }
}

static uint64_t rng = 0x2545f4914f6cdd1dull;

static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 16);
}

/* What an accepted image must guarantee to a loader. */
static bool sane(size_t n)
{
    uint64_t lim = im.is64 ? LIM64 : LIM32;
    if (im.is64 != (img[4] == 2) || im.nseg == 0 || im.nseg > ELF_MAX_SEGMENTS)
        return false;
    bool entry = false;
    for (size_t i = 0; i < im.nseg; i++) {
        const struct elf_segment *s = &im.seg[i];
        if (s->memsz == 0 || s->filesz > s->memsz || s->offset > n ||
            s->filesz > n - s->offset || s->vaddr < MIN || s->vaddr >= lim ||
            s->memsz > lim - s->vaddr || s->vaddr < im.lowest ||
            s->vaddr + s->memsz > im.end || im.end > lim)
            return false;
        if (s->filesz && s->vaddr % 4096 != s->offset % 4096)
            return false;
        for (size_t j = 0; j < i; j++) {
            const struct elf_segment *o = &im.seg[j];
            if (s->vaddr < o->vaddr + o->memsz && o->vaddr < s->vaddr + s->memsz)
                return false;
        }
        if ((s->flags & X) && im.entry >= s->vaddr && im.entry < s->vaddr + s->memsz)
            entry = true;
    }
    return entry && im.lowest % 4096 == 0 && im.end % 4096 == 0;
}

static void test_fuzz(void)
{
    static const uint64_t magic[] = {
        0, 1, 2, 3, 6, 32, 52, 56, 64, 0xfff, 0x1000, 0x1001, 0x1800,
        0x1a00, 0x2010, 0x400000, 0x401000, 0x401800, 0x8049000,
        0x7ffffffff000, LIM64, 0xfffff000, 0xffffffff, LIM32,
        0x8000000000000000, 0xfffffffffffff000, UINT64_MAX,
    };
    int ok = 0, bad = 0, wrong = 0;
    for (int it = 0; it < 20000; it++) {
        bool is64 = it & 1;
        size_t n = is64 ? build64() : build32();
        /* Mutate mostly the headers, where the parser's decisions are. */
        size_t hdr = pha(is64, is64 ? 5 : 4);
        int muts = 1 + rnd() % 4;
        for (int m = 0; m < muts; m++) {
            size_t at = rnd() % (rnd() % 8 ? hdr : n);
            uint64_t v;
            switch (rnd() % 4) {
            case 0:
                img[at] = (uint8_t)rnd();
                break;
            case 1:
                img[at] ^= (uint8_t)(1u << (rnd() % 8));
                break;
            case 2:
                v = magic[rnd() % (sizeof magic / sizeof magic[0])];
                if (rnd() % 2)
                    v += rnd() % 0x3000;
                memcpy(img + (at & ~3u) % (hdr - 7), &v, is64 ? 8 : 4);
                break;
            default:
                v = rnd() % (n + 0x100);
                memcpy(img + (at & ~3u) % (hdr - 7), &v, is64 ? 8 : 4);
                break;
            }
        }
        int r = parse(n);
        if (r == 0) {
            ok++;
            if (!sane(n))
                wrong++;
        } else if (r == -1 && err[0] && strlen(err) < sizeof err - 1) {
            bad++;
        } else {
            wrong++;
        }
    }
    CHECK(wrong == 0);
    CHECK(ok + bad == 20000);
    /* Both outcomes should be common, or the mutations are too weak/strong. */
    CHECK(ok > 1000 && bad > 1000);
}

/* Debian's /bin/true is a PIE: the loader must name the fix. A static
 * binary would need a compiler at test time, so that case is left out. */
static void test_real_file(void)
{
    const char *paths[] = {"/bin/true", "/usr/bin/true"};
    for (int i = 0; i < 2; i++) {
        FILE *fp = fopen(paths[i], "rb");
        if (!fp)
            continue;
        fseek(fp, 0, SEEK_END);
        long len = ftell(fp);
        fseek(fp, 0, SEEK_SET);
        uint8_t *h = malloc(len > 0 ? (size_t)len : 1);
        size_t got = fread(h, 1, (size_t)len, fp);
        fclose(fp);
        CHECK(got == (size_t)len);
        int r = elf_parse(h, got, MIN, LIM64, LIM32, &im, err, sizeof err);
        if (got > 18 && h[16] == 3) {
            CHECK(r == -1);
            CHECK_STR(err, "position-independent (ET_DYN): link with -static -no-pie");
        } else {
            printf("elf: %s is not ET_DYN (r=%d), skipped\n", paths[i], r);
        }
        free(h);
        return;
    }
    printf("elf: no /bin/true, skipped\n");
}

static void test_err_buffer(void)
{
    size_t n = build64();
    img[0] = 0;
    char small[8];
    memset(small, 'x', sizeof small);
    CHECK(elf_parse(img, n, MIN, LIM64, LIM32, &im, small, sizeof small) == -1);
    CHECK_STR(small, "not an ");
    CHECK(elf_parse(img, n, MIN, LIM64, LIM32, &im, NULL, 0) == -1);
    CHECK(elf_parse(NULL, 0, MIN, LIM64, LIM32, &im, err, sizeof err) == -1);
}

int main(void)
{
    test_valid64();
    test_valid32();
    test_header_errors();
    test_table_errors();
    test_segment_errors();
    test_truncated();
    test_fuzz();
    test_real_file();
    test_err_buffer();
    return check_report("elf");
}
