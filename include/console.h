/* Console: COM1, the 0xE9 debug port and the VGA text screen. */
#pragma once
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

void console_init(void);
/* Turns the VGA text screen on (only where the loader reported EGA text). */
void console_use_vga(uint64_t phys, uint32_t width, uint32_t height);
/* Turns the framebuffer console on (a linear RGB framebuffer, 24 or 32 bpp). */
void console_use_framebuffer(uint64_t phys, uint32_t pitch, uint32_t width, uint32_t height, uint8_t bpp);
void console_putc(char c);
void console_write(const char *s, uint64_t len);
/* Waits until COM1 has sent every byte (before the emulator is stopped). */
void console_flush(void);
/* Reads one byte from COM1 if one is waiting; -1 otherwise. */
int console_getc(void);

int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int kvprintf(const char *fmt, va_list ap);

/* The log line format used everywhere: "[subsystem] message\n". */
#define klog(sub, fmt, ...) kprintf("[" sub "] " fmt "\n", ##__VA_ARGS__)
