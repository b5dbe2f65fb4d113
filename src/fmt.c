/* The printf-style formatter core and ksnprintf on top of it. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fmt.h"

/* Counts what it emits so fmt_format can return the full length even when a
 * sink (like the ksnprintf buffer) drops characters. */
struct out {
    fmt_sink sink;
    void *ctx;
    size_t n;
};

struct spec {
    bool left, zero, plus, space, alt;
    int width;
    int prec; /* -1: none given */
};

enum len { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_T, LEN_J };

static void put(struct out *o, char c)
{
    o->sink(c, o->ctx);
    o->n++;
}

static void put_n(struct out *o, char c, int n)
{
    while (n-- > 0)
        put(o, c);
}

static void put_s(struct out *o, const char *s, int n)
{
    for (int i = 0; i < n; i++)
        put(o, s[i]);
}

static int str_len(const char *s, int max)
{
    int n = 0;
    while ((max < 0 || n < max) && s[n])
        n++;
    return n;
}

/* Reads a decimal field; saturates so a huge width cannot overflow int. */
static int read_num(const char **f)
{
    int v = 0;
    while (**f >= '0' && **f <= '9') {
        int d = *(*f)++ - '0';
        v = v > (__INT_MAX__ - d) / 10 ? __INT_MAX__ : v * 10 + d;
    }
    return v;
}

/* Writes digits least significant first into the end of buf; returns the
 * start. The magnitude is unsigned so INT64_MIN needs no special case. */
static char *to_digits(char *end, uint64_t v, unsigned base, bool upper)
{
    const char *dig = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char *p = end;
    do {
        *--p = dig[v % base];
        v /= base;
    } while (v);
    return p;
}

static void put_int(struct out *o, const struct spec *s, uint64_t mag,
                    bool neg, bool is_signed, unsigned base, bool upper)
{
    char buf[24]; /* 22 octal digits cover 64 bits */
    char *end = buf + sizeof buf;
    char *dig = end;
    /* C: an explicit precision of 0 prints no digits for the value 0. */
    if (!(mag == 0 && s->prec == 0))
        dig = to_digits(end, mag, base, upper);
    int ndig = (int)(end - dig);

    char sign = 0;
    if (is_signed)
        sign = neg ? '-' : s->plus ? '+' : s->space ? ' ' : 0;

    const char *pre = "";
    if (s->alt && base == 16 && mag != 0)
        pre = upper ? "0X" : "0x";
    int npre = str_len(pre, -1);

    int zeros = s->prec > ndig ? s->prec - ndig : 0;
    /* '#' with %o forces a leading 0, by raising the precision if needed. */
    if (s->alt && base == 8 && zeros == 0 && (ndig == 0 || dig[0] != '0'))
        zeros = 1;

    int total = (sign ? 1 : 0) + npre + zeros + ndig;
    int pad = s->width > total ? s->width - total : 0;
    /* The '0' flag pads between sign/prefix and digits, unless '-' or a
     * precision is given (then C pads with spaces). */
    if (pad && !s->left && s->zero && s->prec < 0) {
        zeros += pad;
        pad = 0;
    }
    if (!s->left)
        put_n(o, ' ', pad);
    if (sign)
        put(o, sign);
    put_s(o, pre, npre);
    put_n(o, '0', zeros);
    put_s(o, dig, ndig);
    if (s->left)
        put_n(o, ' ', pad);
}

static void put_padded(struct out *o, const struct spec *s, const char *str,
                       int n)
{
    int pad = s->width > n ? s->width - n : 0;
    if (!s->left)
        put_n(o, ' ', pad);
    put_s(o, str, n);
    if (s->left)
        put_n(o, ' ', pad);
}

static int64_t arg_signed(va_list *ap, enum len len)
{
    switch (len) {
    case LEN_HH: return (signed char)va_arg(*ap, int);
    case LEN_H:  return (short)va_arg(*ap, int);
    case LEN_L:  return va_arg(*ap, long);
    case LEN_LL: return va_arg(*ap, long long);
    case LEN_Z:  return (ptrdiff_t)va_arg(*ap, size_t);
    case LEN_T:  return va_arg(*ap, ptrdiff_t);
    case LEN_J:  return va_arg(*ap, intmax_t);
    default:     return va_arg(*ap, int);
    }
}

