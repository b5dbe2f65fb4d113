/* The kernel's self-tests (kernel command line: ktest). Each checks real
 * state of this boot: the memory map, the allocator, the page tables, the
 * fault fixups. Output is a KTAP subtest block, indented four spaces. */
#include "console.h"
#include "cpu.h"
#include "errno.h"
#include "fmt.h"
#include "kstring.h"
#include "ktest.h"
#include "layout.h"
#include "mm.h"
#include "paging.h"
#include "proc.h"
#include "entry.h"
#include "restart.h"
#include "syscall.h"
#include "msr_mirror.h"
#include "uaccess.h"
#include "uapi/mman.h"

#include "idt.h"
#include "multiboot2.h"
#include "boot.h"

static int failures;
/* A test that finds its feature absent sets this and returns true:
 * "ok N name # SKIP reason". */
static const char *skip_reason;

static bool test_memory_map(void)
{
    bool ok = true;
    uint64_t avail = 0;
    for (size_t i = 0; i < boot_info->mmap_count; i++)
        if (boot_info->mmap[i].type == MB2_MEM_AVAILABLE)
            avail += boot_info->mmap[i].len;
    EXPECT(boot_info->mmap_count > 0);
    EXPECT(avail >= (16ul << 20));
    EXPECT(frame_free_count() > 1000);
    return ok;
}

static bool overlaps(uint64_t a, uint64_t b, uint64_t start, uint64_t end)
{
    return a < end && start < b;
}

static bool test_frames_avoid_loader_data(void)
{
    bool ok = true;
    static uint64_t got[256];
    uint64_t before = frame_free_count();
    for (int i = 0; i < 256; i++) {
        got[i] = frame_alloc();
        EXPECT(got[i] != 0);
        uint64_t a = got[i], b = a + PAGE_SIZE;
        EXPECT(!overlaps(a, b, (uint64_t)_kernel_phys_start, (uint64_t)_kernel_phys_end));
        for (size_t m = 0; m < boot_info->module_count; m++)
            EXPECT(!overlaps(a, b, boot_info->modules[m].start, boot_info->modules[m].end));
        EXPECT(!overlaps(a, b, boot_info_phys, boot_info_phys + boot_info->total_size));
        for (int j = 0; j < i; j++)
            EXPECT(got[j] != got[i]);
        EXPECT(*(uint64_t *)phys_to_virt(a) == 0); /* handed out zeroed */
    }
    EXPECT(frame_free_count() == before - 256);
    for (int i = 0; i < 256; i++)
        frame_free(got[i]);
    EXPECT(frame_free_count() == before);
    return ok;
}

static bool test_kernel_wx(void)
{
    bool ok = true;
    uint64_t *k = paging_kernel_space();
    uint64_t text = paging_query(k, (uint64_t)_text_start);
    uint64_t ro = paging_query(k, (uint64_t)_rodata_start);
    uint64_t data = paging_query(k, (uint64_t)_data_start);
    uint64_t ram = paging_query(k, PHYS_MAP + (1ul << 20));
    EXPECT((text & PTE_P) && !(text & PTE_W) && !(text & PTE_NX) && !(text & PTE_U));
    /* Without NX (EFER.NXE off) the bit is reserved: it must be absent. */
    uint64_t nx = rdmsr(MSR_EFER) & EFER_NXE ? PTE_NX : 0;
    EXPECT((ro & PTE_P) && !(ro & PTE_W) && (ro & PTE_NX) == nx);
    EXPECT((data & PTE_P) && (data & PTE_W) && (data & PTE_NX) == nx);
    EXPECT((ram & PTE_P) && (ram & PTE_NX) == nx && !(ram & PTE_U));
    EXPECT(paging_query(k, 0x400000) == 0); /* nothing in the user half */
    EXPECT(read_cr0() & CR0_WP);
    return ok;
}

static bool test_text_is_read_only(void)
{
    bool ok = true;
    uint8_t before = *(volatile uint8_t *)_text_start;
    uint8_t b = 0xCC;
    /* CR0.WP makes ring 0 honour read-only pages: the store faults and the
     * fixup reports the byte as not copied. */
    EXPECT(raw_copy(_text_start, &b, 1) == 1);
    EXPECT(*(volatile uint8_t *)_text_start == before);
    return ok;
}

