#!/usr/bin/env python3
"""Usage: fuzz-iso.py BUILD OUT.iso TIMEOUT MODULE...

The fuzzer's image with module strings chosen at run time (./lab fuzz):
build/entrylab-fuzz.d (the tree the build made for entrylab-fuzz.iso), the
kernel and the programs copied anew from BUILD, and its grub.cfg's first
menu entry rewritten: the kernel command line
"exit=emu timeout=TIMEOUT" and one module2 line per MODULE ("fuzz64 SEED
FROM COUNT SECONDS ..."), then grub-mkrescue. Writes OUT.iso."""
import os
import re
import shutil
import subprocess
import sys


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    build, out, timeout, modules = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    src = os.path.join(build, "entrylab-fuzz.d")
    if not os.path.isfile(os.path.join(src, "boot", "grub", "grub.cfg")):
        sys.exit(f"{src}: no image tree; build first (cmake --build build)")
    tree = out + ".d"
    shutil.rmtree(tree, ignore_errors=True)
    shutil.copytree(src, tree)
    for m in modules:  # the programs as built now, not as the image tree last had them
        prog = m.split()[0]
        shutil.copy(os.path.join(build, "user", prog), os.path.join(tree, "user", prog))
    shutil.copy(os.path.join(build, "entrylab.elf"), os.path.join(tree, "boot", "entrylab.elf"))
    cfg_path = os.path.join(tree, "boot", "grub", "grub.cfg")
    cfg = open(cfg_path).read()
    head, sep, rest = cfg.partition("menuentry ")
    entry, sep2, tail = rest.partition("\n}\n")
    entry = re.sub(r"(multiboot2 /boot/entrylab.elf).*", rf"\1 exit=emu timeout={timeout}", entry)
    entry = "\n".join(l for l in entry.split("\n") if not l.strip().startswith("module2 "))
    lines = "".join(f"    module2 /user/{m.split()[0]} {m}\n" for m in modules)
    entry = entry.replace("    boot", lines + "    boot")
    open(cfg_path, "w").write(head + sep + entry + sep2 + tail)
    r = subprocess.run(["grub-mkrescue", "-o", out, tree], capture_output=True, text=True)
    if r.returncode:
        sys.exit(f"grub-mkrescue failed:\n{r.stderr}")


main()
