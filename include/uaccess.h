/* Access to user memory. Every pointer from ring 3 goes through these: the
 * range is checked against the user half, and a fault during the copy (an
 * unmapped page, a non-canonical address) becomes -EFAULT, never a panic. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

/* The fault-surviving copy (src/usercopy.asm): bytes left uncopied. */
uint64_t raw_copy(void *dst, const void *src, uint64_t n);

/* Whether [addr, addr+n) lies inside the user range (no wrap-around). */
bool user_range_ok(uint64_t addr, uint64_t n);
/* 0 or -EFAULT. */
int copy_from_user(void *dst, uint64_t usrc, uint64_t n);
int copy_to_user(uint64_t udst, const void *src, uint64_t n);
/* Copies a NUL-terminated string of at most size bytes, NUL included:
 * its length, -EFAULT, or -ENAMETOOLONG when no NUL comes within size. */
long copy_string_from_user(char *dst, uint64_t usrc, uint64_t size);
