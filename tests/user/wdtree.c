/* wdtree64 MODE, wdtree32 MODE: the watchdog over a whole process tree (the entrylab-wdtree
 * image, timeout=1; tests/entry.cmake).
 *   blocked:  the program waits in wait4 for a child blocked in pause;
 *             nothing runs, the runner kills both when the time is up.
 *   spinning: the child spins in ring 3 (the tick kills it), the program
 *             waits in wait4 (the runner kills it).
 *   stopped:  the child stops itself (SIGSTOP), the program sees it with
 *             WUNTRACED and stops itself too; nothing can run until the
 *             time is up, and the runner kills both.
 *   after:    the next program finds the table empty: it can fork as many
 *             children as the first one could, and reap them all.
 *   pause DOOR, poll DOOR: the program alone, blocked in pause (the
 *             runner ends it) or in a poll of nothing for ever (its own
 *             check at each tick ends it), called through DOOR (int80, syscall or
 *             sysenter): the report's RIP is the door's way back, the
 *             instruction after the program's own door or, for sysenter,
 *             the vDSO's landing pad (EL_VDSO_LANDING32 or 64), which
 *             sysenter's fast way never writes into its frame.
 * The others expect the timeout (entrylab_expect(32)). */
#include "calls.h"
#include <uapi/linux_wait.h>
#include <uapi/sigframe.h>

static long fork_n(int n_max, int *n)
{
    static long kids[64];
    long r = 0;
    *n = 0;
    while (*n < n_max && (r = sys0(NR(fork))) > 0)
        kids[(*n)++] = r;
    if (r == 0)
        for (;;)
            sys0(NR(pause));
    for (int i = 0; i < *n; i++)
        sys(NR(kill), kids[i], EL_SIGKILL);
    while (sys(NR(wait4), -1, 0, 0, 0) > 0)
        ;
    return r;
}

int main(int argc, char **argv, char **envp)
{
    (void)envp;
    const char *mode = argc > 1 ? argv[1] : "";
    static int st;
    if (strcmp(mode, "blocked") == 0 || strcmp(mode, "spinning") == 0) {
        int spin = mode[0] == 's';
        el_expect(EL_EXPECT_TIMEOUT);
        long pid = sys0(NR(fork));
        if (pid == 0) {
            if (spin)
                for (;;)
                    ;
            for (;;)
                sys0(NR(pause));
        }
        sys(NR(wait4), pid, &st, 0, 0);
        el_fail("wait4 returned: status 0x%x", st);
        return 1;
    }
    if (strcmp(mode, "stopped") == 0) {
        el_expect(EL_EXPECT_TIMEOUT);
        long pid = sys0(NR(fork));
        if (pid == 0) {
            sys(NR(kill), sys0(NR(getpid)), EL_SIGSTOP);
            el_fail("the child went on after its stop");
            return 1;
        }
        check(sys(NR(wait4), pid, &st, WUNTRACED, 0) == pid && st == (EL_SIGSTOP << 8 | 0x7f),
              "wait4 WUNTRACED: the child stopped");
        sys(NR(kill), sys0(NR(getpid)), EL_SIGSTOP);
        el_fail("the program went on after its stop");
        return 1;
    }
    if ((strcmp(mode, "pause") == 0 || strcmp(mode, "poll") == 0) && argc > 2) {
        const struct el_door *d = 0;
        for (int i = 0; i < EL_NDOORS; i++)
            if (strcmp(el_doors[i].name, argv[2]) == 0 || (i == 0 && strcmp(argv[2], "int80") == 0))
                d = &el_doors[i];
        unsigned long acc = 0;
        el_auxv_find(AT_ENTRYLAB_ACCEPTS, &acc);
        if (!d || !(acc & d->accept)) {
            el_printf("# wdtree%d %s: no door %s here\n", MODE, mode, argv[2]);
            return 2;
        }
        el_expect(EL_EXPECT_TIMEOUT);
        for (;;) {
            if (mode[1] == 'a')
                d->call(EL_NR(d, pause), 0, 0, 0, 0, 0, 0);
            else
                d->call(EL_NR(d, poll), 0, 0, -1, 0, 0, 0);
        }
    }
    if (strcmp(mode, "after") == 0) {
        int n = 0;
        long r = fork_n(64, &n);
        el_printf("# wdtree%d after: %d children before fork said %ld\n", MODE, n, r);
        check(r == -EAGAIN && n == 15, "the table is empty again: 15 children besides the program");
        return calls_done("wdtree");
    }
    el_printf("# usage: wdtree%d blocked|spinning|stopped|after|pause DOOR|poll DOOR\n", MODE);
    return 2;
}
