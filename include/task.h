/* What a process carries for the system call families beyond its memory:
 * fds (include/fd.h), credentials (src/cred.c), resource limits
 * (src/rlimit.c), prctl's name and dumpable flag (src/prctl.c), the robust
 * futex list (src/robust.c), the console's terminal state (src/tty.c) and
 * its CPU time (src/time.c). One member of struct process. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "fd.h"
#include "uapi/linux_task.h"
#include "uapi/linux_tty.h"

#define CRED_NGROUPS 32  /* supplementary groups kept; more is -ENOMEM */

struct cred {
    uint32_t uid, euid, suid, fsuid;
    uint32_t gid, egid, sgid, fsgid;
    int ngroups;
    uint32_t groups[CRED_NGROUPS];
    int pgid, sid;           /* process group and session */
    bool ctty;               /* the console is its controlling terminal */
};

struct task_state {
    struct fd_table fds;
    struct cred cred;
    struct linux_rlimit64 rlim[RLIM_NLIMITS];
    char comm[LINUX_TASK_COMM_LEN];  /* prctl PR_SET_NAME, NUL-terminated */
    int dumpable;
    uint64_t robust_head, robust_len;
    uint32_t umask;
    struct linux_termios termios;    /* the console's, as TCSETS left it */
    struct linux_winsize winsize;
    int tty_pgrp;                    /* the console's foreground group */
    uint64_t start_tsc, slept_tsc;   /* CPU time: since start, minus sleeps */
};

/* Linux's state for a program the runner (pid 1, group 1, session 1)
 * starts: root, the console on 0-2, the default limits. */
void task_init(struct process *p);
/* Frees what the program held (its snapshots). */
void task_release(struct process *p);

/* Per family, called by task_init. */
void cred_init(struct process *p);
void rlimit_init(struct process *p);
void tty_init(struct process *p);
/* Whether the process holds a capability: root's, while its euid is 0 (as
 * Linux's capability rules work out for uid 0 without file capabilities). */
bool cred_capable(const struct process *p);
