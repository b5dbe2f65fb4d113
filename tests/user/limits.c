/* limits64 / limits32: resource limits (getrlimit, setrlimit, prlimit64,
 * i386's ugetrlimit and old getrlimit), prctl, the robust list, the
 * scheduling calls, getrandom, iopl and ioperm, and calls that must stay
 * -ENOSYS (rseq, vm86). */
#include "calls.h"

static char name[32];

static void test_rlimits(void)
{
    static struct linux_rlimit64 r;
    expect("prlimit64(0, NOFILE, NULL, &old)", sys(NR(prlimit64), 0, RLIMIT_NOFILE, 0, &r), 0);
    expect("RLIMIT_NOFILE is 1024 / 4096", r.rlim_cur * 10000 + r.rlim_max, 1024 * 10000 + 4096);
    expect("prlimit64(STACK)", sys(NR(prlimit64), 0, RLIMIT_STACK, 0, &r), 0);
    check(r.rlim_cur == 8u << 20 && r.rlim_max == RLIM64_INFINITY, "RLIMIT_STACK is 8 MiB / unlimited");
    expect("prlimit64(CORE)", sys(NR(prlimit64), 0, RLIMIT_CORE, 0, &r), 0);
    check(r.rlim_cur == 0 && r.rlim_max == RLIM64_INFINITY, "RLIMIT_CORE is 0 / unlimited");
#ifdef __x86_64__
    static unsigned long w[2];
    expect("getrlimit(NOFILE)", sys(NR(getrlimit), RLIMIT_NOFILE, w), 0);
    expect("getrlimit: 1024 / 4096", w[0] * 10000 + w[1], 1024 * 10000 + 4096);
    expect("getrlimit(STACK)", sys(NR(getrlimit), RLIMIT_STACK, w), 0);
    expect("getrlimit: stack max is RLIM_INFINITY", w[1], ~0ul);
#else
    static unsigned int w[2];
    expect("ugetrlimit(STACK)", sys(NR32_ugetrlimit, RLIMIT_STACK, w), 0);
    expect("ugetrlimit: 8 MiB / 0xFFFFFFFF", (unsigned long long)w[0] << 32 | w[1], (8ull << 20) << 32 | 0xFFFFFFFFu);
    expect("old getrlimit #76 (STACK)", sys(NR32_getrlimit, RLIMIT_STACK, w), 0);
    expect("old getrlimit clamps infinity to 0x7FFFFFFF", w[1], 0x7FFFFFFFu);
    expect("ugetrlimit(99) is -EINVAL", sys(NR32_ugetrlimit, 99, w), -EINVAL);
    w[0] = 0xFFFFFFFFu, w[1] = 0xFFFFFFFFu;
    expect("setrlimit(CORE, {inf, inf}) in 32 bits", sys(NR32_setrlimit, RLIMIT_CORE, w), 0);
    expect("prlimit64(CORE)", sys(NR(prlimit64), 0, RLIMIT_CORE, 0, &r), 0);
    check(r.rlim_cur == RLIM64_INFINITY, "a 32-bit 0xFFFFFFFF is RLIM_INFINITY");
#endif
    expect("getrlimit(16) is -EINVAL", sys(NR(getrlimit), 16, UNMAPPED), -EINVAL);
    expect("getrlimit into NULL is -EFAULT", sys(NR(getrlimit), RLIMIT_NOFILE, 0), -EFAULT);
    expect("setrlimit from NULL is -EFAULT", sys(NR(setrlimit), RLIMIT_NOFILE, 0), -EFAULT);

    static struct linux_rlimit64 nv, ov;
    nv.rlim_cur = 4096, nv.rlim_max = 1024;
    expect("prlimit64 with soft > hard is -EINVAL", sys(NR(prlimit64), 0, RLIMIT_NOFILE, &nv, 0), -EINVAL);
    nv.rlim_cur = 1024, nv.rlim_max = 1048577;
    expect("NOFILE above fs.nr_open is -EPERM", sys(NR(prlimit64), 0, RLIMIT_NOFILE, &nv, 0), -EPERM);
    expect("prlimit64 on pid 99999 is -ESRCH", sys(NR(prlimit64), 99999, RLIMIT_NOFILE, 0, &ov), -ESRCH);
    expect("prlimit64 from a bad pointer is -EFAULT", sys(NR(prlimit64), 0, RLIMIT_NOFILE, UNMAPPED, 0), -EFAULT);
    expect("prlimit64(17) is -EINVAL", sys(NR(prlimit64), 0, 17, 0, &ov), -EINVAL);

    /* NOFILE is enforced: with 6 fds allowed, dup stops at fd 5. */
    nv.rlim_cur = 6, nv.rlim_max = 4096;
    expect("prlimit64(NOFILE, {6, 4096}, &old)", sys(NR(prlimit64), 0, RLIMIT_NOFILE, &nv, &ov), 0);
    expect("the old limit came back", ov.rlim_cur, 1024);
    long last = 0, r1;
    while ((r1 = sys(NR(dup), 1)) >= 0)
        last = r1;
    expect("dup fills fds up to 5", last, 5);
    expect("then dup is -EMFILE", r1, -EMFILE);
    expect("F_DUPFD at 6 is -EINVAL", sys(NR(fcntl), 1, F_DUPFD, 6), -EINVAL);
    expect("dup2 onto 6 is -EBADF", sys(NR(dup2), 1, 6), -EBADF);
    for (int fd = 3; fd <= 5; fd++)
        sys(NR(close), fd);
    /* Root may raise the hard limit again; the next test drops privilege. */
    nv.rlim_cur = 1024, nv.rlim_max = 8192;
    expect("root raises the hard limit", sys(NR(prlimit64), 0, RLIMIT_NOFILE, &nv, 0), 0);
    expect("setuid(1000) (drops CAP_SYS_RESOURCE)", sys(NR(setuid), 1000), 0);
    nv.rlim_max = 4096;
    expect("lowering the hard limit is allowed", sys(NR(prlimit64), 0, RLIMIT_NOFILE, &nv, 0), 0);
    nv.rlim_max = 8192;
    expect("raising it without privilege is -EPERM", sys(NR(prlimit64), 0, RLIMIT_NOFILE, &nv, 0), -EPERM);
}

