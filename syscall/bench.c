/* entrylab_bench(door, exit): points one door at a bare-pair stub of
 * syscall/bench_doors.asm, or back at its real stub, for the benchmark's
 * baselines (user/bench.c, docs/bench.md). Only with the command-line word
 * `bench`: the stubs check nothing, so a kernel without it refuses. */
#include "cmdline.h"
#include "cpu.h"
#include "entry.h"
#include "errno.h"
#include "idt.h"
#include "probe.h"
#include "syscall.h"
#include "uapi/entrylab.h"

extern void entry_int80(void), entry_syscall64(void), entry_syscall32(void);
extern void entry_sysenter32(void), entry_sysenter64(void);
extern void bench_syscall64_sysret(void), bench_syscall64_iretq(void);
extern void bench_syscall32_sysret(void), bench_syscall32_iretq(void);
extern void bench_int80_iretq(void);
extern void bench_sysenter32_sysexit(void), bench_sysenter32_iretq(void), bench_sysenter32_sysret(void);
extern void bench_sysenter64_sysexit(void), bench_sysenter64_iretq(void), bench_sysenter64_sysret(void);

typedef void (*stub_fn)(void);

/* [door][exit]: 0 where a door has no such way out. */
static stub_fn stub(uint64_t door, uint64_t exit)
{
    static const struct {
        uint64_t door;
        stub_fn s[EL_BENCH_EXITS];
    } t[] = {
        {ENTRY_SYSCALL64, {entry_syscall64, bench_syscall64_sysret, bench_syscall64_iretq, 0}},
        {ENTRY_SYSCALL32, {entry_syscall32, bench_syscall32_sysret, bench_syscall32_iretq, 0}},
        {ENTRY_INT80, {entry_int80, bench_int80_iretq, bench_int80_iretq, 0}},
        {ENTRY_SYSENTER32, {entry_sysenter32, bench_sysenter32_sysexit, bench_sysenter32_iretq, bench_sysenter32_sysret}},
        {ENTRY_SYSENTER64, {entry_sysenter64, bench_sysenter64_sysexit, bench_sysenter64_iretq, bench_sysenter64_sysret}},
    };
    if (exit >= EL_BENCH_EXITS)
        return 0;
    for (unsigned i = 0; i < sizeof t / sizeof t[0]; i++)
        if (t[i].door == door)
            return t[i].s[exit];
    return 0;
}

static bool switched; /* some door points at a bench stub */

static void point(uint64_t door, stub_fn s)
{
    switch (door) {
    case ENTRY_SYSCALL64: wrmsr(MSR_LSTAR, (uint64_t)s); break;
    case ENTRY_SYSCALL32: wrmsr(MSR_CSTAR, (uint64_t)s); break;
    case ENTRY_INT80: idt_set_gate(0x80, s, 3, 0); break;
    default: wrmsr(MSR_SYSENTER_EIP, (uint64_t)s); break;
    }
}

int64_t sys_entrylab_bench(struct sc_call *c)
{
    if (!cmdline_has("bench", 0))
        return -EPERM;
    uint64_t door = c->arg[0], exit = c->arg[1];
    /* sysenter's stub is the running program's width (syscall_enter_program). */
    if ((door == ENTRY_SYSENTER32 && !sc_compat(c)) || (door == ENTRY_SYSENTER64 && sc_compat(c)))
        return -EINVAL;
    /* Exits the CPU lacks: AMD has no sysexit in long mode. */
    if ((door == ENTRY_SYSENTER32 || door == ENTRY_SYSENTER64) && exit == EL_BENCH_NATIVE &&
        cpu_vendor != EL_VENDOR_INTEL)
        return -EINVAL;
    stub_fn s = stub(door, exit);
    if (!s)
        return -EINVAL;
    point(door, s);
    switched = exit != EL_BENCH_REAL || switched;
    return 0;
}

/* Every door back at its real stub: a program that ends with one switched
 * must not leave it to the next (syscall_enter_program). */
void bench_doors_restore(bool is64)
{
    if (!switched)
        return;
    point(ENTRY_SYSCALL64, entry_syscall64);
    point(ENTRY_SYSCALL32, entry_syscall32);
    point(ENTRY_INT80, entry_int80);
    point(ENTRY_SYSENTER64, is64 ? entry_sysenter64 : entry_sysenter32);
    switched = false;
}
