/* Page tables: 4-level, 4 KiB pages (2 MiB for the physical map). */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#define PTE_P  (1ul << 0)
#define PTE_W  (1ul << 1)
#define PTE_U  (1ul << 2)
#define PTE_PS (1ul << 7)
#define PTE_G  (1ul << 8)
#define PTE_NX (1ul << 63)
#define PTE_ADDR 0x000FFFFFFFFFF000ul

/* Flags for paging_map. */
#define MAP_WRITE (1u << 0)
#define MAP_USER  (1u << 1)
#define MAP_EXEC  (1u << 2)
#define MAP_NOFREE (1u << 3) /* a shared frame (the vDSO): not freed with the space */
#define MAP_NONE   (1u << 4) /* PROT_NONE: the frame stays, every access faults */
#define MAP_SHARED_MEM (1u << 5) /* MAP_SHARED memory: fork shares it writable, never copy-on-write */

/* Builds the kernel's tables (image W^X, RAM at PHYS_MAP); paging_activate
 * switches to them, after paging_map_phys has added any device memory. */
void paging_init(uint64_t phys_top);
void paging_activate(void);
/* The kernel's own PML4 (kernel half only; its upper half is shared by all). */
uint64_t *paging_kernel_space(void);
/* Maps one page of the shared kernel half for ring 3 (the vsyscall page):
 * before any address space is made, since each copies the upper PML4. */
int paging_map_user_high(uint64_t va, uint64_t pa, unsigned flags);
/* A new address space: empty lower half, the kernel's upper half. */
uint64_t *paging_new_space(void);
/* A copy of src's lower half for fork: new tables, every frame src owns
 * shared copy-on-write (both sides lose write access; paging_protect gives
 * it back, copying a frame still shared), the vDSO's shared as before.
 * NULL when memory runs out. src must be the current space (its TLB is
 * flushed). */
uint64_t *paging_copy_space(uint64_t *src);
/* Frees the lower half (tables and mapped frames) and the PML4. */
void paging_free_space(uint64_t *pml4);
void paging_switch(uint64_t *pml4);

/* Maps one 4 KiB page. Returns 0, -ENOMEM when a table frame cannot be had,
 * -EEXIST when va is already mapped, -EINVAL for bad alignment. */
int paging_map(uint64_t *pml4, uint64_t va, uint64_t pa, unsigned flags);
/* Changes the flags of a mapped 4 KiB page; -EINVAL if none is there.
 * Write access to a frame another space shares first copies it (-ENOMEM). */
int paging_protect(uint64_t *pml4, uint64_t va, unsigned flags);
/* Unmaps one 4 KiB page; returns its physical address or 0 if none. */
uint64_t paging_unmap(uint64_t *pml4, uint64_t va);
/* Unmaps one 4 KiB page and frees its frame unless MAP_NOFREE; a page kept
 * by MAP_NONE counts as mapped in these three. */
void paging_release(uint64_t *pml4, uint64_t va);
/* Moves the page at from (frame and flags) to the unmapped to: 0 (also when
 * nothing is at from), -ENOMEM for a table, -EEXIST if to is mapped. */
int paging_move(uint64_t *pml4, uint64_t from, uint64_t to);
/* The first page at or above va, below end, that holds a frame, or end;
 * skips missing tables whole. */
uint64_t paging_next_page(uint64_t *pml4, uint64_t va, uint64_t end);
/* The leaf entry mapping va (4 KiB or 2 MiB), or 0. */
uint64_t paging_query(uint64_t *pml4, uint64_t va);
/* Maps [phys, phys + len) at PHYS_MAP + phys for the kernel (device memory
 * such as a framebuffer, outside the RAM map); pages already there stay. */
void paging_map_phys(uint64_t phys, uint64_t len);
/* Whether va is mapped present in the current kernel view (for the dump). */
bool paging_kernel_readable(uint64_t va);

/* Frames for the kernel: zeroed, from the allocator built by mem_init. */
struct mb2_info;
void mem_init(const struct mb2_info *mb, uint64_t info_phys);
uint64_t frame_alloc(void);  /* 0 when none is left */
void frame_free(uint64_t pa);
uint64_t frame_free_count(void);
/* Frames several spaces share (src/frameref.c, fork's copy-on-write):
 * frame_share adds a reference (false when it cannot be counted: then
 * copy), frame_put drops one and frees the frame with its last,
 * frame_extra_refs says how many beyond the first. */
bool frame_share(uint64_t pa);
void frame_put(uint64_t pa);
unsigned frame_extra_refs(uint64_t pa);
