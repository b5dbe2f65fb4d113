/* The system calls (syscall/syscalls.tbl). Every argument is hostile: each
 * pointer goes through copy_from_user/copy_to_user, each number is checked.
 * sc_abi32(c) selects the i386 layouts of structures. */
#include "clock.h"
#include "console.h"
#include "cpu.h"
#include "entry.h"
#include "errno.h"
#include "gdt.h"
#include "kstring.h"
#include "layout.h"
#include "paging.h"
#include "probe.h"
#include "proc.h"
#include "sched.h"
#include "thread.h"
#include "syscall.h"
#include "uaccess.h"
#include "uapi/entrylab.h"

static struct process *cur(void) { return cpu0.proc; }

/* exit ends the calling thread (src/thread.c), exit_group its whole group. */
int64_t sys_exit(struct sc_call *c)
{
    thread_clear_child_tid(cur());
    sched_thread_exit((int)c->arg[0]);
}
int64_t sys_exit_group(struct sc_call *c) { proc_exit((int)c->arg[0]); }
/* The thread group's id: its leader's pid (gettid is the thread's). */
int64_t sys_getpid(struct sc_call *c) { (void)c; return proc_group(cur())->pid; }
/* getppid is in src/wait.c, beside the other calls about children. */

int64_t sys_uname(struct sc_call *c)
{
    /* struct new_utsname: six fields of 65 bytes, the same in both ABIs.
     * The release is a Linux-like version (C libraries parse it); the machine
     * is x86_64 for 32-bit callers too, as Linux says without PER_LINUX32. */
    char u[6][65];
    memset(u, 0, sizeof u);
    static const char *const v[6] = {"entrylab", "entrylab", "6.1.0-entrylab", "#1 entrylab", "x86_64", "(none)"};
    for (int i = 0; i < 6; i++)
        memcpy(u[i], v[i], strlen(v[i]));
    return copy_to_user(c->arg[0], u, sizeof u);
}

/* brk is in src/mm.c, beside the other memory calls. */

#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004

int64_t sys_arch_prctl(struct sc_call *c)
{
    struct process *p = cur();
    uint64_t code = c->arg[0], addr = c->arg[1];
    switch (code) {
    case ARCH_SET_FS:
    case ARCH_SET_GS:
        /* A user base must stay a user address: the entry code tells the
         * kernel's GS from the user's by the sign of the base. */
        if (addr >= USER_END)
            return -EPERM;
        if (code == ARCH_SET_FS) {
            p->fs_base = addr;
            wrmsr(MSR_FS_BASE, addr);
        } else {
            p->gs_base = addr;
            wrmsr(MSR_KERNEL_GS_BASE, addr); /* the user's half while in the kernel */
        }
        return 0;
    case ARCH_GET_FS:
    case ARCH_GET_GS: {
        /* The live base: a selector load since ARCH_SET_* changed it (a
         * switch saves and restores the live one, src/scheduler.c). */
        uint64_t base = rdmsr(code == ARCH_GET_FS ? MSR_FS_BASE : MSR_KERNEL_GS_BASE);
        return copy_to_user(addr, &base, 8);
    }
    }
    return -EINVAL;
}

/* struct user_desc (i386). */
struct user_desc {
    uint32_t entry_number, base_addr, limit;
    uint32_t flags; /* seg_32bit:1 contents:2 read_exec_only:1 limit_in_pages:1
                       seg_not_present:1 useable:1 lm:1 */
};

