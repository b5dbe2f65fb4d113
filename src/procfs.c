/* The /proc hooks (include/path.h): the only paths that resolve. A file
 * plugs in with a line in procfs_open that builds its bytes and hands them
 * to fd_open_snapshot. */
#include "errno.h"
#include "fd.h"
#include "fmt.h"
#include "kstring.h"
#include "layout.h"
#include "mm.h"
#include "path.h"
#include "layout.h"
#include "mm.h"
#include "proc.h"
#include "rootfs.h"
#include "uapi/entrylab.h"
#include "vsyscall.h"

/* /proc/self/cmdline: argv, each string with its NUL. */
static int cmdline_open(struct process *p, int flags)
{
    static char buf[sizeof p->args + PROC_MAX_ARGS];
    size_t n = 0;
    for (int i = 0; i < p->argc; i++) {
        size_t len = strlen(p->argv[i]) + 1;
        memcpy(buf + n, p->argv[i], len);
        n += len;
    }
    return fd_open_snapshot(p, buf, n, flags);
}

/* /proc/self/maps: the address space's regions (src/vma.c formats them)
 * and, as Linux shows it, the vsyscall page unless vsyscall=none. */
static int maps_open(struct process *p, int flags)
{
    static char buf[SNAPSHOT_PAGES * PAGE_SIZE];
    size_t n = mm_format_maps(p, buf, sizeof buf);
    if (n >= sizeof buf)
        return -ENOMEM;
    enum vsyscall_mode m = vsyscall_mode();
    if (m != VSYSCALL_NONE && p->is64)
        n += (size_t)ksnprintf(buf + n, sizeof buf - n, "%016lx-%016lx %s 00000000 00:00 0%*s[vsyscall]\n",
                               (uint64_t)EL_VSYSCALL_ADDR, (uint64_t)EL_VSYSCALL_ADDR + PAGE_SIZE,
                               m == VSYSCALL_EMULATE ? "r-xp" : "--xp", 18, "");
    if (n >= sizeof buf)
        return -ENOMEM;
    return fd_open_snapshot(p, buf, n, flags);
}

int procfs_open(struct process *p, const char *path, int flags)
{
    /* /proc files are read-only for everyone but root; root opening one
     * for writing gets an fd whose writes fail (-EINVAL), as on Linux. */
    if (strcmp(path, "/proc/self/cmdline") == 0)
        return cmdline_open(p, flags);
    if (strcmp(path, "/proc/self/maps") == 0)
        return maps_open(p, flags);
    return -ENOENT;
}

int procfs_readlink(struct process *p, const char *path, char *out)
{
    /* /proc/self itself is a link to the pid's directory. */
    if (strcmp(path, "/proc/self") == 0)
        return ksnprintf(out, PATH_MAX, "%d", p->pid);
    /* The executable: the module's path on the boot ISO, /user/<argv[0]>
     * (CMakeLists.txt's entrylab_iso puts every program there). */
    if (strcmp(path, "/proc/self/exe") == 0)
        return ksnprintf(out, PATH_MAX, "/user/%s", p->name ? p->name : "");
    int fd = rootfs_open(p, path, O_RDONLY);
    if (fd >= 0) { /* a file, not a link */
        fd_close(p, fd);
        return -EINVAL;
    }
    return fd;
}
