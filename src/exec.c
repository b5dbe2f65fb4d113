/* Loading a program: a fresh address space with the ELF's segments, the
 * vDSO, a stack with a guard page, and the initial stack Linux builds. */
#include "console.h"
#include "cpu.h"
#include "elf.h"
#include "errno.h"
#include "fmt.h"
#include "kstring.h"
#include "layout.h"
#include "mm.h"
#include "paging.h"
#include "probe.h"
#include "proc.h"
#include "syscall.h"
#include "uapi/entrylab.h"
#include "ustack.h"
#include "gdt.h"
#include "vdso.h"

#define GUARD PAGE_SIZE
/* AT_MINSIGSTKSZ: Linux reports the size of its signal frame. entrylab's
 * frames save the FPU with fxsave (512 bytes) beside the rt_sigframe, about
 * 1.2 KiB aligned; 2048 (Linux's MINSIGSTKSZ) covers that with room. */
#define EL_MINSIGSTKSZ 2048

static uint64_t stack_top(bool is64) { return is64 ? EL_STACK_TOP_64 : EL_STACK_TOP_32; }

static bool overlaps(uint64_t a, uint64_t b, uint64_t start, uint64_t end)
{
    return a < end && start < b;
}

/* Maps [va, va + len) as fresh zeroed user pages; 0 or -ENOMEM. */
static int map_fresh(uint64_t *pml4, uint64_t va, uint64_t len, unsigned flags)
{
    for (uint64_t a = va; a < va + len; a += PAGE_SIZE) {
        uint64_t pa = frame_alloc();
        if (!pa)
            return -ENOMEM;
        if (paging_map(pml4, a, pa, flags | MAP_USER)) {
            frame_free(pa);
            return -ENOMEM;
        }
    }
    return 0;
}

static int map_segment(uint64_t *pml4, const struct elf_segment *s, const uint8_t *file)
{
    unsigned flags = MAP_USER | (s->flags & ELF_PF_W ? MAP_WRITE : 0) | (s->flags & ELF_PF_X ? MAP_EXEC : 0);
    for (uint64_t va = s->vaddr & ~(PAGE_SIZE - 1); va < s->vaddr + s->memsz; va += PAGE_SIZE) {
        uint64_t e = paging_query(pml4, va), pa;
        if (e) {
            /* Two segments share this page: it gets both permissions. */
            pa = e & PTE_ADDR;
            unsigned have = MAP_USER | (e & PTE_W ? MAP_WRITE : 0) | (e & PTE_NX ? 0 : MAP_EXEC);
            paging_protect(pml4, va, have | flags);
        } else {
            pa = frame_alloc();
            if (!pa || paging_map(pml4, va, pa, flags)) {
                if (pa)
                    frame_free(pa);
                return -ENOMEM;
            }
        }
        /* The file's bytes on this page; the rest stays zero (bss). */
        uint64_t lo = va > s->vaddr ? va : s->vaddr;
        uint64_t hi = va + PAGE_SIZE < s->vaddr + s->filesz ? va + PAGE_SIZE : s->vaddr + s->filesz;
        if (lo < hi)
            memcpy((uint8_t *)phys_to_virt(pa) + (lo - va), file + s->offset + (lo - s->vaddr), hi - lo);
    }
    return 0;
}

/* The region of a segment: its pages with the ELF's permissions; a page two
 * segments share gets both, as map_segment maps it. A segment with no file
 * bytes is anonymous memory (bss), the others show the program's name. */
