#!/usr/bin/env python3
"""The path-length budgets (tests/bench-budgets.txt): boots the benchmark ISO
once under QEMU -icount shift=0, where the TSC counts guest instructions, so
each figure is exact and the same every run, and fails when a door's median
exceeds its budget, or when a budgeted row is missing. Raising a budget is a
deliberate, reviewed change of that file (docs/bench.md)."""
import argparse
import json
import subprocess
import sys


def budgets(path, model):
    out = {}
    with open(path) as f:
        for n, line in enumerate(f, 1):
            words = line.split("#", 1)[0].split()
            if not words:
                continue
            if len(words) != 5:
                sys.exit("%s:%d: want: model mode door call budget" % (path, n))
            m, mode, door, call, limit = words
            if m == model:
                out[(int(mode), door.replace("_", " "), call)] = int(limit)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iso", required=True)
    ap.add_argument("--cpu", required=True)
    ap.add_argument("--budgets", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--timeout", type=int, default=300)
    a = ap.parse_args()
    want = budgets(a.budgets, a.cpu)
    if not want:
        sys.exit("no budgets for %s in %s" % (a.cpu, a.budgets))
    cmd = ["qemu-system-x86_64", "-cdrom", a.iso, "-m", "256M", "-cpu", a.cpu,
           "-icount", "shift=0,sleep=off", "-display", "none", "-no-reboot", "-serial", "stdio",
           "-monitor", "none", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=a.timeout)
        out, status = p.stdout, p.returncode
    except subprocess.TimeoutExpired as e:
        out, status = e.stdout or b"", "timeout"
    text = out.decode("ascii", "replace").replace("\r", "")
    with open(a.log, "w") as f:
        f.write(text)
    got = {}
    for line in text.splitlines():
        if line.startswith('{"bench":1,'):
            r = json.loads(line)
            if r.get("kind") == "call":
                got[(r["mode"], r["door"], r["call"])] = r["median"]
    bad = 0
    if status != 33:
        print("FAIL: the benchmark did not pass (QEMU status %s): %s" % (status, a.log))
        bad += 1
    print("%s, -icount shift=0: guest instructions per call (median), budget" % a.cpu)
    for (mode, door, call), limit in sorted(want.items()):
        v = got.get((mode, door, call))
        if v is None:
            print("FAIL: %d-bit %s %s: no result" % (mode, door, call))
            bad += 1
        elif v > limit:
            print("FAIL: %d-bit %-10s %-8s %5.0f > budget %d (+%.0f)" % (mode, door, call, v, limit, v - limit))
            bad += 1
        else:
            print("ok:   %d-bit %-10s %-8s %5.0f <= budget %d" % (mode, door, call, v, limit))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
