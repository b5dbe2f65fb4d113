/* Credentials and the process's group and session: the uid and gid calls in
 * all their forms (x86-64; i386's 32-bit "...32" calls and its old 16-bit
 * ones), the supplementary groups, and getpgid, setpgid, getsid, setsid.
 * The rules are Linux's; holding CAP_SETUID and CAP_SETGID means euid 0. */
#include "errno.h"
#include "gdt.h"
#include "proc.h"
#include "sched.h"
#include "syscall.h"
#include "uaccess.h"

static struct process *cur(void) { return cpu0.proc; }
static struct cred *cred(void) { return &cpu0.proc->ts.cred; }

#define NOID 0xFFFFFFFFu     /* (uid_t)-1: "leave it", and never a valid id */
#define OVERFLOW_ID 65534u   /* what a 16-bit call sees of an id past 65535 */
#define NGROUPS_MAX 65536

void cred_init(struct process *p)
{
    struct cred *c = &p->ts.cred;
    /* Root, in the runner's process group and session (1), with the
     * console as controlling terminal. */
    c->pgid = 1, c->sid = 1, c->ctty = true;
}

bool cred_capable(const struct process *p) { return p->ts.cred.euid == 0; }

/* Old 16-bit ids: -1 stays -1 on the way in; big ids overflow on the way out. */
static uint32_t low2high(uint64_t v) { return (uint16_t)v == 0xFFFF ? NOID : (uint16_t)v; }
static uint32_t high2low(uint32_t v) { return v > 0xFFFF ? OVERFLOW_ID : v; }

/* The 16-bit call on i386's old numbers, the 32-bit one elsewhere. */
static int64_t id_out(const struct sc_call *c, uint32_t v) { return sc_abi32(c) ? high2low(v) : v; }
static uint32_t id_in(const struct sc_call *c, int i) { return sc_abi32(c) ? low2high(c->arg[i]) : (uint32_t)c->arg[i]; }

int64_t sys_getuid(struct sc_call *c) { return id_out(c, cred()->uid); }
int64_t sys_geteuid(struct sc_call *c) { return id_out(c, cred()->euid); }
int64_t sys_getgid(struct sc_call *c) { return id_out(c, cred()->gid); }
int64_t sys_getegid(struct sc_call *c) { return id_out(c, cred()->egid); }
int64_t sys_getuid32(struct sc_call *c) { (void)c; return cred()->uid; }
int64_t sys_geteuid32(struct sc_call *c) { (void)c; return cred()->euid; }
int64_t sys_getgid32(struct sc_call *c) { (void)c; return cred()->gid; }
int64_t sys_getegid32(struct sc_call *c) { (void)c; return cred()->egid; }

/* One set of rules for uids and gids: the four ids of either kind. */
struct ids { uint32_t *r, *e, *s, *fs; };
static struct ids uids(void) { struct cred *k = cred(); return (struct ids){&k->uid, &k->euid, &k->suid, &k->fsuid}; }
static struct ids gids(void) { struct cred *k = cred(); return (struct ids){&k->gid, &k->egid, &k->sgid, &k->fsgid}; }

static int64_t do_setid(struct ids x, uint32_t id)
{
    if (id == NOID)
        return -EINVAL;
    if (cred_capable(cur()))
        *x.r = *x.s = id;
    else if (id != *x.r && id != *x.s)
        return -EPERM;
    *x.e = *x.fs = id;
    return 0;
}

static int64_t do_setreid(struct ids x, uint32_t r, uint32_t e)
{
    bool cap = cred_capable(cur());
    if (r != NOID && r != *x.r && r != *x.e && !cap)
        return -EPERM;
    if (e != NOID && e != *x.r && e != *x.e && e != *x.s && !cap)
        return -EPERM;
    uint32_t old_r = *x.r;
    if (r != NOID)
        *x.r = r;
    if (e != NOID)
        *x.e = e;
    /* The saved id follows the effective one when the real one is set or
     * the effective one moves away from the old real one. */
    if (r != NOID || (e != NOID && e != old_r))
        *x.s = *x.e;
    *x.fs = *x.e;
    return 0;
}

static int64_t do_setresid(struct ids x, uint32_t r, uint32_t e, uint32_t s)
{
    uint32_t want[3] = {r, e, s};
    if (!cred_capable(cur()))
        for (int i = 0; i < 3; i++)
            if (want[i] != NOID && want[i] != *x.r && want[i] != *x.e && want[i] != *x.s)
                return -EPERM;
    if (r != NOID)
        *x.r = r;
    if (e != NOID)
        *x.e = e;
    if (s != NOID)
        *x.s = s;
    *x.fs = *x.e;
    return 0;
}

