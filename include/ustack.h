/* The initial process stack Linux builds for a new program (System V ABI:
 * x86-64 psABI 3.4.1, i386 psABI 2.3.1). Pure code: also tested on the host. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Auxiliary vector entry types. */
#define AT_NULL 0
#define AT_PHDR 3
#define AT_PHENT 4
#define AT_PHNUM 5
#define AT_PAGESZ 6
#define AT_BASE 7
#define AT_FLAGS 8
#define AT_ENTRY 9
#define AT_UID 11
#define AT_EUID 12
#define AT_GID 13
#define AT_EGID 14
#define AT_PLATFORM 15
#define AT_HWCAP 16
#define AT_CLKTCK 17
#define AT_SECURE 23
#define AT_RANDOM 25
#define AT_EXECFN 31
#define AT_SYSINFO 32
#define AT_SYSINFO_EHDR 33
#define AT_HWCAP2 26
#define AT_MINSIGSTKSZ 51

#define USTACK_MAX_AUX 32

struct ustack_spec {
    bool is64;                   /* word size 8 or 4 */
    uint64_t top;                /* user virtual address just above the stack (page-aligned) */
    int argc; const char *const *argv;
    int envc; const char *const *envp;
    const uint64_t *aux;         /* pairs (type, value), auxn pairs, without AT_RANDOM/AT_EXECFN/AT_PLATFORM/AT_NULL */
    int auxn;
    const uint8_t *random16;     /* 16 bytes for AT_RANDOM */
    const char *execfn;          /* AT_EXECFN's string; NULL: argv[0] */
};

/* buf stands for the user range [top - size, top): buf[size-1] is the byte at
 * top-1. At the top the argv, envp and execfn strings, below them the platform
 * string ("x86_64" or "i686"), the 16 random bytes, padding; upwards from sp:
 * argc, argv[] and NULL, envp[] and NULL, auxv (the given pairs, AT_RANDOM,
 * AT_EXECFN -> execfn, else argv[0] if argc > 0, AT_PLATFORM, AT_NULL); each a word of 8
 * (is64) or 4 bytes. *sp_out = user address of argc, 16-byte aligned.
 * Returns 0, or -7 (-E2BIG) if it does not fit in size bytes or the arguments
 * are unreasonable (argc < 0, auxn > USTACK_MAX_AUX); nothing is written then. */
int ustack_build(uint8_t *buf, size_t size, const struct ustack_spec *s,
                 uint64_t *sp_out);

/* Splits s in place into at most max words, as a shell would without its
 * expansions: runs of spaces or tabs separate words, '...' is literal,
 * "..." keeps everything but \" \\ \$ \` (which lose the backslash), and a
 * backslash outside quotes takes the next character as it is. This is how
 * GRUB's multiboot2 loader quotes a module argument holding spaces or
 * quotes. Returns the word count (words beyond max are dropped: min(words,
 * max)); an unterminated quote runs to the end. */
int split_args(char *s, const char **argv, int max);
