/* Linux's file ABI as entrylab serves it: open and fcntl flags, the *at
 * flags, and the stat structures of both ABIs. Shared by the kernel and the
 * test programs (64-bit and 32-bit): fixed-size types only, and each layout
 * checked against Linux's size and offsets. */
#ifndef ENTRYLAB_UAPI_LINUX_FS_H
#define ENTRYLAB_UAPI_LINUX_FS_H
#include <stddef.h>
#include <stdint.h>

/* open(2) flags (x86, octal as in Linux's headers). */
#define O_ACCMODE   00000003
#define O_RDONLY    00000000
#define O_WRONLY    00000001
#define O_RDWR      00000002
#define O_CREAT     00000100
#define O_EXCL      00000200
#define O_NOCTTY    00000400
#define O_TRUNC     00001000
#define O_APPEND    00002000
#define O_NONBLOCK  00004000
#define O_DIRECT    00040000
#define O_LARGEFILE 00100000
#define O_DIRECTORY 00200000
#define O_NOFOLLOW  00400000
#define O_CLOEXEC   02000000
#define O_PATH      010000000

/* fcntl(2). */
#define F_DUPFD 0
#define F_GETFD 1
#define F_SETFD 2
#define F_GETFL 3
#define F_SETFL 4
#define F_DUPFD_CLOEXEC 1030
#define FD_CLOEXEC 1

/* The *at calls. */
#define AT_FDCWD            (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_EACCESS          0x200
#define AT_NO_AUTOMOUNT     0x800
#define AT_EMPTY_PATH       0x1000
#define AT_STATX_SYNC_TYPE  0x6000

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define SEEK_DATA 3
#define SEEK_HOLE 4

/* File types and the access(2) modes. */
#define S_IFMT  0170000
#define S_IFREG 0100000
#define S_IFCHR 0020000
#define S_IFIFO 0010000
#define S_IFDIR 0040000
#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

#define PATH_MAX 4096

/* Device numbers: new_encode_dev's 32-bit form (stat, compat stat) and the
 * 64-bit form of stat64 (huge_encode_dev: the same value widened). */
#define LINUX_DEV(major, minor) \
    ((uint32_t)(((minor) & 0xff) | ((major) << 8) | (((minor) & ~0xffu) << 12)))

/* x86-64 struct stat (fstat, newfstatat, stat, lstat): 144 bytes. */
struct linux_stat {
    uint64_t st_dev, st_ino, st_nlink;
    uint32_t st_mode, st_uid, st_gid, pad0;
    uint64_t st_rdev;
    int64_t st_size, st_blksize, st_blocks;
    uint64_t st_atime_sec, st_atime_nsec, st_mtime_sec, st_mtime_nsec, st_ctime_sec,
        st_ctime_nsec;
    int64_t unused[3];
};
_Static_assert(sizeof(struct linux_stat) == 144, "x86-64 struct stat is 144 bytes");
_Static_assert(offsetof(struct linux_stat, st_mode) == 24, "st_mode");
_Static_assert(offsetof(struct linux_stat, st_rdev) == 40, "st_rdev");
_Static_assert(offsetof(struct linux_stat, st_blksize) == 56, "st_blksize");
_Static_assert(offsetof(struct linux_stat, st_atime_sec) == 72, "st_atime");

/* i386 struct stat64 (fstat64, fstatat64, stat64, lstat64): 96 bytes, with
 * the 4-byte alignment of 64-bit fields that i386 has (hence packed). */
struct __attribute__((packed, aligned(4))) linux_stat64 {
    uint64_t st_dev;
    uint8_t pad0[4];
    uint32_t st_ino32;   /* __st_ino: the low 32 bits of the inode */
    uint32_t st_mode, st_nlink, st_uid, st_gid;
    uint64_t st_rdev;
    uint8_t pad3[4];
    int64_t st_size;
    uint32_t st_blksize;
    uint64_t st_blocks;
    uint32_t st_atime_sec, st_atime_nsec, st_mtime_sec, st_mtime_nsec, st_ctime_sec,
        st_ctime_nsec;
    uint64_t st_ino;
};
_Static_assert(sizeof(struct linux_stat64) == 96, "i386 struct stat64 is 96 bytes");
_Static_assert(offsetof(struct linux_stat64, st_ino32) == 12, "__st_ino");
_Static_assert(offsetof(struct linux_stat64, st_mode) == 16, "st_mode");
_Static_assert(offsetof(struct linux_stat64, st_rdev) == 32, "st_rdev");
_Static_assert(offsetof(struct linux_stat64, st_size) == 44, "st_size");
_Static_assert(offsetof(struct linux_stat64, st_blksize) == 52, "st_blksize");
_Static_assert(offsetof(struct linux_stat64, st_blocks) == 56, "st_blocks");
_Static_assert(offsetof(struct linux_stat64, st_atime_sec) == 64, "st_atime");
_Static_assert(offsetof(struct linux_stat64, st_ino) == 88, "st_ino");

/* i386 struct stat as a 64-bit kernel fills it (compat_stat: fstat #108,
 * stat #106, lstat #107): 64 bytes, 16-bit mode, nlink, uid and gid. */
struct linux_stat32 {
    uint32_t st_dev, st_ino;
    uint16_t st_mode, st_nlink, st_uid, st_gid;
    uint32_t st_rdev, st_size, st_blksize, st_blocks;
    uint32_t st_atime_sec, st_atime_nsec, st_mtime_sec, st_mtime_nsec, st_ctime_sec,
        st_ctime_nsec;
    uint32_t unused4, unused5;
};
_Static_assert(sizeof(struct linux_stat32) == 64, "i386 compat struct stat is 64 bytes");
_Static_assert(offsetof(struct linux_stat32, st_mode) == 8, "st_mode");
_Static_assert(offsetof(struct linux_stat32, st_rdev) == 16, "st_rdev");
_Static_assert(offsetof(struct linux_stat32, st_atime_sec) == 32, "st_atime");

/* struct statx: the same 256 bytes in both ABIs. */
struct linux_statx_timestamp {
    int64_t tv_sec;
    uint32_t tv_nsec;
    int32_t reserved;
};
struct linux_statx {
    uint32_t stx_mask, stx_blksize;
    uint64_t stx_attributes;
    uint32_t stx_nlink, stx_uid, stx_gid;
    uint16_t stx_mode, spare0;
    uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
    struct linux_statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
    uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
    uint64_t stx_mnt_id;
    uint32_t stx_dio_mem_align, stx_dio_offset_align;
    uint64_t spare3[12];
};
_Static_assert(sizeof(struct linux_statx) == 256, "struct statx is 256 bytes");
_Static_assert(offsetof(struct linux_statx, stx_mode) == 28, "stx_mode");
_Static_assert(offsetof(struct linux_statx, stx_ino) == 32, "stx_ino");
_Static_assert(offsetof(struct linux_statx, stx_atime) == 64, "stx_atime");
_Static_assert(offsetof(struct linux_statx, stx_mtime) == 112, "stx_mtime");
_Static_assert(offsetof(struct linux_statx, stx_rdev_major) == 128, "stx_rdev_major");
_Static_assert(offsetof(struct linux_statx, stx_mnt_id) == 144, "stx_mnt_id");

#define STATX_TYPE        0x1u
#define STATX_MODE        0x2u
#define STATX_BASIC_STATS 0x7ffu
#define STATX_BTIME       0x800u
#define STATX_MNT_ID      0x1000u
#define STATX__RESERVED   0x80000000u
#define STATX_ATTR_MOUNT_ROOT 0x2000u

#endif
