/* The console's input: Linux's line discipline (n_tty) in the part programs
 * see, over COM1. Canonical mode gathers a line with erase, kill and
 * end-of-file and hands out at most one line per read; raw mode hands out
 * bytes as they come, as VMIN and VTIME say. ISIG turns ^C, ^\ and ^Z into
 * SIGINT, SIGQUIT and SIGTSTP for the program reading. Echo as the flags ask.
 *
 * Waiting: with the command-line word "interactive" (./lab run --shell) a
 * read with nothing typed waits for a key, as on any Linux terminal. Without
 * it nobody is at the keyboard (the test images): such a read is end of
 * file at once, or -EAGAIN when non-blocking. */
#include "clock.h"
#include "cmdline.h"
#include "console.h"
#include "cpu.h"
#include "errno.h"
#include "fd.h"
#include "gdt.h"
#include "proc.h"
#include "sched.h"
#include "signal.h"
#include "syscall.h"
#include "tty_input.h"
#include "uaccess.h"
#include "uapi/linux_fs.h"
#include "uapi/linux_tty.h"

#define LINE_MAX_BYTES 4095 /* n_tty's limit: one byte stays for the newline */

static struct {
    char line[LINE_MAX_BYTES + 1]; /* canonical: the line being edited */
    size_t len;
    char ready[2 * (LINE_MAX_BYTES + 1)]; /* what reads hand out next */
    size_t head, tail;
    bool eof; /* a VEOF on an empty line: the next read returns 0 */
} in;

bool tty_interactive(void)
{
    static int known = -1;
    if (known < 0)
        known = cmdline_has("interactive", 0);
    return known;
}

static void echo(const struct linux_termios *t, char c)
{
    if ((t->c_lflag & ECHOCTL) && (uint8_t)c < 32 && c != '\n' && c != '\t') {
        console_putc('^');
        console_putc((char)(c + 64));
        return;
    }
    console_putc(c);
}

static void erase_one(const struct linux_termios *t)
{
    if (!in.len)
        return;
    char gone = in.line[--in.len];
    if (!(t->c_lflag & ECHO) || !(t->c_lflag & ECHOE))
        return;
    int width = (t->c_lflag & ECHOCTL) && (uint8_t)gone < 32 && gone != '\t' ? 2 : 1;
    for (int i = 0; i < width; i++)
        console_write("\b \b", 3);
}

static void make_ready(const char *s, size_t n)
{
    if (in.head == in.tail)
        in.head = in.tail = 0;
    if (n > sizeof in.ready - in.tail)
        n = sizeof in.ready - in.tail; /* a reader that never reads loses input */
    for (size_t i = 0; i < n; i++)
        in.ready[in.tail++] = s[i];
}

static void tty_signal(struct process *p, int sig)
{
    struct ksiginfo info = {.signo = sig, .code = EL_SI_KERNEL};
    signal_send(p, &info);
    in.len = 0; /* n_tty flushes the input on a signal character */
    in.head = in.tail = 0;
}

/* One byte from the wire through the termios of p. */
static void take(struct process *p, char c)
{
    const struct linux_termios *t = &p->ts.termios;
    const uint8_t *cc = t->c_cc;
    if (t->c_iflag & ISTRIP)
        c &= 0x7f;
    if (c == '\r') {
        if (t->c_iflag & IGNCR)
            return;
        if (t->c_iflag & ICRNL)
            c = '\n';
    } else if (c == '\n' && (t->c_iflag & INLCR)) {
        c = '\r';
    }
    if ((t->c_lflag & ISIG) && c && (c == (char)cc[VINTR] || c == (char)cc[VQUIT] || c == (char)cc[VSUSP])) {
        if (t->c_lflag & ECHO)
            echo(t, c), console_putc('\n');
        tty_signal(p, c == (char)cc[VINTR] ? EL_SIGINT : c == (char)cc[VQUIT] ? EL_SIGQUIT : EL_SIGTSTP);
        return;
    }
    if (!(t->c_lflag & ICANON)) {
        make_ready(&c, 1);
        if (t->c_lflag & ECHO)
            echo(t, c);
        return;
    }
    if (c && (c == (char)cc[VERASE] || c == '\b')) {
        erase_one(t);
        return;
    }
    if (c && c == (char)cc[VKILL]) {
        while (in.len)
            erase_one(t);
        return;
    }
    if (c && c == (char)cc[VEOF]) {
        if (!in.len)
            in.eof = true;
        make_ready(in.line, in.len);
        in.len = 0;
        return;
    }
    bool eol = c == '\n' || (c && c == (char)cc[VEOL]);
    if (!eol && in.len >= LINE_MAX_BYTES)
        return; /* the line is full: only its end goes in */
    in.line[in.len++] = c;
    if ((t->c_lflag & ECHO) || (c == '\n' && (t->c_lflag & ECHONL)))
        echo(t, c);
    if (eol) {
        make_ready(in.line, in.len);
        in.len = 0;
    }
}

