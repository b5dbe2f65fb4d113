#!/usr/bin/env python3
"""Every kernel instruction of one system call, for docs/bench.md: boots the
benchmark ISO under QEMU with its gdb stub, stops at a door's entry stub
when the number matches, single-steps to the door's exit instruction, and
prints each instruction with the function it belongs to, then a count per
function.

  tools/trace-path.py --cpu Skylake-Client --entry entry_syscall64 \\
      --exit syscall64_sysret --cond '$rax == 110'
"""
import argparse
import os
import subprocess
import sys
import tempfile

GDB = r'''
set pagination off
set confirm off
target remote :%(port)d
hbreak *%(entry)s if %(cond)s
continue
delete
python
import gdb
stop = int(gdb.parse_and_eval("(long)&%(exit)s")) & 0xffffffffffffffff
rows = []
while True:
    pc = int(gdb.parse_and_eval("$pc")) & 0xffffffffffffffff
    sym = gdb.execute("info symbol 0x%%x" %% pc, to_string=True).split(" in section")[0].strip()
    insn = gdb.execute("x/i $pc", to_string=True).split(":", 1)[-1].strip()
    rows.append((pc, sym, insn))
    if pc == stop or len(rows) > 5000:
        break
    gdb.execute("stepi", to_string=True)
with open("%(out)s", "w") as f:
    for pc, sym, insn in rows:
        f.write("%%x\t%%s\t%%s\n" %% (pc, sym, insn))
end
kill
quit
'''


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iso", default="build/entrylab-bench.iso")
    ap.add_argument("--elf", default="build/entrylab.elf")
    ap.add_argument("--cpu", default="Skylake-Client")
    ap.add_argument("--entry", required=True)
    ap.add_argument("--exit", required=True)
    ap.add_argument("--cond", required=True)
    ap.add_argument("--port", type=int, default=1237)
    a = ap.parse_args()
    out = tempfile.mktemp(suffix=".trace")
    q = subprocess.Popen(["qemu-system-x86_64", "-cdrom", a.iso, "-m", "256M", "-cpu", a.cpu,
                          "-display", "none", "-no-reboot", "-serial", "null", "-monitor", "none",
                          "-S", "-gdb", "tcp::%d" % a.port,
                          "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"])
    script = GDB % dict(port=a.port, entry=a.entry, cond=a.cond, exit=a.exit, out=out)
    with tempfile.NamedTemporaryFile("w", suffix=".gdb", delete=False) as f:
        f.write(script)
    subprocess.run(["gdb", "-q", "-nx", "-batch", "-x", f.name, a.elf],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
    q.kill()
    os.unlink(f.name)
    if not os.path.exists(out):
        sys.exit("trace-path: no trace (did the breakpoint hit?)")
    rows = []
    for l in open(out):
        pc, sym, insn = l.rstrip("\n").split("\t")
        # QEMU's stub now and then reports a stepi that did not advance: the
        # same PC twice. Only a rep-prefixed instruction really repeats.
        if rows and rows[-1][0] == pc and not insn.startswith("rep"):
            continue
        rows.append((pc, sym, insn))
    os.unlink(out)
    counts, order = {}, []
    for pc, sym, insn in rows:
        fn = sym.split(" + ")[0]
        if fn not in counts:
            order.append(fn)
        counts[fn] = counts.get(fn, 0) + 1
        print("%s  %-32s %s" % (pc, sym, insn))
    print()
    for fn in order:
        print("%5d  %s" % (counts[fn], fn))
    print("%5d  in all, %s to %s inclusive" % (len(rows), a.entry, a.exit))
    # The same by source function, inlined ones included (addr2line -i: the
    # innermost function of each address), in the order first reached.
    r = subprocess.run(["addr2line", "-a", "-f", "-i", "-e", a.elf] + ["0x" + x[0] for x in rows],
                       capture_output=True, text=True)
    inner, cur, want = [], None, False
    for line in r.stdout.splitlines():
        if line.startswith("0x"):
            want = True
        elif want:
            inner.append(line.strip())
            want = False
    counts, order = {}, []
    for fn, (pc, sym, _) in zip(inner, rows):
        fn = sym.split(" + ")[0] if fn == "??" else fn
        if fn not in counts:
            order.append(fn)
        counts[fn] = counts.get(fn, 0) + 1
    print()
    print("by source function (inlined ones apart):")
    for fn in order:
        print("%5d  %s" % (counts[fn], fn))


if __name__ == "__main__":
    main()
