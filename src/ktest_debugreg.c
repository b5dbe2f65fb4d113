/* The debug registers' self-tests (src/ktest.c runs them): Linux's ptrace
 * rules on a thread that is not running, a kernel copy of watched user
 * memory, and ring-3 programs (src/debugreg_ktest.asm) whose watchpoints
 * and breakpoints fire in ring 3 and, after mov ss, in ring 0 at every
 * door and exception entry (CVE-2018-8897). */
#include "console.h"
#include "cpu.h"
#include "debugreg.h"
#include "errno.h"
#include "idt.h"
#include "kstring.h"
#include "ktest.h"
#include "paging.h"
#include "pmm.h"
#include "probe.h"
#include "proc.h"
#include "uaccess.h"
#include "uapi/entrylab.h"

#define FLIP 0xFFFF0FF0ul
/* DR7's field for a slot: R/W (0 execute, 1 write, 2 I/O, 3 read/write)
 * and LEN (0: 1 byte, 1: 2, 3: 4, 2: 8), and its G bit. */
#define FIELD(i, rw, len) ((uint64_t)((rw) | (len) << 2) << (16 + 4 * (i)))
#define G(i) (2ul << (2 * (i)))
#define L(i) (1ul << (2 * (i)))

static uint64_t peek(struct process *p, int n)
{
    uint64_t v = 0xdeadbeef;
    debugreg_peek(p, n, &v);
    return v;
}

/* DR7 as the CPU has it, without bit 10 (reserved, reads 1 on some). */
static uint64_t read_dr7(void)
{
    uint64_t v;
    __asm__ volatile("mov %%dr7, %0" : "=r"(v));
    return v & ~(1ul << 10);
}

