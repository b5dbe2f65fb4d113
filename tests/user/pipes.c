/* pipes64 / pipes32: pipe and pipe2 within one process, as Linux gives
 * them: the bytes, the 64 KiB ring and PIPE_BUF's all-or-nothing writes,
 * end of file, -EPIPE with SIGPIPE, poll's bits for each end, FIONREAD,
 * fstat's S_IFIFO, no offset (-ESPIPE), flags and bad pointers. The
 * blocking cases need a second process (pipeline tests). */
#include "calls.h"
#include <uapi/sigframe.h>

#define EPIPE 32
#define AT_EMPTY_PATH_ 0x1000
#define POLLIN 0x001
#define POLLOUT 0x004
#define POLLERR 0x008
#define POLLHUP 0x010
#define POLLNVAL 0x020
#define SIGBIT(s) (1ull << ((s) - 1))

struct pollfd_ {
    int fd;
    short events, revents;
};

static int fds[2];
static char buf[70000];

static void make(long flags)
{
    fds[0] = fds[1] = -1;
    expect("pipe2", sys(NR(pipe2), fds, flags), 0);
    check(fds[0] >= 3 && fds[1] == fds[0] + 1, "pipe2: the two lowest free fds, read end first");
}

static void finish(void)
{
    sys(NR(close), fds[0]);
    sys(NR(close), fds[1]);
}

static short revents(int fd, short events)
{
    struct pollfd_ p = {fd, events, 0x7777};
    long r = sys(NR(poll), &p, 1, 0);
    return r < 0 ? (short)r : p.revents;
}

static void test_bytes(void)
{
    expect("pipe", sys(NR(pipe), fds), 0);
    expect("write 5 bytes", sys(NR(write), fds[1], "hello", 5), 5);
    int n = -1;
    expect("FIONREAD", sys(NR(ioctl), fds[0], FIONREAD, &n), 0);
    expect("FIONREAD: 5 waiting", n, 5);
    expect("read 3 of them", sys(NR(read), fds[0], buf, 3), 3);
    expect("read the other 2", sys(NR(read), fds[0], buf + 3, 100), 2);
    expect("in order", memcmp(buf, "hello", 5), 0);
    expect("lseek is -ESPIPE", sys(NR(lseek), fds[0], 0, 0), -ESPIPE);
    expect("pread64 is -ESPIPE", sys(NR(pread64), fds[0], buf, 1, 0, 0), -ESPIPE);
    expect("reading the write end is -EBADF", sys(NR(read), fds[1], buf, 1), -EBADF);
    expect("writing the read end is -EBADF", sys(NR(write), fds[0], "x", 1), -EBADF);
    expect("ioctl TCGETS on a pipe is -ENOTTY", sys(NR(ioctl), fds[0], TCGETS, buf), -ENOTTY);
    static struct linux_statx sx;
    expect("statx of the read end", sys(NR(statx), fds[0], "", AT_EMPTY_PATH_, 0x7ff, &sx), 0);
    expect("statx: prw-------", sx.stx_mode, S_IFIFO | 0600);
    expect("statx: 4 KiB blocks", sx.stx_blksize, 4096);
    static struct linux_statx sx2;
    sys(NR(statx), fds[1], "", AT_EMPTY_PATH_, 0x7ff, &sx2);
    check(sx.stx_ino == sx2.stx_ino && sx.stx_dev_minor == sx2.stx_dev_minor, "statx: both ends are one inode");
    /* A dup'd end keeps the pipe open after the original is closed. */
    long d = sys(NR(dup), fds[1]);
    check(d > fds[1], "dup of the write end");
    sys(NR(close), fds[1]);
    expect("write through the dup", sys(NR(write), d, "ab", 2), 2);
    sys(NR(close), d);
    expect("the bytes before the last writer closed", sys(NR(read), fds[0], buf, 10), 2);
    expect("then end of file", sys(NR(read), fds[0], buf, 10), 0);
    expect("poll: the read end hangs up", revents(fds[0], POLLIN), POLLHUP);
    sys(NR(close), fds[0]);
}

/* How much a pipe holds, as Linux counts it: 16 page buffers, a write's
 * sub-page remainder appended to the newest buffer only when it fits. */
