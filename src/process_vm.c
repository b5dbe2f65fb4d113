/* process_vm_readv and process_vm_writev: copies between the caller's
 * memory and a process's, by iovec lists. The only process is the caller
 * itself, so both sides are its own address space; debuggers and Linux's
 * test_vsyscall use the call to peek at memory as ptrace would, which
 * includes the vsyscall page when vsyscall=emulate maps it readable. */
#include "errno.h"
#include "gdt.h"
#include "kstring.h"
#include "layout.h"
#include "proc.h"
#include "syscall.h"
#include "uaccess.h"
#include "uapi/entrylab.h"
#include "vsyscall.h"

#define UIO_MAXIOV 1024

struct iov { uint64_t base, len; };

static int read_iov(const struct sc_call *c, uint64_t uiov, uint64_t i, struct iov *out)
{
    if (sc_abi32(c)) {
        uint32_t v[2];
        if (copy_from_user(v, uiov + i * 8, sizeof v))
            return -EFAULT;
        *out = (struct iov){v[0], v[1]};
    } else if (copy_from_user(out, uiov + i * 16, sizeof *out)) {
        return -EFAULT;
    }
    return 0;
}

/* The "remote" side: user memory, or the readable vsyscall page. */
static int remote_read(void *dst, uint64_t src, uint64_t n)
{
    if (src >= EL_VSYSCALL_ADDR && n <= EL_VSYSCALL_ADDR + PAGE_SIZE - src) {
        if (vsyscall_mode() != VSYSCALL_EMULATE)
            return -EFAULT;
        return raw_copy(dst, (const void *)src, n) ? -EFAULT : 0;
    }
    return copy_from_user(dst, src, n);
}

static int64_t transfer(struct sc_call *c, bool write)
{
    uint64_t pid = (uint32_t)c->arg[0], lvec = c->arg[1], lcnt = c->arg[2];
    uint64_t rvec = c->arg[3], rcnt = c->arg[4], flags = c->arg[5];
    if (flags)
        return -EINVAL;
    if (lcnt > UIO_MAXIOV || rcnt > UIO_MAXIOV)
        return -EINVAL;
    if ((int32_t)pid != cpu0.proc->pid)
        return -ESRCH;
    uint64_t done = 0, li = 0, loff = 0;
    struct iov l = {0, 0}, r;
    if (lcnt && read_iov(c, lvec, 0, &l))
        return -EFAULT;
    for (uint64_t ri = 0; ri < rcnt; ri++) {
        if (read_iov(c, rvec, ri, &r))
            return done ? (int64_t)done : -EFAULT;
        for (uint64_t roff = 0; roff < r.len;) {
            while (loff == l.len) { /* the next local buffer */
                if (++li >= lcnt)
                    return (int64_t)done;
                if (read_iov(c, lvec, li, &l))
                    return done ? (int64_t)done : -EFAULT;
                loff = 0;
            }
            static uint8_t bounce[4096];
            uint64_t n = r.len - roff;
            if (n > l.len - loff)
                n = l.len - loff;
            if (n > sizeof bounce)
                n = sizeof bounce;
            int e = write ? copy_from_user(bounce, l.base + loff, n) || copy_to_user(r.base + roff, bounce, n)
                          : remote_read(bounce, r.base + roff, n) || copy_to_user(l.base + loff, bounce, n);
            if (e) /* a partial transfer counts what was copied, as Linux */
                return done ? (int64_t)done : -EFAULT;
            done += n, roff += n, loff += n;
            proc_check_time(c->frame);
        }
    }
    return (int64_t)done;
}

int64_t sys_process_vm_readv(struct sc_call *c) { return transfer(c, false); }
int64_t sys_process_vm_writev(struct sc_call *c) { return transfer(c, true); }
