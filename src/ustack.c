/* Initial process stack in the Linux layout, so an unmodified static libc's
 * _start finds argc, argv, envp and auxv where it expects them. The whole
 * layout is sized before the first write: a failure leaves buf untouched. */
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "ustack.h"
#include "errno.h"
#include "kstring.h"

/* Little-endian word of 8 or 4 bytes (pointers truncate to 32 bits). */
static void put_word(uint8_t *p, uint64_t v, unsigned w)
{
    for (unsigned i = 0; i < w; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* Adds the bytes of n strings (with NULs) to *total; false past size. */
static bool add_strings(const char *const *v, int n, size_t size,
                        uint64_t *total)
{
    for (int i = 0; i < n; i++) {
        if (!v[i])
            return false;
        size_t len = strnlen(v[i], size);
        if (len >= size)
            return false;
        *total += len + 1;
        if (*total > size)
            return false;
    }
    return true;
}

/* Copies n strings upwards from user address *at; stores each address as a
 * word in tab[]. */
static void put_strings(uint8_t *buf, uint64_t lo, uint64_t *at,
                        const char *const *v, int n, uint8_t *tab, unsigned w)
{
    for (int i = 0; i < n; i++) {
        size_t len = strlen(v[i]) + 1;
        memcpy(buf + (*at - lo), v[i], len);
        put_word(tab + (size_t)i * w, *at, w);
        *at += len;
    }
}

int ustack_build(uint8_t *buf, size_t size, const struct ustack_spec *s,
                 uint64_t *sp_out)
{
    if (!buf || !s || !sp_out || s->argc < 0 || s->envc < 0 || s->auxn < 0 ||
        s->auxn > USTACK_MAX_AUX || !s->random16 ||
        (s->argc && !s->argv) || (s->envc && !s->envp) ||
        (s->auxn && !s->aux))
        return -E2BIG;
    /* The range must not wrap below 0, and i386 pointers must fit a word. */
    if (s->top < size || (!s->is64 && s->top > 0x100000000ull))
        return -E2BIG;

    unsigned w = s->is64 ? 8 : 4;
    const char *plat = s->is64 ? "x86_64" : "i686";
    uint64_t strbytes = 0;
    if (!add_strings(s->argv, s->argc, size, &strbytes) ||
        !add_strings(s->envp, s->envc, size, &strbytes))
        return -E2BIG;
    const char *execfn = s->execfn;
    if (execfn && !add_strings(&execfn, 1, size, &strbytes))
        return -E2BIG;
    uint64_t platlen = strlen(plat) + 1;
    if (strbytes + platlen + 16 > size)
        return -E2BIG;

    uint64_t lo = s->top - size;
    uint64_t str = s->top - strbytes;
    uint64_t platat = str - platlen;
    uint64_t rnd = platat - 16;
    /* argc, argv + NULL, envp + NULL, auxv including the four added pairs. */
    uint64_t naux = (uint64_t)s->auxn + 3 + (execfn || s->argc > 0);
    uint64_t words = 1 + (uint64_t)s->argc + 1 + (uint64_t)s->envc + 1 +
                     2 * naux;
    if (words * w > rnd - lo)
        return -E2BIG;
    uint64_t sp = (rnd - words * w) & ~15ull;
    if (sp < lo)
        return -E2BIG;

    uint8_t *tab = buf + (sp - lo);
    memset(tab, 0, rnd - sp);
    put_word(tab, (uint64_t)s->argc, w);
    uint8_t *argv = tab + w;
    uint8_t *envp = argv + ((size_t)s->argc + 1) * w;
    uint8_t *aux = envp + ((size_t)s->envc + 1) * w;
    uint64_t at = str;
    put_strings(buf, lo, &at, s->argv, s->argc, argv, w);
    put_strings(buf, lo, &at, s->envp, s->envc, envp, w);
    /* The file name is the highest string, as in Linux. */
    uint64_t execfn_at = at;
    if (execfn) {
        size_t len = strlen(execfn) + 1;
        memcpy(buf + (at - lo), execfn, len);
        at += len;
    }
    memcpy(buf + (platat - lo), plat, platlen);
    memcpy(buf + (rnd - lo), s->random16, 16);

    size_t k = 0;
    for (int i = 0; i < s->auxn; i++) {
        put_word(aux + k++ * w, s->aux[2 * i], w);
        put_word(aux + k++ * w, s->aux[2 * i + 1], w);
    }
    put_word(aux + k++ * w, AT_RANDOM, w);
    put_word(aux + k++ * w, rnd, w);
    if (execfn || s->argc > 0) {
        put_word(aux + k++ * w, AT_EXECFN, w);
        put_word(aux + k++ * w, execfn ? execfn_at : str, w);
    }
    put_word(aux + k++ * w, AT_PLATFORM, w);
    put_word(aux + k++ * w, platat, w);
    /* AT_NULL and its value are already zero from the memset. */
    *sp_out = sp;
    return 0;
}

int split_args(char *s, const char **argv, int max)
{
    int n = 0;
    if (!s)
        return 0;
    char *r = s; /* reads ahead of w, which writes the words in place */
    while (n < max) {
        while (*r == ' ' || *r == '\t')
            r++;
        if (!*r)
            break;
        char *w = r;
        argv[n++] = w;
        char quote = 0; /* ' or " while inside quotes */
        for (; *r; r++) {
            char ch = *r;
            if (quote == '\'') {
                if (ch == '\'')
                    quote = 0;
                else
                    *w++ = ch;
            } else if (quote == '"') {
                if (ch == '"')
                    quote = 0;
                else if (ch == '\\' && (r[1] == '"' || r[1] == '\\' || r[1] == '$' || r[1] == '`'))
                    *w++ = *++r;
                else
                    *w++ = ch;
            } else if (ch == ' ' || ch == '\t') {
                break;
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
            } else if (ch == '\\' && r[1]) {
                *w++ = *++r;
            } else {
                *w++ = ch;
            }
        }
        bool more = *r != 0;
        *w = 0; /* w <= r: the terminator never lands past the word's end */
        if (!more)
            break;
        r++;
    }
    return n;
}