int tls_desc_read(struct process *p, uint64_t uaddr, bool allocate, int *slot_out, uint64_t *desc_out)
{
    struct user_desc d;
    if (copy_from_user(&d, uaddr, sizeof d))
        return -EFAULT;
    bool seg32 = d.flags & 1, ro = d.flags & 8, pages = d.flags & 16;
    bool not_present = d.flags & 32, useable = d.flags & 64, lm = d.flags & 128;
    unsigned contents = (d.flags >> 1) & 3;
    /* Linux's "empty" descriptor clears the slot, and so does an all-zero
     * one (Linux's LDT_zero: what programs took for "no segment"). */
    bool empty = d.base_addr == 0 && d.limit == 0 && !seg32 && contents == 0 && !pages && !useable &&
                 ro == not_present;
    /* As Linux's tls_desc_okay: data segments only (a code segment here
     * would be a far-call target); 32-bit only (iretq to a 16-bit SS keeps
     * the upper half of the kernel's RSP in ESP: espfix's reason); present
     * only (a not-present SS would fault inside iretq). */
    if (!empty && (contents >= 2 || lm || !seg32 || not_present))
        return -EINVAL;

    int slot;
    if (d.entry_number == 0xFFFFFFFFu && allocate) {
        for (slot = 0; slot < GDT_TLS_COUNT && p->tls[slot]; slot++)
            ;
        if (slot == GDT_TLS_COUNT)
            return -ESRCH;
    } else if (d.entry_number >= GDT_TLS_FIRST && d.entry_number < GDT_TLS_FIRST + GDT_TLS_COUNT) {
        slot = (int)(d.entry_number - GDT_TLS_FIRST);
    } else {
        return -EINVAL;
    }
    uint64_t desc = 0;
    if (!empty) {
        uint64_t base = d.base_addr, limit = d.limit & 0xFFFFF;
        /* Type: data (bit 3 clear), expand-down for contents 1, writable
         * unless read-only, accessed set so the CPU never writes the GDT. */
        uint64_t type = (contents == 1 ? 4u : 0u) | (ro ? 0u : 2u) | 1u;
        desc = (limit & 0xFFFF) | ((base & 0xFFFFFF) << 16) | ((0x10 | type) << 40) /* S=1 */
               | (3ul << 45) | (1ul << 47) /* DPL 3, present */ | ((limit >> 16) << 48) |
               ((useable ? 1ul : 0ul) << 52) | (1ul << 54) /* D/B: 32-bit */ |
               ((pages ? 1ul : 0ul) << 55) | ((base >> 24) << 56);
    }
    if (d.entry_number == 0xFFFFFFFFu &&
        copy_to_user(uaddr, &(uint32_t){(uint32_t)(GDT_TLS_FIRST + slot)}, 4))
        return -EFAULT;
    *slot_out = slot;
    *desc_out = desc;
    return 0;
}

int64_t sys_set_thread_area(struct sc_call *c)
{
    struct process *p = cur();
    int slot;
    uint64_t desc;
    int e = tls_desc_read(p, c->arg[0], true, &slot, &desc);
    if (e)
        return e;
    p->tls[slot] = desc;
    gdt_set_tls(slot, desc);
    gdt_tls_reload(slot);
    /* Ring 3's SS may name this slot: the way back tests it again, on the
     * full way (frame_return_ok). int 0x80's fast way does not test SS,
     * and counts on this (fast_frame_ok, syscall/dispatch.c). */
    p->sig.full_return = true;
    return 0;
}

int64_t sys_set_tid_address(struct sc_call *c)
{
    cur()->tid_address = c->arg[0];
    return cur()->pid; /* the tid */
}

int64_t sys_entrylab_info(struct sc_call *c)
{
    const struct frame *f = c->frame;
    struct entrylab_info in;
    memset(&in, 0, sizeof in);
    for (int i = 0; i < 6; i++)
        in.args[i] = c->arg[i];
    in.user_rflags = f->rflags;
    in.kernel_rflags = read_rflags();
    in.user_rsp = f->rsp;
    in.user_rip = f->rip;
    in.door = (uint32_t)sc_door(c);
    in.mode = sc_compat(c) ? 32 : 64;
    in.vendor = cpu_vendor;
    in.accepts = entry_accepts;
    in.cs = (uint16_t)f->cs;
    in.ss = (uint16_t)f->ss;
    in.syscalls = cur()->syscalls;
    return copy_to_user(c->arg[0], &in, sizeof in);
}

int64_t sys_entrylab_expect(struct sc_call *c)
{
    if (c->arg[0] > EL_EXPECT_TIMEOUT)
        return -EINVAL;
    cur()->expect_vector = (int)c->arg[0];
    return 0;
}
