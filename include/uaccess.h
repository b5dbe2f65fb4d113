/* Access to user memory. Every pointer from ring 3 goes through these: the
 * range is checked against the user half, and a fault during the copy (an
 * unmapped page, a non-canonical address) becomes -EFAULT, never a panic. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
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
/* One 32-bit load from user memory (src/usercopy.asm): 0 or -EFAULT. No
 * range check: the caller's (user_range_ok). */
int get_user32(uint32_t *dst, uint64_t usrc);
/* 0 or -EFAULT. */
int copy_from_user(void *dst, uint64_t usrc, uint64_t n);
int copy_to_user(uint64_t udst, const void *src, uint64_t n);
/* Copies a NUL-terminated string of at most size bytes, NUL included:
 * its length, -EFAULT, or -ENAMETOOLONG when no NUL comes within size. */
long copy_string_from_user(char *dst, uint64_t usrc, uint64_t size);
