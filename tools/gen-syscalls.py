#!/usr/bin/env python3
"""Usage: gen-syscalls.py syscalls.tbl OUT_DIR

Reads syscall/syscalls.tbl and writes, under OUT_DIR:
  syscall_table.h          for syscall/dispatch.c: SYSCALL_LIST(X) and the
                           i386 and x86-64 tables, number -> handler, and
                           the fast ways' tables, where a call marked
                           "full" is sys_full_frame
  user/entrylab/syscalls.h numbers for C user programs (NR32_x, NR64_x)
  user/syscalls.inc        the same for NASM user programs
A malformed table stops the build with the line at fault."""
import os
import re
import sys


def fail(path, n, msg):
    sys.exit(f"{path}:{n}: {msg}")


def parse(path):
    calls, seen_names, seen = [], set(), {"i386": {}, "x86_64": {}}
    for n, line in enumerate(open(path), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        f = line.split()
        full = len(f) == 5 and f[4] == "full"
        if len(f) != 4 and not full:
            fail(path, n, "want 4 fields, i386 x86_64 name handler, and optionally 'full'")
        nums = []
        for abi, v in zip(("i386", "x86_64"), f[:2]):
            if v == "-":
                nums.append(None)
                continue
            if not re.fullmatch(r"\d+", v) or int(v) > 4095:
                fail(path, n, f"bad {abi} number '{v}' (0..4095 or -)")
            if int(v) in seen[abi]:
                fail(path, n, f"{abi} number {v} already used by {seen[abi][int(v)]}")
            seen[abi][int(v)] = f[2]
            nums.append(int(v))
        if nums == [None, None]:
            fail(path, n, "a call needs at least one number")
        name, handler = f[2], f[3]
        if handler in ("sys_enosys", "sys_full_frame"):
            fail(path, n, f"{handler} is the dispatcher's own, not a call's handler")
        for what, ident in (("name", name), ("handler", handler)):
            if not re.fullmatch(r"[a-z_][a-z0-9_]*", ident):
                fail(path, n, f"bad {what} '{ident}'")
        if name in seen_names:
            fail(path, n, f"name {name} appears twice")
        seen_names.add(name)
        calls.append((nums[0], nums[1], name, handler, full))
    if not calls:
        sys.exit(f"{path}: no calls")
    return calls


def tables(calls, end32, end64, name, fast):
    """The i386 and x86-64 tables, number -> handler: sys_enosys in the
    holes, and in a fast table sys_full_frame for the "full" calls."""
    t = []
    for abi, col, end in (("32", 0, end32), ("64", 1, end64)):
        by_nr = {c[col]: c for c in calls if c[col] is not None}
        t.append(f"#define {name}{abi} \\\n")
        for n in range(end):
            c = by_nr.get(n)
            fn = "sys_enosys" if c is None else "sys_full_frame" if fast and c[4] else c[3]
            t.append(f"    {fn}, /* {n}{' ' + c[2] if c else ''} */ \\\n")
        t.append("\n")
    return t


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def main():
    src, out = sys.argv[1], sys.argv[2]
    calls = parse(src)
    end32 = max(c[0] for c in calls if c[0] is not None) + 1
    end64 = max(c[1] for c in calls if c[1] is not None) + 1
    head = "/* Generated from syscall/syscalls.tbl by tools/gen-syscalls.py. Do not edit. */\n"

    t = [head, "#pragma once\n\n/* X(name, handler, i386 number or -1, x86-64 number or -1) */\n",
         "#define SYSCALL_LIST(X) \\\n"]
    t += [f"    X({c[2]}, {c[3]}, {-1 if c[0] is None else c[0]}, {-1 if c[1] is None else c[1]}) \\\n" for c in calls]
    t.append("\n")
    t.append(f"#define SYSCALL_COUNT {len(calls)}\n#define NR32_END {end32}\n#define NR64_END {end64}\n\n")
    t.append("/* Number -> handler, one list per ABI with sys_enosys in every hole: the\n"
             " * dispatcher's tables (one bounds check, one clamp, one indirect call). */\n")
    t += tables(calls, end32, end64, "SYSCALL_TABLE", False)
    t.append("/* The fast ways' tables: the same, but a call that needs the whole frame\n"
             " * (\"full\" in syscalls.tbl) is sys_full_frame, which sends it the full way. */\n")
    t += tables(calls, end32, end64, "SYSCALL_FAST_TABLE", True)
    write(os.path.join(out, "syscall_table.h"), "".join(t))

    u = [head, "#pragma once\n\n/* i386 numbers (int 0x80, sysenter, 32-bit syscall) */\n"]
    u += [f"#define NR32_{c[2]} {c[0]}\n" for c in calls if c[0] is not None]
    u.append("\n/* x86-64 numbers (64-bit syscall and sysenter) */\n")
    u += [f"#define NR64_{c[2]} {c[1]}\n" for c in calls if c[1] is not None]
    u.append(f"\n/* The first number past each table: always -ENOSYS. */\n#define NR32_END {end32}\n#define NR64_END {end64}\n")
    # Every number of each table, for programs that pick calls at random (the fuzzer).
    u.append("\n/* Every number in each table, in table order: an initializer list. */\n")
    u.append("#define NR32_ALL " + ", ".join(str(c[0]) for c in calls if c[0] is not None) + "\n")
    u.append("#define NR64_ALL " + ", ".join(str(c[1]) for c in calls if c[1] is not None) + "\n")
    write(os.path.join(out, "user/entrylab/syscalls.h"), "".join(u))

    a = ["; Generated from syscall/syscalls.tbl by tools/gen-syscalls.py. Do not edit.\n"]
    a += [f"%define NR32_{c[2]} {c[0]}\n" for c in calls if c[0] is not None]
    a += [f"%define NR64_{c[2]} {c[1]}\n" for c in calls if c[1] is not None]
    a.append(f"%define NR32_END {end32}\n%define NR64_END {end64}\n")
    write(os.path.join(out, "user/syscalls.inc"), "".join(a))


main()
