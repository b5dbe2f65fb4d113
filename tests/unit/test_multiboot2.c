/* Host tests for the multiboot2 parser: well-formed blocks built tag by tag,
 * one malformed block per bounds rule, truncations, and random mutations
 * parsed from exactly-sized heap buffers so ASan flags any over-read. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "multiboot2.h"

/* Builder: appends tags to an 8-aligned buffer. */
static _Alignas(8) uint8_t buf[16384];
static size_t len;

static void put8(uint8_t v) { buf[len++] = v; }
static void put32(uint32_t v) { memcpy(buf + len, &v, 4); len += 4; }
static void put64(uint64_t v) { memcpy(buf + len, &v, 8); len += 8; }
static void putstr(const char *s) { size_t n = strlen(s) + 1; memcpy(buf + len, s, n); len += n; }
static void set32(size_t at, uint32_t v) { memcpy(buf + at, &v, 4); }

static void begin(void)
{
    memset(buf, 0xAA, sizeof buf);
    len = 0;
    put32(0);
    put32(0);
}

/* Returns the tag's offset; tag_end fills in its size and pads to 8. */
static size_t tag_begin(uint32_t type)
{
    size_t at = len;
    put32(type);
    put32(0);
    return at;
}

static void tag_end(size_t at)
{
    set32(at + 4, (uint32_t)(len - at));
    while (len % 8)
        put8(0);
}

/* Appends the end tag and sets total_size; returns total_size. */
static size_t finish(void)
{
    put32(MB2_TAG_END);
    put32(8);
    set32(0, (uint32_t)len);
    return len;
}

static size_t add_str(uint32_t type, const char *s)
{
    size_t at = tag_begin(type);
    putstr(s);
    tag_end(at);
    return at;
}

static size_t add_module(uint32_t start, uint32_t end, const char *s)
{
    size_t at = tag_begin(MB2_TAG_MODULE);
    put32(start);
    put32(end);
    putstr(s);
    tag_end(at);
    return at;
}

static size_t add_meminfo(uint32_t lower, uint32_t upper)
{
    size_t at = tag_begin(MB2_TAG_BASIC_MEMINFO);
    put32(lower);
    put32(upper);
    tag_end(at);
    return at;
}

struct ent { uint64_t base, len; uint32_t type; };

/* esize lets tests use entries larger than the 24 bytes of spec 2.0. */
static size_t add_mmap(const struct ent *e, size_t n, uint32_t esize)
{
    size_t at = tag_begin(MB2_TAG_MMAP);
    put32(esize);
    put32(0);
    for (size_t i = 0; i < n; i++) {
        size_t start = len;
        put64(e[i].base);
        put64(e[i].len);
        put32(e[i].type);
        while (len - start < esize)
            put8(0);
    }
    tag_end(at);
    return at;
}

static size_t add_fb_rgb(uint64_t addr, uint32_t pitch, uint32_t w, uint32_t h, uint8_t bpp)
{
    size_t at = tag_begin(MB2_TAG_FRAMEBUFFER);
    put64(addr);
    put32(pitch);
    put32(w);
    put32(h);
    put8(bpp);
    put8(MB2_FB_RGB);
    put8(0);
    /* color_info: red/green/blue field position and mask size. */
    put8(16); put8(8); put8(8); put8(8); put8(0); put8(8);
    tag_end(at);
    return at;
}

static size_t add_fb_ega(void)
{
    size_t at = tag_begin(MB2_TAG_FRAMEBUFFER);
    put64(0xB8000);
    put32(160);
    put32(80);
    put32(25);
    put8(16);
    put8(MB2_FB_EGA_TEXT);
    put8(0);
    tag_end(at);
    return at;
}

static const uint8_t rsdp1[20] = "RSD PTR \x11OEMID\x00";
static const uint8_t rsdp2[36] = "RSD PTR \x22OEMID\x02\x00\x10\x00\x00\x24\x00\x00\x00"
                                 "\x00\x20\x00\x00\x00\x00\x00\x00\x33";

