#!/usr/bin/env python3
"""The Bochs walkthrough: boots build/entrylab-walk.iso under Bochs with the
debugger stopping at every entry stub and exit instruction (walk.cmds from
tools/bochs/gen-walk.py), keeps the debugger's transcript, and checks that
the stops are exactly the expected ones, in order.

  bochs_walk.py --rc build/bochs/intel.rc --cmds build/bochs/walk.cmds
                --iso build/entrylab-walk.iso --out build/logs/bochs-walk-intel
                [--expect "entry_int80 int80_iretq ..."]
Writes OUT.txt (the transcript) and OUT.serial (COM1)."""
import argparse
import os
import re
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rc", required=True)
    ap.add_argument("--cmds", required=True)
    ap.add_argument("--iso", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--timeout", type=int, default=300)
    ap.add_argument("--expect", help="the stops, in order, space-separated")
    args = ap.parse_args()

    transcript, serial = args.out + ".txt", args.out + ".serial"
    for f in (transcript, serial):
        if os.path.exists(f):
            os.remove(f)
    env = dict(os.environ, ENTRYLAB_ISO=args.iso, ENTRYLAB_SERIAL=serial,
               ENTRYLAB_BOCHSLOG=args.out + ".bochs", ENTRYLAB_MAGIC="0", ENTRYLAB_DEBUGLOG=transcript)
    cmd = ["script", "-qfec", f"bochs -q -f {args.rc} -rc {args.cmds}", "/dev/null"]
    try:
        subprocess.run(cmd, env=env, timeout=args.timeout, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        print(f"FAIL: Bochs did not finish within {args.timeout} s")
        return 1
    text = open(transcript, errors="replace").read() if os.path.exists(transcript) else ""
    out = open(serial, errors="replace").read() if os.path.exists(serial) else ""

    # "(0) [0x0000001270db] 0010:ffffffff801270db (entry_syscall64+0): swapgs"
    stops = []
    for m in re.finditer(r"^\(0\) Breakpoint \d+, .*\n.*\n\(0\) \[[^]]*\] [0-9a-f]{4}:[0-9a-f]+ \((\w+)\+0\): (.*?)\s*;", text, re.M):
        if m.group(1) != "runner_run":
            stops.append((m.group(1), m.group(2)))
    print(f"Bochs walk ({args.rc}): {len(stops)} stops; transcript in {transcript}")
    for i, (sym, insn) in enumerate(stops, 1):
        print(f"  {i:2}. {sym:20} {insn}")

    failures = []
    if not re.search(r"^\[emu\] verdict: pass", out, re.M):
        failures.append("the walk programs did not all pass (see " + serial + ")")
    if args.expect is not None:
        want = args.expect.split()
        got = [s for s, _ in stops]
        if got != want:
            failures.append(f"stops {got}, want {want}")
    for f in failures:
        print("FAIL:", f)
    print("RESULT:", "PASS" if not failures else "FAIL")
    return 1 if failures else 0


sys.exit(main())
