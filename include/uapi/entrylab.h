/* entrylab's user ABI beyond Linux's: what user programs and the kernel share.
 * Plain C with fixed-size types only: the same layout for 64-bit and 32-bit
 * programs. docs/abi.md explains every item. */
#ifndef ENTRYLAB_UAPI_H
#define ENTRYLAB_UAPI_H
#include <stdint.h>

/* Selectors a program sees (include/gdt.h has the layout and its reasons). */
#define EL_USER_CS        0x33  /* 64-bit code */
#define EL_USER32_CS      0x23  /* compatibility-mode code */
#define EL_USER_DS        0x2B  /* data and stack */
#define EL_USER_DS_SYSEXIT64 0x3B /* SS after a 64-bit sysexit */
#define EL_GDT_TLS_FIRST  12    /* set_thread_area's entries: 12, 13, 14 */

/* The doors, as entrylab_info reports them. */
#define EL_DOOR_INT80      0x80
#define EL_DOOR_SYSCALL64  0x100
#define EL_DOOR_SYSCALL32  0x101
#define EL_DOOR_SYSENTER32 0x102
#define EL_DOOR_SYSENTER64 0x103

static inline const char *el_door_name(uint32_t door)
{
    switch (door) {
    case EL_DOOR_INT80: return "int80";
    case EL_DOOR_SYSCALL64: return "syscall64";
    case EL_DOOR_SYSCALL32: return "syscall32";
    case EL_DOOR_SYSENTER32: return "sysenter32";
    case EL_DOOR_SYSENTER64: return "sysenter64";
    }
    return "?";
}

/* Which entry instructions this CPU accepted in the boot probe. */
#define EL_ACCEPT_INT80_64    (1u << 0)
#define EL_ACCEPT_INT80_32    (1u << 1)
#define EL_ACCEPT_SYSCALL_64  (1u << 2)
#define EL_ACCEPT_SYSCALL_32  (1u << 3)
#define EL_ACCEPT_SYSENTER_64 (1u << 4)
#define EL_ACCEPT_SYSENTER_32 (1u << 5)

#define EL_VENDOR_OTHER 0
#define EL_VENDOR_INTEL 1
#define EL_VENDOR_AMD   2

/* entrylab_info(struct entrylab_info *out, a2, a3, a4, a5, a6): describes the
 * call itself. args[] are the six arguments as the dispatcher decoded them
 * (args[0] is out), so a test sees truncation or swapping at once. */
struct entrylab_info {
    uint64_t args[6];
    uint64_t user_rflags;   /* the caller's RFLAGS as the frame holds them */
    uint64_t kernel_rflags; /* RFLAGS inside the handler: DF and AC are clear */
    uint64_t user_rsp;      /* the caller's RSP as the frame holds them */
    uint64_t user_rip;      /* where the call returns to */
    uint32_t door;          /* EL_DOOR_* of this very call */
    uint32_t mode;          /* 64 or 32: the caller's code segment */
    uint32_t vendor;        /* EL_VENDOR_* */
    uint32_t accepts;       /* EL_ACCEPT_* bits from the boot probe */
    uint16_t cs, ss;        /* the caller's selectors as the frame holds them */
    uint32_t syscalls;      /* system calls this program made, this one included */
};
#ifdef __cplusplus
#else
_Static_assert(sizeof(struct entrylab_info) == 104, "same layout for 32-bit and 64-bit programs");
#endif

/* entrylab_expect(vector): the program's next fault with this vector (0-31)
 * ends it as a pass ("ok ... # killed as expected: ..."). For tests that
 * must die: a refused entry instruction (#UD), a refused return (#GP).
 * EL_EXPECT_TIMEOUT expects the runner's watchdog instead. */
#define EL_EXPECT_TIMEOUT 32

/* The vDSO: one page of entry stubs the kernel maps into every program at
 * EL_VDSO_ADDR (user, read + execute). Offsets are fixed. */
#define EL_VDSO_ADDR        0xFFFFE000u
#define EL_VDSO_INT80_32    (EL_VDSO_ADDR + 0x000) /* 32-bit: int 0x80 with the vsyscall framing */
#define EL_VDSO_SYSENTER32  (EL_VDSO_ADDR + 0x040) /* 32-bit: __kernel_vsyscall by sysenter */
#define EL_VDSO_SYSCALL32   (EL_VDSO_ADDR + 0x080) /* 32-bit: __kernel_vsyscall by syscall */
#define EL_VDSO_LANDING32   (EL_VDSO_ADDR + 0x0C0) /* where sysexit (32) returns */
#define EL_VDSO_SYSENTER64  (EL_VDSO_ADDR + 0x100) /* 64-bit: sysenter, entrylab's convention */
#define EL_VDSO_LANDING64   (EL_VDSO_ADDR + 0x140) /* where sysexit (64) returns */

/* The vDSO is a real ELF shared object (vdso/): one image for 64-bit and one
 * for 32-bit programs, both at EL_VDSO_IMAGE (AT_SYSINFO_EHDR), their door
 * stubs at image offset 0x1000 = EL_VDSO_ADDR. Its data page (struct vvar,
 * read-only to programs) is the page below. */
#define EL_VVAR_ADDR        0xFFFFC000u
#define EL_VDSO_IMAGE       0xFFFFD000u
#define EL_VDSO_END         0x100000000ull /* at most three pages of image */

/* Linux's legacy vsyscall page (vsyscall= on the kernel command line). */
#define EL_VSYSCALL_ADDR    0xFFFFFFFFFF600000ull

/* Auxiliary vector entries beyond Linux's: the address of the vDSO stub of
 * each door this CPU accepts, present only when the probe saw it enter.
 * AT_SYSINFO (32) is Linux's: for 32-bit programs, the best fast door. */
#define AT_ENTRYLAB_INT80_32    0x454C00
#define AT_ENTRYLAB_SYSENTER32  0x454C01
#define AT_ENTRYLAB_SYSCALL32   0x454C02
#define AT_ENTRYLAB_SYSENTER64  0x454C03
#define AT_ENTRYLAB_ACCEPTS     0x454C04 /* value: EL_ACCEPT_* bits */

/* Memory layout of a program. */
#define EL_STACK_TOP_64   0x00007FFFFFFF0000ull
#define EL_STACK_TOP_32   0xFFFF0000u
#define EL_STACK_SIZE     (64u * 1024)  /* mapped; the page below is a guard */

/* entrylab_bench(door, exit): the benchmark's baselines (syscall/bench.c),
 * only on a kernel booted with `bench`. door: EL_DOOR_*; exit: */
#define EL_BENCH_REAL   0 /* the door's real stub */
#define EL_BENCH_NATIVE 1 /* bare pair: sysret, sysexit or iretq at once */
#define EL_BENCH_IRETQ  2 /* enter, out through iretq */
#define EL_BENCH_SYSRET 3 /* sysenter, out through sysret */
#define EL_BENCH_EXITS  4

#endif