static size_t add_acpi(uint32_t type, const uint8_t *r, size_t n)
{
    size_t at = tag_begin(type);
    memcpy(buf + len, r, n);
    len += n;
    tag_end(at);
    return at;
}

static size_t add_efi64(uint64_t st)
{
    size_t at = tag_begin(MB2_TAG_EFI64);
    put64(st);
    tag_end(at);
    return at;
}

static size_t add_empty(uint32_t type)
{
    size_t at = tag_begin(type);
    tag_end(at);
    return at;
}

static struct mb2_info info;
static char err[256];

static int parse(size_t avail)
{
    memset(err, 'x', sizeof err);
    return mb2_parse(buf, avail, &info, err, sizeof err);
}

/* Expects a failure whose message names the given offset text. */
static void expect_fail(size_t avail, const char *where, int line)
{
    int r = parse(avail);
    bool ok = r == -1 && err[0] != 0 && strlen(err) < sizeof err &&
              strstr(err, where) != NULL;
    check_count++;
    if (!ok) {
        check_failures++;
        fprintf(stderr, "line %d: want -1 mentioning \"%s\", got %d \"%.200s\"\n",
                line, where, r, err);
    }
}
#define EXPECT_FAIL(avail, where) expect_fail(avail, where, __LINE__)

static const char *hex(size_t v)
{
    static char s[8][32];
    static int i;
    i = (i + 1) % 8;
    snprintf(s[i], sizeof s[i], "0x%zx", v);
    return s[i];
}

static const struct ent ents[] = {
    {0x0, 0x9fc00, MB2_MEM_AVAILABLE},
    {0x9fc00, 0x400, MB2_MEM_RESERVED},
    {0x100000, 0x7ee0000, MB2_MEM_AVAILABLE},
    {0x7fe0000, 0x20000, MB2_MEM_ACPI_RECLAIMABLE},
    {0xfffc0000, 0x40000, MB2_MEM_NVS},
    {0x100000000ull, 0x180000000ull, MB2_MEM_AVAILABLE},
    {0x280000000ull, 0x1000, MB2_MEM_BADRAM},
};
#define NENTS (sizeof ents / sizeof ents[0])

/* A block with every tag kind the parser knows, plus ones it skips. */
static size_t build_full(void)
{
    begin();
    add_str(MB2_TAG_CMDLINE, "console=serial loglevel=3");
    add_str(MB2_TAG_BOOTLOADER, "GRUB 2.06");
    add_module(0x200000, 0x201234, "initrd.tar");
    add_module(0x300000, 0x300000, "");
    add_meminfo(639, 129920);
    size_t bd = tag_begin(MB2_TAG_BOOTDEV);
    put32(0x80); put32(1); put32(0xffffffff);
    tag_end(bd);
    add_mmap(ents, NENTS, 24);
    add_fb_rgb(0xfd000000, 4096, 1024, 768, 32);
    add_efi64(0x7f9e4018);
    add_empty(MB2_TAG_EFI_BS);
    add_acpi(MB2_TAG_ACPI_OLD, rsdp1, sizeof rsdp1);
    add_acpi(MB2_TAG_ACPI_NEW, rsdp2, sizeof rsdp2);
    size_t u = tag_begin(99);
    put32(0xdeadbeef); put8(1);
    tag_end(u);
    return finish();
}

static void test_minimal(void)
{
    begin();
    size_t n = finish();
    CHECK(n == 16);
    CHECK(parse(n) == 0);
    CHECK(err[0] == 0);
    CHECK(info.total_size == 16);
    CHECK(info.cmdline == NULL && info.bootloader == NULL);
    CHECK(info.mmap_count == 0 && !info.mmap_truncated);
    CHECK(info.module_count == 0 && !info.modules_truncated);
    CHECK(!info.has_framebuffer && info.rsdp == NULL && info.rsdp_revision == 0);
    CHECK(!info.efi && !info.efi_boot_services && info.efi_system_table == 0);
    CHECK(info.mem_lower_kb == 0 && info.mem_upper_kb == 0);
    /* Extra room past total_size is fine and never looked at. */
    CHECK(parse(sizeof buf) == 0);
}

