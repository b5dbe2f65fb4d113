/* Linux error numbers (the ABI returns them negated). */
#pragma once
#define EPERM 1
#define ENOENT 2
#define ESRCH 3
#define EINTR 4
#define EIO 5
#define E2BIG 7
#define ENOEXEC 8
#define EBADF 9
#define ECHILD 10
#define EAGAIN 11
#define ENOMEM 12
#define EACCES 13
#define EFAULT 14
#define EEXIST 17
#define EINVAL 22
#define ENOSPC 28
#define ENOSYS 38
#define ENXIO 6
#define ENOTDIR 20
#define EISDIR 21
#define ENFILE 23
#define EMFILE 24
#define ENOTTY 25
#define ESPIPE 29
#define EPIPE 32
#define EROFS 30
#define ERANGE 34
#define ENAMETOOLONG 36
#define EOVERFLOW 75
#define EOPNOTSUPP 95
#define ETIMEDOUT 110

/* Linux's restart codes (include/linux/errno.h): a blocking call that a
 * signal interrupts returns one of these, and signal delivery turns it into
 * -EINTR or a restart (src/signal.c) before the frame goes back; they never
 * reach ring 3. */
#define ERESTARTSYS 512           /* restart if the handler has SA_RESTART */
#define ERESTARTNOINTR 513        /* always restart */
#define ERESTARTNOHAND 514        /* restart only if no handler runs */
#define ERESTART_RESTARTBLOCK 516 /* restart by restart_syscall(2), the block in p->sig.restart */