static bool test_fault_fixups(void)
{
    bool ok = true;
    uint64_t v = 0;
    EXPECT(raw_copy(&v, (void *)0xdead0000, 8) == 8);            /* #PF */
    EXPECT(raw_copy(&v, (void *)0x0000800000000000ul, 8) == 8); /* #GP */
    EXPECT(copy_from_user(&v, 0, 8) < 0);
    EXPECT(copy_from_user(&v, KERNEL_VMA, 8) < 0);
    EXPECT(copy_from_user(&v, USER_END - 4, 8) < 0);
    EXPECT(copy_from_user(&v, ~0ul - 3, 8) < 0);
    uint32_t w = 7;
    EXPECT(get_user32(&w, 0xdead0000) == -EFAULT && w == 7);          /* #PF */
    EXPECT(get_user32(&w, 0x0000800000000000ul) == -EFAULT && w == 7); /* #GP */
    return ok;
}

static bool test_map_unmap(void)
{
    bool ok = true;
    uint64_t before = frame_free_count();
    uint64_t *space = paging_new_space();
    uint64_t pa = frame_alloc();
    const uint64_t va = 0x40000000;
    EXPECT(space && pa);
    if (!space || !pa)
        return false;
    EXPECT(paging_map(space, va, pa, MAP_WRITE) == 0);
    EXPECT(paging_map(space, va, pa, MAP_WRITE) < 0); /* already mapped */
    EXPECT(paging_map(space, va + 1, pa, 0) < 0);     /* misaligned */
    uint64_t e = paging_query(space, va);
    uint64_t nx = rdmsr(MSR_EFER) & EFER_NXE ? PTE_NX : 0;
    EXPECT((e & PTE_ADDR) == pa && (e & PTE_W) && (e & PTE_NX) == nx && !(e & PTE_U));
    EXPECT(paging_map(space, va + PAGE_SIZE, frame_alloc(), MAP_USER | MAP_EXEC) == 0);
    e = paging_query(space, va + PAGE_SIZE);
    EXPECT((e & PTE_U) && !(e & PTE_NX) && !(e & PTE_W));

    *(volatile uint64_t *)phys_to_virt(pa) = 0x1122334455667788ul;
    paging_switch(space);
    uint64_t seen = *(volatile uint64_t *)va; /* a supervisor page: no SMAP issue */
    paging_switch(paging_kernel_space());
    EXPECT(seen == 0x1122334455667788ul);
    EXPECT(paging_query(paging_kernel_space(), va) == 0); /* other spaces untouched */

    EXPECT(paging_unmap(space, va) == pa);
    EXPECT(paging_query(space, va) == 0);
    EXPECT(paging_unmap(space, va) == 0);
    frame_free(pa);
    paging_free_space(space);
    EXPECT(frame_free_count() == before);
    return ok;
}

/* mm_fault's answers (the si_code of the SIGSEGV to come), demand paging,
 * the stack growing to RLIMIT_STACK, and every frame back after munmap and
 * at the end of the space. Error codes: 1 present, 2 write, 4 user, 0x10 fetch. */
static bool test_mm_fault(void)
{
    bool ok = true;
    static struct process p;
    memset(&p, 0, sizeof p);
    uint64_t before = frame_free_count();
    p.is64 = true;
    p.name = "ktest";
    p.pml4 = paging_new_space();
    EXPECT(p.pml4);
    if (!p.pml4)
        return false;
    mm_init(&p);
    const uint64_t rw = 0x40000000, ro = 0x40100000, none = 0x40200000, top = 0x50000000;
    EXPECT(mm_add(&p, rw, rw + 64 * PAGE_SIZE, VMA_R | VMA_W, 0, 0, 0) == 0);
    EXPECT(mm_add(&p, ro, ro + PAGE_SIZE, VMA_R, 0, 0, 0) == 0);
    EXPECT(mm_add(&p, none, none + PAGE_SIZE, 0, 0, 0, 0) == 0);
    EXPECT(mm_add(&p, top - PAGE_SIZE, top, VMA_R | VMA_W, VMA_STACK | VMA_GROWSDOWN, "[stack]", 0) == 0);

    EXPECT(mm_fault(&p, 0x30000000, 4) == SEGV_MAPERR);
    EXPECT(mm_fault(&p, 0xffff800000000000ul, 4 | 1) == SEGV_MAPERR);
    EXPECT(mm_fault(&p, ro + 8, 4 | 2) == SEGV_ACCERR);
    EXPECT(mm_fault(&p, none, 4) == SEGV_ACCERR);
    EXPECT(mm_fault(&p, rw, 4 | 0x10) == SEGV_ACCERR);
    EXPECT(mm_fault(&p, ro, 4) == 0 && paging_query(p.pml4, ro));
    EXPECT(mm_fault(&p, ro, 4 | 2 | 1) == SEGV_ACCERR);
    EXPECT(mm_fault(&p, ro, 2 | 1) == SEGV_ACCERR); /* a kernel copy writing to it */
    uint64_t start = frame_free_count();
    for (uint64_t i = 0; i < 64; i++)
        EXPECT(mm_fault(&p, rw + i * PAGE_SIZE + 5, 4 | 2) == 0);
    EXPECT(frame_free_count() < start - 63); /* 64 pages and their table */
    uint64_t mid = frame_free_count();
    EXPECT(mm_munmap(&p, rw + 16 * PAGE_SIZE, 32 * PAGE_SIZE) == 0);
    EXPECT(frame_free_count() == mid + 32);
    EXPECT(mm_fault(&p, rw + 20 * PAGE_SIZE, 4) == SEGV_MAPERR);
    EXPECT(mm_fault(&p, rw + 15 * PAGE_SIZE, 4 | 2 | 1) == SEGV_ACCERR); /* present and allowed: not ours */

    EXPECT(mm_fault(&p, top - 2 * PAGE_SIZE, 4 | 2) == 0);
    EXPECT(mm_fault(&p, top - MM_STACK_RLIMIT, 4 | 2) == 0);
    EXPECT(mm_fault(&p, top - MM_STACK_RLIMIT - 1, 4 | 2) == SEGV_MAPERR);
    paging_free_space(p.pml4);
    EXPECT(frame_free_count() == before);
    return ok;
}