bool ktest_debugreg_rules(void)
{
    bool ok = true;
    static struct process p, c;
    memset(&p, 0, sizeof p);
    for (int n = 0; n < 8; n++)
        EXPECT(peek(&p, n) == (n == 6 ? FLIP : 0));
    uint64_t v;
    EXPECT(debugreg_peek(&p, 8, &v) == -EIO);
    EXPECT(debugreg_poke(&p, 4, 0) == -EIO && debugreg_poke(&p, 5, 0) == -EIO);
    EXPECT(debugreg_poke(&p, 8, 0) == -EIO && debugreg_poke(&p, -1, 0) == -EIO);

    /* Addresses: user ones only, the last user page refused as Linux's
     * TASK_SIZE_MAX does; a new slot is a disabled 1-byte write. */
    EXPECT(debugreg_poke(&p, 0, DR_ADDR_LIMIT) == -EINVAL);
    EXPECT(debugreg_poke(&p, 0, 0xffffffff80000000ul) == -EINVAL);
    EXPECT(debugreg_poke(&p, 0, ~0ul) == -EINVAL);
    EXPECT(peek(&p, 0) == 0);
    EXPECT(debugreg_poke(&p, 0, DR_ADDR_LIMIT - 1) == 0 && peek(&p, 0) == DR_ADDR_LIMIT - 1);
    EXPECT(p.dr.hw7 == 0);
    /* Enabling it as 2 bytes at an odd address: refused, nothing changes. */
    EXPECT(debugreg_poke(&p, 7, L(0) | FIELD(0, 3, 1)) == -EINVAL);
    EXPECT(peek(&p, 7) == 0 && p.dr.hw7 == 0);

    /* A 4-byte write watch: the CPU gets G0 and GE, whatever the word had
     * besides (L0, GD, reserved and high bits are not the CPU's). */
    EXPECT(debugreg_poke(&p, 0, 0x1000) == 0);
    uint64_t w = L(0) | FIELD(0, 1, 3) | (1ul << 13) | (1ul << 8) | (1ul << 40);
    EXPECT(debugreg_poke(&p, 7, w) == 0);
    EXPECT(peek(&p, 7) == w);
    uint64_t hw = G(0) | FIELD(0, 1, 3) | (1ul << 9);
    EXPECT(p.dr.hw7 == hw);
    /* The enabled slot keeps its checks: a misaligned address is refused. */
    EXPECT(debugreg_poke(&p, 0, 0x1002) == -EINVAL && peek(&p, 0) == 0x1000);
    EXPECT(debugreg_poke(&p, 0, 0x2004) == 0 && peek(&p, 0) == 0x2004);
    /* Execute breakpoints need LEN 0; I/O breakpoints are refused; either
     * refusal leaves the enabled slot and the DR7 word as they were. */
    EXPECT(debugreg_poke(&p, 7, w | G(1) | FIELD(1, 0, 1)) == -EINVAL);
    EXPECT(debugreg_poke(&p, 7, w | G(2) | FIELD(2, 2, 0)) == -EINVAL);
    EXPECT(peek(&p, 7) == w && p.dr.hw7 == hw);
    /* A slot DR7 enables without an address watches address 0. */
    EXPECT(debugreg_poke(&p, 7, w | G(3) | FIELD(3, 3, 2)) == 0 && peek(&p, 3) == 0);
    EXPECT(p.dr.hw7 == (hw | G(3) | FIELD(3, 3, 2)));
    /* Execute breakpoint one byte below the limit: accepted. */
    EXPECT(debugreg_poke(&p, 1, DR_ADDR_LIMIT - 1) == 0);
    EXPECT(debugreg_poke(&p, 7, L(1) | FIELD(1, 0, 0)) == 0);
    EXPECT(p.dr.hw7 == (G(1) | (1ul << 9)));
    /* An 8-byte watch must be 8-aligned. */
    EXPECT(debugreg_poke(&p, 2, 0x3004) == 0);
    EXPECT(debugreg_poke(&p, 7, G(2) | FIELD(2, 3, 2)) == -EINVAL);
    EXPECT(debugreg_poke(&p, 2, 0x3008) == 0 && debugreg_poke(&p, 7, G(2) | FIELD(2, 3, 2)) == 0);

    /* DR6 reads back as poked (Linux keeps it inverted inside). */
    EXPECT(debugreg_poke(&p, 6, 0xFFFF4FF1ul) == 0 && peek(&p, 6) == 0xFFFF4FF1ul);
    EXPECT(p.dr.dr6 == 0x4001);

    /* fork: no breakpoints; DR6 and the DR7 word copied, as Linux copies
     * the thread struct. exec: nothing left. */
    c = p;
    debugreg_fork(&c);
    EXPECT(peek(&c, 0) == 0 && peek(&c, 2) == 0 && c.dr.hw7 == 0);
    EXPECT(peek(&c, 7) == peek(&p, 7) && peek(&c, 6) == 0xFFFF4FF1ul);
    EXPECT(debugreg_poke(&c, 0, 0x1001) == 0); /* a new slot again: 1 byte */
    debugreg_exec(&p);
    for (int n = 0; n < 8; n++)
        EXPECT(peek(&p, n) == (n == 6 ? FLIP : 0));
    EXPECT(p.dr.hw7 == 0);
    return ok;
}

/* The kernel copies to and from a watched user address: each #DB lands in
 * ring 0 and is ignored; the copies complete with the right bytes. */
bool ktest_debugreg_kernel_copy(void)
{
    bool ok = true;
    static struct process q;
    memset(&q, 0, sizeof q);
    const uint64_t va = 0x40000000;
    uint64_t *space = paging_new_space(), pa = frame_alloc();
    EXPECT(space && pa);
    if (!space || !pa)
        return false;
    *(uint64_t *)phys_to_virt(pa + 8) = 0x1122334455667788ul;
    EXPECT(paging_map(space, va, pa, MAP_USER | MAP_WRITE) == 0);
    EXPECT(debugreg_poke(&q, 0, va + 8) == 0);
    EXPECT(debugreg_poke(&q, 7, G(0) | FIELD(0, 3, 2)) == 0);

    paging_switch(space);
    debugreg_switch_in(&q);
    EXPECT(read_dr7() == q.dr.hw7);
    uint64_t before = debugreg_stats.kernel_hits, v = 0, w = 0xa5a5a5a5a5a5a5a5ul;
    EXPECT(copy_from_user(&v, va + 8, 8) == 0 && v == 0x1122334455667788ul);
    uint64_t after_read = debugreg_stats.kernel_hits;
    EXPECT(copy_to_user(va + 8, &w, 8) == 0);
    uint64_t after_write = debugreg_stats.kernel_hits;
    EXPECT(copy_from_user(&v, va, 8) == 0); /* beside it: no #DB */
    EXPECT(debugreg_stats.kernel_hits == after_write);
    debugreg_exec(&q);
    debugreg_switch_in(&q);
    EXPECT(read_dr7() == 0);
    paging_switch(paging_kernel_space());

    EXPECT(after_read > before && after_write > after_read);
    EXPECT(*(uint64_t *)phys_to_virt(pa + 8) == w);
    kprintf("    # debugreg kernel copy: %lu #DB in ring 0 for a read, %lu for a write, ignored\n",
            after_read - before, after_write - after_read);
    paging_unmap(space, va);
    paging_free_space(space);
    frame_free(pa);
    return ok;
}

