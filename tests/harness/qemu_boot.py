#!/usr/bin/env python3
"""Boots an entrylab ISO under QEMU and decides pass or fail.

--expect pass:  QEMU must exit with 33 (the kernel wrote 0x10 to isa-debug-exit,
                which it does only when every test passed) and the KTAP on COM1
                must be complete: a plan, one result per planned test, all ok.
--expect panic: the kernel must panic on purpose (exit 37) and the dump must
                hold every part a kernel engineer expects.
--expect halt:  the kernel must print the --line patterns and halt (QEMU keeps
                running; the harness stops it once the lines are there).
                --gdb-eax V stops QEMU at _start and sets eax = V first.
Any other exit (a triple fault with -no-reboot exits 0, a timeout) fails.
Extra --matrix/--line checks look for exact lines in the log."""
import argparse
import os
import re
import subprocess
import sys
import time

from ktap import parse_ktap

OVMF = "/usr/share/ovmf/OVMF.fd"
EXIT_PASS, EXIT_FAIL, EXIT_PANIC = 0x10, 0x11, 0x12

DUMP_PARTS = [
    r"---\[ PANIC: ", r"#PF page fault \(vector 14\) in ring 0, error code 0x2 \[not-present write supervisor\]",
    r"RIP: ffffffff8[0-9a-f]{7} <ktest_crash\+0x[0-9a-f]+>", r"RSP: [0-9a-f]{16}  SS: ",
    r"RFLAGS: [0-9a-f]{16} \[.*\] IOPL=0", r"RAX: .* RBX: .* RCX: ", r"RDX: .* RSI: .* RDI: ",
    r"RBP: .* R8: .* R9: ", r"R10: .* R11: .* R12: ", r"R13: .* R14: .* R15: ",
    r"CR0: [0-9a-f]{16} CR2: 00000000dead0000 \(fault address\)", r"CR3: [0-9a-f]{16} CR4: ",
    r"EFER: [0-9a-f]{16}", r"DS: .* ES: .* FS: .* GS: .*GS.base", r"Stack:\n  [0-9a-f]{16}: [0-9a-f]{16} [0-9a-f]{16}",
    r"Call trace:\n  ffffffff8[0-9a-f]{7} <ktest_crash", r"<kmain\+0x", r"---\[ end of panic \]---",
]


def expect_halt(args, cmd):
    """Runs QEMU until every --line pattern is in the log, then stops it."""
    if os.path.exists(args.log):
        os.remove(args.log)
    gdb = None
    if args.gdb_eax is not None:
        cmd = cmd + ["-S", "-gdb", "tcp:127.0.0.1:0"]
        start = next(l.split()[0] for l in subprocess.run(["nm", args.elf], capture_output=True,
                     text=True).stdout.splitlines() if l.endswith(" _start"))
    qemu = subprocess.Popen(cmd, stdin=subprocess.DEVNULL)
    try:
        if args.gdb_eax is not None:
            port = None
            # QEMU picked a free port; find it from /proc.
            deadline = time.time() + 10
            while port is None and time.time() < deadline:
                port = listening_port(qemu.pid)
                time.sleep(0.1)
            gdb = subprocess.Popen(["gdb", "-batch", "-nx", "-ex", "set architecture i386:x86-64",
                                    "-ex", f"target remote 127.0.0.1:{port}",
                                    "-ex", f"hbreak *0x{start}", "-ex", "continue",
                                    "-ex", f"set $eax = {args.gdb_eax}", "-ex", "detach"],
                                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        deadline = time.time() + args.timeout
        text = ""
        while time.time() < deadline:
            text = open(args.log, errors="replace").read() if os.path.exists(args.log) else ""
            if all(re.search(p, text, re.M) for p in args.line) or qemu.poll() is not None:
                time.sleep(0.5)  # let the halt message finish
                break
            time.sleep(0.2)
        text = open(args.log, errors="replace").read().replace("\r\n", "\n") if os.path.exists(args.log) else ""
        halted = qemu.poll() is None
    finally:
        qemu.kill()
        qemu.wait()
        if gdb:
            gdb.kill()
    sys.stdout.write(text)
    failures = [f"the log lacks /{p}/" for p in args.line if not re.search(p, text, re.M)]
    if not halted:
        failures.append("QEMU exited: the kernel should have halted")
    if not args.line:
        failures.append("--expect halt needs --line patterns")
    print("\n==== harness:", args.iso, args.firmware, args.cpu, "expect halt")
    for f in failures:
        print("FAIL:", f)
    print("RESULT:", "PASS" if not failures else "FAIL")
    return 1 if failures else 0


def listening_port(pid):
    """The TCP port a process listens on (for QEMU's gdb stub on port 0)."""
    inodes = set()
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            link = os.readlink(f"/proc/{pid}/fd/{fd}")
            if link.startswith("socket:["):
                inodes.add(link[8:-1])
    except OSError:
        return None
    for line in open("/proc/net/tcp").read().splitlines()[1:]:
        f = line.split()
        if f[3] == "0A" and f[9] in inodes:
            return int(f[1].split(":")[1], 16)
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iso", required=True)
    ap.add_argument("--firmware", choices=["bios", "uefi"], default="bios")
    ap.add_argument("--cpu", default="max")
    ap.add_argument("--expect", choices=["pass", "panic", "halt"], default="pass")
    ap.add_argument("--gdb-eax", help="with --expect halt: set eax at _start (needs --elf)")
    ap.add_argument("--elf", help="the kernel ELF, for its _start address")
    ap.add_argument("--log", required=True)
    ap.add_argument("--timeout", type=int, default=120)
    ap.add_argument("--line", action="append", default=[], help="a line the log must contain (regex)")
    args = ap.parse_args()

    cmd = ["qemu-system-x86_64", "-cdrom", args.iso, "-m", "256M", "-cpu", args.cpu,
           "-display", "none", "-no-reboot", "-serial", "file:" + args.log, "-monitor", "none",
           "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
    if args.firmware == "uefi":
        cmd += ["-bios", OVMF]
    print(" ".join(cmd), flush=True)
    if args.expect == "halt":
        return expect_halt(args, cmd)
    try:
        status = subprocess.run(cmd, timeout=args.timeout, stdin=subprocess.DEVNULL).returncode
    except subprocess.TimeoutExpired:
        status = None
    text = open(args.log, errors="replace").read().replace("\r\n", "\n") if os.path.exists(args.log) else ""
    sys.stdout.write(text)
    sys.stdout.flush()

    failures = []
    want = EXIT_PASS if args.expect == "pass" else EXIT_PANIC
    if status is None:
        failures.append(f"QEMU did not exit within {args.timeout} s")
    elif status != (want << 1) | 1:
        failures.append(f"QEMU exit status {status}, want {(want << 1) | 1}"
                        + (" (0: a triple fault or a reset)" if status == 0 else ""))
    if args.expect == "pass":
        plan, results, problems = parse_ktap(text)
        failures += problems
        if plan == 0:
            failures.append("the plan is empty")
    else:
        for part in DUMP_PARTS:
            if not re.search(part, text):
                failures.append(f"the dump lacks /{part}/")
    for pattern in args.line:
        if not re.search(pattern, text, re.M):
            failures.append(f"the log lacks /{pattern}/")

    print("\n==== harness:", args.iso, args.firmware, args.cpu, "expect", args.expect)
    for f in failures:
        print("FAIL:", f)
    print("RESULT:", "PASS" if not failures else "FAIL")
    return 1 if failures else 0


sys.exit(main())
