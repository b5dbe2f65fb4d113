/* Host tests for the initial stack builder: each stack is walked back the way
 * a libc _start reads it, with every user pointer translated into the buffer
 * and bounds-checked, and canaries around the buffer. */
#include <stdint.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "ustack.h"

#define GUARD 64
#define CANARY 0xcd

static const uint8_t rnd16[16] = {
    0x10, 0x21, 0x32, 0x43, 0x54, 0x65, 0x76, 0x87,
    0x98, 0xa9, 0xba, 0xcb, 0xdc, 0xed, 0xfe, 0x0f,
};

/* A heap region with GUARD canary bytes on both sides of buf. */
struct region {
    uint8_t *mem, *buf;
    size_t size;
};

static struct region region_new(size_t size)
{
    struct region r;
    r.mem = malloc(size + 2 * GUARD);
    r.buf = r.mem + GUARD;
    r.size = size;
    memset(r.mem, CANARY, size + 2 * GUARD);
    return r;
}

static bool guards_ok(const struct region *r)
{
    for (size_t i = 0; i < GUARD; i++)
        if (r->mem[i] != CANARY || r->buf[r->size + i] != CANARY)
            return false;
    return true;
}

static bool untouched(const struct region *r)
{
    for (size_t i = 0; i < r->size + 2 * GUARD; i++)
        if (r->mem[i] != CANARY)
            return false;
    return true;
}

/* The reader side: a user address range must lie in [top - size, top). */
struct view {
    const uint8_t *buf;
    size_t size;
    uint64_t top;
    unsigned w;
    bool ok;
};

static const uint8_t *at(struct view *v, uint64_t u, uint64_t len)
{
    uint64_t lo = v->top - v->size;
    if (u < lo || u >= v->top || len > v->top - u) {
        v->ok = false;
        return NULL;
    }
    return v->buf + (u - lo);
}

static uint64_t word(struct view *v, uint64_t u)
{
    const uint8_t *p = at(v, u, v->w);
    uint64_t x = 0;
    for (unsigned i = 0; p && i < v->w; i++)
        x |= (uint64_t)p[i] << (8 * i);
    return x;
}

/* The string at user address u, NUL inside the range, or "" on failure. */
static const char *str(struct view *v, uint64_t u)
{
    const uint8_t *p = at(v, u, 1);
    if (!p)
        return "";
    if (!memchr(p, 0, (size_t)(v->top - u))) {
        v->ok = false;
        return "";
    }
    return (const char *)p;
}

/* Reads the stack as _start does and compares it with the spec. */
static void walk(const uint8_t *buf, size_t size, const struct ustack_spec *s, uint64_t sp)
{
    struct view v = {buf, size, s->top, s->is64 ? 8 : 4, true};
    unsigned w = v.w;
    CHECK(sp % 16 == 0);
    CHECK(sp >= s->top - size && sp < s->top);
    uint64_t p = sp;
    CHECK(word(&v, p) == (uint64_t)s->argc);
    p += w;
    uint64_t argv0 = 0;
    for (int i = 0; i < s->argc; i++, p += w) {
        uint64_t a = word(&v, p);
        if (i == 0)
            argv0 = a;
        CHECK_STR(str(&v, a), s->argv[i]);
    }
    CHECK(word(&v, p) == 0);
    p += w;
    for (int i = 0; i < s->envc; i++, p += w)
        CHECK_STR(str(&v, word(&v, p)), s->envp[i]);
    CHECK(word(&v, p) == 0);
    p += w;

    int n = 0;
    bool got_random = false, got_execfn = false, got_platform = false;
    uint64_t mask = s->is64 ? UINT64_MAX : 0xffffffffull;
    for (;; n++, p += 2 * w) {
        uint64_t type = word(&v, p), val = word(&v, p + w);
        if (!v.ok || type == AT_NULL) {
            CHECK(val == 0);
            break;
        }
        if (n < s->auxn) {
            CHECK(type == s->aux[2 * n]);
            CHECK(val == (s->aux[2 * n + 1] & mask));
            continue;
        }
        if (type == AT_RANDOM) {
            const uint8_t *r = at(&v, val, 16);
            CHECK(r && memcmp(r, s->random16, 16) == 0);
            got_random = true;
        } else if (type == AT_EXECFN) {
            if (s->execfn) {
                /* Its own copy, the highest string, ending at the top. */
                CHECK_STR(str(&v, val), s->execfn);
                CHECK(val + strlen(s->execfn) + 1 == s->top);
                CHECK(s->argc == 0 || val != argv0);
            } else {
                CHECK(s->argc > 0 && val == argv0);
                CHECK_STR(str(&v, val), s->argv[0]);
            }
            got_execfn = true;
        } else if (type == AT_PLATFORM) {
            CHECK_STR(str(&v, val), s->is64 ? "x86_64" : "i686");
            got_platform = true;
        } else {
            CHECK(!"unexpected aux type");
        }
    }
    CHECK(got_random && got_platform);
    CHECK(got_execfn == (s->execfn || s->argc > 0));
    CHECK(n == s->auxn + 2 + (s->execfn || s->argc > 0));
    CHECK(v.ok);
}