/* --- ring 3 --------------------------------------------------------------- */

extern const char dbk_start[], dbk_end[], dbk_ssword[], dbk_zeroq[];
extern const char dbk64_read[], dbk64_exec[], dbk64_exec_bp[], dbk64_copy[], dbk64_int80[],
    dbk64_syscall[], dbk64_sysenter[], dbk64_int3[], dbk64_int4[], dbk64_int1[], dbk64_tf[],
    dbk64_ssbp[], dbk64_ssbp_bp[], dbk64_tfsys[];
extern const char dbk32_read[], dbk32_exec[], dbk32_exec_bp[], dbk32_copy[], dbk32_int80[],
    dbk32_syscall[], dbk32_sysenter[], dbk32_int3[], dbk32_tfsysenter[];

enum want {
    USER_ONE,    /* exit 0 after exactly one #DB, in ring 3 */
    KERNEL_ONLY, /* exit 0; #DBs in ring 0 only, at least two */
    SURVIVE,     /* exit 0, wherever the #DB landed */
    KILLED,      /* killed by the vector in .vector */
};

static const struct dbk_case {
    const char *name, *entry, *bp;
    bool is64;
    uint32_t door; /* EL_ACCEPT_* the case needs from the probe, or 0 */
    enum want want;
    int vector;
    uint64_t dr6; /* the virtual DR6 the thread ends with, if nonzero */
} cases[] = {
    {"64 read", dbk64_read, 0, true, 0, USER_ONE, 0, 0x1},
    {"64 exec", dbk64_exec, dbk64_exec_bp, true, 0, USER_ONE, 0, 0x2},
    {"64 kernel copy", dbk64_copy, 0, true, 0, KERNEL_ONLY, 0, 0},
    {"64 mov ss; int 0x80", dbk64_int80, 0, true, EL_ACCEPT_INT80_64, SURVIVE, 0, 0},
    {"64 mov ss; syscall", dbk64_syscall, 0, true, EL_ACCEPT_SYSCALL_64, SURVIVE, 0, 0},
    {"64 mov ss; sysenter", dbk64_sysenter, 0, true, EL_ACCEPT_SYSENTER_64, SURVIVE, 0, 0},
    {"64 mov ss; int3", dbk64_int3, 0, true, 0, SURVIVE, 0, 0},
    {"64 mov ss; int 4", dbk64_int4, 0, true, 0, KILLED, 4, 0},
    {"64 mov ss; int 1", dbk64_int1, 0, true, 0, KILLED, 13, 0},
    {"64 TF, mov ss; int 0x80", dbk64_tf, 0, true, 0, SURVIVE, 0, 0},
    {"64 TF, mov ss; syscall", dbk64_tfsys, 0, true, EL_ACCEPT_SYSCALL_64, SURVIVE, 0, 0},
    {"64 mov ss; breakpointed nop", dbk64_ssbp, dbk64_ssbp_bp, true, 0, SURVIVE, 0, 0},
    {"32 read", dbk32_read, 0, false, 0, USER_ONE, 0, 0x1},
    {"32 exec", dbk32_exec, dbk32_exec_bp, false, 0, USER_ONE, 0, 0x2},
    {"32 kernel copy", dbk32_copy, 0, false, 0, KERNEL_ONLY, 0, 0},
    {"32 mov ss; int 0x80", dbk32_int80, 0, false, EL_ACCEPT_INT80_32, SURVIVE, 0, 0},
    {"32 mov ss; syscall", dbk32_syscall, 0, false, EL_ACCEPT_SYSCALL_32, SURVIVE, 0, 0},
    {"32 mov ss; sysenter", dbk32_sysenter, 0, false, EL_ACCEPT_SYSENTER_32, SURVIVE, 0, 0},
    {"32 mov ss; int3", dbk32_int3, 0, false, 0, SURVIVE, 0, 0},
    {"32 TF, mov ss; sysenter", dbk32_tfsysenter, 0, false, EL_ACCEPT_SYSENTER_32, SURVIVE, 0, 0},
};