static uint64_t arg_unsigned(va_list *ap, enum len len)
{
    switch (len) {
    case LEN_HH: return (unsigned char)va_arg(*ap, unsigned);
    case LEN_H:  return (unsigned short)va_arg(*ap, unsigned);
    case LEN_L:  return va_arg(*ap, unsigned long);
    case LEN_LL: return va_arg(*ap, unsigned long long);
    case LEN_Z:  return va_arg(*ap, size_t);
    case LEN_T:  return (size_t)va_arg(*ap, ptrdiff_t);
    case LEN_J:  return va_arg(*ap, uintmax_t);
    default:     return va_arg(*ap, unsigned);
    }
}

static enum len read_len(const char **f)
{
    switch (**f) {
    case 'h':
        if ((*f)[1] == 'h') {
            *f += 2;
            return LEN_HH;
        }
        (*f)++;
        return LEN_H;
    case 'l':
        if ((*f)[1] == 'l') {
            *f += 2;
            return LEN_LL;
        }
        (*f)++;
        return LEN_L;
    case 'z': (*f)++; return LEN_Z;
    case 't': (*f)++; return LEN_T;
    case 'j': (*f)++; return LEN_J;
    default:  return LEN_NONE;
    }
}

int fmt_format(fmt_sink sink, void *ctx, const char *fmt, va_list ap)
{
    struct out o = { sink, ctx, 0 };
    /* A local copy so helpers can take its address: a va_list parameter is
     * an array that decayed to a pointer on x86-64, so &ap has the wrong type. */
    va_list args;
    va_copy(args, ap);

    const char *f = fmt;
    while (*f) {
        if (*f != '%') {
            put(&o, *f++);
            continue;
        }
        const char *start = f++;
        struct spec s = { .prec = -1 };

        for (;; f++) {
            if (*f == '-') s.left = true;
            else if (*f == '0') s.zero = true;
            else if (*f == '+') s.plus = true;
            else if (*f == ' ') s.space = true;
            else if (*f == '#') s.alt = true;
            else break;
        }

        if (*f == '*') {
            f++;
            int w = va_arg(args, int);
            /* A negative '*' width means '-' plus its magnitude. */
            if (w < 0) {
                s.left = true;
                w = w == -__INT_MAX__ - 1 ? __INT_MAX__ : -w;
            }
            s.width = w;
        } else {
            s.width = read_num(&f);
        }

        if (*f == '.') {
            f++;
            if (*f == '*') {
                f++;
                int p = va_arg(args, int);
                s.prec = p < 0 ? -1 : p; /* negative means "none given" */
            } else {
                s.prec = read_num(&f);
            }
        }

        enum len len = read_len(&f);
        char c = *f;
        if (c)
            f++;

        switch (c) {
        case 'd':
        case 'i': {
            int64_t v = arg_signed(&args, len);
            uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
            put_int(&o, &s, mag, v < 0, true, 10, false);
            break;
        }
        case 'u':
            put_int(&o, &s, arg_unsigned(&args, len), false, false, 10, false);
            break;
        case 'x':
        case 'X':
            put_int(&o, &s, arg_unsigned(&args, len), false, false, 16,
                    c == 'X');
            break;
        case 'o':
            put_int(&o, &s, arg_unsigned(&args, len), false, false, 8, false);
            break;
        case 'c': {
            char ch = (char)va_arg(args, int);
            put_padded(&o, &s, &ch, 1);
            break;
        }
        case 's': {
            const char *str = va_arg(args, const char *);
            if (!str)
                str = "(null)";
            put_padded(&o, &s, str, str_len(str, s.prec));
            break;
        }
        case 'p': {
            /* Fixed 16 digits so addresses line up in logs. */
            char buf[18] = { '0', 'x' };
            uint64_t v = (uint64_t)(uintptr_t)va_arg(args, void *);
            for (int i = 17; i >= 2; i--, v >>= 4)
                buf[i] = "0123456789abcdef"[v & 15];
            put_padded(&o, &s, buf, 18);
            break;
        }
        case '%':
            put(&o, '%');
            break;
        default:
            /* Unknown or truncated spec: show it as written. */
            put_s(&o, start, (int)(f - start));
            break;
        }
    }
    va_end(args);
    return o.n > (size_t)__INT_MAX__ ? __INT_MAX__ : (int)o.n;
}

struct sbuf {
    char *p;
    size_t size, len;
};

static void sbuf_put(char c, void *ctx)
{
    struct sbuf *b = ctx;
    /* Keep one byte for the NUL; keep counting past the end for the result. */
    if (b->len + 1 < b->size)
        b->p[b->len] = c;
    b->len++;
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct sbuf b = { buf, size, 0 };
    int n = fmt_format(sbuf_put, &b, fmt, ap);
    if (size)
        buf[b.len < size ? b.len : size - 1] = '\0';
    return n;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = kvsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
