/* System-call restart: restart_syscall(2), and the frame shape a call from a
 * fast door restarts in. A blocking call a signal interrupts returns an
 * ERESTART* code (include/errno.h); signal delivery (src/signal.c) turns it
 * into -EINTR or moves RIP back over the door instruction with rax the
 * number again, as Linux's arch/x86/kernel/signal.c does. For
 * ERESTART_RESTARTBLOCK the number becomes restart_syscall's, which resumes
 * the call from p->sig.restart (a sleep's remaining time, not its start). */
#include "cpu.h"
#include "entry.h"
#include "errno.h"
#include "gdt.h"
#include "layout.h"
#include "proc.h"
#include "restart.h"
#include "syscall.h"
#include "uaccess.h"

bool syscall_frame_is_call(const struct frame *f)
{
    switch (f->vector) {
    case ENTRY_INT80:
    case ENTRY_SYSCALL64:
    case ENTRY_SYSCALL32:
    case ENTRY_SYSENTER32:
    case ENTRY_SYSENTER64:
        return true;
    }
    return false;
}

bool syscall_frame_abi32(const struct frame *f)
{
    return f->vector != ENTRY_SYSCALL64 && f->vector != ENTRY_SYSENTER64;
}

/* Argument 6 of a fast 32-bit call, read as decode() reads it. */
static bool arg6_of(const struct frame *f, uint32_t *a6) { return fast32_arg6(f, a6) == 0; }

void syscall_frame_int80_shape(struct frame *f)
{
    uint32_t a6;
    switch (f->vector) {
    case ENTRY_SYSENTER32:
        /* The stub made RSP the user's ebp, so an unshaped frame has
         * ebp == esp; once shaped, ebp is argument 6 (and shaping again
         * reads the same word). RIP is the landing pad already. */
        if ((uint32_t)f->rbp == (uint32_t)f->rsp && arg6_of(f, &a6))
            f->rbp = a6;
        return;
    case ENTRY_SYSCALL32:
        /* RIP follows the program's syscall; a shaped frame's is the landing
         * pad (or, moved back for a restart, the int $0x80 before it), which
         * no syscall instruction precedes. */
        if (f->rip == EL_VDSO_LANDING32 || f->rip == EL_VDSO_LANDING32 - 2)
            return;
        if (!arg6_of(f, &a6))
            return; /* the call failed -EFAULT: nothing to restart */
        f->rcx = (uint32_t)f->rbp;
        f->rbp = a6;
        f->rip = EL_VDSO_LANDING32;
        return;
    case ENTRY_SYSENTER64:
        /* The arguments are where they came; the stub made RIP the landing
         * pad, after the vDSO's second sysenter (vdso/doors64.S). */
        if (f->rip != EL_VDSO_LANDING64 - 2)
            f->rip = EL_VDSO_LANDING64;
        return;
    }
}

/* restart_syscall(): resumes what the interrupted call left in the block;
 * with none (a program calling it by itself), -EINTR as on Linux. The block
 * is used once: a call interrupted again leaves a new one. */
int64_t sys_restart_syscall(struct sc_call *c)
{
    struct process *p = cpu0.proc;
    struct restart_block b = p->sig.restart;
    p->sig.restart.kind = RESTART_NONE;
    switch (b.kind) {
    case RESTART_NANOSLEEP: return time_nanosleep_restart(c, &b);
    case RESTART_POLL: return poll_restart(c, &b);
    case RESTART_FUTEX: return futex_restart(c, &b);
    case RESTART_NONE: break;
    }
    return -EINTR;
}