#define AT(sym) (PROBE_ADDR + (uint64_t)((sym) - dbk_start))

static bool run_case(const struct dbk_case *k)
{
    bool ok = true;
    static struct process p;
    memset(&p, 0, sizeof p);
    p.pid = 1;
    p.name = "debugreg";
    uint64_t len = (uint64_t)(dbk_end - dbk_start);
    EXPECT(exec_code(&p, k->is64, dbk_start, len, (uint64_t)(k->entry - dbk_start)) == 0);
    uint64_t top = k->is64 ? EL_STACK_TOP_64 : EL_STACK_TOP_32;
    EXPECT(debugreg_poke(&p, 0, AT(dbk_ssword)) == 0);
    EXPECT(debugreg_poke(&p, 2, AT(dbk_zeroq)) == 0);
    EXPECT(debugreg_poke(&p, 3, top - 0xC00) == 0);
    uint64_t dr7 = G(0) | FIELD(0, 3, 1) | G(2) | FIELD(2, 3, 2) | G(3) | FIELD(3, 1, 2);
    if (k->bp) {
        EXPECT(debugreg_poke(&p, 1, AT(k->bp)) == 0);
        dr7 |= G(1) | FIELD(1, 0, 0);
    }
    EXPECT(debugreg_poke(&p, 7, dr7) == 0);
    struct debugreg_stats s0 = debugreg_stats;
    uint64_t vector = 0;
    enum proc_end how = ok ? proc_run_quiet(&p, &vector) : PROC_REFUSED;
    exec_free(&p);
    uint64_t u = debugreg_stats.user_hits - s0.user_hits, kh = debugreg_stats.kernel_hits - s0.kernel_hits,
             ks = debugreg_stats.kernel_steps - s0.kernel_steps;
    bool exited = how == PROC_EXITED && p.status == 0;
    kprintf("    # debugreg %s: %s", k->name, exited ? "exit 0" : how == PROC_KILLED ? "killed" : "other end");
    if (how == PROC_KILLED)
        kprintf(" by %s", exception_mnemonic(vector));
    else if (how == PROC_EXITED && p.status)
        kprintf(" (status %d)", p.status);
    kprintf("; #DB for a breakpoint: %lu in ring 0, %lu in ring 3; %lu ring-0 steps\n", kh, u, ks);
    switch (k->want) {
    case USER_ONE: EXPECT(exited && u == 1 && kh == 0); break;
    case KERNEL_ONLY: EXPECT(exited && u == 0 && kh >= 2); break;
    case SURVIVE: EXPECT(exited); break;
    case KILLED: EXPECT(how == PROC_KILLED && vector == (uint64_t)k->vector); break;
    }
    if (k->dr6)
        EXPECT(p.dr.dr6 == k->dr6);
    return ok;
}

bool ktest_debugreg_ring3(void)
{
    bool ok = true;
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (cases[i].door && !(entry_accepts & cases[i].door)) {
            kprintf("    # debugreg %s: the door raises #UD here, not run\n", cases[i].name);
            continue;
        }
        if (!run_case(&cases[i]))
            ok = false;
    }
    static struct process none; /* no breakpoints: the last case's leave the CPU */
    debugreg_switch_in(&none);
    EXPECT(read_dr7() == 0);
    return ok;
}
