"""KTAP parsing shared by the QEMU and Bochs harnesses."""
import re


def parse_ktap(text):
    """Top-level KTAP: returns (plan, results {n: (ok, name, rest)}, problems)."""
    problems = []
    lines = [l.rstrip("\r") for l in text.split("\n")]
    if "KTAP version 1" not in lines:
        return None, {}, ["no 'KTAP version 1' header"]
    start = lines.index("KTAP version 1")
    plan, results = None, {}
    for l in lines[start + 1:]:
        m = re.match(r"^1\.\.(\d+)$", l)
        if m and plan is None:
            plan = int(m.group(1))
            continue
        m = re.match(r"^(not ok|ok) (\d+) (.*?)( # .*)?$", l)
        if m:
            n = int(m.group(2))
            if n in results:
                problems.append(f"test {n} reported twice")
            results[n] = (m.group(1) == "ok", m.group(3), m.group(4) or "")
    if plan is None:
        problems.append("no KTAP plan line")
    else:
        missing = [n for n in range(1, plan + 1) if n not in results]
        if missing:
            problems.append(f"no result for tests {missing} of 1..{plan}")
    for n, (ok, name, rest) in sorted(results.items()):
        if not ok:
            problems.append(f"not ok {n} {name}{rest}")
    return plan, results, problems
