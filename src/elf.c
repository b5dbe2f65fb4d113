/* Validating parser for static ELF executables (System V gABI, ELF64 x86-64
 * and ELF32 i386). Every offset and length comes from an untrusted file, so
 * each sum is checked before it is formed and every read stays in [0, size). */
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "elf.h"
#include "fmt.h"
#include "kstring.h"

#define PAGE 4096ull

#define ET_EXEC 2
#define ET_DYN 3
#define EM_386 3
#define EM_X86_64 62
#define PT_LOAD 1
#define PT_INTERP 3
#define PT_PHDR 6

/* Byte-wise little-endian loads: no alignment or aliasing assumptions. */
static uint16_t rd16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static uint64_t rd64(const uint8_t *p)
{
    return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

/* Field offsets of the two classes; addresses and offsets are words. */
struct layout {
    uint8_t ehsize, phent;
    uint8_t entry, phoff, phentsize, phnum;
    uint8_t p_flags, p_offset, p_vaddr, p_filesz, p_memsz;
};

static const struct layout l64 = {64, 56, 24, 32, 54, 56, 4, 8, 16, 32, 40};
static const struct layout l32 = {52, 32, 24, 28, 42, 44, 24, 4, 8, 16, 20};

static uint64_t rdw(const uint8_t *p, bool is64)
{
    return is64 ? rd64(p) : rd32(p);
}

#define X(v) ((unsigned long long)(v))
#define FAIL(...) return (ksnprintf(err, errlen, __VA_ARGS__), -1)

int elf_parse(const void *file, size_t size, uint64_t min, uint64_t limit_64,
              uint64_t limit_32, struct elf_image *out, char *err,
              size_t errlen)
{
    const uint8_t *f = file;
    if (!f || size < 16)
        FAIL("file too small for an ELF header (%zu bytes)", size);
    if (memcmp(f, "\177ELF", 4) != 0)
        FAIL("not an ELF file (bad magic)");
    if (f[4] != 1 && f[4] != 2)
        FAIL("ELF class %u is neither 1 (32-bit) nor 2 (64-bit)", f[4]);
    bool is64 = f[4] == 2;
    const struct layout *l = is64 ? &l64 : &l32;
    int bits = is64 ? 64 : 32;
    if (size < l->ehsize)
        FAIL("file too small for an ELF%d header (%zu bytes, want %u)", bits,
             size, l->ehsize);
    if (f[5] != 1)
        FAIL("data encoding %u is not little-endian (1)", f[5]);
    if (f[6] != 1 || rd32(f + 20) != 1)
        FAIL("ELF version %u (e_ident) / %u (e_version), want 1", f[6],
             rd32(f + 20));

    uint16_t type = rd16(f + 16), machine = rd16(f + 18);
    if (type == ET_DYN)
        FAIL("position-independent (ET_DYN): link with -static -no-pie");
    if (type != ET_EXEC)
        FAIL("e_type %u is not an executable (ET_EXEC)", type);
    uint16_t want = is64 ? EM_X86_64 : EM_386;
    if (machine != want)
        FAIL("e_machine %u, want %u (%s) for ELF%d", machine, want,
             is64 ? "x86-64" : "i386", bits);

    uint16_t phent = rd16(f + l->phentsize), phnum = rd16(f + l->phnum);
    uint64_t phoff = rdw(f + l->phoff, is64);
    if (phent != l->phent)
        FAIL("e_phentsize %u, want %u for ELF%d", phent, l->phent, bits);
    /* 65535 * 56 cannot overflow; phoff is compared before subtracting. */
    uint64_t tab = (uint64_t)phnum * phent;
    if (phoff > size || tab > size - phoff)
        FAIL("program header table (offset 0x%llx, %u entries) is outside "
             "the %zu-byte file", X(phoff), phnum, size);

    memset(out, 0, sizeof *out);
    out->is64 = is64;
    out->entry = rdw(f + l->entry, is64);
    out->phent = phent;
    out->phnum = phnum;
    uint64_t limit = is64 ? limit_64 : limit_32;

    /* PT_INTERP first, so a dynamic binary gets the useful message even if
     * its segments would fail some other rule. */
    bool have_phdr = false;
    for (unsigned i = 0; i < phnum; i++) {
        const uint8_t *p = f + phoff + (uint64_t)i * phent;
        uint32_t pt = rd32(p);
        if (pt == PT_INTERP)
            FAIL("dynamically linked (PT_INTERP): link with -static");
        if (pt == PT_PHDR && !have_phdr) {
            have_phdr = true;
            out->phdr_vaddr = rdw(p + l->p_vaddr, is64);
        }
    }

    for (unsigned i = 0; i < phnum; i++) {
        const uint8_t *p = f + phoff + (uint64_t)i * phent;
        if (rd32(p) != PT_LOAD)
            continue;
        uint64_t off = rdw(p + l->p_offset, is64);
        uint64_t va = rdw(p + l->p_vaddr, is64);
        uint64_t fsz = rdw(p + l->p_filesz, is64);
        uint64_t msz = rdw(p + l->p_memsz, is64);
        if (fsz > msz)
            FAIL("program header %u: p_filesz 0x%llx exceeds p_memsz 0x%llx",
                 i, X(fsz), X(msz));
        if (msz == 0)
            continue;
        if (out->nseg == ELF_MAX_SEGMENTS)
            FAIL("too many PT_LOAD segments (more than %d)", ELF_MAX_SEGMENTS);
        if (off > size || fsz > size - off)
            FAIL("program header %u: file range 0x%llx + 0x%llx is outside "
                 "the %zu-byte file", i, X(off), X(fsz), size);
        /* Also leaves room to round the end up to a page. */
        if (va > UINT64_MAX - (PAGE - 1) || msz > UINT64_MAX - (PAGE - 1) - va)
            FAIL("program header %u: p_vaddr 0x%llx + p_memsz 0x%llx "
                 "overflows", i, X(va), X(msz));
        if (va < min || va > limit || msz > limit - va)
            FAIL("program header %u: [0x%llx, 0x%llx) is outside the user "
                 "range [0x%llx, 0x%llx)", i, X(va), X(va + msz), X(min),
                 X(limit));
        if (fsz && va % PAGE != off % PAGE)
            FAIL("segment not page-congruent: program header %u has p_vaddr "
                 "0x%llx, p_offset 0x%llx", i, X(va), X(off));
        for (size_t j = 0; j < out->nseg; j++) {
            const struct elf_segment *o = &out->seg[j];
            if (va < o->vaddr + o->memsz && o->vaddr < va + msz)
                FAIL("program header %u: [0x%llx, 0x%llx) overlaps another "
                     "PT_LOAD [0x%llx, 0x%llx)", i, X(va), X(va + msz),
                     X(o->vaddr), X(o->vaddr + o->memsz));
        }
        struct elf_segment *s = &out->seg[out->nseg++];
        s->vaddr = va;
        s->memsz = msz;
        s->filesz = fsz;
        s->offset = off;
        s->flags = rd32(p + l->p_flags);
    }
    if (out->nseg == 0)
        FAIL("no PT_LOAD segment");

    bool entry_ok = false;
    out->lowest = UINT64_MAX;
    for (size_t j = 0; j < out->nseg; j++) {
        const struct elf_segment *s = &out->seg[j];
        uint64_t lo = s->vaddr & ~(PAGE - 1);
        uint64_t hi = (s->vaddr + s->memsz + PAGE - 1) & ~(PAGE - 1);
        if (lo < out->lowest)
            out->lowest = lo;
        if (hi > out->end)
            out->end = hi;
        if ((s->flags & ELF_PF_X) && out->entry >= s->vaddr &&
            out->entry - s->vaddr < s->memsz)
            entry_ok = true;
    }
    if (!entry_ok)
        FAIL("entry point 0x%llx is not inside an executable (PF_X) PT_LOAD "
             "segment", X(out->entry));

    /* Without PT_PHDR, the table is visible only if a PT_LOAD maps its bytes
     * (the rule Linux uses for AT_PHDR). */
    if (!have_phdr) {
        for (size_t j = 0; j < out->nseg; j++) {
            const struct elf_segment *s = &out->seg[j];
            if (phoff >= s->offset && tab <= s->filesz &&
                phoff - s->offset <= s->filesz - tab) {
                out->phdr_vaddr = s->vaddr + (phoff - s->offset);
                break;
            }
        }
    }
    return 0;
}
