/* Linux's legacy vsyscall page at 0xffffffffff600000 (vsyscall= on the
 * kernel command line: xonly, the default; emulate; none). */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "frame.h"

enum vsyscall_mode { VSYSCALL_XONLY, VSYSCALL_EMULATE, VSYSCALL_NONE };
void vsyscall_init(void);
enum vsyscall_mode vsyscall_mode(void);
/* A ring-3 #PF at cr2: when it is a call into the vsyscall page, performs
 * the call and returns to the caller (true); false: the program's fault. */
bool vsyscall_fault(struct frame *f, uint64_t cr2);