/* SMEP and SMAP: ring 0 touching user memory outside the copy routines
 * faults. A space with one user data page and one user code page (a lone
 * ret); the probes (src/smep_smap.asm) touch them from ring 0 and their
 * fixups catch the #PF. The CPU's own CPUID decides: a feature it offers
 * must be on and must fault; one it lacks is a SKIP. */
uint64_t smap_probe_read(const void *user);
uint64_t smap_probe_read_ac(const void *user);
uint64_t smep_probe_exec(const void *user);

#define PF_P 0x1ul
#define PF_FETCH 0x10ul

struct user_pages {
    uint64_t *space;
    uint64_t data_pa, code_pa;
};
static const uint64_t probe_data = 0x40000000, probe_code = 0x40001000;
static const uint64_t probe_word = 0x5a5aa5a5c3c3d00dul;

static bool user_pages_map(struct user_pages *u)
{
    u->space = paging_new_space();
    u->data_pa = frame_alloc();
    u->code_pa = frame_alloc();
    if (!u->space || !u->data_pa || !u->code_pa)
        return false;
    *(uint64_t *)phys_to_virt(u->data_pa) = probe_word;
    *(uint8_t *)phys_to_virt(u->code_pa) = 0xC3; /* ret */
    return paging_map(u->space, probe_data, u->data_pa, MAP_USER | MAP_WRITE) == 0 &&
           paging_map(u->space, probe_code, u->code_pa, MAP_USER | MAP_EXEC) == 0;
}

static void user_pages_free(struct user_pages *u)
{
    if (u->space) {
        paging_unmap(u->space, probe_data);
        paging_unmap(u->space, probe_code);
        paging_free_space(u->space);
    }
    if (u->data_pa)
        frame_free(u->data_pa);
    if (u->code_pa)
        frame_free(u->code_pa);
}

/* Did the last probe fault as a supervisor #PF at addr with these bits? */
static bool probe_faulted(uint64_t before, uint64_t addr, uint64_t bits)
{
    const struct fixup_note *n = &trap_last_fixup;
    return n->count == before + 1 && n->vector == 14 && n->cr2 == addr &&
           (n->error & (PF_P | 0x2 | 0x4 | PF_FETCH)) == bits;
}

static bool test_smap(void)
{
    if (!(cpuid(7, 0).ebx & (1u << 20))) {
        skip_reason = "SMAP not offered by this CPU";
        return true;
    }
    bool ok = true;
    struct user_pages u = {0};
    EXPECT(read_cr4() & CR4_SMAP);
    bool mapped = user_pages_map(&u);
    EXPECT(mapped);
    if (mapped) {
        uint64_t v = 0, before = trap_last_fixup.count;
        paging_switch(u.space);
        uint64_t plain = smap_probe_read((const void *)probe_data);
        bool plain_fault = probe_faulted(before, probe_data, PF_P);
        uint64_t opened = smap_probe_read_ac((const void *)probe_data);
        uint64_t left = raw_copy(&v, (const void *)probe_data, sizeof v);
        uint64_t after = trap_last_fixup.count;
        paging_switch(paging_kernel_space());
        EXPECT(plain == ~0ul && plain_fault); /* present, read, supervisor */
        EXPECT(opened == probe_word);          /* stac opens it */
        EXPECT(left == 0 && v == probe_word);  /* so does the copy routine */
        EXPECT(after == before + 1);
        EXPECT(!(read_rflags() & RFLAGS_AC));
    }
    user_pages_free(&u);
    return ok;
}