static void test_prctl(void)
{
    static char comm[32];
    memset(comm, 0x55, sizeof comm);
    expect("PR_GET_NAME", sys(NR(prctl), PR_GET_NAME, comm), 0);
    expect("the name is argv[0]", strcmp(comm, name), 0);
    expect("PR_GET_NAME writes 16 bytes only", (unsigned char)comm[16], 0x55);
    expect("PR_SET_NAME a long name", sys(NR(prctl), PR_SET_NAME, "a-very-long-name-indeed"), 0);
    expect("PR_GET_NAME", sys(NR(prctl), PR_GET_NAME, comm), 0);
    expect("the name is cut to 15 bytes", strcmp(comm, "a-very-long-nam"), 0);
    expect("PR_SET_NAME from NULL is -EFAULT", sys(NR(prctl), PR_SET_NAME, 0), -EFAULT);
    expect("PR_GET_NAME into the kernel is -EFAULT", sys(NR(prctl), PR_GET_NAME, KPTR), -EFAULT);
    expect("PR_GET_DUMPABLE is 1", sys(NR(prctl), PR_GET_DUMPABLE), 1);
    expect("PR_SET_DUMPABLE 2 is -EINVAL", sys(NR(prctl), PR_SET_DUMPABLE, 2), -EINVAL);
    expect("PR_SET_DUMPABLE 0", sys(NR(prctl), PR_SET_DUMPABLE, 0), 0);
    expect("PR_GET_DUMPABLE is 0", sys(NR(prctl), PR_GET_DUMPABLE), 0);
    expect("prctl(9999) is -EINVAL", sys(NR(prctl), 9999), -EINVAL);
}

static void test_robust_and_absent(void)
{
    static unsigned long head[3];
    long size = MODE == 64 ? 24 : 12;
    expect("set_robust_list(&head, sizeof head)", sys(NR(set_robust_list), head, size), 0);
    expect("set_robust_list with the other ABI's size is -EINVAL",
           sys(NR(set_robust_list), head, MODE == 64 ? 12 : 24), -EINVAL);
    static unsigned long got, len;
    expect("get_robust_list(0, ...)", sys(NR(get_robust_list), 0, &got, &len), 0);
    expect("get_robust_list gives the head back", got, (unsigned long)head);
    expect("and its size", len, size);
    expect("get_robust_list(99999) is -ESRCH", sys(NR(get_robust_list), 99999, &got, &len), -ESRCH);
    expect("get_robust_list into NULL is -EFAULT", sys(NR(get_robust_list), 0, 0, &len), -EFAULT);
    /* rseq: Linux built without CONFIG_RSEQ; vm86: 64-bit Linux has none. */
    expect("rseq is -ENOSYS", sys(MODE == 64 ? 334 : 386, head, 32, 0, 0), -ENOSYS);
#ifndef __x86_64__
    expect("vm86old is -ENOSYS", sys(113, 0), -ENOSYS);
    expect("vm86 is -ENOSYS", sys(166, 0, 0), -ENOSYS);
#endif
}

