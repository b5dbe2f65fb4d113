/* Static ELF executables (ELF64 x86-64 and ELF32 i386): a validating parser.
 * Pure code: also built and tested on the host with malformed input. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ELF_MAX_SEGMENTS 16

/* p_flags bits. */
#define ELF_PF_X 1
#define ELF_PF_W 2
#define ELF_PF_R 4

/* One PT_LOAD segment: file bytes [offset, offset+filesz) go to vaddr, the
 * rest up to memsz is zero-filled. */
struct elf_segment {
    uint64_t vaddr, memsz, filesz, offset;
    uint32_t flags;
};

struct elf_image {
    bool is64;            /* ELFCLASS64 (run in 64-bit mode) or ELFCLASS32 (compatibility mode) */
    uint64_t entry;
    uint64_t phdr_vaddr;  /* where the program headers are in the loaded image (AT_PHDR), 0 if not inside a PT_LOAD */
    uint16_t phent, phnum;
    struct elf_segment seg[ELF_MAX_SEGMENTS];
    size_t nseg;          /* PT_LOAD segments only, in file order */
    uint64_t lowest, end; /* lowest vaddr (page-aligned down) and highest vaddr+memsz (page-aligned up): brk starts at end */
};

/* limit: the first user address a segment may not reach (0x800000000000 for
 * 64-bit, 0x100000000 for 32-bit); min: the lowest allowed address (0x1000).
 * Returns 0, or -1 with a one-line reason in err. */
int elf_parse(const void *file, size_t size, uint64_t min, uint64_t limit_64,
              uint64_t limit_32, struct elf_image *out, char *err,
              size_t errlen);
