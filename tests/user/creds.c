/* creds64 / creds32: user and group ids (the x86-64 calls; i386's 32-bit
 * "...32" calls and its old 16-bit ones), supplementary groups, and the
 * process group and session, with Linux's rules for root and for others. */
#include "calls.h"

#ifdef __x86_64__
#define ID32(x) NR64_##x        /* x86-64 has only the 32-bit calls */
#else
#define ID32(x) NR32_##x##32
#endif

static void check_resuid(const char *what, long r, long e, long s)
{
    static unsigned int v[3];
    memset(v, 0xee, sizeof v);
    long rc = sys(ID32(getresuid), &v[0], &v[1], &v[2]);
    check(rc == 0 && v[0] == (unsigned)r && v[1] == (unsigned)e && v[2] == (unsigned)s, what);
    if (rc != 0 || v[0] != (unsigned)r || v[1] != (unsigned)e || v[2] != (unsigned)s)
        el_printf("#   got %ld: %u %u %u, want %ld %ld %ld\n", rc, v[0], v[1], v[2], r, e, s);
}

static void test_getters(void)
{
    expect("getuid is 0", sys0(NR(getuid)), 0);
    expect("geteuid is 0", sys0(NR(geteuid)), 0);
    expect("getgid is 0", sys0(NR(getgid)), 0);
    expect("getegid is 0", sys0(NR(getegid)), 0);
#ifndef __x86_64__
    expect("getuid32 is 0", sys0(NR32_getuid32), 0);
    expect("geteuid32 is 0", sys0(NR32_geteuid32), 0);
    expect("getgid32 is 0", sys0(NR32_getgid32), 0);
    expect("getegid32 is 0", sys0(NR32_getegid32), 0);
#endif
    check_resuid("getresuid is 0 0 0", 0, 0, 0);
    static unsigned int g;
    expect("getresuid with a NULL pointer is -EFAULT", sys(ID32(getresuid), &g, 0, &g), -EFAULT);
    expect("getresgid into the kernel is -EFAULT", sys(ID32(getresgid), KPTR, &g, &g), -EFAULT);
}

static void test_groups(void)
{
    static unsigned int list[8];
    expect("getgroups(0, NULL) is 0 groups", sys(ID32(getgroups), 0, 0), 0);
    list[0] = 50, list[1] = 3;
    expect("setgroups(2, {50, 3}) as root", sys(ID32(setgroups), 2, list), 0);
    expect("getgroups(0) counts 2", sys(ID32(getgroups), 0, 0), 2);
    expect("getgroups(1) is -EINVAL (too small)", sys(ID32(getgroups), 1, list), -EINVAL);
    memset(list, 0, sizeof list);
    expect("getgroups(8) returns 2", sys(ID32(getgroups), 8, list), 2);
    expect("the groups come back sorted", list[0] * 100 + list[1], 350);
    expect("getgroups(-1) is -EINVAL", sys(ID32(getgroups), -1, list), -EINVAL);
    expect("getgroups into NULL is -EFAULT", sys(ID32(getgroups), 8, 0), -EFAULT);
    expect("setgroups(65537) is -EINVAL", sys(ID32(setgroups), 65537, list), -EINVAL);
    expect("setgroups from NULL is -EFAULT", sys(ID32(setgroups), 1, 0), -EFAULT);
#ifndef __x86_64__
    static unsigned short l16[4] = {7, 9};
    expect("setgroups16(2, {7, 9})", sys(NR32_setgroups, 2, l16), 0);
    memset(list, 0, sizeof list);
    expect("getgroups32 sees them", sys(NR32_getgroups32, 8, list), 2);
    expect("getgroups32: 7 and 9", list[0] * 100 + list[1], 709);
#endif
    expect("setgroups(0) empties the list", sys(ID32(setgroups), 0, 0), 0);
    expect("getgroups(0) counts 0 again", sys(ID32(getgroups), 0, 0), 0);
}

