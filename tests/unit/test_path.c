/* Host tests for path_plain.c: absolute plain paths from what programs pass. */
#include <string.h>

#include "check.h"
#include "errno.h"
#include "path.h"

static char out[PATH_MAX];

static const char *plain(const char *in, int pid)
{
    int r = path_plain(in, out, pid);
    return r ? "(error)" : out;
}

int main(void)
{
    CHECK_STR(plain("/", 2), "/");
    CHECK_STR(plain("//", 2), "/");
    CHECK_STR(plain("/etc/passwd", 2), "/etc/passwd");
    CHECK_STR(plain("etc/passwd", 2), "/etc/passwd");     /* from the root, the cwd */
    CHECK_STR(plain("/proc/./self//maps", 2), "/proc/self/maps");
    CHECK_STR(plain("/proc/self/maps/", 2), "/proc/self/maps");
    CHECK_STR(plain("/a/b/../c", 2), "/a/c");
    CHECK_STR(plain("/..", 2), "/");
    CHECK_STR(plain("../../x", 2), "/x");
    CHECK_STR(plain("/a/..", 2), "/");
    CHECK_STR(plain(".", 2), "/");
    CHECK_STR(plain("/...", 2), "/...");                   /* a name, not ".." */
    CHECK_STR(plain("/proc/2/exe", 2), "/proc/self/exe"); /* its own pid */
    CHECK_STR(plain("/proc/2", 2), "/proc/self");
    CHECK_STR(plain("/proc/23/exe", 2), "/proc/23/exe");  /* another pid */
    CHECK_STR(plain("/proc/2/exe", 3), "/proc/2/exe");
    CHECK_STR(plain("/proc/self/../2/cmdline", 2), "/proc/self/cmdline");

    /* The longest result fits; one byte more does not. */
    static char in[PATH_MAX + 8];
    memset(in, 'a', sizeof in);
    in[0] = '/';
    in[PATH_MAX - 1] = 0;                                  /* "/" + 4094 a's */
    CHECK(path_plain(in, out, 2) == 0 && strlen(out) == PATH_MAX - 1);
    in[PATH_MAX - 1] = 'a';
    in[PATH_MAX] = 0;
    CHECK(path_plain(in, out, 2) == -ENAMETOOLONG);
    /* Many slashes shrink: a long input may still give a short path. */
    memset(in, '/', PATH_MAX - 1);
    in[PATH_MAX - 2] = 'x';
    in[PATH_MAX - 1] = 0;
    CHECK_STR(plain(in, 2), "/x");
    return check_report("path");
}
