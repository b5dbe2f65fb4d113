/* Hardware breakpoints for user programs: the debug registers DR0-DR3,
 * DR6 and DR7 as Linux's ptrace shows them (PTRACE_PEEKUSER/POKEUSER of
 * struct user's u_debugreg[8]), per thread, loaded on every switch, and
 * the #DB handler that turns their hits into SIGTRAP (src/debugreg.c;
 * docs/abi.md, "Debug registers"; docs/security.md for the ring-0 #DBs). */
#pragma once
#include <stdbool.h>
#include <stdint.h>

struct process;
struct frame;

/* One thread's debug registers (struct process, member dr). */
struct debugregs {
    uint64_t dr[4]; /* the four addresses (0 for a slot never used) */
    uint64_t dr6;   /* Linux's virtual DR6, positive polarity: a set bit is an
                       event (B0-B3 the breakpoints hit, BS a single step);
                       PEEKUSER shows it in the CPU's polarity */
    uint64_t dr7;   /* DR7 as the last successful POKEUSER gave it */
    /* derived, private to src/debugreg.c: */
    uint64_t hw7;   /* what the CPU's DR7 holds while this thread runs */
    uint8_t slot[4]; /* DRSLOT_* bits, and DR7's R/W and LEN fields (bits 0-3) */
};
#define DRSLOT_USED 0x80 /* Linux has a breakpoint object for the slot */
#define DRSLOT_ON   0x40 /* enabled (an L or G bit of DR7) */

/* Linux's limit for a breakpoint address (TASK_SIZE_MAX): the last user
 * page is refused too. */
#define DR_ADDR_LIMIT 0x00007ffffffff000ul

/* PTRACE_PEEKUSER of u_debugreg[n], n 0..7: DR4 and DR5 read 0. Returns 0,
 * or -EIO for n outside 0..7. */
int debugreg_peek(struct process *p, int n, uint64_t *val);
/* PTRACE_POKEUSER of u_debugreg[n]: -EIO for DR4, DR5 (and n outside 0..7),
 * -EINVAL for an address or DR7 setting Linux refuses; on an error nothing
 * the thread can see changes. Takes effect at p's next switch in (at once
 * when p is the running thread). */
int debugreg_poke(struct process *p, int n, uint64_t val);
/* Loads p's DR0-DR3 and DR7 into the CPU (the scheduler, before p runs):
 * two compares when neither the previous thread nor p uses any. */
void debugreg_switch_in(struct process *p);
/* A fork or clone child, a copy of its parent: no breakpoints (Linux's
 * copy_thread), DR6 and the DR7 word copied as Linux copies them. */
void debugreg_fork(struct process *child);
/* execve: everything cleared (Linux's flush_ptrace_hw_breakpoint). */
void debugreg_exec(struct process *p);

/* #DB, from either ring (c_exception, vector 1). From ring 3 it moves to
 * the thread's kernel stack and does not come back here; from ring 0 it
 * returns to resume the frame. */
void debugreg_exception(struct frame *f);

/* What the #DB handler has seen (ktest). */
struct debugreg_stats {
    uint64_t user_hits;   /* #DB from ring 3 for a breakpoint of the thread's */
    uint64_t kernel_hits; /* #DB in ring 0 for a user breakpoint: ignored */
    uint64_t kernel_steps; /* ring 0 single steps the user's TF left (mov ss) */
};
extern struct debugreg_stats debugreg_stats;
