/* Linux's legacy vsyscall page: old static x86-64 programs call
 * 0xffffffffff600000 (gettimeofday), +0x400 (time) and +0x800 (getcpu).
 * As in Linux, the page is never executed: a call there faults, and the #PF
 * handler performs the call (vsyscall_fault). vsyscall= on the command line:
 *   xonly   (default) the page is not mapped; calls are emulated
 *   emulate the page is readable (Linux's syscall sequences), not executable
 *   none    no page and no emulation: every access is the program's fault */
#include "cmdline.h"
#include "console.h"
#include "errno.h"
#include "idt.h"
#include "gdt.h"
#include "kstring.h"
#include "layout.h"
#include "paging.h"
#include "proc.h"
#include "timecalls.h"
#include "uaccess.h"
#include "uapi/entrylab.h"
#include "vsyscall.h"

static enum vsyscall_mode mode = VSYSCALL_XONLY;

enum vsyscall_mode vsyscall_mode(void) { return mode; }

/* What Linux's page holds at each entry: mov $nr, %rax; syscall; ret. On a
 * CPU without NX this code really runs (the page cannot be made NX there),
 * and the system calls do the same. */
static void fill_page(uint8_t *page)
{
    static const uint32_t nr[3] = {96, 201, 309}; /* gettimeofday, time, getcpu */
    memset(page, 0xCC, PAGE_SIZE);                /* int3 everywhere else */
    for (int i = 0; i < 3; i++) {
        uint8_t *p = page + 0x400 * i;
        const uint8_t code[10] = {0x48, 0xC7, 0xC0, (uint8_t)nr[i], (uint8_t)(nr[i] >> 8), 0, 0,
                                  0x0F, 0x05, 0xC3};
        memcpy(p, code, sizeof code);
    }
}

void vsyscall_init(void)
{
    char word[16];
    if (cmdline_get("vsyscall", word, sizeof word)) {
        if (!strcmp(word, "emulate"))
            mode = VSYSCALL_EMULATE;
        else if (!strcmp(word, "none"))
            mode = VSYSCALL_NONE;
        else if (strcmp(word, "xonly"))
            klog("vsyscall", "vsyscall=%s: unknown mode (xonly, emulate or none); using xonly", word);
    }
    if (mode == VSYSCALL_EMULATE) {
        uint64_t pa = frame_alloc();
        if (!pa)
            panic(0, "no frame for the vsyscall page");
        fill_page(phys_to_virt(pa));
        /* In the shared kernel half, before any address space copies it. */
        if (paging_map_user_high(EL_VSYSCALL_ADDR, pa, MAP_USER))
            panic(0, "cannot map the vsyscall page");
    }
    static const char *const names[] = {"xonly", "emulate", "none"};
    klog("vsyscall", "mode %s", names[mode]);
}

bool vsyscall_fault(struct frame *f, uint64_t cr2)
{
    if (mode == VSYSCALL_NONE || (cr2 & ~0xFFFul) != EL_VSYSCALL_ADDR)
        return false;
    /* Only a call from 64-bit code, landing on the page: an instruction
     * fetch at the faulting address (the I bit is not reported without
     * NX, hence the RIP test). A read or write is the program's fault. */
    if (f->cs != USER_CS || f->rip != cr2)
        return false;
    uint64_t off = cr2 & 0xFFF;
    if (off & 0x3FF || off > 0x800) {
        klog("vsyscall", "pid %d: call into the vsyscall page at offset %#lx, not an entry",
             cpu0.proc->pid, off);
        return false;
    }
    uint64_t ret;
    if (copy_from_user(&ret, f->rsp, 8) || ret >= USER_END)
        return false;
    int64_t r;
    switch (off >> 10) {
    case 0: r = time_gettimeofday(f->rdi, f->rsi, false); break;
    case 1: r = time_time(f->rdi, false); break;
    default: r = time_getcpu(f->rdi, f->rsi); break;
    }
    /* A bad pointer: Linux sends SIGSEGV; entrylab kills the program. */
    if (r == -EFAULT)
        return false;
    f->rax = (uint64_t)r;
    f->rip = ret; /* the emulated ret */
    f->rsp += 8;
    return true;
}
