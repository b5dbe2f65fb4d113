/* The console's input side (src/tty_input.c): the line discipline, and
 * whether a read would find something (poll). */
#pragma once
#include <stdbool.h>
#include "frame.h"

struct process;
/* The command line asked for a person at the keyboard (interactive). */
bool tty_interactive(void);
/* Bytes a read of the console would get now (FIONREAD). */
uint64_t tty_unread(struct process *p);
/* A read of the console would not wait. */
bool tty_readable(struct process *p);
/* Drops what was typed and not read yet (TCSETSF, TCFLSH). */
void tty_flush_input(void);
/* Waits for the next interrupt (a tick, or a key) inside a blocking call. */
void tty_wait_tick(const struct frame *f);
