/* multiboot2 boot information: constants and a bounds-checked parser.
 * Pure code: also built and tested on the host with malformed input. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MB2_BOOTLOADER_MAGIC 0x36d76289u

/* Tag types (multiboot2 specification, section 3.6). */
enum {
    MB2_TAG_END = 0,
    MB2_TAG_CMDLINE = 1,
    MB2_TAG_BOOTLOADER = 2,
    MB2_TAG_MODULE = 3,
    MB2_TAG_BASIC_MEMINFO = 4,
    MB2_TAG_BOOTDEV = 5,
    MB2_TAG_MMAP = 6,
    MB2_TAG_VBE = 7,
    MB2_TAG_FRAMEBUFFER = 8,
    MB2_TAG_ELF_SECTIONS = 9,
    MB2_TAG_APM = 10,
    MB2_TAG_EFI32 = 11,
    MB2_TAG_EFI64 = 12,
    MB2_TAG_SMBIOS = 13,
    MB2_TAG_ACPI_OLD = 14,
    MB2_TAG_ACPI_NEW = 15,
    MB2_TAG_NETWORK = 16,
    MB2_TAG_EFI_MMAP = 17,
    MB2_TAG_EFI_BS = 18,
    MB2_TAG_EFI32_IH = 19,
    MB2_TAG_EFI64_IH = 20,
    MB2_TAG_LOAD_BASE_ADDR = 21,
};

/* Memory map entry types. */
enum {
    MB2_MEM_AVAILABLE = 1,
    MB2_MEM_RESERVED = 2,
    MB2_MEM_ACPI_RECLAIMABLE = 3,
    MB2_MEM_NVS = 4,
    MB2_MEM_BADRAM = 5,
};

/* Framebuffer types. */
enum { MB2_FB_INDEXED = 0, MB2_FB_RGB = 1, MB2_FB_EGA_TEXT = 2 };

#define MB2_MAX_MMAP 64
#define MB2_MAX_MODULES 64

struct mb2_mmap_entry {
    uint64_t base;
    uint64_t len;
    uint32_t type;
};

struct mb2_module {
    uint32_t start;        /* physical, inclusive */
    uint32_t end;          /* physical, exclusive */
    const char *cmdline;   /* points into the info block; NUL-terminated */
};

struct mb2_framebuffer {
    uint64_t addr;
    uint32_t pitch, width, height;
    uint8_t bpp, type;
};

/* What mb2_parse found. Pointers point into the info block itself. */
struct mb2_info {
    uint32_t total_size;
    const char *cmdline;            /* NULL when absent */
    const char *bootloader;         /* NULL when absent */
    struct mb2_mmap_entry mmap[MB2_MAX_MMAP];
    size_t mmap_count;
    bool mmap_truncated;            /* more entries than MB2_MAX_MMAP */
    struct mb2_module modules[MB2_MAX_MODULES];
    size_t module_count;
    bool modules_truncated;         /* more modules than MB2_MAX_MODULES */
    bool has_framebuffer;
    struct mb2_framebuffer fb;
    const void *rsdp;               /* copy of the ACPI RSDP inside the tag, or NULL */
    uint32_t rsdp_len;
    int rsdp_revision;              /* 1 from the old tag (ACPI 1.0), 2 from the new one */
    bool efi;                       /* an EFI system table tag was present */
    uint64_t efi_system_table;
    bool efi_boot_services;         /* boot services were not exited (tag 18) */
    uint32_t mem_lower_kb, mem_upper_kb; /* basic meminfo, 0 when absent */
};

/* Parses the information block at info. avail is how many bytes at info may be
 * read at most; nothing outside [info, info + min(avail, total_size)) is ever
 * read. Returns 0 on success; on a malformed block returns -1 and writes a
 * one-line reason naming the offset into err (at most errlen bytes, NUL-terminated).
 * The block must be 8-byte aligned. Unknown tag types are skipped. */
int mb2_parse(const void *info, size_t avail, struct mb2_info *out,
              char *err, size_t errlen);

/* Name of a memory map type, for logs ("available", "reserved", ...). */
const char *mb2_mem_type_name(uint32_t type);
