/* Console output to COM1 (16550, polled), the 0xE9 debug port (Bochs and
 * QEMU's debugcon) and, when the loader gave us text mode, the VGA screen. */
#include "console.h"
#include "cpu.h"
#include "fmt.h"
#include "kstring.h"
#include "layout.h"

#define COM1 0x3F8
#define LSR_DATA_READY 0x01
#define LSR_THRE 0x20 /* transmitter holding register empty: may write */
#define LSR_TEMT 0x40 /* transmitter empty: every byte is on the wire */

static volatile uint16_t *vga;
static uint32_t vga_w, vga_h, vga_x, vga_y;

/* A linear framebuffer (UEFI has no VGA text mode): 8x16 text cells drawn
 * with GRUB's ASCII font (tools/gen-font.py). */
extern const uint8_t font8x16[95][16];
static struct {
    uint8_t *base;
    uint32_t pitch, bytes_pp, cols, rows, x, y;
} fb;

void console_init(void)
{
    /* boot/entry32.asm already set 115200 8N1; redo it so C owns the state. */
    outb(COM1 + 1, 0x00);
    outb(COM1 + 3, 0x80);
    outb(COM1 + 0, 0x01);
    outb(COM1 + 1, 0x00);
    outb(COM1 + 3, 0x03);
    outb(COM1 + 2, 0xC7);
    outb(COM1 + 4, 0x03); /* DTR, RTS */
}

void console_use_vga(uint64_t phys, uint32_t width, uint32_t height)
{
    vga = phys_to_virt(phys);
    vga_w = width;
    vga_h = height;
    vga_x = vga_y = 0;
    for (uint32_t i = 0; i < width * height; i++)
        vga[i] = 0x0700 | ' ';
}

static void vga_putc(char c)
{
    if (c == '\n' || vga_x == vga_w) {
        vga_x = 0;
        if (++vga_y == vga_h) {
            for (uint32_t i = 0; i < vga_w * (vga_h - 1); i++)
                vga[i] = vga[i + vga_w];
            for (uint32_t i = 0; i < vga_w; i++)
                vga[vga_w * (vga_h - 1) + i] = 0x0700 | ' ';
            vga_y--;
        }
        if (c == '\n')
            return;
    }
    vga[vga_y * vga_w + vga_x++] = 0x0700 | (uint8_t)c;
}

void console_use_framebuffer(uint64_t phys, uint32_t pitch, uint32_t width, uint32_t height, uint8_t bpp)
{
    if ((bpp != 32 && bpp != 24) || width < 8 || height < 16)
        return;
    fb.base = phys_to_virt(phys);
    fb.pitch = pitch;
    fb.bytes_pp = bpp / 8;
    fb.cols = width / 8;
    fb.rows = height / 16;
    fb.x = fb.y = 0;
    for (uint32_t y = 0; y < fb.rows * 16; y++)
        memset(fb.base + (uint64_t)y * pitch, 0, (uint64_t)width * fb.bytes_pp);
}

static void fb_cell(uint32_t col, uint32_t row, char c)
{
    const uint8_t *glyph = font8x16[(c >= 0x20 && c < 0x7F ? c : '?') - 0x20];
    for (uint32_t y = 0; y < 16; y++) {
        uint8_t *line = fb.base + (uint64_t)(row * 16 + y) * fb.pitch + (uint64_t)col * 8 * fb.bytes_pp;
        for (uint32_t x = 0; x < 8; x++) {
            uint8_t v = glyph[y] & (0x80 >> x) ? 0xAA : 0x00; /* light grey on black */
            for (uint32_t b = 0; b < fb.bytes_pp; b++)
                line[x * fb.bytes_pp + b] = b < 3 ? v : 0;
        }
    }
}

static void fb_putc(char c)
{
    if (c == '\n' || fb.x == fb.cols) {
        fb.x = 0;
        if (++fb.y == fb.rows) {
            uint64_t row_bytes = (uint64_t)fb.pitch * 16;
            memmove(fb.base, fb.base + row_bytes, row_bytes * (fb.rows - 1));
            memset(fb.base + row_bytes * (fb.rows - 1), 0, row_bytes);
            fb.y--;
        }
        if (c == '\n')
            return;
    }
    fb_cell(fb.x++, fb.y, c);
}

static void serial_putc(char c)
{
    while (!(inb(COM1 + 5) & LSR_THRE))
        ;
    outb(COM1, (uint8_t)c);
}

void console_putc(char c)
{
    if (c == '\n')
        serial_putc('\r');
    serial_putc(c);
    outb(0xE9, (uint8_t)c);
    if (vga)
        vga_putc(c);
    else if (fb.base && c != '\r')
        fb_putc(c);
}

void console_write(const char *s, uint64_t len)
{
    for (uint64_t i = 0; i < len; i++)
        console_putc(s[i]);
}

void console_flush(void)
{
    while (!(inb(COM1 + 5) & LSR_TEMT))
        ;
}

int console_getc(void)
{
    if (!(inb(COM1 + 5) & LSR_DATA_READY))
        return -1;
    return inb(COM1);
}

static void sink(char c, void *ctx)
{
    (void)ctx;
    console_putc(c);
}

int kvprintf(const char *fmt, va_list ap) { return fmt_format(sink, 0, fmt, ap); }

int kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = kvprintf(fmt, ap);
    va_end(ap);
    return n;
}
