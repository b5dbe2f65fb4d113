/* Paths from user programs (src/path.c). entrylab has no file system: a
 * path resolves only when a /proc hook (src/procfs.c) knows it. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "uapi/linux_fs.h"

struct process;

/* Copies the user path at upath (at most PATH_MAX bytes with its NUL) and
 * makes it absolute and plain (no //, ., ..) in out[PATH_MAX]. A relative
 * path starts at dirfd (AT_FDCWD: the working directory, "/"); no fd is a
 * directory here, so another open fd gives -ENOTDIR, a closed one -EBADF.
 * An empty path is -ENOENT unless empty_ok, then *empty is set and out is
 * "". Errors come in Linux's order: -EFAULT, -ENAMETOOLONG, -ENOENT,
 * -EBADF, -ENOTDIR. */
int path_get(struct process *p, int64_t dirfd, uint64_t upath, char *out, bool empty_ok,
             bool *empty);

/* rel (absolute, or relative to the root) as a plain absolute path in
 * out[PATH_MAX]: no empty, "." or ".." components ("/.." is "/"), and
 * /proc/<pid> spelled /proc/self. 0 or -ENAMETOOLONG. Pure. */
int path_plain(const char *rel, char *out, int pid);

/* The hooks where /proc plugs in (src/procfs.c). path is absolute and
 * plain, with /proc/<own pid> already turned into /proc/self.
 * procfs_open: an fd (fd_open_snapshot), or -ENOENT for a path it lacks.
 * procfs_readlink: the link's target in out[PATH_MAX] and its length,
 * -EINVAL for a file that is not a link, -ENOENT for one it lacks. */
int procfs_open(struct process *p, const char *path, int flags);
int procfs_readlink(struct process *p, const char *path, char *out);
