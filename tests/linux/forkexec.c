/* Processes through the C library's own wrappers: built with Debian's
 * toolchain like hello.c (gcc -static -m64 and -m32, musl-gcc -static),
 * unmodified. fork (glibc: clone with CLONE_CHILD_SETTID |
 * CLONE_CHILD_CLEARTID | SIGCHLD), vfork, execve of itself through
 * /proc/self/exe with an environment of its own, waitpid's status macros,
 * SIGCHLD to a handler, kill of a child, and ECHILD at the end. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t chld;
static void on_chld(int sig) { (void)sig; chld++; }

static int fails;
static void expect(int ok, const char *what)
{
    if (!ok) {
        printf("forkexec: FAIL %s\n", what);
        fails++;
    }
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "child") == 0) {
        const char *v = getenv("FORKEXEC");
        return v && strcmp(v, "yes") == 0 && argc == 3 && strcmp(argv[2], "two") == 0 ? 7 : 1;
    }
    signal(SIGCHLD, on_chld);
    fflush(stdout);
    int st = -1;
    pid_t me = getpid(), pid = fork();
    if (pid == 0)
        _exit(getppid() == me && getpid() != me ? 3 : 4);
    expect(pid > 0 && waitpid(pid, &st, 0) == pid, "fork: waitpid");
    expect(WIFEXITED(st) && WEXITSTATUS(st) == 3, "fork: the child's status");
    expect(chld == 1, "fork: SIGCHLD reached the handler");

    pid = vfork();
    if (pid == 0)
        _exit(5);
    expect(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 5, "vfork");

    pid = fork();
    if (pid == 0) {
        char *av[] = {argv[0], "child", "two", NULL};
        char *ev[] = {"FORKEXEC=yes", NULL};
        execve("/proc/self/exe", av, ev);
        _exit(9);
    }
    expect(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 7, "fork + execve");

    pid = fork();
    if (pid == 0) {
        for (;;)
            pause();
    }
    expect(kill(pid, SIGTERM) == 0, "kill");
    expect(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "killed by SIGTERM");
    expect(waitpid(-1, &st, 0) == -1 && errno == ECHILD, "no child left: ECHILD");

    if (!fails)
        printf("forkexec: fork, vfork, execve, waitpid, SIGCHLD, kill: ok\n");
    return fails != 0;
}
