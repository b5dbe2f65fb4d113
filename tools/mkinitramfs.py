#!/usr/bin/env python3
"""A newc cpio initramfs from files, without root: /dev/console is written
as a device node entry. Usage: mkinitramfs.py OUT /init=FILE /name=FILE ..."""
import os
import sys


def entry(name, mode, data=b"", rdev=(0, 0)):
    fields = [0, mode, 0, 0, 1, 0, len(data), 0, 0, rdev[0], rdev[1], len(name) + 1, 0]
    hdr = b"070701" + b"".join(b"%08X" % f for f in fields)
    out = hdr + name.encode() + b"\0"
    out += b"\0" * (-len(out) % 4)
    out += data + b"\0" * (-len(data) % 4)
    return out


def main():
    out, specs = sys.argv[1], sys.argv[2:]
    blob = entry("dev", 0o040755) + entry("dev/console", 0o020600, rdev=(5, 1))
    for s in specs:
        dst, src = s.split("=", 1)
        with open(src, "rb") as f:
            blob += entry(dst.lstrip("/"), 0o100755, f.read())
    blob += entry("TRAILER!!!", 0)
    with open(out + ".tmp", "wb") as f:
        f.write(blob + b"\0" * (-len(blob) % 512))
    os.replace(out + ".tmp", out)


if __name__ == "__main__":
    main()
