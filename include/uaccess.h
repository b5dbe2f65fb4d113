/* Access to user memory. Every pointer from ring 3 goes through these: the
 * range is checked against the user half, and a fault during the copy (an
 * unmapped page, a non-canonical address) becomes -EFAULT, never a panic. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "cpu.h"
#include "errno.h"
#include "layout.h"

/* The fault-surviving copy (src/usercopy.asm): bytes left uncopied. */
uint64_t raw_copy(void *dst, const void *src, uint64_t n);

/* Whether [addr, addr+n) lies inside the user range (no wrap-around).
 * Inline: with a constant n or a 32-bit addr most of it folds away. */
static inline bool user_range_ok(uint64_t addr, uint64_t n)
{
    /* An empty range touches nothing: Linux's access_ok takes any address
     * below the end of user space for it (musl's stdio writes a NULL,
     * 0 iovec after its buffer). */
    if (n == 0)
        return addr <= USER_END;
    return addr >= USER_MIN && addr <= USER_END && n <= USER_END - addr;
}
/* One 32-bit load from user memory, inline (the 32-bit fast doors' argument
 * 6): 0, or -EFAULT when it faults (*dst untouched). The load is listed in
 * .extable, and c_exception resumes a fault on it at the fault label (a
 * page not there yet is brought in and the load retried). No range check:
 * the caller's (user_range_ok). volatile: GCC 12 deletes an asm goto with
 * outputs whose outputs go unused, fault and all. stac, the load and clac
 * in one statement, with no "memory" clobber: it touches only user memory,
 * which C never holds in a register, so the caller's values stay where
 * they are across it. */
static inline __attribute__((always_inline)) int get_user32(uint32_t *dst, uint64_t usrc)
{
    uint32_t v;
    __asm__ volatile goto(SMAP_SITE("stac") "\n\t"
                 "1: movl (%[src]), %[v]\n\t"
                 SMAP_SITE("clac") "\n\t"
                 ".pushsection .extable, \"a\"\n\t.quad 1b, %l[fault]\n\t.popsection"
                 : [v] "=r"(v)
                 : [src] "r"(usrc)
                 :
                 : fault);
    *dst = v;
    return 0;
fault:
    clac();
    return -EFAULT;
}
/* 0 or -EFAULT. */
int copy_from_user(void *dst, uint64_t usrc, uint64_t n);
int copy_to_user(uint64_t udst, const void *src, uint64_t n);
/* Copies a NUL-terminated string of at most size bytes, NUL included:
 * its length, -EFAULT, or -ENAMETOOLONG when no NUL comes within size. */
long copy_string_from_user(char *dst, uint64_t usrc, uint64_t size);
