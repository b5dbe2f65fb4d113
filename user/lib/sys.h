/* entrylab's tiny user runtime: the same API for 64-bit and 32-bit programs.
 *
 *  - start64.asm / start32.asm: _start records the registers it was started
 *    with (el_entry), then main(argc, argv, envp) runs and its return value
 *    is the exit status.
 *  - door64.asm / door32.asm: one raw call function per door, and
 *    door_capture() which runs a door with every register chosen by the test.
 *  - sys.c: printing, the auxiliary vector, memset & co.
 *
 * Bookkeeping (printing, exit, entrylab_info, entrylab_expect) goes through
 * int 0x80, which every CPU accepts from both modes. From 64-bit code int 0x80
 * truncates pointers to 32 bits, so the buffers it is given must be static
 * (the program is linked at 0x400000, its stack is far above 4 GiB). */
#ifndef ENTRYLAB_USER_SYS_H
#define ENTRYLAB_USER_SYS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <uapi/entrylab.h>
#include <entrylab/syscalls.h>

/* Errors, as negative results (Linux's numbers). */
#define EPERM   1
#define EFAULT  14
#define EINVAL  22
#define ENOSYS  38

/* RFLAGS bits. */
#define FL_CF 0x1ul
#define FL_FIXED 0x2ul   /* bit 1 reads as one */
#define FL_PF 0x4ul
#define FL_AF 0x10ul
#define FL_ZF 0x40ul
#define FL_SF 0x80ul
#define FL_TF 0x100ul
#define FL_IF 0x200ul
#define FL_DF 0x400ul
#define FL_OF 0x800ul
#define FL_AC 0x40000ul

/* Auxiliary vector types from Linux used by the tests. */
#define AT_NULL 0
#define AT_PHDR 3
#define AT_PHENT 4
#define AT_PHNUM 5
#define AT_PAGESZ 6
#define AT_ENTRY 9
#define AT_PLATFORM 15
#define AT_RANDOM 25
#define AT_EXECFN 31
#define AT_SYSINFO 32

/* ---- doors --------------------------------------------------------------
 * nr and a1..a6 go to the door's registers unchanged (full width). The result
 * is the raw rax/eax: a negative errno on failure. */
typedef long (*el_call_fn)(long nr, long a1, long a2, long a3, long a4,
                           long a5, long a6);

/* The three doors of this program's mode, in the order int 0x80, syscall,
 * sysenter: the table the tour, the walk and the benchmark go through. */
struct el_door {
    const char *name;
    uint32_t accept;      /* EL_ACCEPT_* bit of this door in this mode */
    int abi64;            /* x86-64 numbers, else i386 */
    el_call_fn call;
};
#define EL_NDOORS 3
extern const struct el_door el_doors[EL_NDOORS];
#define EL_NR(d, x) ((d)->abi64 ? NR64_##x : NR32_##x)
#ifdef __x86_64__
/* syscall: x86-64 numbers; int 0x80: i386 numbers; sysenter: x86-64 numbers
 * through the vDSO stub EL_VDSO_SYSENTER64. */
long door64_syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
long door64_int80(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
long door64_sysenter(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
void door64_raw_syscall(void);  /* a bare syscall, for refused-door tests */
void door64_raw_sysenter(void); /* a bare sysenter, for refused-door tests */
#define el_int80 door64_int80
#else
/* All i386 numbers; sysenter and syscall through the vDSO stubs
 * EL_VDSO_SYSENTER32 and EL_VDSO_SYSCALL32 (Linux's __kernel_vsyscall). */
long door32_int80(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
long door32_sysenter(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
long door32_syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
void door32_raw_syscall(void);
void door32_raw_sysenter(void);
#define el_int80 door32_int80
#endif

/* The vDSO entry points the door functions call (sys.c). */
extern const unsigned long el_vdso_sysenter64, el_vdso_sysenter32,
    el_vdso_syscall32;

/* ---- register capture ---------------------------------------------------
 * door_capture(in, out, door) loads every general register and RFLAGS from
 * in, runs the door, and stores what the caller sees right after it: every
 * general register, RFLAGS, CS, SS and the stack pointer, plus the stack
 * pointer and SS just before the door and the address after the door
 * instruction (ret; what rcx must hold after a 64-bit syscall). */
enum { DOOR_INT80 = 0, DOOR_SYSCALL = 1, DOOR_SYSENTER = 2 };

#ifdef __x86_64__
enum { R_AX, R_BX, R_CX, R_DX, R_SI, R_DI, R_BP, R_8, R_9, R_10, R_11, R_12,
       R_13, R_14, R_15, EL_NGPR };
#else
enum { R_AX, R_BX, R_CX, R_DX, R_SI, R_DI, R_BP, EL_NGPR };
#endif
/* Word-sized fields: door64.asm / door32.asm use these offsets. */
struct regs {
    unsigned long gpr[EL_NGPR]; /* R_AX ... */
    unsigned long flags;        /* RFLAGS */
    unsigned long sp;           /* out: RSP after the door */
    unsigned long cs, ss;       /* out: selectors after the door */
    unsigned long ret;          /* out: address right after the door instruction */
    unsigned long sp_in, ss_in; /* out: RSP and SS just before the door */
};
extern const char *const el_gpr_names[EL_NGPR];
void door_capture(const struct regs *in, struct regs *out, int door);

/* Registers and the stack pointer as _start found them (flags: RFLAGS,
 * cs/ss: the selectors; ret, sp_in, ss_in unused). */
extern struct regs el_entry;

/* ---- process ------------------------------------------------------------ */
int main(int argc, char **argv, char **envp);
extern int el_argc;
extern char **el_argv, **el_envp;
extern unsigned long *el_auxv;   /* pairs (type, value) up to AT_NULL */

/* Finds an auxv entry: 1 and *value if present, else 0. */
int el_auxv_find(unsigned long type, unsigned long *value);
unsigned long el_getauxval(unsigned long type); /* 0 if absent */

/* Bookkeeping through int 0x80 (see the top of this file). */
__attribute__((noreturn)) void el_exit(int status);
long el_write(int fd, const void *buf, unsigned long len);
long el_info(struct entrylab_info *out);   /* out: static in 64-bit programs */
long el_expect(int vector);

/* Printing to fd 1 through a static buffer (any string may be printed).
 * Formats: %d %i %u %x %X %p %s %c %%, with l / ll, a width, '0' and '-'. */
int el_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int el_vprintf(const char *fmt, va_list ap);
int el_puts(const char *s);  /* s and a newline */

/* Test helpers: count failures, print "# ok what" / "# FAIL what: ...". */
extern int el_failures;
void el_check(int ok, const char *what);
void el_check_eq(const char *what, unsigned long long got, unsigned long long want);
void el_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The few libc functions the tests need (gcc may call mem* by itself). */
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

#endif