static bool test_smep(void)
{
    if (!(cpuid(7, 0).ebx & (1u << 7))) {
        skip_reason = "SMEP not offered by this CPU";
        return true;
    }
    bool ok = true;
    struct user_pages u = {0};
    EXPECT(read_cr4() & CR4_SMEP);
    bool mapped = user_pages_map(&u);
    EXPECT(mapped);
    if (mapped) {
        uint64_t before = trap_last_fixup.count;
        paging_switch(u.space);
        uint64_t r = smep_probe_exec((const void *)probe_code);
        paging_switch(paging_kernel_space());
        EXPECT(r == ~0ul); /* the ret never ran */
        EXPECT(probe_faulted(before, probe_code, PF_P | PF_FETCH));
    }
    user_pages_free(&u);
    return ok;
}

static bool test_format(void)
{
    bool ok = true;
    char buf[64];
    int n = ksnprintf(buf, sizeof buf, "%5d|%-4s|%p|%#x", -42, "ab", (void *)0x1234, 255);
    EXPECT(strcmp(buf, "  -42|ab  |0x0000000000001234|0xff") == 0);
    EXPECT(n == (int)strlen(buf));
    return ok;
}

static bool test_msr_mirror(void)
{
    /* The record the Bochs walkthrough shows must be the truth. */
    bool ok = true;
    EXPECT(msr_mirror.efer == rdmsr(MSR_EFER));
    EXPECT(msr_mirror.star == rdmsr(MSR_STAR));
    EXPECT(msr_mirror.lstar == rdmsr(MSR_LSTAR));
    EXPECT(msr_mirror.cstar == rdmsr(MSR_CSTAR));
    EXPECT(msr_mirror.sfmask == rdmsr(MSR_SFMASK));
    EXPECT(msr_mirror.sysenter_cs == rdmsr(MSR_SYSENTER_CS));
    EXPECT(msr_mirror.sysenter_esp == rdmsr(MSR_SYSENTER_ESP));
    EXPECT(msr_mirror.sysenter_eip == rdmsr(MSR_SYSENTER_EIP));
    EXPECT(msr_mirror.fs_base == rdmsr(MSR_FS_BASE));
    EXPECT(msr_mirror.gs_base == rdmsr(MSR_GS_BASE));
    EXPECT(msr_mirror.kernel_gs_base == rdmsr(MSR_KERNEL_GS_BASE));
    return ok;
}

/* syscall_frame_int80_shape (src/restart.c) on frames as each door's stub
 * builds them, before the call (rax -ENOSYS) as after: the registers
 * int 0x80 takes, RIP at the landing pad, nothing for int 0x80 and 64-bit
 * syscall, and a second shaping (or one after RIP - 2) changes nothing. */
static bool shaped_twice(struct frame *f)
{
    syscall_frame_int80_shape(f);
    struct frame once = *f;
    syscall_frame_int80_shape(f);
    bool same = !memcmp(&once, f, sizeof once);
    f->rip -= 2; /* a restart's RIP */
    syscall_frame_int80_shape(f);
    f->rip += 2;
    return same && !memcmp(&once, f, sizeof once);
}