static void test_sched(void)
{
    static unsigned char mask[128];
    memset(mask, 0xee, sizeof mask);
    expect("sched_getaffinity(0, 128) writes 8 bytes", sys(NR(sched_getaffinity), 0, 128, mask), 8);
    expect("the mask is CPU 0 only", mask[0] | mask[1] << 8 | mask[7] << 16, 1);
    expect("bytes past 8 are untouched", mask[8], 0xee);
#ifdef __x86_64__
    expect("sched_getaffinity(0, 4) is -EINVAL (not whole longs)", sys(NR(sched_getaffinity), 0, 4, mask), -EINVAL);
#else
    expect("sched_getaffinity(0, 4) is 4 (i386 longs)", sys(NR(sched_getaffinity), 0, 4, mask), 4);
#endif
    expect("sched_getaffinity(0, 0) is -EINVAL", sys(NR(sched_getaffinity), 0, 0, mask), -EINVAL);
    expect("sched_getaffinity(0, 6) is -EINVAL", sys(NR(sched_getaffinity), 0, 6, mask), -EINVAL);
    expect("sched_getaffinity into NULL is -EFAULT", sys(NR(sched_getaffinity), 0, 8, 0), -EFAULT);
    expect("sched_getaffinity(99999) is -ESRCH", sys(NR(sched_getaffinity), 99999, 8, mask), -ESRCH);
    memset(mask, 0, sizeof mask);
    mask[0] = 2;
    expect("sched_setaffinity to CPU 1 only is -EINVAL", sys(NR(sched_setaffinity), 0, 8, mask), -EINVAL);
    mask[0] = 3;
    expect("sched_setaffinity to CPUs 0-1", sys(NR(sched_setaffinity), 0, 8, mask), 0);
    expect("sched_setaffinity from NULL is -EFAULT", sys(NR(sched_setaffinity), 0, 8, 0), -EFAULT);
    expect("sched_setaffinity(99999) is -ESRCH", sys(NR(sched_setaffinity), 99999, 8, mask), -ESRCH);
    expect("sched_yield", sys0(NR(sched_yield)), 0);
    static unsigned int cpu = 77, node = 77;
    expect("getcpu", sys(NR(getcpu), &cpu, &node, 0), 0);
    expect("on CPU 0, node 0", cpu * 100 + node, 0);
    expect("getcpu(NULL, NULL, NULL)", sys(NR(getcpu), 0, 0, 0), 0);
    expect("getcpu into the kernel is -EFAULT", sys(NR(getcpu), KPTR, 0, 0), -EFAULT);
}

static void test_random(void)
{
    static unsigned char a[256], b[256];
    expect("getrandom(256, 0)", sys(NR(getrandom), a, sizeof a, 0), 256);
    expect("getrandom(256, GRND_NONBLOCK)", sys(NR(getrandom), b, sizeof b, GRND_NONBLOCK), 256);
    expect("two draws differ", memcmp(a, b, sizeof a) != 0, 1);
    int ones = 0;
    for (unsigned i = 0; i < sizeof a; i++)
        for (int bit = 0; bit < 8; bit++)
            ones += a[i] >> bit & 1;
    el_printf("# getrandom: %d of 2048 bits set\n", ones);
    check(ones > 850 && ones < 1200, "about half the bits are set");
    expect("GRND_RANDOM", sys(NR(getrandom), a, 16, GRND_RANDOM), 16);
    expect("GRND_INSECURE", sys(NR(getrandom), a, 16, GRND_INSECURE), 16);
    expect("GRND_INSECURE|GRND_RANDOM is -EINVAL", sys(NR(getrandom), a, 16, GRND_INSECURE | GRND_RANDOM), -EINVAL);
    expect("flag 8 is -EINVAL", sys(NR(getrandom), a, 16, 8), -EINVAL);
    expect("into NULL is -EFAULT", sys(NR(getrandom), 0, 16, 0), -EFAULT);
    expect("into the kernel is -EFAULT", sys(NR(getrandom), KPTR, 16, 0), -EFAULT);
    expect("0 bytes is 0", sys(NR(getrandom), a, 0, 0), 0);
}

static void test_ioports(void)
{
    /* Root holds CAP_SYS_RAWIO; the ports themselves: ioport64/32. */
    expect("iopl(3) as root", sys(NR(iopl), 3), 0);
    expect("iopl(4) is -EINVAL", sys(NR(iopl), 4), -EINVAL);
    expect("iopl(0)", sys(NR(iopl), 0), 0);
    expect("ioperm(0x80, 1, 1) as root", sys(NR(ioperm), 0x80, 1, 1), 0);
    expect("ioperm(0x80, 1, 0)", sys(NR(ioperm), 0x80, 1, 0), 0);
    expect("ioperm(65535, 2, 1) is -EINVAL", sys(NR(ioperm), 65535, 2, 1), -EINVAL);
    expect("ioperm(0, 0, 1) is -EINVAL", sys(NR(ioperm), 0, 0, 1), -EINVAL);
}

int main(int argc, char **argv, char **envp)
{
    (void)argc, (void)envp;
    size_t n = strlen(argv[0]);
    memcpy(name, argv[0], n < 15 ? n : 15);
    test_prctl();
    test_robust_and_absent();
    test_sched();
    test_random();
    test_ioports();
    test_rlimits(); /* last: it gives up root */
    return calls_done("limits");
}
