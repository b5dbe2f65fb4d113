/* The terminal ioctls entrylab's console answers, with Linux's x86 layouts
 * (the same for 64-bit and 32-bit callers). */
#ifndef ENTRYLAB_UAPI_LINUX_TTY_H
#define ENTRYLAB_UAPI_LINUX_TTY_H
#include <stddef.h>
#include <stdint.h>

#define TCGETS     0x5401
#define TCSETS     0x5402
#define TCSETSW    0x5403
#define TCSETSF    0x5404
#define TIOCGPGRP  0x540F
#define TIOCSPGRP  0x5410
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define FIONBIO    0x5421
#define FIONREAD   0x541B /* TIOCINQ: bytes a read would get now */
#define FIONCLEX   0x5450
#define FIOCLEX    0x5451

/* The kernel's struct termios (TCGETS): NCCS is 19 here, unlike glibc's
 * user-side struct of 32 control characters and two speeds. */
#define LINUX_NCCS 19
struct linux_termios {
    uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
    uint8_t c_line;
    uint8_t c_cc[LINUX_NCCS];
};
_Static_assert(sizeof(struct linux_termios) == 36, "struct termios (kernel) is 36 bytes");
_Static_assert(offsetof(struct linux_termios, c_line) == 16, "c_line");
_Static_assert(offsetof(struct linux_termios, c_cc) == 17, "c_cc");

struct linux_winsize {
    uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};
_Static_assert(sizeof(struct linux_winsize) == 8, "struct winsize is 8 bytes");

/* Flag bits of Linux's default terminal (tty_std_termios). */
#define ICRNL  0000400
#define IXON   0002000
#define OPOST  0000001
#define ONLCR  0000004
#define B38400 0000017
#define CS8    0000060
#define CREAD  0000200
#define HUPCL  0002000
#define ISIG   0000001
#define ICANON 0000002
#define ECHO   0000010
#define ECHOE  0000020
#define ECHOK  0000040
#define ECHOCTL 0001000
#define ECHOKE 0004000
#define IEXTEN 0100000
#define VINTR  0
#define VEOF   4
#define VMIN   6
/* The rest the line discipline (src/tty_input.c) reads. */
#define ISTRIP 0000040
#define INLCR  0000100
#define IGNCR  0000200
#define ECHONL 0000100
#define VQUIT  1
#define VERASE 2
#define VKILL  3
#define VTIME  5
#define VSUSP  10
#define VEOL   11

#endif