static void test_ring(void)
{
    make(O_NONBLOCK);
    expect("an empty pipe is -EAGAIN non-blocking", sys(NR(read), fds[0], buf, 1), -EAGAIN);
    expect("poll: empty read end, nothing", revents(fds[0], POLLIN), 0);
    expect("poll: the write end has room", revents(fds[1], POLLOUT), POLLOUT);
    long total = 0, r;
    while ((r = sys(NR(write), fds[1], buf, 1)) > 0)
        total += r;
    expect("1-byte writes: the last is -EAGAIN", r, -EAGAIN);
    expect("1-byte writes fill 64 KiB", total, 65536);
    expect("poll: a full pipe's write end", revents(fds[1], POLLOUT), 0);
    expect("poll: the read end has data", revents(fds[0], POLLIN), POLLIN);
    int n = 0;
    sys(NR(ioctl), fds[0], FIONREAD, &n);
    expect("FIONREAD: 64 KiB", n, 65536);
    expect("read 100", sys(NR(read), fds[0], buf, 100), 100);
    expect("no buffer free yet: a 100-byte write is -EAGAIN", sys(NR(write), fds[1], buf, 100), -EAGAIN);
    expect("read 4096 (frees the oldest buffer)", sys(NR(read), fds[0], buf, 4096), 4096);
    expect("6000 bytes: one free buffer takes 4096", sys(NR(write), fds[1], buf, 6000), 4096);
    long drained = 0;
    while ((r = sys(NR(read), fds[0], buf, sizeof buf)) > 0)
        drained += r;
    expect("what is left comes out", drained, 65536 - 100);
    /* Mixed sizes leave buffers partly used: 10000-byte writes fit 64096. */
    total = 0;
    while ((r = sys(NR(write), fds[1], buf, 10000)) > 0)
        total += r;
    expect("10000-byte writes hold 64096 bytes, as on Linux", total, 64096);
    finish();
    /* Packet mode: one write per buffer, one packet per read. */
    make(O_NONBLOCK | O_DIRECT);
    sys(NR(write), fds[1], "abc", 3);
    sys(NR(write), fds[1], "defg", 4);
    expect("O_DIRECT: a read takes one packet", sys(NR(read), fds[0], buf, 100), 3);
    expect("O_DIRECT: a short read drops the rest of its packet", sys(NR(read), fds[0], buf, 2), 2);
    expect("O_DIRECT: then nothing", sys(NR(read), fds[0], buf, 100), -EAGAIN);
    finish();
}

static void test_epipe(void)
{
    make(0);
    uint64_t set = SIGBIT(EL_SIGPIPE), pend = 0;
    sys(NR(rt_sigprocmask), EL_SIG_BLOCK, &set, 0, 8);
    sys(NR(close), fds[0]);
    expect("poll: no reader is POLLERR (with POLLOUT, as Linux)", revents(fds[1], POLLOUT), POLLOUT | POLLERR);
    expect("write with no reader is -EPIPE", sys(NR(write), fds[1], "x", 1), -EPIPE);
    sys(NR(rt_sigpending), &pend, 8);
    check(pend & SIGBIT(EL_SIGPIPE), "... and SIGPIPE is pending");
    /* Unblocking it now would end the program: the default action. */
    long act[4] = {1 /* SIG_IGN */, 0, 0, 0};
    sys(NR(rt_sigaction), EL_SIGPIPE, act, 0, 8);
    sys(NR(rt_sigprocmask), EL_SIG_UNBLOCK, &set, 0, 8);
    sys(NR(close), fds[1]);
}

static void test_calls(void)
{
    expect("pipe2 with 1 is -EINVAL", sys(NR(pipe2), fds, 1), -EINVAL);
    long next = sys(NR(dup), 0);
    sys(NR(close), next);
    expect("pipe to a bad pointer is -EFAULT", sys(NR(pipe), UNMAPPED), -EFAULT);
    expect("pipe2 to a kernel address is -EFAULT", sys(NR(pipe2), KPTR, 0), -EFAULT);
    long again = sys(NR(dup), 0);
    sys(NR(close), again);
    expect("... and no fd stays open", again, next);
    make(O_CLOEXEC);
    expect("O_CLOEXEC: FD_CLOEXEC on the read end", sys(NR(fcntl), fds[0], 1 /* F_GETFD */), 1);
    expect("O_CLOEXEC: and on the write end", sys(NR(fcntl), fds[1], 1), 1);
    expect("no O_NONBLOCK: F_GETFL is O_RDONLY", sys(NR(fcntl), fds[0], 3 /* F_GETFL */), 0);
    expect("F_GETFL of the write end is O_WRONLY", sys(NR(fcntl), fds[1], 3), 1);
    finish();
    struct pollfd_ p[3] = {{-1, POLLIN, 5}, {999, POLLIN, 5}, {1, POLLOUT, 5}};
    expect("poll: two of three ready", sys(NR(poll), p, 3, 0), 2);
    expect("poll: a negative fd is skipped", p[0].revents, 0);
    expect("poll: a closed fd is POLLNVAL", p[1].revents, POLLNVAL);
    expect("poll: the console takes output", p[2].revents, POLLOUT);
    expect("poll on a bad array is -EFAULT", sys(NR(poll), UNMAPPED, 1, 0), -EFAULT);
    expect("poll past RLIMIT_NOFILE is -EINVAL", sys(NR(poll), p, 1 << 20, 0), -EINVAL);
}

int main(int argc, char **argv, char **envp)
{
    (void)argc, (void)argv, (void)envp;
    test_bytes();
    test_ring();
    test_epipe();
    test_calls();
    return calls_done("pipes");
}
