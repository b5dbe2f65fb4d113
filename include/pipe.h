/* Pipes (src/pipe.c): pipe and pipe2, and what the fd layer calls for a
 * description of kind FILE_PIPE. Each pipe is 64 KiB, as Linux's default. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

struct file;
struct sc_call;

#define PIPE_PAGES 16
#define PIPE_BYTES (PIPE_PAGES * 4096ul)
#define PIPE_ATOMIC 4096 /* PIPE_BUF: writes up to this size are never split */

int64_t pipe_read(const struct sc_call *c, struct file *f, uint64_t buf, uint64_t count);
int64_t pipe_write(const struct sc_call *c, struct file *f, uint64_t buf, uint64_t count);
/* poll's revents bits for this end. */
uint16_t pipe_poll(const struct file *f);
/* Bytes waiting to be read (FIONREAD). */
uint64_t pipe_unread(const struct file *f);
/* The fd layer made a second description of this end (fork's copy). */
void pipe_end_copied(struct file *f);
/* The last fd of this description was closed. */
void pipe_end_closed(struct file *f);
