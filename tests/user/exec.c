/* exec64 / exec32: execve of a boot module, by path. Run with no argument,
 * the program checks execve's refusals, then forks children that execve
 * exec64 and exec32 (the module by "/boot/NAME", "/user/NAME" and its bare
 * name) with an argv and an envp of its own, and waits for them; vfork
 * followed by execve lets the parent go on at the exec. Run as
 * "execNN child A B" with EXEC_TEST=... in its environment, it is the
 * new image: it checks what it was given and exits with a code that says
 * so (40 + its width's tag), which the parent's wait4 checks. */
#include "calls.h"
#include <uapi/linux_wait.h>

static long exec3(const char *path, char **argv, char **envp)
{
    return sys(NR(execve), path, argv, envp);
}

/* The new image's side. */
static int as_child(int argc, char **argv, char **envp)
{
    int bad = 0;
    if (argc != 4 || strcmp(argv[2], "alpha") || strcmp(argv[3], "beta with space"))
        bad |= 1;
    int envc = 0, seen = 0;
    for (char **e = envp; *e; e++, envc++)
        seen |= strcmp(*e, "EXEC_TEST=yes") == 0;
    if (envc != 2 || !seen)
        bad |= 2;
    /* The fds stay across execve: fd 1 is still the console. */
    if (sys(NR(write), 1, "", 0) != 0)
        bad |= 4;
    if (bad)
        el_printf("# exec%d child: argc %d envc %d: failure 0x%x\n", MODE, argc, envc, bad);
    else
        el_printf("# exec%d child: argv and envp as given (%s)\n", MODE, argv[0]);
    return bad ? bad : 40 + MODE / 32; /* 41: exec32, 42: exec64 */
}

static long run_child(const char *path, const char *name, int use_vfork)
{
    static char *argv[5], *envp[3];
    argv[0] = (char *)name, argv[1] = "child", argv[2] = "alpha", argv[3] = "beta with space", argv[4] = 0;
    envp[0] = "EXEC_TEST=yes", envp[1] = "HOME=/nowhere", envp[2] = 0;
    long pid = sys0(use_vfork ? NR(vfork) : NR(fork));
    if (pid == 0) {
        long r = exec3(path, argv, envp);
        el_printf("# exec%d: execve(%s) returned %ld\n", MODE, path, r);
        sys(NR(exit_group), 99);
    }
    static int st;
    st = -1;
    long r = sys(NR(wait4), pid, &st, 0, 0);
    expect("wait4 for the exec'd child", r, pid);
    return st;
}

int main(int argc, char **argv, char **envp)
{
    if (argc > 1 && strcmp(argv[1], "child") == 0)
        return as_child(argc, argv, envp);

    static char *noargs[] = {"x", 0};
    expect("execve of no such module: -ENOENT", exec3("/boot/no_such_program", noargs, 0), -ENOENT);
    expect("execve of a path in no module folder: -ENOENT", exec3("/tmp/exec64", noargs, 0), -ENOENT);
    expect("execve of a bad path pointer: -EFAULT", sys(NR(execve), KPTR, noargs, 0), -EFAULT);
    expect("execve with a bad argv: -EFAULT", sys(NR(execve), "/boot/exec64", UNMAPPED, 0), -EFAULT);
    check(sys0(NR(getpid)) > 1, "the process goes on after a failed execve");

    expect("fork + execve /boot/exec64: status 42", run_child("/boot/exec64", "exec64", 0), 42 << 8);
    expect("fork + execve /user/exec32: status 41", run_child("/user/exec32", "exec32", 0), 41 << 8);
    expect("vfork + execve exec64: status 42", run_child("exec64", "exec64", 1), 42 << 8);
    expect("vfork + execve exec32: status 41", run_child("exec32", "exec32", 1), 41 << 8);
    expect("fork + execve /proc/self/exe: its own width", run_child("/proc/self/exe", "self", 0),
           (40 + MODE / 32) << 8);
    return calls_done("exec");
}