static void test_setters(void)
{
    expect("setfsuid(1234) returns the old fsuid 0", sys(ID32(setfsuid), 1234), 0);
    expect("setfsuid(-1) changes nothing, returns 1234", sys(ID32(setfsuid), -1), 1234);
    expect("setuid(-1) is -EINVAL", sys(ID32(setuid), -1), -EINVAL);
    expect("setgid(-1) is -EINVAL", sys(ID32(setgid), -1), -EINVAL);
    expect("setresgid(100, 100, 100) as root", sys(ID32(setresgid), 100, 100, 100), 0);
    expect("getgid is 100", sys0(NR(getgid)) , 100);
    expect("setregid(-1, 0) back as root", sys(ID32(setregid), -1, 0), 0);
    expect("getegid is 0", sys0(NR(getegid)), 0);
    expect("setgid(0) as root", sys(ID32(setgid), 0), 0);

    /* Drop the effective uid: the capabilities go with it. */
    expect("setresuid(-1, 1000, -1)", sys(ID32(setresuid), -1, 1000, -1), 0);
    check_resuid("ids are 0 1000 0", 0, 1000, 0);
    expect("geteuid is 1000", sys0(NR(geteuid)), 1000);
    expect("setresuid(2000, -1, -1) without privilege is -EPERM", sys(ID32(setresuid), 2000, -1, -1), -EPERM);
    expect("setgid(5) without privilege is -EPERM", sys(ID32(setgid), 5), -EPERM);
    expect("setgroups without privilege is -EPERM", sys(ID32(setgroups), 0, 0), -EPERM);
    expect("setfsuid(77) without privilege changes nothing", sys(ID32(setfsuid), 77), 1000);
    expect("the fsuid stayed 1000", sys(ID32(setfsuid), -1), 1000);
    expect("setreuid(-1, 0): 0 is the real uid", sys(ID32(setreuid), -1, 0), 0);
    check_resuid("ids are 0 0 0 again", 0, 0, 0);
    expect("setreuid(-1, 500) moves the saved uid too", sys(ID32(setreuid), -1, 500), 0);
    check_resuid("ids are 0 500 500", 0, 500, 500);
    expect("setreuid(-1, 0) again (the real uid)", sys(ID32(setreuid), -1, 0), 0);
    expect("setresuid(0, 0, 0)", sys(ID32(setresuid), 0, 0, 0), 0);
#ifndef __x86_64__
    /* The 16-bit calls: 0xFFFF means -1, ids past 65535 read as 65534. */
    expect("setuid16(0xFFFF) is -EINVAL (it means -1)", sys(NR32_setuid, 0xFFFF), -EINVAL);
    expect("setresuid32(70000, 70000, 0) as root", sys(NR32_setresuid32, 70000, 70000, 0), 0);
    expect("getuid16 of 70000 is the overflow id 65534", sys0(NR32_getuid), 65534);
    expect("getuid32 is 70000", sys0(NR32_getuid32), 70000);
    static unsigned short r16[3];
    expect("getresuid16", sys(NR32_getresuid, &r16[0], &r16[1], &r16[2]), 0);
    expect("getresuid16: 65534 65534 0", (long long)r16[0] * 1000000 + r16[1] * 10 + r16[2], 65534LL * 1000000 + 655340);
    expect("setresuid16(-1 as 0xFFFF, 0, -1): 0 is the saved uid", sys(NR32_setresuid, 0xFFFF, 0, 0xFFFF), 0);
    expect("setuid32(0) with euid 0", sys(NR32_setuid32, 0), 0);
#endif
    check_resuid("root again: 0 0 0", 0, 0, 0);
    /* Last: root gives everything up for good. */
    expect("setuid(1000) as root sets all three", sys(ID32(setuid), 1000), 0);
    check_resuid("ids are 1000 1000 1000", 1000, 1000, 1000);
    expect("setuid(0) afterwards is -EPERM", sys(ID32(setuid), 0), -EPERM);
    expect("setuid(1000) (its own uid) is allowed", sys(ID32(setuid), 1000), 0);
    expect("getuid is 1000", sys0(NR(getuid)), 1000);
}

static void test_session(void)
{
    long pid = sys0(NR(getpid));
    expect("getpgrp is the runner's group 1", sys0(NR(getpgrp)), 1);
    expect("getpgid(0) is 1", sys(NR(getpgid), 0), 1);
    expect("getpgid(own pid) is 1", sys(NR(getpgid), pid), 1);
    expect("getsid(0) is 1", sys(NR(getsid), 0), 1);
    expect("getpgid(1), the runner, is 1", sys(NR(getpgid), 1), 1);
    expect("getpgid(99999) is -ESRCH", sys(NR(getpgid), 99999), -ESRCH);
    expect("getsid(-5) is -ESRCH", sys(NR(getsid), -5), -ESRCH);
    expect("setpgid(1, 0): the runner is no child, -ESRCH", sys(NR(setpgid), 1, 0), -ESRCH);
    expect("setpgid(0, -1) is -EINVAL", sys(NR(setpgid), 0, -1), -EINVAL);
    expect("setpgid(0, 4242): no such group, -EPERM", sys(NR(setpgid), 0, 4242), -EPERM);
    expect("setpgid(0, 0) makes its own group", sys(NR(setpgid), 0, 0), 0);
    expect("getpgrp is the pid", sys0(NR(getpgrp)), pid);
    static int fg = 0;
    fg = (int)pid;
    expect("TIOCSPGRP to its own group", sys(NR(ioctl), 0, TIOCSPGRP, &fg), 0);
    fg = 0;
    expect("TIOCGPGRP reads it back", sys(NR(ioctl), 0, TIOCGPGRP, &fg), 0);
    expect("the console's foreground group is the pid", fg, pid);
    expect("setsid as a group leader is -EPERM", sys0(NR(setsid)), -EPERM);
    expect("setpgid(0, 1) back into the runner's group", sys(NR(setpgid), 0, 1), 0);
    expect("setsid returns the new session, the pid", sys0(NR(setsid)), pid);
    expect("getsid(0) is the pid", sys(NR(getsid), 0), pid);
    expect("getpgrp is the pid", sys0(NR(getpgrp)), pid);
    expect("no controlling terminal now: TIOCGPGRP is -ENOTTY", sys(NR(ioctl), 0, TIOCGPGRP, &fg), -ENOTTY);
    expect("setpgid as a session leader is -EPERM", sys(NR(setpgid), 0, 0), -EPERM);
    expect("setsid again is -EPERM", sys0(NR(setsid)), -EPERM);
}

int main(int argc, char **argv, char **envp)
{
    (void)argc, (void)argv, (void)envp;
    test_getters();
    test_groups();
    test_session();
    test_setters();
    return calls_done("creds");
}
