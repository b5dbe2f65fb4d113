#!/usr/bin/env python3
"""Spectre v1 on the system call number (docs/security.md): every load the
dispatcher makes from its tables with an index that came from ring 3 must use
an index clamped without a branch (table_slot, syscall/dispatch.c): the
index register's last write before the load is an `and` with a mask that an
`sbb m,m` or `sar $63,m` computed. A compiler that folds the mask away (it
knows the bounds check passed) or a build without the clamp fails here.
Every door's stub must call its copy of that dispatcher. Also: the exception entry's
conditional swapgs is fenced (CVE-2019-1125).

usage: spectre_clamp.py build/entrylab.elf"""
import re
import subprocess
import sys

# Each door's stub and the copies of the dispatcher it calls (syscall/dispatch.c,
# the door a constant): the fast way's c_syscall_<door> and the full way's
# c_syscall_<door>_full. traced_call (ptrace's) dispatches too.
DOORS = {d: [f"c_syscall_{d[6:]}", f"c_syscall_{d[6:]}_full"]
         for d in ("entry_int80", "entry_syscall64", "entry_syscall32", "entry_sysenter32", "entry_sysenter64")}
# traced_call (ptrace's), and the copies the sysenter stubs' calls go to on a
# CPU whose sysexit is refused (syscall_sysexit_init rewrites those calls at
# boot, so no stub names them in the image).
OTHERS = ["traced_call", "c_syscall_sysenter32_iretq", "c_syscall_sysenter64_iretq"]
TABLES = {"sys_table32": "NR32_END", "sys_table64": "NR64_END",
          "sys_fast_table32": "NR32_END", "sys_fast_table64": "NR64_END"}


PREFIXES = {"cs", "ds", "es", "ss", "fs", "gs", "data16", "addr32", "rex", "rex.W", "notrack", "bnd"}


def disasm(elf, sym):
    out = subprocess.run(["objdump", "-d", "--no-show-raw-insn", f"--disassemble={sym}", elf],
                         capture_output=True, text=True, check=True).stdout
    insns = []
    for line in out.splitlines():
        m = re.match(r"\s*([0-9a-f]+):\s+(\S+)\s*(.*)$", line)
        if m:
            mnem, op = m.group(2), m.group(3).split("#")[0].strip()
            # A prefix objdump prints as a word of its own ("cs nopw ..."):
            # the instruction is the word after it.
            while mnem in PREFIXES and op:
                mnem, _, op = op.partition(" ")
                op = op.strip()
            insns.append((m.group(1), mnem, op))
    return insns


def regs_of(op):
    return re.findall(r"%(\w+)", op)


def family(r):
    """rax/eax/ax -> ax, r8/r8d -> r8: writes to a 32-bit half count as writes."""
    m = re.match(r"^r(\d+)[dwb]?$", r)
    if m:
        return "r" + m.group(1)
    return re.sub(r"^[re]", "", r).replace("l", "x") if len(r) <= 3 else r


def dest(op):
    """AT&T: the last operand is the destination."""
    parts = [p.strip() for p in re.split(r",(?![^(]*\))", op)] if op else []
    return parts[-1] if parts else ""


def writes(insn, reg):
    mnem, op = insn[1], insn[2]
    if mnem.startswith(("cmp", "test", "j", "call", "push")):
        return False
    d = dest(op)
    return d.startswith("%") and family(d[1:]) == family(reg)


def clamped(insns, i, reg):
    """Whether reg at instruction i was last written by `and mask,reg` with a
    computed mask (through shl scaling)."""
    j = i - 1
    while j >= 0 and not writes(insns[j], reg):
        j -= 1
    if j < 0:
        return False, "index never written"
    mnem, op = insns[j][1], insns[j][2]
    if mnem.startswith("shl"):
        return clamped(insns, j, reg)
    if not mnem.startswith("and"):
        return False, f"index last written by '{mnem} {op}' at {insns[j][0]}"
    src = [r for r in regs_of(op) if family(r) != family(reg)]
    src = src[0] if src else family(reg)  # and %rax,%rax style: the mask is the other one
    if len(regs_of(op)) == 2 and family(regs_of(op)[0]) != family(reg):
        mask = regs_of(op)[0]
    elif len(regs_of(op)) == 2:
        mask = regs_of(op)[1] if family(regs_of(op)[0]) == family(reg) else regs_of(op)[0]
    else:
        return False, f"and without a mask register at {insns[j][0]}"
    # `and idx,mask` leaves the result in mask: then the roles swap.
    k = j - 1
    seen = []
    while k >= 0 and j - k < 12:
        m2, o2 = insns[k][1], insns[k][2]
        for cand in (mask, reg):
            if writes(insns[k], cand):
                seen.append((cand, m2, o2))
                if m2.startswith("sbb") and len(set(map(family, regs_of(o2)))) == 1:
                    return True, f"sbb mask at {insns[k][0]}, and at {insns[j][0]}"
                if m2.startswith("sar") and "$0x3f" in o2:
                    return True, f"sar $63 mask at {insns[k][0]}, and at {insns[j][0]}"
                if m2.startswith("xor") and len(set(map(family, regs_of(o2)))) == 1:
                    return False, f"the mask is a constant (xor at {insns[k][0]}): the clamp was folded away"
        k -= 1
    return False, f"no sbb/sar mask before the and at {insns[j][0]}"


