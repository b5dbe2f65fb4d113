/* Bounds-checked multiboot2 boot information parser (spec 2.0, section 3.6).
 * Every read is checked against the smaller of avail and total_size, so a
 * corrupt or hostile block yields an error instead of a wild read. */
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "multiboot2.h"
#include "fmt.h"

/* Byte-wise little-endian loads: no alignment or aliasing assumptions. */
static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static uint64_t rd64(const uint8_t *p)
{
    return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

/* True when a NUL lies in t[from, size). */
static bool has_nul(const uint8_t *t, uint32_t from, uint32_t size)
{
    for (uint32_t i = from; i < size; i++)
        if (t[i] == 0)
            return true;
    return false;
}

#define FAIL(...) return (ksnprintf(err, errlen, __VA_ARGS__), -1)

/* Fails unless a tag of this type is at least min bytes long. */
#define NEED(min, what)                                                      \
    do {                                                                     \
        if (size < (min))                                                    \
            FAIL("tag at offset 0x%zx (type %u) has size %u, smaller than "  \
                 "the %u bytes of %s", off, type, size, (unsigned)(min),     \
                 what);                                                      \
    } while (0)

static int mmap_tag(const uint8_t *t, size_t off, uint32_t type, uint32_t size,
                    struct mb2_info *out, char *err, size_t errlen)
{
    NEED(16, "a memory map header");
    uint32_t esize = rd32(t + 8);
    if (esize < 24 || esize % 8)
        FAIL("mmap tag at offset 0x%zx has entry_size %u, want a multiple of "
             "8 that is at least 24", off, esize);
    /* Trailing bytes too short for a whole entry are ignored. */
    for (uint32_t at = 16; size - at >= esize; at += esize) {
        if (out->mmap_count == MB2_MAX_MMAP) {
            out->mmap_truncated = true;
            break;
        }
        struct mb2_mmap_entry *e = &out->mmap[out->mmap_count++];
        e->base = rd64(t + at);
        e->len = rd64(t + at + 8);
        e->type = rd32(t + at + 16);
    }
    return 0;
}

static int module_tag(const uint8_t *t, size_t off, uint32_t type, uint32_t size,
                      struct mb2_info *out, char *err, size_t errlen)
{
    NEED(17, "a module header and its string's NUL");
    uint32_t start = rd32(t + 8), end = rd32(t + 12);
    if (start > end)
        FAIL("module tag at offset 0x%zx starts at 0x%x, after its end 0x%x",
             off, start, end);
    if (!has_nul(t, 16, size))
        FAIL("module tag at offset 0x%zx: string is not NUL-terminated "
             "inside the tag", off);
    if (out->module_count == MB2_MAX_MODULES) {
        out->modules_truncated = true;
        return 0;
    }
    struct mb2_module *m = &out->modules[out->module_count++];
    m->start = start;
    m->end = end;
    m->cmdline = (const char *)(t + 16);
    return 0;
}

/* Fills out from one tag whose header and size were already checked to lie
 * inside the block: t[0, size) is readable. */
static int tag(const uint8_t *t, size_t off, uint32_t type, uint32_t size,
               struct mb2_info *out, char *err, size_t errlen)
{
    switch (type) {
    case MB2_TAG_CMDLINE:
    case MB2_TAG_BOOTLOADER:
        if (!has_nul(t, 8, size))
            FAIL("tag at offset 0x%zx (type %u): string is not NUL-terminated "
                 "inside the tag", off, type);
        if (type == MB2_TAG_CMDLINE)
            out->cmdline = (const char *)(t + 8);
        else
            out->bootloader = (const char *)(t + 8);
        return 0;
    case MB2_TAG_MODULE:
        return module_tag(t, off, type, size, out, err, errlen);
    case MB2_TAG_BASIC_MEMINFO:
        NEED(16, "basic memory info");
        out->mem_lower_kb = rd32(t + 8);
        out->mem_upper_kb = rd32(t + 12);
        return 0;
    case MB2_TAG_MMAP:
        return mmap_tag(t, off, type, size, out, err, errlen);
    case MB2_TAG_FRAMEBUFFER:
        NEED(31, "the framebuffer common part");
        out->has_framebuffer = true;
        out->fb.addr = rd64(t + 8);
        out->fb.pitch = rd32(t + 16);
        out->fb.width = rd32(t + 20);
        out->fb.height = rd32(t + 24);
        out->fb.bpp = t[28];
        out->fb.type = t[29];
        return 0;
    case MB2_TAG_EFI32:
        NEED(12, "an EFI32 system table pointer");
        out->efi = true;
        out->efi_system_table = rd32(t + 8);
        return 0;
    case MB2_TAG_EFI64:
        NEED(16, "an EFI64 system table pointer");
        out->efi = true;
        out->efi_system_table = rd64(t + 8);
        return 0;
    case MB2_TAG_ACPI_OLD:
        NEED(8 + 20, "an ACPI 1.0 RSDP");
        /* The 2.0 copy carries the XSDT too; keep it whatever the order. */
        if (out->rsdp_revision != 2) {
            out->rsdp = t + 8;
            out->rsdp_len = size - 8;
            out->rsdp_revision = 1;
        }
        return 0;
    case MB2_TAG_ACPI_NEW:
        NEED(8 + 36, "an ACPI 2.0 RSDP");
        out->rsdp = t + 8;
        out->rsdp_len = size - 8;
        out->rsdp_revision = 2;
        return 0;
    case MB2_TAG_EFI_BS:
        out->efi_boot_services = true;
        return 0;
    default:
        return 0;
    }
}

int mb2_parse(const void *info, size_t avail, struct mb2_info *out,
              char *err, size_t errlen)
{
    const uint8_t *p = info;
    if (!err)
        errlen = 0;
    if (errlen)
        err[0] = 0;
    *out = (struct mb2_info){0};

    if (!p)
        FAIL("info pointer is NULL");
    if ((uintptr_t)p % 8)
        FAIL("info pointer %p is not 8-byte aligned", info);
    if (avail < 8)
        FAIL("fixed part at offset 0x0 needs 8 bytes, only %zu available",
             avail);
    uint32_t total = rd32(p);
    if (total < 16)
        FAIL("total_size %u at offset 0x0 is below 16 (fixed part + end tag)",
             total);
    if (total > avail)
        FAIL("total_size %u at offset 0x0 exceeds the %zu bytes available",
             total, avail);
    out->total_size = total;

    size_t off = 8;
    for (;;) {
        if (off == total)
            FAIL("no end tag before total_size (offset 0x%zx)", off);
        if (off > total || total - off < 8)
            FAIL("tag header at offset 0x%zx does not fit in total_size %u",
                 off, total);
        uint32_t type = rd32(p + off), size = rd32(p + off + 4);
        if (size < 8)
            FAIL("tag at offset 0x%zx (type %u) has size %u, smaller than its "
                 "header", off, type, size);
        /* Subtraction, not off + size, so a huge size cannot wrap. */
        if (size > total - off)
            FAIL("tag at offset 0x%zx (type %u) has size %u, extending past "
                 "total_size %u", off, type, size, total);
        if (type == MB2_TAG_END) {
            if (size != 8)
                FAIL("end tag at offset 0x%zx has size %u, want 8", off, size);
            return 0;
        }
        if (tag(p + off, off, type, size, out, err, errlen))
            return -1;
        off += ((size_t)size + 7) & ~(size_t)7;
    }
}

const char *mb2_mem_type_name(uint32_t type)
{
    switch (type) {
    case MB2_MEM_AVAILABLE: return "available";
    case MB2_MEM_RESERVED: return "reserved";
    case MB2_MEM_ACPI_RECLAIMABLE: return "ACPI reclaimable";
    case MB2_MEM_NVS: return "ACPI NVS";
    case MB2_MEM_BADRAM: return "bad RAM";
    default: return "unknown";
    }
}