static void test_full(void)
{
    size_t n = build_full();
    CHECK(parse(n) == 0);
    CHECK(err[0] == 0);
    CHECK(info.total_size == n);
    CHECK_STR(info.cmdline, "console=serial loglevel=3");
    CHECK_STR(info.bootloader, "GRUB 2.06");
    CHECK((const uint8_t *)info.cmdline > buf && (const uint8_t *)info.cmdline < buf + n);
    CHECK(info.module_count == 2 && !info.modules_truncated);
    CHECK(info.modules[0].start == 0x200000 && info.modules[0].end == 0x201234);
    CHECK_STR(info.modules[0].cmdline, "initrd.tar");
    CHECK(info.modules[1].start == 0x300000 && info.modules[1].end == 0x300000);
    CHECK_STR(info.modules[1].cmdline, "");
    CHECK(info.mem_lower_kb == 639 && info.mem_upper_kb == 129920);
    CHECK(info.mmap_count == NENTS && !info.mmap_truncated);
    for (size_t i = 0; i < NENTS; i++) {
        CHECK(info.mmap[i].base == ents[i].base);
        CHECK(info.mmap[i].len == ents[i].len);
        CHECK(info.mmap[i].type == ents[i].type);
    }
    CHECK(info.has_framebuffer);
    CHECK(info.fb.addr == 0xfd000000 && info.fb.pitch == 4096);
    CHECK(info.fb.width == 1024 && info.fb.height == 768);
    CHECK(info.fb.bpp == 32 && info.fb.type == MB2_FB_RGB);
    CHECK(info.efi && info.efi_system_table == 0x7f9e4018);
    CHECK(info.efi_boot_services);
    CHECK(info.rsdp_revision == 2 && info.rsdp_len == 36);
    CHECK(info.rsdp != NULL && memcmp(info.rsdp, rsdp2, 36) == 0);
}

static void test_fb_ega(void)
{
    begin();
    add_fb_ega();
    size_t n = finish();
    CHECK(parse(n) == 0);
    CHECK(info.has_framebuffer);
    CHECK(info.fb.addr == 0xB8000 && info.fb.pitch == 160);
    CHECK(info.fb.width == 80 && info.fb.height == 25);
    CHECK(info.fb.bpp == 16 && info.fb.type == MB2_FB_EGA_TEXT);
}

static void test_acpi(void)
{
    begin();
    add_acpi(MB2_TAG_ACPI_OLD, rsdp1, sizeof rsdp1);
    size_t n = finish();
    CHECK(parse(n) == 0);
    CHECK(info.rsdp_revision == 1 && info.rsdp_len == 20);
    CHECK(info.rsdp == buf + 16 && memcmp(info.rsdp, rsdp1, 20) == 0);

    /* The 2.0 copy wins even when the 1.0 one comes after it. */
    begin();
    add_acpi(MB2_TAG_ACPI_NEW, rsdp2, sizeof rsdp2);
    add_acpi(MB2_TAG_ACPI_OLD, rsdp1, sizeof rsdp1);
    n = finish();
    CHECK(parse(n) == 0);
    CHECK(info.rsdp_revision == 2 && info.rsdp_len == 36);
    CHECK(info.rsdp == buf + 16 && memcmp(info.rsdp, rsdp2, 36) == 0);
}

static void test_efi_alone(void)
{
    begin();
    add_efi64(0xffffffff12345678ull);
    size_t n = finish();
    CHECK(parse(n) == 0);
    CHECK(info.efi && info.efi_system_table == 0xffffffff12345678ull);
    CHECK(!info.efi_boot_services);
}

