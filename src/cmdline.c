#include "cmdline.h"

static const char *line = "";

void cmdline_set(const char *s) { line = s ? s : ""; }

bool cmdline_find(const char *s, const char *key, const char **value, size_t *len)
{
    while (*s) {
        while (*s == ' ')
            s++;
        const char *word = s;
        while (*s && *s != ' ')
            s++;
        const char *k = key, *w = word;
        while (*k && w < s && *w == *k)
            k++, w++;
        if (*k || (w < s && *w != '='))
            continue;
        if (w < s)
            w++; /* past '=' */
        *value = w;
        *len = (size_t)(s - w);
        return true;
    }
    return false;
}

bool cmdline_has(const char *key, const char *value)
{
    const char *v;
    size_t n;
    if (!cmdline_find(line, key, &v, &n))
        return false;
    if (!value)
        return true;
    size_t i = 0;
    for (; i < n && value[i] == v[i]; i++)
        ;
    return i == n && value[i] == 0;
}

bool cmdline_get(const char *key, char *buf, size_t size)
{
    const char *v;
    size_t n;
    if (!cmdline_find(line, key, &v, &n) || size == 0)
        return false;
    if (n >= size)
        n = size - 1;
    for (size_t i = 0; i < n; i++)
        buf[i] = v[i];
    buf[n] = 0;
    return true;
}