static int needed(const struct ustack_spec *s)
{
    struct region r = region_new(1 << 16);
    uint64_t sp = 0;
    int rc = ustack_build(r.buf, r.size, s, &sp);
    free(r.mem);
    return rc ? -1 : (int)(s->top - sp);
}

/* Builds in a roomy region, walks it, then checks every smaller size. */
static void run(const struct ustack_spec *s)
{
    int need = needed(s);
    CHECK(need > 0);
    if (need <= 0)
        return;
    for (int extra = 0; extra <= 64; extra += 32) {
        struct region r = region_new((size_t)need + (size_t)extra);
        uint64_t sp = 0;
        CHECK(ustack_build(r.buf, r.size, s, &sp) == 0);
        CHECK(s->top - sp == (uint64_t)need);
        CHECK(guards_ok(&r));
        /* Strings end right at the top, like Linux's. */
        CHECK(r.buf[r.size - 1] == 0);
        walk(r.buf, r.size, s, sp);
        free(r.mem);
    }
    int fails = 0, clean = 0;
    for (int k = 0; k < need; k++) {
        struct region r = region_new((size_t)k);
        uint64_t sp = 0x5a5a;
        if (ustack_build(r.buf, r.size, s, &sp) == -7 && sp == 0x5a5a)
            fails++;
        if (untouched(&r))
            clean++;
        free(r.mem);
    }
    CHECK(fails == need);
    CHECK(clean == need);
}

static const char *const args[] = {"/bin/init", "-v", "", "--name=entrylab"};
static const char *const env[] = {"HOME=/", "TERM=linux", "PATH=/bin:/usr/bin"};

static void test_stack64(void)
{
    const uint64_t aux[] = {
        AT_PHDR, 0x400040, AT_PHENT, 56, AT_PHNUM, 5, AT_PAGESZ, 4096,
        AT_ENTRY, 0x401010, AT_UID, 0, AT_HWCAP, 0x123456789abcdef0ull,
        AT_CLKTCK, 100, AT_SECURE, 0,
    };
    struct ustack_spec s = {
        .is64 = true, .top = 0x7ffffffff000, .argc = 4, .argv = args,
        .envc = 3, .envp = env, .aux = aux, .auxn = 9, .random16 = rnd16,
    };
    run(&s);
    s.argc = 1;
    s.envc = 0;
    run(&s);
    s.argc = 0;
    run(&s);
    s.auxn = 0;
    run(&s);
    /* AT_EXECFN with its own string (the kernel's "/user/<name>"). */
    s.execfn = "/user/init64";
    run(&s);
    s.argc = 4;
    s.envc = 3;
    s.auxn = 9;
    run(&s);
}

static void test_stack32(void)
{
    const uint64_t aux[] = {
        AT_SYSINFO, 0xffffe414, AT_PHDR, 0x8048034, AT_PHENT, 32,
        AT_PHNUM, 4, AT_PAGESZ, 4096, AT_BASE, 0, AT_FLAGS, 0,
        AT_ENTRY, 0x8049000, AT_EUID, 1000, AT_GID, 100, AT_EGID, 100,
    };
    struct ustack_spec s = {
        .is64 = false, .top = 0xc0000000, .argc = 4, .argv = args,
        .envc = 3, .envp = env, .aux = aux, .auxn = 11, .random16 = rnd16,
    };
    run(&s);
    s.top = 0x100000000ull;
    run(&s);
    s.argc = 0;
    s.envc = 1;
    run(&s);
    s.execfn = "";
    run(&s);
    s.argc = 2;
    s.execfn = "/user/a-rather-longer-name-for-the-program32";
    run(&s);
}

/* Every string length 0..40 moves the table through all paddings. */
static void test_alignment(void)
{
    char word[48];
    const char *argv[2] = {"a", word};
    const uint64_t aux[] = {AT_PAGESZ, 4096};
    for (int is64 = 0; is64 < 2; is64++) {
        for (int len = 0; len <= 40; len++) {
            memset(word, 'w', (size_t)len);
            word[len] = 0;
            for (int auxn = 0; auxn <= 1; auxn++) {
                struct ustack_spec s = {
                    .is64 = is64, .top = 0x10000, .argc = 2, .argv = argv,
                    .aux = aux, .auxn = auxn, .random16 = rnd16,
                };
                struct region r = region_new(512);
                uint64_t sp = 0;
                CHECK(ustack_build(r.buf, r.size, &s, &sp) == 0);
                CHECK(guards_ok(&r));
                walk(r.buf, r.size, &s, sp);
                free(r.mem);
            }
        }
    }
}

