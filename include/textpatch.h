/* Boot-time writes to the kernel text (src/textpatch.c). */
#pragma once
#include <stddef.h>

/* n bytes at at, a kernel text address, through the physical map. */
void text_write(void *at, const void *bytes, size_t n);
/* After text_write: this CPU runs the new bytes from here on. */
void text_sync(void);
/* site holds `call from` (e8 rel32): it becomes `call to`. Synced. */
void text_patch_call(void *site, const void *from, const void *to);
