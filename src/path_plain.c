/* Plain absolute paths (include/path.h). Pure code: also host-tested. */
#include "errno.h"
#include "fmt.h"
#include "kstring.h"
#include "path.h"

int path_plain(const char *rel, char *out, int pid)
{
    uint64_t n = 0;
    const char *s = rel;
    while (*s) {
        while (*s == '/')
            s++;
        const char *e = s;
        while (*e && *e != '/')
            e++;
        uint64_t len = (uint64_t)(e - s);
        if (len == 0)
            break;
        if (len == 1 && s[0] == '.') {
            /* nothing */
        } else if (len == 2 && s[0] == '.' && s[1] == '.') {
            while (n > 0 && out[n - 1] != '/')
                n--;
            if (n > 0)
                n--; /* the slash; ".." of "/" is "/" */
        } else {
            if (n + 1 + len >= PATH_MAX)
                return -ENAMETOOLONG;
            out[n++] = '/';
            memcpy(out + n, s, len);
            n += len;
        }
        s = e;
    }
    if (n == 0)
        out[n++] = '/';
    out[n] = 0;
    /* /proc/<own pid> is /proc/self, so the hooks match one spelling. */
    char self[24];
    int sl = ksnprintf(self, sizeof self, "/proc/%d", pid);
    if (strncmp(out, self, (size_t)sl) == 0 && (out[sl] == '/' || out[sl] == 0)) {
        if (n - (uint64_t)sl + 10 >= PATH_MAX)
            return -ENAMETOOLONG;
        memmove(out + 10, out + sl, n - (uint64_t)sl + 1);
        memcpy(out, "/proc/self", 10);
    }
    return 0;
}

