/* The console as a terminal: what fds 0-2 read and write, and ioctl. It is
 * Linux's /dev/console (character device 5:1) on COM1 and the screen, with
 * Linux's default termios and an 80x25 window (the VGA text screen). */
#include "console.h"
#include "errno.h"
#include "fd.h"
#include "gdt.h"
#include "kstring.h"
#include "proc.h"
#include "sched.h"
#include "syscall.h"
#include "pipe.h"
#include "tty_input.h"
#include "uaccess.h"
#include "uapi/linux_fs.h"
#include "uapi/linux_tty.h"

static struct process *cur(void) { return cpu0.proc; }

void tty_init(struct process *p)
{
    /* Linux's tty_std_termios: 38400 baud 8N1, canonical with echo. */
    struct linux_termios *t = &p->ts.termios;
    t->c_iflag = ICRNL | IXON;
    t->c_oflag = OPOST | ONLCR;
    t->c_cflag = B38400 | CS8 | CREAD | HUPCL;
    t->c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
    static const uint8_t cc[17] = {3, 034, 0177, 025, 4, 0, 1, 0, 021, 023, 032, 0, 022, 017, 027, 026, 0};
    memcpy(t->c_cc, cc, sizeof cc);
    p->ts.winsize = (struct linux_winsize){.ws_row = 25, .ws_col = 80};
    p->ts.tty_pgrp = 1; /* the runner's group is in the foreground */
}

int64_t tty_write(const struct sc_call *c, struct file *f, uint64_t buf, uint64_t count)
{
    (void)f;
    char chunk[256];
    uint64_t done = 0;
    /* In chunks, under the watchdog: the UART is slow on real machines. */
    while (done < count) {
        uint64_t n = count - done < sizeof chunk ? count - done : sizeof chunk;
        if (copy_from_user(chunk, buf + done, n))
            return done ? (int64_t)done : -EFAULT;
        console_write(chunk, n);
        done += n;
        proc_check_time(c->frame);
    }
    return (int64_t)done;
}

static int64_t tty_ioctl(struct process *p, uint32_t cmd, uint64_t arg)
{
    struct task_state *t = &p->ts;
    switch (cmd) {
    case TCGETS:
        return copy_to_user(arg, &t->termios, sizeof t->termios);
    case TCSETSF:
        tty_flush_input(); /* drop unread input */
        __attribute__((fallthrough));
    case TCSETSW:
    case TCSETS: {
        struct linux_termios n;
        if (copy_from_user(&n, arg, sizeof n))
            return -EFAULT;
        if (cmd == TCSETSW)
            console_flush(); /* wait for output to drain */
        t->termios = n;
        return 0;
    }
    case TIOCGWINSZ:
        return copy_to_user(arg, &t->winsize, sizeof t->winsize);
    case TIOCSWINSZ: {
        struct linux_winsize w;
        if (copy_from_user(&w, arg, sizeof w))
            return -EFAULT;
        t->winsize = w;
        return 0;
    }
    case TIOCGPGRP:
        /* Only for the caller's controlling terminal (lost by setsid). */
        if (!t->cred.ctty)
            return -ENOTTY;
        return copy_to_user(arg, &(int32_t){t->tty_pgrp}, 4);
    case TIOCSPGRP: {
        if (!t->cred.ctty)
            return -ENOTTY;
        int32_t g;
        if (copy_from_user(&g, arg, 4))
            return -EFAULT;
        if (g < 0)
            return -EINVAL;
        /* A group of the console's session: the runner's (1), or one a
         * process of the table is in (a shell's job, for fg); -EPERM for a
         * group of another session, -ESRCH for none, as Linux's tiocspgrp. */
        if (g != 1 && g != t->cred.pgid) {
            int i = 0, found = 0;
            for (struct process *q; (q = sched_next(&i));)
                if (q->state != PS_ZOMBIE && q->ts.cred.pgid == g)
                    found = q->ts.cred.sid == t->cred.sid ? 1 : found ? found : -1;
            if (!found)
                return -ESRCH;
            if (found < 0)
                return -EPERM;
        }
        t->tty_pgrp = g;
        return 0;
    }
    }
    return -ENOTTY;
}

/* ioctl(fd, cmd, arg): the requests Linux serves for any file first, then
 * the terminal's; a snapshot file has no ioctl of its own. */
int64_t sys_ioctl(struct sc_call *c)
{
    struct process *p = cur();
    int64_t fd = (int32_t)c->arg[0];
    uint32_t cmd = (uint32_t)c->arg[1];
    uint64_t arg = c->arg[2];
    struct file *f = fd_get(p, fd);
    if (!f)
        return -EBADF;
    switch (cmd) {
    case FIOCLEX:
    case FIONCLEX: {
        struct fd_table *t = &proc_group(p)->ts.fds;
        uint64_t bit = 1ul << (fd % 64);
        t->cloexec[fd / 64] = cmd == FIOCLEX ? t->cloexec[fd / 64] | bit : t->cloexec[fd / 64] & ~bit;
        return 0;
    }
    case FIONREAD: {
        if (f->kind == FILE_SNAPSHOT)
            break; /* a regular file's FIONREAD is its own: none here */
        uint64_t n = f->kind == FILE_PIPE ? pipe_unread(f) : tty_unread(p);
        int32_t v = n > INT32_MAX ? INT32_MAX : (int32_t)n;
        return copy_to_user(arg, &v, 4);
    }
    case FIONBIO: {
        int32_t on;
        if (copy_from_user(&on, arg, 4))
            return -EFAULT;
        f->flags = on ? f->flags | O_NONBLOCK : f->flags & ~(uint32_t)O_NONBLOCK;
        return 0;
    }
    }
    if (f->kind != FILE_CONSOLE)
        return -ENOTTY; /* a pipe's or a snapshot's tty request */
    return tty_ioctl(p, cmd, arg);
}
