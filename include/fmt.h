/* Formatted output: one formatter core, used by the kernel's kprintf and by
 * ksnprintf. Pure code: also built and tested on the host. */
#pragma once
#include <stdarg.h>
#include <stddef.h>

/* Called once per output character. */
typedef void (*fmt_sink)(char c, void *ctx);

/* Supported: %d %i %u %x %X %o %c %s %p %%; flags '-' '0' '+' ' ' '#';
 * width and precision as numbers or '*'; length hh h l ll z t j.
 * %p prints 0x and 16 hex digits. A NULL %s prints "(null)".
 * Returns the number of characters emitted. */
int fmt_format(fmt_sink sink, void *ctx, const char *fmt, va_list ap);

/* C99 semantics: writes at most size-1 chars plus NUL (nothing if size is 0),
 * returns the length the ful output would have had. */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
