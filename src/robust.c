/* set_robust_list and get_robust_list: where the C library keeps the list
 * of robust futexes the kernel would release at exit. entrylab stores the
 * head (one thread, no futexes to wake); rseq is absent (-ENOSYS, as a
 * Linux built without CONFIG_RSEQ). */
#include "errno.h"
#include "gdt.h"
#include "proc.h"
#include "syscall.h"
#include "uaccess.h"

/* struct robust_list_head is three pointers: 24 bytes, 12 for i386. */
static uint64_t head_size(const struct sc_call *c)
{
    return sc_abi32(c) ? ROBUST_LIST_HEAD_SIZE32 : ROBUST_LIST_HEAD_SIZE64;
}

int64_t sys_set_robust_list(struct sc_call *c)
{
    struct task_state *t = &cpu0.proc->ts;
    if (c->arg[1] != head_size(c))
        return -EINVAL;
    t->robust_head = c->arg[0];
    t->robust_len = c->arg[1];
    return 0;
}

/* get_robust_list(pid, head_ptr, len_ptr): i386 writes 32-bit words. */
int64_t sys_get_robust_list(struct sc_call *c)
{
    struct process *p = cpu0.proc;
    int32_t pid = (int32_t)c->arg[0];
    if (pid != 0 && pid != p->pid)
        return -ESRCH;
    uint64_t w = sc_abi32(c) ? 4 : 8;
    uint64_t len = head_size(c), head = p->ts.robust_head;
    if (copy_to_user(c->arg[2], &len, w))
        return -EFAULT;
    return copy_to_user(c->arg[1], &head, w);
}
