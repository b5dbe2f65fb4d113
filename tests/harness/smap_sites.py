#!/usr/bin/env python3
"""Every stac and clac in the kernel is a patch site (src/smap.c): listed in
.smap_sites, so that a CPU without SMAP, where both raise #UD, gets a nop in
its place at boot. A bare stac or clac (written without include/smap.inc's
macros or include/cpu.h's helpers) would be left alone and crash such a CPU
on its first user copy; a site that is no stac or clac would be patched
over live code. This compares the two lists in build/entrylab.elf.

usage: smap_sites.py build/entrylab.elf"""
import re
import struct
import subprocess
import sys


def symbols(elf):
    out = subprocess.run(["nm", elf], capture_output=True, text=True, check=True).stdout
    return {f[2]: int(f[0], 16) for f in (l.split() for l in out.splitlines()) if len(f) == 3}


def read_virtual(elf, addr, size):
    """Bytes at a virtual address, from the ELF's program headers."""
    data = open(elf, "rb").read()
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    for i in range(phnum):
        p_type, _, p_offset, p_vaddr, _, p_filesz = struct.unpack_from("<IIQQQQ", data, phoff + i * phentsize)
        if p_type == 1 and p_vaddr <= addr and addr + size <= p_vaddr + p_filesz:
            return data[p_offset + addr - p_vaddr:p_offset + addr - p_vaddr + size]
    sys.exit(f"FAIL: {addr:#x} (+{size}) is in no loaded segment")


def main():
    elf = sys.argv[1]
    sym = symbols(elf)
    start, end = sym["_smap_sites_start"], sym["_smap_sites_end"]
    raw = read_virtual(elf, start, end - start) if end > start else b""
    sites = set(struct.unpack(f"<{len(raw) // 8}Q", raw))
    out = subprocess.run(["objdump", "-d", "--no-show-raw-insn", elf],
                         capture_output=True, text=True, check=True).stdout
    found, fn = {}, "?"
    for line in out.splitlines():
        m = re.match(r"^([0-9a-f]+) <(.*)>:$", line)
        if m:
            fn = m.group(2)
        m = re.match(r"\s*([0-9a-f]+):\s+(stac|clac)\s*$", line)
        if m:
            found[int(m.group(1), 16)] = (m.group(2), fn)
    bad = 0
    for a in sorted(set(found) - sites):
        print(f"FAIL: bare {found[a][0]} at {a:#x} in {found[a][1]}: not in .smap_sites (use STAC/CLAC, stac()/clac())")
        bad += 1
    for a in sorted(sites - set(found)):
        print(f"FAIL: .smap_sites lists {a:#x}, which holds no stac or clac")
        bad += 1
    if not found:
        print("FAIL: no stac or clac in the kernel at all")
        bad += 1
    if bad:
        sys.exit(1)
    print(f"ok: {len(found)} stac/clac, every one a patch site ({len(sites)} sites)")


main()