/* Everything COM1 holds now, through the discipline. */
static void pump(struct process *p)
{
    int ch;
    while ((ch = console_getc()) >= 0)
        take(p, (char)ch);
}

void tty_flush_input(void)
{
    while (console_getc() >= 0)
        ;
    in.len = in.head = in.tail = 0;
    in.eof = false;
}

uint64_t tty_unread(struct process *p)
{
    pump(p);
    return in.tail - in.head;
}

bool tty_readable(struct process *p)
{
    pump(p);
    return in.head != in.tail || in.eof || !tty_interactive();
}

static bool interrupted(const struct process *p)
{
    return (p->sig.pending & ~p->sig.blocked) != 0;
}

void tty_wait_tick(const struct frame *f)
{
    /* Until the next timer tick, in the scheduler: other processes run
     * meanwhile (a pipe's other end among them), and the runner halts when
     * nothing can; a key is seen at the tick after it came. */
    sched_wait_tick();
    proc_check_time(f);
}

int64_t tty_read(const struct sc_call *c, struct file *f, uint64_t buf, uint64_t count)
{
    struct process *p = cpu0.proc;
    const struct linux_termios *t = &p->ts.termios;
    bool canon = t->c_lflag & ICANON;
    uint64_t want = canon || !t->c_cc[VMIN] ? 1 : t->c_cc[VMIN];
    /* VTIME in tenths of a second: with VMIN 0 for the whole read, else
     * between bytes once the first has come. */
    uint64_t vtime = !canon && t->c_cc[VTIME] ? clock_ns_to_tsc(t->c_cc[VTIME] * 100000000ul) : 0;
    uint64_t deadline = vtime && !t->c_cc[VMIN] ? rdtsc() + vtime : 0;
    if (count == 0)
        return 0;
    uint64_t n = 0;
    for (;;) {
        pump(p);
        if (vtime && t->c_cc[VMIN] && in.head != in.tail)
            deadline = rdtsc() + vtime;
        while (n < count && in.head != in.tail) {
            char b = in.ready[in.head++];
            if (copy_to_user(buf + n, &b, 1)) {
                in.head--;
                return n ? (int64_t)n : -EFAULT;
            }
            n++;
            if (canon && b == '\n')
                return (int64_t)n; /* one line per read */
        }
        if (n >= want || n == count)
            return (int64_t)n;
        if (in.eof) {
            in.eof = false;
            return (int64_t)n;
        }
        if (!canon && !t->c_cc[VMIN] && !t->c_cc[VTIME])
            return (int64_t)n; /* a poll of the line: whatever was there */
        if (!tty_interactive())
            return n || !(f->flags & O_NONBLOCK) ? (int64_t)n : -EAGAIN;
        if (f->flags & O_NONBLOCK)
            return n ? (int64_t)n : -EAGAIN;
        if (interrupted(p))
            return n ? (int64_t)n : -ERESTARTSYS; /* Linux's n_tty_read */
        if (deadline && rdtsc() >= deadline)
            return (int64_t)n;
        tty_wait_tick(c->frame);
    }
}