static void test_wide_mmap_entries(void)
{
    /* Larger entries (a future spec) are stepped over by entry_size. */
    begin();
    add_mmap(ents, NENTS, 40);
    size_t n = finish();
    CHECK(parse(n) == 0);
    CHECK(info.mmap_count == NENTS);
    CHECK(info.mmap[5].base == ents[5].base && info.mmap[5].len == ents[5].len);
    CHECK(info.mmap[6].type == MB2_MEM_BADRAM);

    /* Trailing bytes shorter than an entry are ignored. */
    begin();
    size_t at = add_mmap(ents, 2, 24);
    set32(at + 4, 16 + 2 * 24 + 8);
    put64(0);
    n = finish();
    CHECK(parse(n) == 0);
    CHECK(info.mmap_count == 2);
}

static void test_truncation(void)
{
    static struct ent many[MB2_MAX_MMAP + 6];
    for (size_t i = 0; i < MB2_MAX_MMAP + 6; i++)
        many[i] = (struct ent){i * 0x1000, 0x1000, MB2_MEM_AVAILABLE};
    begin();
    add_mmap(many, MB2_MAX_MMAP + 6, 24);
    size_t n = finish();
    CHECK(parse(n) == 0);
    CHECK(info.mmap_count == MB2_MAX_MMAP && info.mmap_truncated);
    CHECK(info.mmap[MB2_MAX_MMAP - 1].base == (MB2_MAX_MMAP - 1) * 0x1000);

    /* Exactly MAX is not truncated. */
    begin();
    add_mmap(many, MB2_MAX_MMAP, 24);
    n = finish();
    CHECK(parse(n) == 0);
    CHECK(info.mmap_count == MB2_MAX_MMAP && !info.mmap_truncated);

    begin();
    for (uint32_t i = 0; i < MB2_MAX_MODULES + 5; i++) {
        char name[16];
        snprintf(name, sizeof name, "mod%u", i);
        add_module(i * 0x10000, i * 0x10000 + 0x100, name);
    }
    n = finish();
    CHECK(parse(n) == 0);
    CHECK(info.module_count == MB2_MAX_MODULES && info.modules_truncated);
    char last[16];
    snprintf(last, sizeof last, "mod%u", MB2_MAX_MODULES - 1);
    CHECK_STR(info.modules[MB2_MAX_MODULES - 1].cmdline, last);
    CHECK(info.modules[MB2_MAX_MODULES - 1].start == (MB2_MAX_MODULES - 1) * 0x10000);
}

static void test_duplicates_and_unknown(void)
{
    begin();
    add_str(MB2_TAG_CMDLINE, "first");
    add_empty(1000);
    add_empty(MB2_TAG_VBE);
    add_str(MB2_TAG_CMDLINE, "second");
    add_meminfo(1, 2);
    add_meminfo(3, 4);
    size_t n = finish();
    CHECK(parse(n) == 0);
    CHECK_STR(info.cmdline, "second");
    CHECK(info.mem_lower_kb == 3 && info.mem_upper_kb == 4);

    /* A tag size that is not a multiple of 8 is padded to the next tag. */
    begin();
    add_str(MB2_TAG_BOOTLOADER, "abc");
    n = finish();
    CHECK(n == 8 + 16 + 8);
    CHECK(parse(n) == 0);
    CHECK_STR(info.bootloader, "abc");
}

static void test_mem_type_names(void)
{
    CHECK_STR(mb2_mem_type_name(MB2_MEM_AVAILABLE), "available");
    CHECK_STR(mb2_mem_type_name(MB2_MEM_RESERVED), "reserved");
    CHECK_STR(mb2_mem_type_name(MB2_MEM_ACPI_RECLAIMABLE), "ACPI reclaimable");
    CHECK_STR(mb2_mem_type_name(MB2_MEM_NVS), "ACPI NVS");
    CHECK_STR(mb2_mem_type_name(MB2_MEM_BADRAM), "bad RAM");
    CHECK_STR(mb2_mem_type_name(0), "unknown");
    CHECK_STR(mb2_mem_type_name(6), "unknown");
    CHECK_STR(mb2_mem_type_name(0xffffffff), "unknown");
}