/* setfsuid and setfsgid return the old value whatever happens. */
static int64_t do_setfsid(struct ids x, uint32_t id)
{
    uint32_t old = *x.fs;
    if (id != NOID && (id == *x.r || id == *x.e || id == *x.s || id == *x.fs || cred_capable(cur())))
        *x.fs = id;
    return old;
}

static int64_t do_getresid(const struct sc_call *c, struct ids x, bool bits16)
{
    uint32_t v[3] = {*x.r, *x.e, *x.s};
    for (int i = 0; i < 3; i++) {
        int r;
        if (bits16) {
            uint16_t w = (uint16_t)high2low(v[i]);
            r = copy_to_user(c->arg[i], &w, 2);
        } else {
            r = copy_to_user(c->arg[i], &v[i], 4);
        }
        if (r)
            return r;
    }
    return 0;
}

int64_t sys_setuid(struct sc_call *c) { return do_setid(uids(), id_in(c, 0)); }
int64_t sys_setgid(struct sc_call *c) { return do_setid(gids(), id_in(c, 0)); }
int64_t sys_setuid32(struct sc_call *c) { return do_setid(uids(), (uint32_t)c->arg[0]); }
int64_t sys_setgid32(struct sc_call *c) { return do_setid(gids(), (uint32_t)c->arg[0]); }
int64_t sys_setreuid(struct sc_call *c) { return do_setreid(uids(), id_in(c, 0), id_in(c, 1)); }
int64_t sys_setregid(struct sc_call *c) { return do_setreid(gids(), id_in(c, 0), id_in(c, 1)); }
int64_t sys_setreuid32(struct sc_call *c) { return do_setreid(uids(), (uint32_t)c->arg[0], (uint32_t)c->arg[1]); }
int64_t sys_setregid32(struct sc_call *c) { return do_setreid(gids(), (uint32_t)c->arg[0], (uint32_t)c->arg[1]); }
int64_t sys_setresuid(struct sc_call *c) { return do_setresid(uids(), id_in(c, 0), id_in(c, 1), id_in(c, 2)); }
int64_t sys_setresgid(struct sc_call *c) { return do_setresid(gids(), id_in(c, 0), id_in(c, 1), id_in(c, 2)); }
int64_t sys_setresuid32(struct sc_call *c)
{
    return do_setresid(uids(), (uint32_t)c->arg[0], (uint32_t)c->arg[1], (uint32_t)c->arg[2]);
}
int64_t sys_setresgid32(struct sc_call *c)
{
    return do_setresid(gids(), (uint32_t)c->arg[0], (uint32_t)c->arg[1], (uint32_t)c->arg[2]);
}
int64_t sys_getresuid(struct sc_call *c) { return do_getresid(c, uids(), sc_abi32(c)); }
int64_t sys_getresgid(struct sc_call *c) { return do_getresid(c, gids(), sc_abi32(c)); }
int64_t sys_getresuid32(struct sc_call *c) { return do_getresid(c, uids(), false); }
int64_t sys_getresgid32(struct sc_call *c) { return do_getresid(c, gids(), false); }
int64_t sys_setfsuid(struct sc_call *c) { return do_setfsid(uids(), id_in(c, 0)); }
int64_t sys_setfsgid(struct sc_call *c) { return do_setfsid(gids(), id_in(c, 0)); }
int64_t sys_setfsuid32(struct sc_call *c) { return do_setfsid(uids(), (uint32_t)c->arg[0]); }
int64_t sys_setfsgid32(struct sc_call *c) { return do_setfsid(gids(), (uint32_t)c->arg[0]); }

/* getgroups(size, list): the count; size 0 only asks for it. */
static int64_t do_getgroups(uint64_t size, uint64_t list, bool bits16)
{
    struct cred *k = cred();
    if ((int32_t)size < 0)
        return -EINVAL;
    if (size == 0)
        return k->ngroups;
    if ((int32_t)size < k->ngroups)
        return -EINVAL;
    for (int i = 0; i < k->ngroups; i++) {
        uint16_t g16 = (uint16_t)high2low(k->groups[i]);
        int r = bits16 ? copy_to_user(list + 2ul * (uint64_t)i, &g16, 2)
                       : copy_to_user(list + 4ul * (uint64_t)i, &k->groups[i], 4);
        if (r)
            return r;
    }
    return k->ngroups;
}

