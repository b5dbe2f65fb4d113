/* Per-process file descriptors (src/fd.c). An fd points at an open file
 * description (struct file) that dup shares: offset and status flags are
 * the description's, close-on-exec is the fd's. Two kinds of file exist:
 * the console (a character device, /dev/console 5:1) and read-only
 * in-memory snapshots whose bytes are fixed when they are opened. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct process;
struct sc_call;

#define FD_TABLE_SIZE 4096     /* RLIMIT_NOFILE's hard default: more is -EMFILE */
#define FD_FILES 64            /* open file descriptions per process */
#define SNAPSHOT_PAGES 32      /* a snapshot holds at most 128 KiB */

/* The console device: /dev/console, character device 5:1. */
#define CONSOLE_MAJOR 5
#define CONSOLE_MINOR 1

enum file_kind {
    FILE_FREE = 0,
    FILE_CONSOLE,  /* /dev/console, /dev/tty (src/tty.c, src/tty_input.c) */
    FILE_SNAPSHOT, /* a /proc file's bytes, fixed at open (here) */
    FILE_PIPE,     /* src/pipe.c */
    FILE_DIR,      /* a directory of the tree (src/rootfs.c) */
    FILE_MODULE,   /* a boot module's bytes, /user/NAME (src/rootfs.c) */
    FILE_NULL,     /* /dev/null */
    FILE_ZERO,     /* /dev/zero */
};
struct pipe;

struct file {
    enum file_kind kind;
    int refs;                  /* fds pointing here */
    uint32_t flags;            /* O_ACCMODE, O_APPEND, O_NONBLOCK, O_LARGEFILE */
    uint64_t pos;
    uint64_t ino;
    uint64_t len;              /* snapshot: its size */
    uint64_t pages[SNAPSHOT_PAGES]; /* snapshot: physical frames of its bytes */
    struct pipe *pipe;         /* pipe: the ring both ends share (src/pipe.c) */
    const void *data;          /* module: its bytes (len of them) */
    uint32_t node;             /* directory: enum rootfs_dir */
};

struct fd_table {
    struct file *fd[FD_TABLE_SIZE];
    uint64_t cloexec[FD_TABLE_SIZE / 64];
    struct file files[FD_FILES];
};

/* The program's first fds: 0, 1 and 2 on one console description (O_RDWR),
 * as Linux's init gets them. */
void fd_init(struct process *p);
/* Closes everything (the program ended). */
void fd_release(struct process *p);

/* fork: dst (a byte copy of src) gets fds of its own, each description
 * copied with its offset and flags (not shared with the parent's, unlike
 * Linux: docs/abi.md); a pipe end copied counts as one more on that end. 0 or -ENOMEM; on failure fd_release(dst) frees
 * what was copied. */
int fd_copy(struct process *dst, const struct process *src);
/* execve: closes every fd marked close-on-exec. */
int fd_close_on_exec(struct process *p);

/* The open file behind fd, or NULL (closed or out of range). */
struct file *fd_get(struct process *p, int64_t fd);
/* A fresh description of the kind, refs 0; NULL when all are in use. */
struct file *file_alloc(struct process *p, enum file_kind kind, uint32_t flags);
/* Puts f at the lowest free fd >= min (below RLIMIT_NOFILE): the fd, or
 * -EMFILE. A description without an fd afterwards is freed. */
int fd_install(struct process *p, struct file *f, int64_t min, bool cloexec);
/* 0 or -EBADF. */
int fd_close(struct process *p, int64_t fd);

/* A read-only file holding a copy of data[0..len): reads, lseek and pread
 * work as on a regular file of that size; writes fail. flags are open(2)'s
 * (O_CLOEXEC, O_NONBLOCK, the access mode). Returns the fd, -ENOMEM (too
 * big or no memory), -ENFILE or -EMFILE. For /proc files (src/procfs.c). */
int fd_open_snapshot(struct process *p, const char *data, size_t len, int flags);

/* No offset to seek or read at: the console and pipes (-ESPIPE). */
static inline bool file_is_stream(const struct file *f) { return f->kind == FILE_CONSOLE || f->kind == FILE_PIPE; }
/* Read by rootfs_read: a module's bytes, /dev/null, /dev/zero. */
static inline bool file_is_rootfs(const struct file *f)
{
    return f->kind == FILE_MODULE || f->kind == FILE_NULL || f->kind == FILE_ZERO;
}

/* The console's and the snapshots' operations, for src/rw.c, src/stat.c and
 * src/tty.c. Counts are already checked against the user range. */
int64_t tty_read(const struct sc_call *c, struct file *f, uint64_t buf, uint64_t count);
int64_t tty_write(const struct sc_call *c, struct file *f, uint64_t buf, uint64_t count);
int64_t snapshot_read(struct file *f, uint64_t buf, uint64_t count, uint64_t pos);

/* The largest count one read or write moves (Linux's MAX_RW_COUNT). */
#define MAX_RW_COUNT 0x7ffff000ul
