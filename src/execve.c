/* execve of a program the boot loaded as a module. There is no file
 * system: a path names a module by its first word, as "/boot/NAME",
 * "/user/NAME" (where the ISO keeps it, and /proc/self/exe says), plain
 * "NAME", or "/proc/self/exe" itself (the caller's own). argv and envp are copied in, then the process gets a fresh
 * address space from the module's ELF (src/exec.c) and a fresh program's
 * registers, signal actions and CPU state; fds stay, but close-on-exec. */
#include "boot.h"
#include "cpu.h"
#include "elf.h"
#include "errno.h"
#include "fmt.h"
#include "gdt.h"
#include "kstring.h"
#include "layout.h"
#include "mm.h"
#include "paging.h"
#include "proc.h"
#include "sched.h"
#include "syscall.h"
#include "uaccess.h"
#include "uapi/entrylab.h"

#define EXEC_MAX_STRINGS 256     /* argv and envp entries each */
#define EXEC_STRINGS_SIZE 16384  /* their bytes together: more is -E2BIG */

static const struct boot_module *find_module(const char *path, char *name, size_t size)
{
    const char *n = path;
    /* /proc/self/exe: the caller's own module (procfs says /user/NAME). */
    if (strcmp(n, "/proc/self/exe") == 0)
        n = cpu0.proc->name ? cpu0.proc->name : "";
    if (strncmp(n, "/boot/", 6) == 0 || strncmp(n, "/user/", 6) == 0)
        n += 6;
    if (!*n || strchr(n, '/'))
        return 0;
    for (size_t i = 0; i < boot_module_count(); i++) {
        const struct boot_module *m = boot_module(i);
        size_t len = 0;
        while (m->cmdline[len] && m->cmdline[len] != ' ')
            len++;
        if (len == strlen(n) && strncmp(m->cmdline, n, len) == 0 && len < size) {
            memcpy(name, n, len);
            name[len] = 0;
            return m;
        }
    }
    return 0;
}

/* Copies a NULL-terminated array of string pointers (4-byte pointers for
 * the i386 ABI) into buf: the count, or -EFAULT, -E2BIG. */
static int copy_strings(const struct sc_call *c, uint64_t uarr, const char **out, char *buf, size_t *used)
{
    if (!uarr)
        return 0; /* Linux takes NULL as an empty array */
    uint64_t word = sc_abi32(c) ? 4 : 8;
    for (int n = 0;; n++) {
        uint64_t ptr = 0;
        if (copy_from_user(&ptr, uarr + (uint64_t)n * word, word))
            return -EFAULT;
        if (!ptr)
            return n;
        if (n == EXEC_MAX_STRINGS - 1)
            return -E2BIG;
        long len = copy_string_from_user(buf + *used, ptr, EXEC_STRINGS_SIZE - *used);
        if (len == -ENAMETOOLONG)
            return -E2BIG;
        if (len < 0)
            return (int)len;
        out[n] = buf + *used;
        *used += (size_t)len + 1;
    }
}

int64_t sys_execve(struct sc_call *c)
{
    static char path[256], strings[EXEC_STRINGS_SIZE], execfn[128];
    static const char *argv[EXEC_MAX_STRINGS], *envp[EXEC_MAX_STRINGS];
    static struct vma_map old_map;
    static struct elf_image img;
    struct process *p = cpu0.proc;

    long len = copy_string_from_user(path, c->arg[0], sizeof path);
    if (len < 0)
        return len;
    char name[sizeof p->exe];
    const struct boot_module *m = find_module(path, name, sizeof name);
    if (!m)
        return -ENOENT;
    size_t used = 0;
    int argc = copy_strings(c, c->arg[1], argv, strings, &used);
    if (argc < 0)
        return argc;
    int envc = copy_strings(c, c->arg[2], envp, strings, &used);
    if (envc < 0)
        return envc;
    /* The initial stack must hold them with room for the vectors. */
    if (used + 8ul * (uint64_t)(argc + envc + 64) > EL_STACK_SIZE / 2)
        return -E2BIG;
    char err[96];
    if (elf_parse(m->data, m->size, USER_MIN, USER_END, 1ul << 32, &img, err, sizeof err))
        return -ENOEXEC;

    /* Threads: the caller becomes the only one (Linux's de_thread), which
     * entrylab does only for the leader: another thread's execve is -EINVAL
     * (docs/abi.md). The others end here, before anything is replaced. */
    if (proc_group(p)->nthreads > 1) {
        if (proc_group(p) != p)
            return -EINVAL;
        sched_end_other_threads(p);
    }

    /* Kept until the new image stands: a failure gives the old one back. */
    uint64_t *old_pml4 = p->pml4;
    old_map = p->map;
    uint64_t brk[3] = {p->brk_start, p->brk, p->brk_limit};
    bool is64 = p->is64;
    const char *old_name = p->name;
    char old_exe[sizeof p->exe];
    memcpy(old_exe, p->exe, sizeof old_exe);

    memcpy(p->exe, name, sizeof p->exe);
    p->name = p->exe;
    ksnprintf(execfn, sizeof execfn, "%s", path);
    if (exec_load_env(p, m->data, m->size, argc, argv, envc, envp, execfn, err, sizeof err)) {
        if (p->pml4 && p->pml4 != old_pml4)
            paging_free_space(p->pml4);
        p->pml4 = old_pml4;
        p->map = old_map;
        p->brk_start = brk[0], p->brk = brk[1], p->brk_limit = brk[2];
        p->is64 = is64;
        memcpy(p->exe, old_exe, sizeof p->exe);
        p->name = old_name;
        return -ENOMEM;
    }
    paging_switch(p->pml4);
    paging_free_space(old_pml4);

    /* argv for /proc/self/cmdline, as far as the process's buffer holds it. */
    size_t at = 0;
    p->argc = 0;
    for (int i = 0; i < argc && i < PROC_MAX_ARGS - 1; i++) {
        size_t l = strlen(argv[i]) + 1;
        if (at + l > sizeof p->args)
            break;
        memcpy(p->args + at, argv[i], l);
        p->argv[p->argc++] = p->args + at;
        at += l;
    }
    strcpy_s(p->ts.comm, name, sizeof p->ts.comm);
    p->did_exec = true;

    /* Linux's flush_signal_handlers: caught signals go back to their
     * default; ignored ones stay ignored; the mask and pending stay. */
    for (int s = 0; s < EL_NSIG; s++) {
        struct k_sigaction *ka = &proc_group(p)->sig.action[s];
        if (ka->handler != EL_SIG_IGN)
            ka->handler = EL_SIG_DFL;
        ka->flags = 0, ka->restorer = 0, ka->mask = 0;
    }
    p->sig.alt_sp = p->sig.alt_size = 0, p->sig.alt_flags = 0;
    p->sig.suspend_restore = false;
    p->fs_base = p->gs_base = 0;
    memset(p->tls, 0, sizeof p->tls);
    p->tid_address = 0;
    p->ts.robust_head = p->ts.robust_len = 0;
    p->pending_tf = false;
    debugreg_exec(p); /* Linux's flush_ptrace_hw_breakpoint */
    fd_close_on_exec(p);
    sched_fresh_cpu(p);

    /* A vfork parent goes on now. */
    if (p->parent && p->parent->vfork_child == p) {
        p->parent->vfork_child = 0;
        sched_wake(p->parent);
    }
    /* The new program's first registers; iretq loads them all. */
    *c->frame = p->start;
    p->sig.full_return = true;
    ptrace_exec(p, c->frame);
    return 0; /* rax, like every register, starts at zero */
}
