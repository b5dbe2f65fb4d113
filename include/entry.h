/* The doors into the kernel and the ways back out. */
#pragma once
#include <stdint.h>

/* frame.vector for system calls: which door the call came through. int 0x80
 * keeps its own vector number; the others sit above the 256 IDT vectors. */
#define ENTRY_INT80      0x80
#define ENTRY_SYSCALL64  0x100
#define ENTRY_SYSCALL32  0x101
#define ENTRY_SYSENTER32 0x102
#define ENTRY_SYSENTER64 0x103

/* What the entry stub does on the way out, as chosen by c_syscall. */
#define RET_IRETQ   0
#define RET_SYSRET  1
#define RET_SYSEXIT 2