def table_load(insns, i, m, tables):
    """Whether the memory operand reads one of the tables: a displacement
    inside one, or a base register loaded with a table's address."""
    disp, base = m.group(1), m.group(2) or None
    if disp:
        a = int(disp, 16) & (2**64 - 1)
        if any(lo <= a < hi for lo, hi in tables.values()):
            return True
    if base:
        for _, mn, op in insns[max(0, i - 24):i]:
            for c in re.findall(r"\$0x([0-9a-f]+)", op):
                if any(lo <= int(c, 16) < hi for lo, hi in tables.values()):
                    return True
    return False


def reaches(elf, sym, target):
    """Whether the stub sym calls target (directly, as the stubs do). Calls
    under a label of their own (the full way's after the stub's exit, the
    sysenter stubs' patchable fast call) count within the stub's first 512
    bytes."""
    if any(f"<{target}>" in op for _, mn, op in disasm(elf, sym) if mn.startswith("call")):
        return True
    nm = subprocess.run(["nm", elf], capture_output=True, text=True, check=True).stdout
    m = re.search(rf"^([0-9a-f]+) \w {sym}$", nm, re.M)
    if not m:
        return False
    start = int(m.group(1), 16)
    out = subprocess.run(["objdump", "-d", "--no-show-raw-insn", f"--start-address={start:#x}",
                          f"--stop-address={start + 512:#x}", elf], capture_output=True, text=True, check=True).stdout
    return re.search(rf"call\s+\S+ <{target}>", out) is not None


def swapgs_fenced(elf):
    """CVE-2019-1125: isr_common swaps GS only on one side of a branch; both
    sides must meet at an lfence before anything runs that could use GS."""
    d = disasm(elf, "isr_common")
    idx = [i for i, (_, mnem, _) in enumerate(d) if mnem == "swapgs"]
    if not idx:
        print("FAIL: isr_common has no swapgs")
        return 1
    first = idx[0]
    # The conditional swapgs sits between a jump over it and the label it
    # jumps to; the instruction at that label must be the fence.
    jump = next((d[j] for j in range(first - 1, max(first - 4, -1), -1) if d[j][1].startswith("j")), None)
    target = jump and re.match(r"([0-9a-f]+) <([\w.]+)>", jump[2])
    # The target is a local label, which objdump lists as a symbol of its own.
    there = disasm(elf, target.group(2)) if target else []
    first_there = there[0][1] if there and there[0][0] == target.group(1) else "no target"
    ok = first_there == "lfence"
    print(f"{'ok' if ok else 'FAIL'}: isr_common: the conditional swapgs meets an lfence on both paths"
          + ("" if ok else f" (at the branch target: {first_there})"))
    return 0 if ok else 1


def main():
    elf = sys.argv[1]
    failures = 0
    out = subprocess.run(["nm", "-S", elf], capture_output=True, text=True).stdout
    tables = {}
    for name in TABLES:
        m = re.search(rf"^([0-9a-f]+) ([0-9a-f]+) \w {name}$", out, re.M)
        if not m:
            print(f"FAIL: no {name} in {elf}")
            failures += 1
            continue
        tables[name] = (int(m.group(1), 16), int(m.group(1), 16) + int(m.group(2), 16))
    total = 0
    checks = [(door, fn) for door, fns in DOORS.items() for fn in fns] + [(None, fn) for fn in OTHERS]
    for door, fn in checks:
        d = disasm(elf, fn)
        loads = 0
        for i, (addr, mnem, op) in enumerate(d):
            # An indexed load: (base,index,scale) or disp(,index,scale).
            m = re.search(r"(-?0x[0-9a-f]+)?\((%\w+)?,(%\w+),(\d)\)", op) or \
                re.search(r"(-?0x[0-9a-f]+)\(()(%\w+)\)", op)
            if not m or mnem.startswith("nop") or not table_load(d, i, m, tables):
                continue
            loads += 1
            ok, why = clamped(d, i, m.group(3)[1:])
            print(f"{'ok' if ok else 'FAIL'}: {fn}+{addr} {mnem} {op}: {why}")
            failures += not ok
        if loads < 1:
            print(f"FAIL: no indexed table load in {fn} (the call table expected)")
            failures += 1
        total += loads
        if door is None:
            continue
        ok = reaches(elf, door, fn)
        print(f"{'ok' if ok else 'FAIL'}: {door} calls {fn}")
        failures += not ok
    failures += swapgs_fenced(elf)
    print(f"# {total} indexed loads checked, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
