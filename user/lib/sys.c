/* entrylab's tiny user runtime: startup in C, printing, auxv, mem*. */
#include "sys.h"

#ifdef __x86_64__
_Static_assert(sizeof(struct regs) == (EL_NGPR + 7) * 8, "door64.asm offsets");
const char *const el_gpr_names[EL_NGPR] = {
    "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "r8",
    "r9",  "r10", "r11", "r12", "r13", "r14", "r15"};
#else
_Static_assert(sizeof(struct regs) == (EL_NGPR + 7) * 4, "door32.asm offsets");
const char *const el_gpr_names[EL_NGPR] = {
    "eax", "ebx", "ecx", "edx", "esi", "edi", "ebp"};
#endif
_Static_assert(offsetof(struct regs, flags) == EL_NGPR * sizeof(long), "door*.asm offsets");
_Static_assert(offsetof(struct regs, ss_in) == (EL_NGPR + 6) * sizeof(long), "door*.asm offsets");

/* door64.asm / door32.asm call the vDSO through these (one source: uapi). */
const unsigned long el_vdso_sysenter64 = EL_VDSO_SYSENTER64;
const unsigned long el_vdso_sysenter32 = EL_VDSO_SYSENTER32;
const unsigned long el_vdso_syscall32 = EL_VDSO_SYSCALL32;

struct regs el_entry;   /* filled by _start */
int el_argc;
char **el_argv, **el_envp;
unsigned long *el_auxv;
int el_failures;

/* Called by _start with the initial stack pointer (argc, argv, envp, auxv). */
__attribute__((noreturn, used)) void el_start_c(unsigned long *sp);
void el_start_c(unsigned long *sp)
{
    el_argc = (int)sp[0];
    el_argv = (char **)(sp + 1);
    el_envp = el_argv + el_argc + 1;
    char **e = el_envp;
    while (*e)
        e++;
    el_auxv = (unsigned long *)(e + 1);
    el_exit(main(el_argc, el_argv, el_envp));
}

int el_auxv_find(unsigned long type, unsigned long *value)
{
    for (unsigned long *a = el_auxv; a[0] != AT_NULL; a += 2) {
        if (a[0] == type) {
            *value = a[1];
            return 1;
        }
    }
    return 0;
}

unsigned long el_getauxval(unsigned long type)
{
    unsigned long v = 0;
    return el_auxv_find(type, &v) ? v : 0;
}

/* ---- bookkeeping through int 0x80 (i386 numbers) ------------------------ */
void el_exit(int status)
{
    for (;;)
        el_int80(NR32_exit, status, 0, 0, 0, 0, 0);
}

long el_write(int fd, const void *buf, unsigned long len)
{
    return el_int80(NR32_write, fd, (long)buf, (long)len, 0, 0, 0);
}

long el_info(struct entrylab_info *out)
{
    return el_int80(NR32_entrylab_info, (long)out, 0, 0, 0, 0, 0);
}

long el_expect(int vector)
{
    return el_int80(NR32_entrylab_expect, vector, 0, 0, 0, 0, 0);
}

/* ---- printing ----------------------------------------------------------- */
static char outbuf[512];   /* static: below 4 GiB, see sys.h */
static unsigned outlen;

static void flush(void)
{
    if (outlen)
        el_write(1, outbuf, outlen);
    outlen = 0;
}

static void put(char c)
{
    if (outlen == sizeof outbuf)
        flush();
    outbuf[outlen++] = c;
}

/* 64-bit division by 10 without libgcc (32-bit code has no 64-bit divide). */
static unsigned long long divmod10(unsigned long long n, unsigned *rem)
{
    unsigned long long q = 0;
    unsigned r = 0;
    for (int i = 63; i >= 0; i--) {
        r = (r << 1) | (unsigned)((n >> i) & 1);
        q <<= 1;
        if (r >= 10) {
            r -= 10;
            q |= 1;
        }
    }
    *rem = r;
    return q;
}

