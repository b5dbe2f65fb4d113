/* Where the vDSO lives in every program, as plain numbers for the vDSO's
 * assembly and C (include/uapi/entrylab.h has the same values for programs
 * and the kernel; vdso/vclock.c asserts they agree). */
#pragma once
#define VDSO_VVAR_ADDR        0xFFFFC000 /* the data page, struct vvar */
#define VDSO_VVAR_DOOR32_ENTRY 8         /* offsetof(struct vvar, door32_entry) */
