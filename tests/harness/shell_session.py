#!/usr/bin/env python3
"""Types at a program on entrylab's serial console, as a person would.

QEMU's COM1 is this script's pipe (-serial stdio). Each --send line is typed
(with a carriage return, as a terminal sends Enter) once the console has been
quiet for a moment after the previous step, so nothing reaches GRUB or the
kernel before the program reads. Each --expect is a regex that must match a
whole line of what comes back after the steps before it, within --step
seconds. The run passes when every step matched and QEMU exited with the
kernel's pass verdict."""
import argparse
import os
import re
import select
import subprocess
import sys
import time

EXIT_PASS = (0x10 << 1) | 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iso", required=True)
    ap.add_argument("--cpu", default="max")
    ap.add_argument("--log", required=True)
    ap.add_argument("--step", type=float, default=30.0, help="seconds each step may take")
    ap.add_argument("--quiet", type=float, default=1.0, help="seconds of silence before typing")
    ap.add_argument("--send", action="append", dest="steps", type=lambda s: ("send", s))
    ap.add_argument("--expect", action="append", dest="steps", type=lambda s: ("expect", s))
    # --ctrl Z types ^Z alone (no Enter), as a terminal sends it.
    ap.add_argument("--ctrl", action="append", dest="steps", type=lambda s: ("ctrl", s))
    a = ap.parse_args()
    cmd = ["qemu-system-x86_64", "-cdrom", a.iso, "-m", "256M", "-cpu", a.cpu, "-display", "none",
           "-no-reboot", "-monitor", "none", "-serial", "stdio",
           "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
    print(" ".join(cmd))
    q = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = b""
    seen = 0  # where the next --expect starts looking
    ok = True

    def read_for(seconds, until=None):
        """Reads QEMU's output for up to seconds; stops early when until(out) holds."""
        nonlocal out
        end = time.time() + seconds
        while time.time() < end:
            r, _, _ = select.select([q.stdout], [], [], 0.1)
            if r:
                chunk = os.read(q.stdout.fileno(), 4096)
                if not chunk:
                    return False
                out += chunk
            if until and until():
                return True
        return until() if until else True

    def quiet():
        """Waits until nothing has come for a.quiet seconds (or a.step pass)."""
        nonlocal out
        end = time.time() + a.step
        last, mark = time.time(), len(out)
        while time.time() < end:
            read_for(0.1)
            if len(out) != mark:
                last, mark = time.time(), len(out)
            elif time.time() - last >= a.quiet and b"KTAP" in out:
                return True
        return False

    for kind, arg in a.steps or []:
        if kind in ("send", "ctrl"):
            if not quiet():
                print(f"FAIL: the console never went quiet before sending {arg!r}")
                ok = False
                break
            q.stdin.write(bytes([ord(arg.upper()) & 0x1f]) if kind == "ctrl" else arg.encode() + b"\r")
            q.stdin.flush()
            continue
        pattern = re.compile(arg.encode(), re.M)

        def found():
            text = out[seen:].replace(b"\r", b"")
            return pattern.search(text)
        if not read_for(a.step, found):
            print(f"FAIL: no line matching {arg!r} within {a.step:.0f} s")
            ok = False
            break
        text = out[seen:].replace(b"\r", b"")
        seen += found().end() + (len(out[seen:]) - len(text))  # approximate: \r removed
        seen = min(seen, len(out))
        print(f"matched: {arg}")
    try:
        q.stdin.close()
    except BrokenPipeError:
        pass
    try:
        rc = q.wait(timeout=a.step)
    except subprocess.TimeoutExpired:
        q.kill()
        rc = q.wait()
        print("FAIL: QEMU still running after the last step")
        ok = False
    out += q.stdout.read() or b""
    with open(a.log, "wb") as f:
        f.write(out)
    sys.stdout.write(out.decode(errors="replace").replace("\r", ""))
    if ok and rc != EXIT_PASS:
        print(f"FAIL: QEMU exited with {rc}, not the kernel's pass verdict ({EXIT_PASS})")
        ok = False
    print("RESULT:", "PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