static void test_unreasonable(void)
{
    uint64_t aux[2 * (USTACK_MAX_AUX + 1)];
    for (int i = 0; i <= USTACK_MAX_AUX; i++) {
        aux[2 * i] = AT_FLAGS;
        aux[2 * i + 1] = (uint64_t)i;
    }
    const char *const holes[] = {"a", NULL};
    struct ustack_spec good = {
        .is64 = true, .top = 0x7ffffffff000, .argc = 2, .argv = args,
        .envc = 1, .envp = env, .aux = aux, .auxn = 0, .random16 = rnd16,
    };
    struct region r = region_new(4096);
    uint64_t sp = 0;
    struct ustack_spec s = good;
    s.argc = -1;
    CHECK(ustack_build(r.buf, r.size, &s, &sp) == -7);
    s = good;
    s.envc = -1;
    CHECK(ustack_build(r.buf, r.size, &s, &sp) == -7);
    s = good;
    s.auxn = -1;
    CHECK(ustack_build(r.buf, r.size, &s, &sp) == -7);
    s.auxn = USTACK_MAX_AUX + 1;
    CHECK(ustack_build(r.buf, r.size, &s, &sp) == -7);
    s = good;
    s.argv = holes;
    CHECK(ustack_build(r.buf, r.size, &s, &sp) == -7);
    s = good;
    s.random16 = NULL;
    CHECK(ustack_build(r.buf, r.size, &s, &sp) == -7);
    s = good;
    s.argc = 1000000;   /* reads at most argv[0..1], then runs out of room */
    s.argv = holes;
    CHECK(ustack_build(r.buf, r.size, &s, &sp) == -7);
    s = good;
    s.top = 100;        /* the range would wrap below 0 */
    CHECK(ustack_build(r.buf, r.size, &s, &sp) == -7);
    s = good;
    s.is64 = false;     /* i386 pointers cannot reach this */
    CHECK(ustack_build(r.buf, r.size, &s, &sp) == -7);
    CHECK(untouched(&r));
    s = good;
    s.auxn = USTACK_MAX_AUX;
    CHECK(ustack_build(r.buf, r.size, &s, &sp) == 0);
    CHECK(guards_ok(&r));
    walk(r.buf, r.size, &s, sp);
    free(r.mem);
}

static void test_split(void)
{
    const char *v[8];
    char a[] = "init  -v   quiet";
    CHECK(split_args(a, v, 8) == 3);
    CHECK_STR(v[0], "init");
    CHECK_STR(v[1], "-v");
    CHECK_STR(v[2], "quiet");

    char b[] = "   lead trail   ";
    CHECK(split_args(b, v, 8) == 2);
    CHECK_STR(v[0], "lead");
    CHECK_STR(v[1], "trail");

    char c[] = "";
    CHECK(split_args(c, v, 8) == 0);
    char d[] = "     ";
    CHECK(split_args(d, v, 8) == 0);

    char e[] = "one";
    CHECK(split_args(e, v, 8) == 1);
    CHECK_STR(v[0], "one");

    char f[] = " a b  c d e ";
    CHECK(split_args(f, v, 2) == 2);
    CHECK_STR(v[0], "a");
    CHECK_STR(v[1], "b");

    char g[] = "a b c";
    v[0] = NULL;
    CHECK(split_args(g, v, 0) == 0);
    CHECK(v[0] == NULL);
    CHECK_STR(g, "a b c");

    char h[] = "x y";
    CHECK(split_args(h, v, 2) == 2);
    CHECK_STR(v[1], "y");

    /* GRUB's quoting of a module argument: sh -c 'echo "hi there" | wc -c' */
    char q[] = "sh -c \"echo \\\"hi there\\\" | wc -c\" end";
    CHECK(split_args(q, v, 8) == 4);
    CHECK_STR(v[0], "sh");
    CHECK_STR(v[2], "echo \"hi there\" | wc -c");
    CHECK_STR(v[3], "end");

    char sq[] = "a'b c'd \t'' \"\" x\\ y \"\\n\\\\\" 'it''s'";
    CHECK(split_args(sq, v, 8) == 6);
    CHECK_STR(v[0], "ab cd");
    CHECK_STR(v[1], "");
    CHECK_STR(v[2], "");
    CHECK_STR(v[3], "x y");
    CHECK_STR(v[4], "\\n\\");
    CHECK_STR(v[5], "its");

    char open[] = "say \"unterminated here";
    CHECK(split_args(open, v, 8) == 2);
    CHECK_STR(v[1], "unterminated here");
}

int main(void)
{
    test_stack64();
    test_stack32();
    test_alignment();
    test_unreasonable();
    test_split();
    return check_report("ustack");
}
