/* The kernel command line: space-separated words, "key" or "key=value". */
#pragma once
#include <stdbool.h>
#include <stddef.h>

void cmdline_set(const char *s);
/* True when the command line has key=value (value NULL: key alone or key=anything). */
bool cmdline_has(const char *key, const char *value);
/* Copies the value of key=value into buf; false when key is absent. */
bool cmdline_get(const char *key, char *buf, size_t size);
/* The same two over any command line string (pure; host-tested). */
bool cmdline_find(const char *line, const char *key, const char **value, size_t *len);