static void test_err_buffer(void)
{
    begin();
    set32(0, 4);
    char small[10];
    memset(small, 'x', sizeof small);
    CHECK(mb2_parse(buf, 8, &info, small, sizeof small) == -1);
    CHECK(strlen(small) == sizeof small - 1);
    CHECK(mb2_parse(buf, 8, &info, NULL, 0) == -1);
    char one = 'x';
    CHECK(mb2_parse(buf, 8, &info, &one, 1) == -1);
    CHECK(one == 0);
    /* Success clears a stale message. */
    begin();
    size_t n = finish();
    strcpy(err, "stale");
    CHECK(mb2_parse(buf, n, &info, err, sizeof err) == 0 && err[0] == 0);
}

/* Fixed part and walking errors. */
static void test_bad_frame(void)
{
    begin();
    size_t n = finish();
    memset(err, 'x', sizeof err);
    CHECK(mb2_parse(buf + 4, n, &info, err, sizeof err) == -1);
    CHECK(strstr(err, "aligned") != NULL);
    CHECK(mb2_parse(NULL, n, &info, err, sizeof err) == -1 && err[0]);

    for (size_t a = 0; a < 8; a++)
        EXPECT_FAIL(a, "0x0");

    /* total_size below 16, and above avail. */
    set32(0, 15);
    EXPECT_FAIL(n, "0x0");
    set32(0, 0);
    EXPECT_FAIL(n, "0x0");
    set32(0, 16);
    EXPECT_FAIL(15, "0x0");
    set32(0, 0xffffffff);
    EXPECT_FAIL(sizeof buf, "0x0");

    /* total_size that ends inside a tag header. */
    begin();
    add_meminfo(1, 2);
    n = finish();
    set32(0, 28);
    EXPECT_FAIL(n, "0x18");

    /* No end tag: the last tag ends exactly at total_size. */
    begin();
    add_meminfo(1, 2);
    set32(0, (uint32_t)len);
    EXPECT_FAIL(len, "0x18");

    /* Tag sizes below the header, including zero (must not spin). */
    for (uint32_t s = 0; s < 8; s++) {
        begin();
        add_meminfo(1, 2);
        size_t at = add_mmap(ents, 2, 24);
        n = finish();
        set32(at + 4, s);
        EXPECT_FAIL(n, hex(at));
    }
    begin();
    size_t at = add_empty(MB2_TAG_MMAP);
    n = finish();
    set32(at + 4, 4);
    int r = parse(n);
    CHECK(r == -1);
    CHECK_STR(err, "tag at offset 0x8 (type 6) has size 4, smaller than its header");

    /* A tag running past total_size, and one whose size would wrap. */
    begin();
    add_meminfo(1, 2);
    at = add_str(MB2_TAG_CMDLINE, "hello");
    n = finish();
    set32(at + 4, 0x20);
    EXPECT_FAIL(n, hex(at));
    set32(at + 4, 0xFFFFFFF8);
    EXPECT_FAIL(n, hex(at));
    set32(at + 4, 0xFFFFFFFF);
    EXPECT_FAIL(n, hex(at));
    /* Its padded end passes total_size even though its size fits. */
    set32(at + 4, (uint32_t)(n - at - 8 + 1));
    set32(0, (uint32_t)(n - 7));
    EXPECT_FAIL(n, "0x");

    /* End tag with the wrong size. */
    begin();
    add_meminfo(1, 2);
    at = len;
    n = finish();
    set32(at + 4, 16);
    set32(0, (uint32_t)(n + 8));
    EXPECT_FAIL(n + 8, hex(at));
    set32(at + 4, 9);
    EXPECT_FAIL(n + 8, hex(at));
}

