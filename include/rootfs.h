/* The file tree (src/rootfs.c): read-only, made of what the boot has. The
 * root holds boot/ and user/ (the boot modules, the programs: the ISO keeps
 * them in /user, and /boot lists the same), dev/ (console, tty, null, zero)
 * and proc/ (self/: cmdline, maps, exe; src/procfs.c). */
#pragma once
#include <stdbool.h>
#include <stdint.h>

struct process;
struct file;
struct sc_call;

/* The nodes a directory fd can name (struct file's node). */
enum rootfs_dir { DIR_ROOT = 1, DIR_BOOT, DIR_USER, DIR_DEV, DIR_PROC, DIR_PROC_SELF };

/* Opens path (absolute, plain): an fd, or -ENOENT, -EISDIR (a directory
 * for writing), -ENOTDIR (O_DIRECTORY on a file). Every open of a path
 * comes here; /proc's files are handed to procfs_open. */
int rootfs_open(struct process *p, const char *path, int flags);
/* The absolute path of a directory fd's node, for paths relative to it. */
const char *rootfs_dir_path(const struct file *f);
/* The read side of the kinds this file makes: modules, /dev/null, /dev/zero. */
int64_t rootfs_read(struct file *f, uint64_t buf, uint64_t count, uint64_t pos);
