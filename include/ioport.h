/* I/O port permissions for ring 3: ioperm and iopl (src/ioport.c), as
 * Linux 6.1 (CONFIG_X86_IOPL_IOPERM) gives them. The CPU checks an in or
 * out from ring 3 (CPL 3 > IOPL 0) against the TSS's I/O permission bitmap,
 * one bit per port, 0 = allowed; a port whose bit is 1, or a bitmap past the
 * TSS limit, is #GP. Each thread has its own state, which fork and clone
 * inherit and execve keeps; the switch loads it into the TSS. */
#pragma once
#include <stdint.h>

struct process;
struct io_bitmap;        /* private to src/ioport.c: 65536 bits, shared after fork until written */

struct ioport {
    struct io_bitmap *map; /* ioperm's ports, or 0 when none */
    uint8_t level;         /* iopl's level; 3 opens every port (never RFLAGS.IOPL) */
};

/* Makes the TSS say what p may reach: its bitmap (copied only when the TSS
 * holds another one), every port (iopl 3), or none. */
void ioport_switch_in(const struct process *p);
/* A fork or clone child: shares its parent's bitmap and has its level
 * (child is already a copy of the parent's struct). */
void ioport_fork(struct process *child);
/* p's thread has ended: its hold on the bitmap goes. */
void ioport_release(struct process *p);