/* One number: base 10 or 16, a sign, then padding to width. */
static int put_num(unsigned long long v, int neg, int hex, int upper,
                   int width, int zero, int left)
{
    char digits[24];
    int n = 0;
    do {
        unsigned d;
        if (hex) {
            d = (unsigned)(v & 15);
            v >>= 4;
        } else {
            v = divmod10(v, &d);
        }
        digits[n++] = (char)(d < 10 ? '0' + d : (upper ? 'A' : 'a') + d - 10);
    } while (v);
    int len = n + neg, out = 0;
    if (!left && !zero)
        for (; len + out < width; out++)
            put(' ');
    if (neg)
        put('-');
    if (!left && zero)
        for (; len + out < width; out++)
            put('0');
    while (n)
        put(digits[--n]);
    for (; left && len + out < width; out++)
        put(' ');
    return len + out;
}

int el_vprintf(const char *fmt, va_list ap)
{
    int total = 0;
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            put(*p);
            total++;
            continue;
        }
        int zero = 0, left = 0, width = 0, lng = 0;
        for (p++; *p == '0' || *p == '-'; p++) {
            if (*p == '0')
                zero = 1;
            else
                left = 1;
        }
        while (*p >= '0' && *p <= '9')
            width = width * 10 + (*p++ - '0');
        while (*p == 'l') {
            lng++;
            p++;
        }
        unsigned long long u;
        long long s;
        switch (*p) {
        case 'd':
        case 'i':
            s = lng >= 2 ? va_arg(ap, long long) : lng ? va_arg(ap, long) : va_arg(ap, int);
            u = s < 0 ? 0 - (unsigned long long)s : (unsigned long long)s;
            total += put_num(u, s < 0, 0, 0, width, zero, left);
            break;
        case 'u':
        case 'x':
        case 'X':
            u = lng >= 2 ? va_arg(ap, unsigned long long)
                : lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
            total += put_num(u, 0, *p != 'u', *p == 'X', width, zero, left);
            break;
        case 'p':
            put('0');
            put('x');
            total += 2 + put_num((unsigned long)va_arg(ap, void *), 0, 1, 0,
                                 width, zero, left);
            break;
        case 'c':
            put((char)va_arg(ap, int));
            total++;
            break;
        case 's': {
            const char *str = va_arg(ap, const char *);
            if (!str)
                str = "(null)";
            int len = (int)strlen(str);
            for (int i = len; !left && i < width; i++, total++)
                put(' ');
            for (int i = 0; i < len; i++)
                put(str[i]);
            for (int i = len; left && i < width; i++, total++)
                put(' ');
            total += len;
            break;
        }
        case '%':
            put('%');
            total++;
            break;
        default:   /* unknown: print it as written */
            put('%');
            if (!*p)
                p--;
            else
                put(*p);
            total += 2;
            break;
        }
    }
    flush();
    return total;
}

int el_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = el_vprintf(fmt, ap);
    va_end(ap);
    return n;
}

int el_puts(const char *s)
{
    return el_printf("%s\n", s);
}

/* ---- test helpers ------------------------------------------------------- */
void el_check(int ok, const char *what)
{
    if (ok) {
        el_printf("# ok %s\n", what);
    } else {
        el_printf("# FAIL %s\n", what);
        el_failures++;
    }
}

void el_check_eq(const char *what, unsigned long long got, unsigned long long want)
{
    if (got == want) {
        el_printf("# ok %s\n", what);
    } else {
        el_printf("# FAIL %s: got 0x%llx want 0x%llx\n", what, got, want);
        el_failures++;
    }
}

void el_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    el_printf("# FAIL ");
    el_vprintf(fmt, ap);
    el_printf("\n");
    va_end(ap);
    el_failures++;
}

const struct el_door el_doors[EL_NDOORS] = {
#ifdef __x86_64__
    {"int 0x80", EL_ACCEPT_INT80_64, 0, door64_int80},
    {"syscall", EL_ACCEPT_SYSCALL_64, 1, door64_syscall},
    {"sysenter", EL_ACCEPT_SYSENTER_64, 1, door64_sysenter},
#else
    {"int 0x80", EL_ACCEPT_INT80_32, 0, door32_int80},
    {"syscall", EL_ACCEPT_SYSCALL_32, 0, door32_syscall},
    {"sysenter", EL_ACCEPT_SYSENTER_32, 0, door32_sysenter},
#endif
};

/* mem* and str* come from lib/string.c, which the kernel and the programs
 * share, linked into the runtime (tests/user/programs.cmake). */
