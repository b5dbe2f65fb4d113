#!/usr/bin/env python3
"""Usage: gen-walk.py KERNEL.nm SYMFILE OUT_DIR

Writes the Bochs debugger command files for ./lab bochs (OUT_DIR/breaks.cmds:
symbols and a breakpoint on every entry stub and every exit instruction) and
for the walkthrough (OUT_DIR/walk.cmds: the same, then at each stop the
registers, the segment registers with their caches, the control registers
and the entry MSRs). The breakpoints are set once the runner starts, so the
boot probe's calls do not stop."""
import sys

ENTRIES = ["entry_int80", "entry_syscall64", "entry_syscall32", "entry_sysenter32", "entry_sysenter64"]
EXITS = ["int80_iretq", "syscall64_sysret", "syscall32_sysret", "sysenter_sysexit32", "sysenter_sysexit64"]
STOPS = 40  # more than the walk makes; Bochs ends at the shutdown port


def main():
    nm, symfile, out = sys.argv[1], sys.argv[2], sys.argv[3]
    addr = {}
    for line in open(nm):
        f = line.split()
        if len(f) == 3:
            addr[f[2]] = f[0]
    missing = [s for s in ENTRIES + EXITS + ["runner_run", "msr_mirror"] if s not in addr]
    if missing:
        sys.exit(f"gen-walk: symbols not in the kernel: {missing}")

    head = [f'ldsym global "{symfile}"']
    breaks = [f"lbreak 0x{addr[s]}" for s in ENTRIES + EXITS]
    with open(f"{out}/breaks.cmds", "w") as f:
        f.write("\n".join(head + [f"lbreak 0x{addr['runner_run']}", "c"] + breaks) + "\n")

    stop = ["c", "r", "sreg", "creg", f"x /11gx 0x{addr['msr_mirror']}", "x /5gx rsp"]
    walk = head + [f"lbreak 0x{addr['runner_run']}", "c", "bpd 1"] + breaks + stop * STOPS
    with open(f"{out}/walk.cmds", "w") as f:
        f.write("\n".join(walk) + "\n")


main()
