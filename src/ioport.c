/* iopl and ioperm, as Linux 6.1 gives them to a process with CAP_SYS_RAWIO
 * (root here: cred_capable), with CONFIG_X86_IOPL_IOPERM as in Debian:
 *  - ioperm(from, num, on) sets or clears the thread's bits, one per port, in
 *    a 65536-bit bitmap; turning bits on needs the capability, turning them
 *    off does not. The first grant allocates the bitmap; dropping the last
 *    port frees it.
 *  - iopl(level) records the level. 3 is emulated, as Linux does, by a TSS
 *    bitmap that allows every port; RFLAGS.IOPL stays 0, so cli, sti, popf's
 *    IF still fault or are ignored as for any ring-3 program. Raising the
 *    level needs the capability; 0, 1 and 2 give no port.
 * fork and clone share the bitmap (a reference count), and a write to a
 * shared one copies it first; execve keeps both. The TSS's own bitmap is
 * rewritten only when a thread with another bitmap is switched in, and then
 * only up to the last byte either bitmap opens (Linux's sequence numbers
 * and max). vm86 and vm86old are absent: -ENOSYS, as on any 64-bit Linux. */
#include "ioport.h"
#include "errno.h"
#include "gdt.h"
#include "kstring.h"
#include "layout.h"
#include "paging.h"
#include "proc.h"
#include "sched.h"
#include "syscall.h"

#define IO_BITMAP_BITS 65536
#define HALF 4096 /* the bitmap lives in two frames, ports 0-32767 and the rest */

struct io_bitmap {
    uint64_t seq;       /* changes with every write; equal: equal contents */
    int refs;           /* threads pointing at it; 0: a free header */
    uint32_t max;       /* bytes from the start that hold a 0 bit (an open port) */
    uint64_t frame[2];  /* physical frames, HALF bytes each */
};

/* Every bitmap has a holder among the live threads (at most NPROC), plus
 * the one a write to a shared bitmap makes before it lets go of the old. */
static struct io_bitmap headers[NPROC + 1];
static uint64_t next_seq = 1;
static uint64_t tss_seq;  /* whose contents the TSS's bitmap holds (0: all 1s) */
static uint32_t tss_max;  /* bytes of it that may hold a 0 bit */

static uint8_t *half(const struct io_bitmap *b, int i) { return phys_to_virt(b->frame[i]); }

static struct io_bitmap *bitmap_new(void)
{
    struct io_bitmap *b = 0;
    for (unsigned i = 0; i < sizeof headers / sizeof headers[0] && !b; i++)
        if (!headers[i].refs)
            b = &headers[i];
    if (!b)
        return 0;
    uint64_t f0 = frame_alloc(), f1 = f0 ? frame_alloc() : 0;
    if (!f1) {
        if (f0)
            frame_free(f0);
        return 0;
    }
    b->frame[0] = f0, b->frame[1] = f1;
    b->refs = 1;
    b->max = 0;
    b->seq = next_seq++;
    memset(half(b, 0), 0xFF, HALF); /* every port closed */
    memset(half(b, 1), 0xFF, HALF);
    return b;
}

static void bitmap_put(struct io_bitmap *b)
{
    if (b && --b->refs == 0) {
        frame_free(b->frame[0]);
        frame_free(b->frame[1]);
    }
}

void ioport_switch_in(const struct process *p)
{
    const struct io_bitmap *b = p->io.map;
    if (p->io.level == 3) {
        tss_io_select(TSS_IO_ALL);
        return;
    }
    if (!b) {
        tss_io_select(TSS_IO_NONE);
        return;
    }
    if (tss_seq != b->seq) {
        /* Cover what the old contents opened too, so that it closes. */
        uint32_t n = b->max > tss_max ? b->max : tss_max;
        uint8_t *t = tss_io_map();
        memcpy(t, half(b, 0), n < HALF ? n : HALF);
        if (n > HALF)
            memcpy(t + HALF, half(b, 1), n - HALF);
        tss_seq = b->seq;
        tss_max = b->max;
    }
    tss_io_select(TSS_IO_MAP);
}

void ioport_fork(struct process *child)
{
    if (child->io.map)
        child->io.map->refs++;
}

void ioport_release(struct process *p)
{
    bitmap_put(p->io.map);
    p->io.map = 0;
}

/* Bits [from, from + num) to v (0 opens, 1 closes), byte by byte. */
static void set_bits(struct io_bitmap *b, uint32_t from, uint32_t num, int v)
{
    for (uint32_t port = from; port < from + num; port++) {
        uint8_t *byte = half(b, (int)(port / 8 / HALF)) + port / 8 % HALF;
        if (v)
            *byte |= (uint8_t)(1u << (port % 8));
        else
            *byte &= (uint8_t)~(1u << (port % 8));
    }
}

/* Bytes up to the last one with a 0 bit; 0 when every port is closed. */
static uint32_t bitmap_max(const struct io_bitmap *b)
{
    for (int h = 1; h >= 0; h--) {
        const uint64_t *w = (const uint64_t *)half(b, h);
        for (int i = HALF / 8 - 1; i >= 0; i--)
            if (w[i] != ~0ul)
                return (uint32_t)(h * HALF + (i + 1) * 8);
    }
    return 0;
}

int64_t sys_ioperm(struct sc_call *c)
{
    struct process *p = cpu0.proc;
    uint64_t from = c->arg[0], num = c->arg[1];
    int on = (int)c->arg[2];
    /* Unsigned longs: i386's arguments arrive zero-extended, no wrap. */
    if (from + num <= from || from + num > IO_BITMAP_BITS)
        return -EINVAL;
    if (on && !cred_capable(p))
        return -EPERM;
    struct io_bitmap *b = p->io.map;
    if (!b) {
        if (!on)
            return 0; /* nothing was open */
        if (!(b = bitmap_new()))
            return -ENOMEM;
    } else if (b->refs > 1) {
        /* Shared with a fork child or a thread: write a copy of our own. */
        struct io_bitmap *n = bitmap_new();
        if (!n)
            return -ENOMEM;
        memcpy(half(n, 0), half(b, 0), HALF);
        memcpy(half(n, 1), half(b, 1), HALF);
        bitmap_put(b);
        b = n;
    }
    p->io.map = b;
    set_bits(b, (uint32_t)from, (uint32_t)num, !on);
    b->max = bitmap_max(b);
    b->seq = next_seq++;
    if (!b->max)
        ioport_release(p); /* every port closed again: no bitmap */
    ioport_switch_in(p);
    return 0;
}

int64_t sys_iopl(struct sc_call *c)
{
    struct process *p = cpu0.proc;
    uint32_t level = (uint32_t)c->arg[0];
    if (level > 3)
        return -EINVAL;
    if (level > p->io.level && !cred_capable(p))
        return -EPERM;
    p->io.level = (uint8_t)level;
    ioport_switch_in(p);
    return 0;
}
