/* The /proc hooks (include/path.h): the only paths that resolve. A file
 * plugs in with a line in procfs_open that builds its text and hands it to
 * fd_open_snapshot; /proc/self/maps is the first to come. */
#include "errno.h"
#include "fmt.h"
#include "kstring.h"
#include "path.h"
#include "proc.h"

int procfs_open(struct process *p, const char *path, int flags)
{
    (void)p, (void)flags;
    (void)path;
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
    int fd = procfs_open(p, path, O_RDONLY);
    if (fd >= 0) { /* a file, not a link */
        fd_close(p, fd);
        return -EINVAL;
    }
    return fd;
}