/* Per-tag content errors. */
static void test_bad_tags(void)
{
    size_t at, n;

    /* Unterminated strings. */
    for (uint32_t type = MB2_TAG_CMDLINE; type <= MB2_TAG_BOOTLOADER; type++) {
        begin();
        add_meminfo(1, 2);
        at = tag_begin(type);
        put32(0x41414141);
        put32(0x41414141);
        tag_end(at);
        n = finish();
        EXPECT_FAIL(n, hex(at));
        /* An empty string area has no NUL either. */
        set32(at + 4, 8);
        set32(at + 8, MB2_TAG_END);
        set32(at + 12, 8);
        set32(0, (uint32_t)(at + 16));
        EXPECT_FAIL(at + 16, hex(at));
    }
    /* NUL only in the padding after the tag's size does not count. */
    begin();
    at = tag_begin(MB2_TAG_CMDLINE);
    put32(0x41414141);
    put8(0);
    tag_end(at);
    n = finish();
    set32(at + 4, 12);
    EXPECT_FAIL(n, hex(at));

    /* Module: too small, unterminated, start after end. */
    begin();
    add_meminfo(1, 2);
    at = add_module(0x1000, 0x2000, "m");
    n = finish();
    CHECK(parse(n) == 0);
    set32(at + 4, 16);
    EXPECT_FAIL(n, hex(at));
    set32(at + 4, 12);
    EXPECT_FAIL(n, hex(at));
    set32(at + 4, 18);
    buf[at + 17] = 0;
    buf[at + 16] = 'm';
    CHECK(parse(n) == 0);
    buf[at + 17] = 'x';
    set32(at + 4, 17);
    buf[at + 16] = 'm';
    EXPECT_FAIL(n, hex(at));
    buf[at + 16] = 0;
    CHECK(parse(n) == 0);
    set32(at + 8, 0x2001);
    EXPECT_FAIL(n, hex(at));

    /* Memory map header and entry sizes. */
    uint32_t bad_esize[] = {0, 8, 16, 20, 25, 28, 31, 0xffffffff};
    for (size_t i = 0; i < sizeof bad_esize / sizeof bad_esize[0]; i++) {
        begin();
        add_meminfo(1, 2);
        at = add_mmap(ents, 3, 24);
        n = finish();
        set32(at + 8, bad_esize[i]);
        EXPECT_FAIL(n, hex(at));
    }
    for (uint32_t s = 8; s < 16; s++) {
        begin();
        add_meminfo(1, 2);
        at = add_mmap(ents, 1, 24);
        n = finish();
        set32(at + 4, s);
        EXPECT_FAIL(n, hex(at));
    }
    /* A header-only map is valid and empty. */
    begin();
    add_mmap(ents, 0, 24);
    n = finish();
    CHECK(parse(n) == 0 && info.mmap_count == 0);

    /* Fixed-size tags cut short. */
    struct { uint32_t type, min; } fixed[] = {
        {MB2_TAG_FRAMEBUFFER, 31}, {MB2_TAG_ACPI_OLD, 28},
        {MB2_TAG_ACPI_NEW, 44}, {MB2_TAG_EFI64, 16},
        {MB2_TAG_BASIC_MEMINFO, 16}, {MB2_TAG_EFI32, 12},
    };
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        for (uint32_t s = 8; s <= fixed[i].min; s++) {
            begin();
            add_meminfo(1, 2);
            at = tag_begin(fixed[i].type);
            for (uint32_t k = 8; k < s; k++)
                put8(0);
            tag_end(at);
            n = finish();
            if (s < fixed[i].min) {
                EXPECT_FAIL(n, hex(at));
            } else {
                CHECK(parse(n) == 0);
            }
        }
    }
}