static int add_segment_region(struct process *p, const struct elf_segment *s)
{
    uint64_t a = s->vaddr & ~(PAGE_SIZE - 1), b = (s->vaddr + s->memsz + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    uint32_t prot = (s->flags & ELF_PF_R ? VMA_R : 0) | (s->flags & ELF_PF_W ? VMA_W : 0) |
                    (s->flags & ELF_PF_X ? VMA_X : 0);
    bool file = s->filesz != 0;
    uint64_t off0 = file ? s->offset - (s->vaddr - a) : 0; /* congruent: elf_parse checked */
    for (uint64_t va = a; va < b;) {
        struct vma *r = vma_find(&p->map, va);
        if (r) {
            uint64_t e = r->end < b ? r->end : b;
            if (vma_protect(&p->map, va, e, r->prot | prot))
                return -ENOMEM;
            va = e;
            continue;
        }
        struct vma *n = vma_next(&p->map, va);
        uint64_t e = n && n->start < b ? n->start : b;
        if (mm_add(p, va, e, prot, file ? VMA_IMAGE : 0, file ? p->name : 0, file ? off0 + (va - a) : 0))
            return -ENOMEM;
        va = e;
    }
    return 0;
}

/* Copies buf, which stands for [top - size, top), into the mapped stack. */
static void fill_stack(uint64_t *pml4, uint64_t top, const uint8_t *buf, uint64_t size)
{
    for (uint64_t off = 0; off < size; off += PAGE_SIZE) {
        uint64_t pa = paging_query(pml4, top - size + off) & PTE_ADDR;
        memcpy(phys_to_virt(pa), buf + off, PAGE_SIZE);
    }
}

static void random_bytes(uint8_t out[16])
{
    /* Not for cryptography: AT_RANDOM only has to differ between runs. */
    bool rdrand = cpuid(1, 0).ecx & (1u << 30);
    for (int i = 0; i < 2; i++) {
        uint64_t v = rdtsc() * 0x9E3779B97F4A7C15ul;
        if (rdrand) {
            uint64_t r;
            uint8_t ok;
            __asm__ volatile("rdrand %0; setc %1" : "=r"(r), "=qm"(ok));
            if (ok)
                v ^= r;
        }
        memcpy(out + 8 * i, &v, 8);
    }
}

static void start_frame(struct process *p, uint64_t rip, uint64_t rsp)
{
    memset(&p->start, 0, sizeof p->start); /* every register starts at zero */
    p->start.rip = rip;
    p->start.cs = p->is64 ? USER_CS : USER32_CS;
    p->start.ss = USER_DS;
    p->start.rflags = RFLAGS_IF | RFLAGS_FIXED;
    p->start.rsp = rsp;
}

/* The vDSO's two regions, for /proc/self/maps and for mprotect's refusal. */
static int vdso_regions(struct process *p)
{
    return mm_add(p, EL_VVAR_ADDR, EL_VVAR_ADDR + PAGE_SIZE, VMA_R, VMA_VDSO, "[vvar]", 0) ||
           mm_add(p, EL_VDSO_IMAGE, vdso_image_end(p->is64), VMA_R | VMA_X, VMA_VDSO, "[vdso]", 0);
}

static int fail(char *err, uint64_t errlen, const char *why)
{
    ksnprintf(err, errlen, "%s", why);
    return -1;
}

/* Linux starts init with HOME=/ and TERM=linux; PATH as a shell would set it. */
static const char *const runner_env[] = {"HOME=/", "TERM=linux",
                                         "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                                         "ENTRYLAB=1"};

int exec_load(struct process *p, const void *file, uint64_t size, char *err, uint64_t errlen)
{
    /* AT_EXECFN: the program's path on the boot image (each module is
     * /user/<name>, CMakeLists.txt entrylab_iso), argv[0] being its name. */
    static char execfn[128];
    ksnprintf(execfn, sizeof execfn, "/user/%s", p->argc > 0 ? p->argv[0] : "");
    return exec_load_env(p, file, size, p->argc, p->argv, 4, runner_env, execfn, err, errlen);
}

int exec_load_env(struct process *p, const void *file, uint64_t size, int argc, const char *const *argv,
                  int envc, const char *const *envp, const char *execfn, char *err, uint64_t errlen)
{
    static struct elf_image img;
    static uint8_t stackbuf[EL_STACK_SIZE];

    if (elf_parse(file, size, USER_MIN, USER_END, 1ul << 32, &img, err, errlen))
        return -1;
    p->is64 = img.is64;
    uint64_t top = stack_top(p->is64);
    uint64_t reserved_lo = top - EL_STACK_SIZE - GUARD;
    for (size_t i = 0; i < img.nseg; i++) {
        uint64_t a = img.seg[i].vaddr, b = a + img.seg[i].memsz;
        if (overlaps(a, b, reserved_lo, top) || overlaps(a, b, EL_VVAR_ADDR, EL_VDSO_END) ||
            overlaps(a, b, PROBE_ADDR, PROBE_ADDR + PAGE_SIZE))
            return fail(err, errlen, "a segment overlaps the stack, its guard page or the vDSO");
    }

    p->pml4 = paging_new_space();
    if (!p->pml4)
        return fail(err, errlen, "out of memory");
    mm_init(p);
    for (size_t i = 0; i < img.nseg; i++)
        if (map_segment(p->pml4, &img.seg[i], file) || add_segment_region(p, &img.seg[i]))
            return fail(err, errlen, "out of memory mapping a segment");
    if (vdso_map(p->pml4, p->is64) || vdso_regions(p))
        return fail(err, errlen, "cannot map the vDSO");
    /* The stack, mapped; below it the region grows on demand down to
     * RLIMIT_STACK (mm_fault), and the page under it is unmapped. */
    if (map_fresh(p->pml4, top - EL_STACK_SIZE, EL_STACK_SIZE, MAP_WRITE) ||
        mm_add(p, top - EL_STACK_SIZE, top, VMA_R | VMA_W, VMA_STACK | VMA_GROWSDOWN, "[stack]", 0))
        return fail(err, errlen, "out of memory for the stack");

    uint64_t aux[2 * USTACK_MAX_AUX];
    int n = 0;
#define AUX(t, v) (aux[2 * n] = (t), aux[2 * n + 1] = (v), n++)
    AUX(AT_PHDR, img.phdr_vaddr);
    AUX(AT_PHENT, img.phent);
    AUX(AT_PHNUM, img.phnum);
    AUX(AT_PAGESZ, PAGE_SIZE);
    AUX(AT_BASE, 0);
    AUX(AT_FLAGS, 0);
    AUX(AT_ENTRY, img.entry);
    AUX(AT_UID, 0);
    AUX(AT_EUID, 0);
    AUX(AT_GID, 0);
    AUX(AT_EGID, 0);
    AUX(AT_SECURE, 0);
    AUX(AT_CLKTCK, 100);
    AUX(AT_HWCAP, cpuid(1, 0).edx);
    /* Linux's HWCAP2 bits: 0 ring3mwait, 1 fsgsbase; entrylab offers neither. */
    AUX(AT_HWCAP2, 0);
    AUX(AT_SYSINFO_EHDR, EL_VDSO_IMAGE);
    AUX(AT_MINSIGSTKSZ, EL_MINSIGSTKSZ);
    AUX(AT_ENTRYLAB_ACCEPTS, entry_accepts);
    if (p->is64) {
        if (entry_accepts & EL_ACCEPT_SYSENTER_64)
            AUX(AT_ENTRYLAB_SYSENTER64, EL_VDSO_SYSENTER64);
    } else {
        /* Linux's __kernel_vsyscall, whose door vdso_choose_door32 picked. */
        AUX(AT_SYSINFO, VDSO32_VSYSCALL_ADDR);
        AUX(AT_ENTRYLAB_INT80_32, EL_VDSO_INT80_32);
        if (entry_accepts & EL_ACCEPT_SYSENTER_32)
            AUX(AT_ENTRYLAB_SYSENTER32, EL_VDSO_SYSENTER32);
        if (entry_accepts & EL_ACCEPT_SYSCALL_32)
            AUX(AT_ENTRYLAB_SYSCALL32, EL_VDSO_SYSCALL32);
    }
#undef AUX
    uint8_t random[16];
    random_bytes(random);
    struct ustack_spec spec = {
        .is64 = p->is64, .top = top, .argc = argc, .argv = argv,
        .envc = envc, .envp = envp, .aux = aux, .auxn = n, .random16 = random, .execfn = execfn,
    };
    uint64_t sp;
    memset(stackbuf, 0, sizeof stackbuf);
    if (ustack_build(stackbuf, sizeof stackbuf, &spec, &sp))
        return fail(err, errlen, "arguments do not fit on the stack");
    fill_stack(p->pml4, top, stackbuf, sizeof stackbuf);

    /* The heap region ([heap]) appears when brk first grows. It never
     * reaches into the room the stack may grow into, nor its guard gap. */
    p->brk_start = p->brk = img.end;
    p->brk_limit = top - MM_STACK_RLIMIT - MM_GUARD_GAP;
    start_frame(p, img.entry, sp);
    return 0;
}

int exec_probe(struct process *p, bool is64, uint64_t entry_offset)
{
    extern const char probe_code_start[], probe_code_end[];
    return exec_code(p, is64, probe_code_start, (uint64_t)(probe_code_end - probe_code_start), entry_offset);
}

int exec_code(struct process *p, bool is64, const void *start, uint64_t len, uint64_t entry_offset)
{
    p->is64 = is64;
    p->pml4 = paging_new_space();
    uint64_t code = frame_alloc();
    if (!p->pml4 || !code || len > PAGE_SIZE)
        return -ENOMEM;
    memcpy(phys_to_virt(code), start, (size_t)len);
    uint64_t top = stack_top(is64);
    mm_init(p);
    if (paging_map(p->pml4, PROBE_ADDR, code, MAP_USER | MAP_EXEC) ||
        vdso_map(p->pml4, is64) ||
        map_fresh(p->pml4, top - PAGE_SIZE, PAGE_SIZE, MAP_WRITE) ||
        mm_add(p, PROBE_ADDR, PROBE_ADDR + PAGE_SIZE, VMA_R | VMA_X, 0, 0, 0) ||
        vdso_regions(p) ||
        mm_add(p, top - PAGE_SIZE, top, VMA_R | VMA_W, VMA_STACK, "[stack]", 0))
        return -ENOMEM;
    start_frame(p, PROBE_ADDR + entry_offset, top - 16);
    return 0;
}

void exec_free(struct process *p)
{
    if (p->pml4)
        paging_free_space(p->pml4);
    p->pml4 = 0;
}
