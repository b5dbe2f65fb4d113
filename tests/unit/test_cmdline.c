#include "check.h"
#include "cmdline.h"

static const char *get(const char *line, const char *key)
{
    static char buf[64];
    const char *v;
    size_t n;
    if (!cmdline_find(line, key, &v, &n))
        return "<absent>";
    memcpy(buf, v, n);
    buf[n] = 0;
    return buf;
}

int main(void)
{
    CHECK_STR(get("ktest exit=emu", "exit"), "emu");
    CHECK_STR(get("ktest exit=emu", "ktest"), "");
    CHECK_STR(get("  a=1   b=22  ", "b"), "22");
    CHECK_STR(get("exitx=1 exit=2", "exit"), "2");   /* a longer key is not a match */
    CHECK_STR(get("ex=1", "exit"), "<absent>");      /* nor a shorter one */
    CHECK_STR(get("", "exit"), "<absent>");
    CHECK_STR(get("crash=pf", "crash"), "pf");
    CHECK_STR(get("k=a=b", "k"), "a=b");

    cmdline_set("ktest exit=emu crash=gp");
    CHECK(cmdline_has("exit", "emu"));
    CHECK(!cmdline_has("exit", "em"));
    CHECK(!cmdline_has("exit", "emux"));
    CHECK(cmdline_has("ktest", 0));
    CHECK(!cmdline_has("nope", 0));
    char buf[3];
    CHECK(cmdline_get("crash", buf, sizeof buf) && strcmp(buf, "gp") == 0);
    char small[2];
    CHECK(cmdline_get("exit", small, sizeof small) && strcmp(small, "e") == 0); /* truncated */
    cmdline_set(0);
    CHECK(!cmdline_has("exit", 0));
    return check_report("cmdline");
}
