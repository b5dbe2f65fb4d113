/* A program's per-process state beyond its memory (include/task.h): set up
 * as Linux's would be for a child of the runner (pid 1), released at its end. */
#include "kstring.h"
#include "proc.h"
#include "cpu.h"

void task_init(struct process *p)
{
    struct task_state *t = &p->ts;
    memset(t, 0, sizeof *t);
    fd_init(p);
    cred_init(p);
    rlimit_init(p);
    tty_init(p);
    /* The command name is the basename of argv[0], cut to 15 bytes. */
    const char *n = p->name ? p->name : "";
    for (const char *s = n; *s; s++)
        if (*s == '/')
            n = s + 1;
    strcpy_s(t->comm, n, sizeof t->comm);
    t->dumpable = 1;   /* SUID_DUMP_USER */
    t->umask = 022;    /* init's umask */
    t->start_tsc = rdtsc();
}

void task_release(struct process *p)
{
    fd_release(p);
    ioport_release(p); /* the leader's thread, if it was the last to end */
}