static bool test_int80_shape(void)
{
    bool ok = true;
    uint64_t *space = paging_new_space();
    uint64_t pa = frame_alloc();
    const uint64_t va = 0x40000000, sp = va + 0x100;
    EXPECT(space && pa);
    if (!space || !pa)
        return false;
    EXPECT(paging_map(space, va, pa, MAP_USER | MAP_WRITE) == 0);
    *(volatile uint32_t *)phys_to_virt(pa + 0x100) = 0x66666666; /* argument 6, where the vDSO pushed ebp */
    paging_switch(space);

    struct frame f;
    memset(&f, 0, sizeof f);
    f.vector = ENTRY_SYSCALL32, f.rax = (uint64_t)-ENOSYS, f.orig_rax = 3;
    f.rip = EL_VDSO_SYSCALL32 + 7, f.rcx = f.rip, f.rbp = 0x22222222, f.rsp = sp;
    EXPECT(shaped_twice(&f));
    EXPECT(f.rcx == 0x22222222 && f.rbp == 0x66666666 && f.rip == EL_VDSO_LANDING32);
    EXPECT(f.rax == (uint64_t)-ENOSYS && f.orig_rax == 3 && f.rsp == sp);

    memset(&f, 0, sizeof f);
    f.vector = ENTRY_SYSENTER32, f.rax = 0, f.orig_rax = 3;
    f.rip = EL_VDSO_LANDING32, f.rcx = 0x22222222, f.rbp = 0xabcd00000000ul | sp, f.rsp = sp;
    EXPECT(shaped_twice(&f));
    EXPECT(f.rcx == 0x22222222 && f.rbp == 0x66666666 && f.rip == EL_VDSO_LANDING32 && f.rsp == sp);

    memset(&f, 0, sizeof f);
    f.vector = ENTRY_SYSENTER64, f.rip = EL_VDSO_LANDING64, f.rbp = sp, f.rsp = sp, f.rcx = 0x1234;
    struct frame before = f;
    EXPECT(shaped_twice(&f) && !memcmp(&before, &f, sizeof f));

    for (int k = 0; k < 2; k++) { /* the doors whose own instruction restarts */
        memset(&f, 0, sizeof f);
        f.vector = k ? ENTRY_INT80 : ENTRY_SYSCALL64, f.rip = 0x401002, f.rbp = 0x5555, f.rsp = sp, f.rcx = 1;
        before = f;
        syscall_frame_int80_shape(&f);
        EXPECT(!memcmp(&before, &f, sizeof f));
    }

    /* Argument 6 unreadable: the frame stays as it was (the call was -EFAULT). */
    memset(&f, 0, sizeof f);
    f.vector = ENTRY_SYSCALL32, f.rip = EL_VDSO_SYSCALL32 + 7, f.rbp = 0x2222, f.rsp = 0xdead0000;
    before = f;
    syscall_frame_int80_shape(&f);
    EXPECT(!memcmp(&before, &f, sizeof f));

    paging_switch(paging_kernel_space());
    paging_unmap(space, va);
    frame_free(pa);
    paging_free_space(space);
    return ok;
}

static const struct {
    const char *name;
    bool (*fn)(void);
} tests[] = {
    {"msr_mirror", test_msr_mirror},
    {"memory_map", test_memory_map},
    {"frames_avoid_loader_data", test_frames_avoid_loader_data},
    {"kernel_w_xor_x", test_kernel_wx},
    {"kernel_text_read_only", test_text_is_read_only},
    {"fault_fixups", test_fault_fixups},
    {"map_unmap", test_map_unmap},
    {"mm_fault", test_mm_fault},
    {"smep", test_smep},
    {"smap", test_smap},
    {"format", test_format},
    {"int80_shape", test_int80_shape},
    {"debugreg_rules", ktest_debugreg_rules},
    {"debugreg_kernel_copy", ktest_debugreg_kernel_copy},
    {"debugreg_ring3", ktest_debugreg_ring3},
};

bool ktest_run(void)
{
    int n = sizeof tests / sizeof tests[0];
    kprintf("    KTAP version 1\n    # Subtest: kernel\n    1..%d\n", n);
    for (int i = 0; i < n; i++) {
        skip_reason = 0;
        bool ok = tests[i].fn();
        if (!ok)
            failures++;
        kprintf("    %sok %d %s", ok ? "" : "not ", i + 1, tests[i].name);
        if (ok && skip_reason)
            kprintf(" # SKIP %s", skip_reason);
        kprintf("\n");
    }
    return failures == 0;
}

void ktest_crash(const char *kind)
{
    klog("ktest", "provoking a kernel %s on purpose", kind);
    if (!strcmp(kind, "pf"))
        *(volatile uint64_t *)0xdead0000 = 0x1234; /* nothing is mapped there */
    else if (!strcmp(kind, "gp"))
        (void)*(volatile uint64_t *)0x8000000000000000ul; /* non-canonical */
    else if (!strcmp(kind, "ud"))
        __asm__ volatile("ud2");
    else if (!strcmp(kind, "de")) {
        volatile int zero = 0;
        (void)(1 / zero);
    }
    klog("ktest", "unknown crash kind '%s' (pf, gp, ud, de)", kind);
}
