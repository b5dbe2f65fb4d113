/* The vDSO (vdso/ is its user-side code): two ELF images and their data
 * page, mapped into every program. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "vdso_syms.h" /* generated: VDSO32_KERNEL_VSYSCALL, _SIGRETURN, _RT_SIGRETURN */

/* Copies the images to frames and publishes the clock (before the probe). */
void vdso_init(void);
/* Picks __kernel_vsyscall's door: door32= or the vendor's fast one, among
 * the doors the probe accepted (after the probe). */
void vdso_choose_door32(void);
/* The EL_DOOR_* __kernel_vsyscall uses. */
uint32_t vdso_door32(void);
/* The end of the image of this width as mapped (its door stubs included). */
uint64_t vdso_image_end(bool is64);
/* Maps the data page and the image of this width into a new space. */
int vdso_map(uint64_t *pml4, bool is64);
/* Rewrites the clock part of the data page under its seqcount (after a
 * change of the clock's base, e.g. a future clock_settime). */
void vdso_publish_clock(void);

/* User addresses of the 32-bit image's entry points (EL_VDSO_IMAGE + offset):
 * the return address of 32-bit signal handlers without SA_RESTORER. */
#define VDSO32_SIGRETURN_ADDR    (EL_VDSO_IMAGE + VDSO32_KERNEL_SIGRETURN)
#define VDSO32_RT_SIGRETURN_ADDR (EL_VDSO_IMAGE + VDSO32_KERNEL_RT_SIGRETURN)
#define VDSO32_VSYSCALL_ADDR     (EL_VDSO_IMAGE + VDSO32_KERNEL_VSYSCALL)
