/* prctl: the process's name (PR_SET_NAME, PR_GET_NAME: 16 bytes with the
 * NUL, as Linux's comm) and its dumpable flag. Every other option is
 * -EINVAL, as Linux says for an option it does not know. */
#include "errno.h"
#include "gdt.h"
#include "kstring.h"
#include "proc.h"
#include "syscall.h"
#include "uaccess.h"

int64_t sys_prctl(struct sc_call *c)
{
    struct task_state *t = &cpu0.proc->ts;
    uint64_t arg2 = c->arg[1];
    switch ((int32_t)c->arg[0]) {
    case PR_SET_NAME: {
        /* At most 15 bytes are taken; a longer name is cut, not refused. */
        char name[LINUX_TASK_COMM_LEN];
        long n = copy_string_from_user(name, arg2, LINUX_TASK_COMM_LEN - 1);
        if (n == -EFAULT)
            return -EFAULT;
        if (n < 0)
            n = LINUX_TASK_COMM_LEN - 1;
        memset(t->comm, 0, sizeof t->comm);
        memcpy(t->comm, name, (size_t)n);
        return 0;
    }
    case PR_GET_NAME:
        return copy_to_user(arg2, t->comm, sizeof t->comm);
    case PR_GET_DUMPABLE:
        return t->dumpable;
    case PR_SET_DUMPABLE:
        /* 0 or 1 (SUID_DUMP_USER); 2, root-only dumps, is not settable. */
        if (arg2 != 0 && arg2 != 1)
            return -EINVAL;
        t->dumpable = (int)arg2;
        return 0;
    }
    return -EINVAL;
}
