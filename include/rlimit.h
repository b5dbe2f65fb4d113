/* Resource limit rules (src/rlimit_rules.c, pure: also host-tested) and the
 * i386 conversions of the 32-bit getrlimit and setrlimit. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "uapi/linux_task.h"

/* Linux's defaults for a process; threads is Linux's max_threads (it sets
 * the NPROC and SIGPENDING limits to half of it). */
void rlimit_defaults(struct linux_rlimit64 out[RLIM_NLIMITS], uint64_t threads);
/* Whether new may replace old for resource: 0, -EINVAL (no such resource,
 * soft above hard) or -EPERM (raising the hard limit without
 * CAP_SYS_RESOURCE, or RLIMIT_NOFILE above fs.nr_open). new NULL: a read. */
int rlimit_check(uint32_t resource, const struct linux_rlimit64 *old,
                 const struct linux_rlimit64 *new, bool capable);
/* i386 ugetrlimit: values past 32 bits read as infinity (0xFFFFFFFF). */
uint32_t rlimit_to_compat(uint64_t v);
/* i386 old getrlimit (#76): values clamp to 0x7FFFFFFF, infinity included. */
uint32_t rlimit_to_old(uint64_t v);
/* i386 setrlimit: 0xFFFFFFFF means infinity. */
uint64_t rlimit_from_compat(uint32_t v);