/* Every prefix of a valid block, in an exactly-sized heap buffer. */
static void test_truncated(void)
{
    size_t n = build_full();
    for (size_t a = 0; a < n; a++) {
        uint8_t *h = malloc(a ? a : 1);
        memcpy(h, buf, a);
        memset(err, 'x', sizeof err);
        int r = mb2_parse(h, a, &info, err, sizeof err);
        CHECK(r == -1 && err[0] && strstr(err, "0x0") != NULL);
        free(h);
    }
    /* Same prefixes with total_size claiming only what is there. */
    int ok = 0, bad = 0;
    for (size_t a = 16; a < n; a++) {
        uint8_t *h = malloc(a);
        memcpy(h, buf, a);
        uint32_t t = (uint32_t)a;
        memcpy(h, &t, 4);
        memset(err, 'x', sizeof err);
        int r = mb2_parse(h, a, &info, err, sizeof err);
        if (r == -1 && err[0] && strstr(err, "0x"))
            bad++;
        else if (r == 0)
            ok++;
        free(h);
    }
    CHECK(bad == (int)(n - 16));
    CHECK(ok == 0);
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 16);
}

static bool inside(const void *p, const uint8_t *h, size_t n)
{
    return (const uint8_t *)p >= h && (const uint8_t *)p < h + n;
}

/* A parsed string must end inside the block. */
static bool str_ok(const char *s, const uint8_t *h, size_t n)
{
    return inside(s, h, n) && memchr(s, 0, (size_t)(h + n - (const uint8_t *)s)) != NULL;
}

static void test_fuzz(void)
{
    static const uint32_t magic[] = {
        0, 1, 4, 7, 8, 9, 15, 16, 17, 20, 24, 28, 31, 32, 36, 44,
        0x7fffffff, 0x80000000, 0xFFFFFFF8, 0xFFFFFFFF,
    };
    size_t n = build_full();
    uint8_t *h = malloc(n);
    int ok = 0, bad = 0, wrong = 0;
    for (int it = 0; it < 20000; it++) {
        memcpy(h, buf, n);
        int muts = 1 + rnd() % 6;
        for (int m = 0; m < muts; m++) {
            uint32_t at = rnd() % n, v;
            switch (rnd() % 4) {
            case 0:
                h[at] = (uint8_t)rnd();
                break;
            case 1:
                h[at] ^= (uint8_t)(1u << (rnd() % 8));
                break;
            case 2:
                /* Hit tag headers and fields at aligned words. */
                v = magic[rnd() % (sizeof magic / sizeof magic[0])];
                memcpy(h + (at & ~3u) % (n - 3), &v, 4);
                break;
            default:
                v = (uint32_t)(rnd() % (n + 16));
                memcpy(h + (at & ~3u) % (n - 3), &v, 4);
                break;
            }
        }
        memset(err, 'x', sizeof err);
        int r = mb2_parse(h, n, &info, err, sizeof err);
        if (r == 0) {
            ok++;
            bool good = info.mmap_count <= MB2_MAX_MMAP &&
                        info.module_count <= MB2_MAX_MODULES &&
                        (!info.cmdline || str_ok(info.cmdline, h, n)) &&
                        (!info.bootloader || str_ok(info.bootloader, h, n)) &&
                        (!info.rsdp || (inside(info.rsdp, h, n) &&
                                        info.rsdp_len <= n - (size_t)((const uint8_t *)info.rsdp - h)));
            for (size_t i = 0; i < info.module_count; i++)
                good = good && str_ok(info.modules[i].cmdline, h, n) &&
                       info.modules[i].start <= info.modules[i].end;
            if (!good)
                wrong++;
        } else if (r == -1 && err[0] && strlen(err) < sizeof err) {
            bad++;
        } else {
            wrong++;
        }
    }
    free(h);
    CHECK(wrong == 0);
    CHECK(ok + bad == 20000);
    /* Both outcomes should be common, or the mutations are too weak/strong. */
    CHECK(ok > 100 && bad > 100);
}

int main(void)
{
    test_minimal();
    test_full();
    test_fb_ega();
    test_acpi();
    test_efi_alone();
    test_wide_mmap_entries();
    test_truncation();
    test_duplicates_and_unknown();
    test_mem_type_names();
    test_err_buffer();
    test_bad_frame();
    test_bad_tags();
    test_truncated();
    test_fuzz();
    return check_report("multiboot2");
}