static int64_t do_setgroups(uint64_t size, uint64_t list, bool bits16)
{
    struct cred *k = cred();
    if (!cred_capable(cur()))
        return -EPERM;
    if ((uint32_t)size > NGROUPS_MAX)
        return -EINVAL;
    if ((uint32_t)size > CRED_NGROUPS)
        return -ENOMEM; /* entrylab keeps 32 groups, not Linux's 65536 */
    uint32_t g[CRED_NGROUPS];
    for (uint32_t i = 0; i < (uint32_t)size; i++) {
        if (bits16) {
            uint16_t w;
            if (copy_from_user(&w, list + 2ul * i, 2))
                return -EFAULT;
            g[i] = low2high(w);
        } else if (copy_from_user(&g[i], list + 4ul * i, 4)) {
            return -EFAULT;
        }
    }
    /* Linux keeps the list sorted. */
    for (uint32_t i = 1; i < (uint32_t)size; i++)
        for (uint32_t j = i; j > 0 && g[j - 1] > g[j]; j--) {
            uint32_t t = g[j];
            g[j] = g[j - 1], g[j - 1] = t;
        }
    for (uint32_t i = 0; i < (uint32_t)size; i++)
        k->groups[i] = g[i];
    k->ngroups = (int)size;
    return 0;
}

int64_t sys_getgroups(struct sc_call *c) { return do_getgroups(c->arg[0], c->arg[1], sc_abi32(c)); }
int64_t sys_setgroups(struct sc_call *c) { return do_setgroups(c->arg[0], c->arg[1], sc_abi32(c)); }
int64_t sys_getgroups32(struct sc_call *c) { return do_getgroups(c->arg[0], c->arg[1], false); }
int64_t sys_setgroups32(struct sc_call *c) { return do_setgroups(c->arg[0], c->arg[1], false); }

/* --- process group and session ---------------------------------------------
 * The runner (pid 1) leads group 1 and session 1; every other process is in
 * the table (include/sched.h). */

/* The process pid names (0: the caller), or NULL. */
static const struct process *find(int32_t pid)
{
    return pid == 0 ? cur() : sched_find(pid);
}

int64_t sys_getpgid(struct sc_call *c)
{
    int32_t pid = (int32_t)c->arg[0];
    const struct process *p = find(pid);
    if (p)
        return p->ts.cred.pgid;
    return pid == 1 ? 1 : -ESRCH;
}

int64_t sys_getpgrp(struct sc_call *c) { (void)c; return cred()->pgid; }

int64_t sys_getsid(struct sc_call *c)
{
    int32_t pid = (int32_t)c->arg[0];
    const struct process *p = find(pid);
    if (p)
        return p->ts.cred.sid;
    return pid == 1 ? 1 : -ESRCH;
}

int64_t sys_setsid(struct sc_call *c)
{
    (void)c;
    struct process *p = cur();
    struct cred *k = cred();
    if (k->pgid == p->pid) /* a group leader may not start a session */
        return -EPERM;
    k->sid = k->pgid = p->pid;
    k->ctty = false; /* a new session has no controlling terminal */
    return p->pid;
}

/* Whether a process group pgid exists in session sid: one of the table's,
 * or the runner's group 1 in session 1. */
static bool group_in_session(int pgid, int sid)
{
    if (pgid == 1 && sid == 1)
        return true;
    int i = 0;
    for (const struct process *q; (q = sched_next(&i));)
        if (q->state != PS_ZOMBIE && q->ts.cred.pgid == pgid && q->ts.cred.sid == sid)
            return true;
    return false;
}

/* setpgid(pid, pgid): the caller or one of its children, as Linux: a child
 * that has execve'd -EACCES, one in another session or a session leader
 * -EPERM, the group a new one (pgid == pid) or one of the caller's session. */
int64_t sys_setpgid(struct sc_call *c)
{
    struct process *p = cur();
    int32_t pid = (int32_t)c->arg[0], pgid = (int32_t)c->arg[1];
    if (pid == 0)
        pid = p->pid;
    if (pgid == 0)
        pgid = pid;
    if (pgid < 0)
        return -EINVAL;
    struct process *t = pid == p->pid ? p : sched_find(pid);
    if (!t || (t != p && t->parent != p) || t->state == PS_ZOMBIE)
        return -ESRCH;
    struct cred *k = &t->ts.cred;
    if (t != p) {
        if (k->sid != cred()->sid)
            return -EPERM;
        if (t->did_exec)
            return -EACCES;
    }
    if (k->sid == t->pid) /* a session leader stays in its group */
        return -EPERM;
    if (pgid != pid && !group_in_session(pgid, cred()->sid))
        return -EPERM;
    k->pgid = pgid;
    return 0;
}
