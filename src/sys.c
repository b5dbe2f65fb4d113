/* The system calls (syscall/syscalls.tbl). Every argument is hostile: each
 * pointer goes through copy_from_user/copy_to_user, each number is checked.
 * c->abi32 selects the i386 layouts of structures. */
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
#include "syscall.h"
#include "uaccess.h"
#include "uapi/entrylab.h"

static struct process *cur(void) { return cpu0.proc; }

/* Writes count bytes from user memory to the console, in chunks. A long
 * write (the UART is slow on real machines) is still under the watchdog. */
static int64_t console_write_user(const struct sc_call *c, uint64_t buf, uint64_t count)
{
    if (!user_range_ok(buf, count))
        return -EFAULT;
    char chunk[256];
    uint64_t done = 0;
    while (done < count) {
        uint64_t n = count - done < sizeof chunk ? count - done : sizeof chunk;
        if (copy_from_user(chunk, buf + done, n))
            return done ? (int64_t)done : -EFAULT;
        console_write(chunk, n);
        done += n;
        proc_check_time(c->frame);
    }
    return (int64_t)done;
}

int64_t sys_read(struct sc_call *c)
{
    uint64_t fd = c->arg[0], buf = c->arg[1], count = c->arg[2];
    if (fd != 0)
        return -EBADF;
    if (!user_range_ok(buf, count))
        return -EFAULT;
    uint64_t n = 0;
    int ch;
    /* Whatever COM1 holds now; 0 when nothing is waiting. */
    while (n < count && (ch = console_getc()) >= 0) {
        char b = (char)ch;
        if (copy_to_user(buf + n, &b, 1))
            return n ? (int64_t)n : -EFAULT;
        n++;
    }
    return (int64_t)n;
}

int64_t sys_write(struct sc_call *c)
{
    if (c->arg[0] != 1 && c->arg[0] != 2)
        return -EBADF;
    return console_write_user(c, c->arg[1], c->arg[2]);
}

int64_t sys_writev(struct sc_call *c)
{
    uint64_t fd = c->arg[0], iov = c->arg[1], cnt = c->arg[2];
    if (fd != 1 && fd != 2)
        return -EBADF;
    if (cnt > 1024) /* UIO_MAXIOV */
        return -EINVAL;
    uint64_t size = c->abi32 ? 8 : 16, total = 0;
    /* Read and check every iovec before writing anything, as Linux does. */
    for (int pass = 0; pass < 2; pass++) {
        for (uint64_t i = 0; i < cnt; i++) {
            uint64_t base = 0, len = 0;
            if (c->abi32) {
                uint32_t v[2];
                if (copy_from_user(v, iov + i * size, sizeof v))
                    return -EFAULT;
                base = v[0], len = v[1];
            } else {
                uint64_t v[2];
                if (copy_from_user(v, iov + i * size, sizeof v))
                    return -EFAULT;
                base = v[0], len = v[1];
            }
            if (pass == 0) {
                if (len > (1ul << 31) || total + len > (1ul << 31))
                    return -EINVAL;
                if (!user_range_ok(base, len))
                    return -EFAULT;
                total += len;
                continue;
            }
            int64_t r = console_write_user(c, base, len);
            if (r < 0)
                return r;
        }
    }
    return (int64_t)total;
}

int64_t sys_exit(struct sc_call *c) { proc_exit((int)c->arg[0]); }
int64_t sys_exit_group(struct sc_call *c) { proc_exit((int)c->arg[0]); }
int64_t sys_getpid(struct sc_call *c) { (void)c; return cur()->pid; }
int64_t sys_getppid(struct sc_call *c) { (void)c; return 1; }

int64_t sys_uname(struct sc_call *c)
{
    /* struct new_utsname: six fields of 65 bytes, the same in both ABIs. */
    char u[6][65];
    memset(u, 0, sizeof u);
    static const char *const v[6] = {"entrylab", "entrylab", "0.1", "#1", "x86_64", "(none)"};
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
        return copy_to_user(addr, &p->fs_base, 8);
    case ARCH_GET_GS:
        return copy_to_user(addr, &p->gs_base, 8);
    }
    return -EINVAL;
}

/* struct user_desc (i386). */
struct user_desc {
    uint32_t entry_number, base_addr, limit;
    uint32_t flags; /* seg_32bit:1 contents:2 read_exec_only:1 limit_in_pages:1
                       seg_not_present:1 useable:1 lm:1 */
};

int64_t sys_set_thread_area(struct sc_call *c)
{
    struct process *p = cur();
    struct user_desc d;
    if (copy_from_user(&d, c->arg[0], sizeof d))
        return -EFAULT;
    bool seg32 = d.flags & 1, ro = d.flags & 8, pages = d.flags & 16;
    bool not_present = d.flags & 32, useable = d.flags & 64, lm = d.flags & 128;
    unsigned contents = (d.flags >> 1) & 3;
    /* Linux's "empty" descriptor clears the slot. */
    bool empty = d.base_addr == 0 && d.limit == 0 && ro && not_present && !seg32 && contents == 0 &&
                 !pages && !useable;
    /* As Linux's tls_desc_okay: data segments only (a code segment here
     * would be a far-call target); 32-bit only (iretq to a 16-bit SS keeps
     * the upper half of the kernel's RSP in ESP: espfix's reason); present
     * only (a not-present SS would fault inside iretq). */
    if (!empty && (contents >= 2 || lm || !seg32 || not_present))
        return -EINVAL;

    int slot;
    if (d.entry_number == 0xFFFFFFFFu) {
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
        copy_to_user(c->arg[0], &(uint32_t){(uint32_t)(GDT_TLS_FIRST + slot)}, 4))
        return -EFAULT;
    p->tls[slot] = desc;
    gdt_set_tls(slot, desc);
    return 0;
}

int64_t sys_set_tid_address(struct sc_call *c)
{
    cur()->tid_address = c->arg[0];
    return cur()->pid;
}

#define CLOCK_MONOTONIC 1
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_BOOTTIME 7

static int64_t clock_get(uint64_t clk, uint64_t ts, bool ts32)
{
    if (clk != CLOCK_MONOTONIC && clk != CLOCK_MONOTONIC_RAW && clk != CLOCK_BOOTTIME)
        return -EINVAL;
    uint64_t sec, nsec;
    clock_monotonic(&sec, &nsec);
    if (ts32) {
        int32_t v[2] = {(int32_t)sec, (int32_t)nsec};
        return copy_to_user(ts, v, sizeof v);
    }
    int64_t v[2] = {(int64_t)sec, (int64_t)nsec};
    return copy_to_user(ts, v, sizeof v);
}

int64_t sys_clock_gettime(struct sc_call *c) { return clock_get(c->arg[0], c->arg[1], c->abi32); }
int64_t sys_clock_gettime64(struct sc_call *c) { return clock_get(c->arg[0], c->arg[1], false); }

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
    in.door = (uint32_t)c->door;
    in.mode = c->compat ? 32 : 64;
    in.vendor = cpu_vendor;
    in.accepts = entry_accepts;
    in.cs = (uint16_t)f->cs;
    in.ss = (uint16_t)f->ss;
    return copy_to_user(c->arg[0], &in, sizeof in);
}

int64_t sys_entrylab_expect(struct sc_call *c)
{
    if (c->arg[0] > EL_EXPECT_TIMEOUT)
        return -EINVAL;
    cur()->expect_vector = (int)c->arg[0];
    return 0;
}
