#!/usr/bin/env python3
"""./lab bench's collector, table and chart (docs/bench.md).

  bench-report.py collect LOG PLATFORM KERNEL OUT.jsonl
      the JSON lines bench64/bench32 printed on serial, tagged with where
      they ran (PLATFORM: qemu-Skylake-Client-icount, bochs-intel, ...) and
      which kernel (entrylab, linux-mitigations-off, linux-default)
  bench-report.py report DIR
      every DIR/*.jsonl: entrylab and Linux side by side (median, ratio),
      DIR/table.md, and the chart DIR/chart.svg and DIR/chart.png (gnuplot)
"""
import glob
import json
import os
import subprocess
import sys

LINUX = ["linux-mitigations-off", "linux-default"]
UNIT = {"icount": "guest instructions (exact)", "tcg": "QEMU TSC ticks (host-timed)",
        "bochs": "Bochs emulated cycles"}


def collect(log, platform, kernel, out):
    rows = []
    with open(log, "rb") as f:
        for raw in f:
            line = raw.decode("ascii", "replace").strip().replace("\r", "")
            if not line.startswith('{"bench":1,'):
                continue
            r = json.loads(line)
            r["platform"], r["kernel"] = platform, kernel
            rows.append(r)
    with open(out, "w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    return len(rows)


def load(d):
    rows = []
    for p in sorted(glob.glob(os.path.join(d, "*.jsonl"))):
        with open(p) as f:
            rows += [json.loads(l) for l in f if l.strip()]
    return rows


def unit(platform):
    if platform.endswith("-icount"):
        return UNIT["icount"]
    return UNIT["bochs"] if platform.startswith("bochs") else UNIT["tcg"]


def fmt(v):
    return "n/a" if v is None else ("%.0f" % v if v == int(v) else "%.1f" % v)


def report(d):
    rows = load(d)
    if not rows:
        sys.exit("bench-report: no results in %s" % d)
    by = {}
    for r in rows:
        by[(r["platform"], r["kernel"], r["mode"], r["door"], r["call"])] = r
    platforms = sorted({r["platform"] for r in rows})
    md = []
    for plat in platforms:
        kernels = [k for k in ["entrylab"] + LINUX if any(r["platform"] == plat and r["kernel"] == k for r in rows)]
        head = ["mode", "door", "call", "entrylab min", "median", "p99", "over bare"]
        for k in kernels[1:]:
            head += [k.replace("linux-", "Linux "), "ratio"]
        md.append("%s: per call, %s" % (plat, unit(plat)))
        md.append("")
        md.append("| " + " | ".join(head) + " |")
        md.append("|" + "---|" * len(head))
        keys = []
        for r in rows:
            if r["platform"] == plat and r["kernel"] in kernels:
                k = (r["mode"], r["door"], r["call"])
                if k not in keys:
                    keys.append(k)
        for mode, door, call in keys:
            e = by.get((plat, "entrylab", mode, door, call))
            val = lambda r, f: r.get(f) if r and r.get("kind") != "na" else None
            cells = [str(mode), door, call, fmt(val(e, "min")), fmt(val(e, "median")), fmt(val(e, "p99"))]
            # The kernel's own share: the median over the door's bare pair.
            bare = val(by.get((plat, "entrylab", mode, door, "bare")), "median")
            over = val(e, "median") - bare if e and e.get("kind") == "call" and bare is not None else None
            cells.append(fmt(over) if over is not None else "")
            for k in kernels[1:]:
                l = by.get((plat, k, mode, door, call))
                lm, em = val(l, "median"), val(e, "median")
                cells += [fmt(lm), "%.2f" % (em / lm) if lm and em else ""]
            if e and e.get("kind") in ("bare", "exit"):
                cells[2] = "baseline: " + call
            if all(c in ("n/a", "") for c in cells[3:]):
                continue
            md.append("| " + " | ".join(cells) + " |")
        md.append("")
    text = "\n".join(md)
    print(text)
    with open(os.path.join(d, "table.md"), "w") as f:
        f.write(text + "\n")
    chart(d, rows)


def chart(d, rows):
    """Grouped bars: the calls (kind "call") per door and mode, one bar per
    platform and kernel, medians."""
    korder = ["entrylab"] + LINUX
    series = sorted({(r["platform"], r["kernel"]) for r in rows if r.get("kind") == "call"},
                    key=lambda s: (s[0], korder.index(s[1]) if s[1] in korder else 9))
    # Categories in the order of the platform that has the most of them.
    per = {}
    for r in rows:
        if r.get("kind") == "call":
            c = per.setdefault(r["platform"], [])
            if (r["mode"], r["door"], r["call"]) not in c:
                c.append((r["mode"], r["door"], r["call"]))
    cats = []
    for p in sorted(per, key=lambda p: -len(per[p])):
        cats += [c for c in per[p] if c not in cats]
    val = {(r["platform"], r["kernel"], r["mode"], r["door"], r["call"]): r["median"]
           for r in rows if r.get("kind") == "call"}
    dat = os.path.join(d, "chart.dat")
    with open(dat, "w") as f:
        f.write("cat " + " ".join('"%s %s"' % s for s in series) + "\n")
        for c in cats:
            f.write('"%d-bit %s, %s" ' % c + " ".join(
                str(val.get(s + c, "-")) for s in series) + "\n")
    units = sorted({unit(p) for p, _ in series})
    for term, ext in (("svg size 1400,640 dynamic font 'sans,11'", "svg"),
                      ("pngcairo size 1400,640 font 'sans,9'", "png")):
        gp = "\n".join([
            "set terminal " + term + " noenhanced", "set bmargin 10", "set rmargin 10",
            "set output '%s'" % os.path.join(d, "chart." + ext),
            "set title 'entrylab and Linux: one system call, door instruction and kernel round trip (median)'",
            "set ylabel '%s'" % "; ".join(units).replace("'", ""),
            "set style data histograms", "set style histogram clustered gap 1",
            "set style fill solid 0.8 border -1", "set boxwidth 0.9",
            "set xtics rotate by -35 scale 0 font ',8'", "set key above horizontal",
            "set grid ytics", "set yrange [0:*]", "set datafile missing '-'",
            "plot for [i=2:%d] '%s' using i:xtic(1) title columnheader(i)" % (len(series) + 1, dat),
        ])
        r = subprocess.run(["gnuplot"], input=gp, text=True, capture_output=True)
        if r.returncode:
            sys.exit("gnuplot failed: " + r.stderr)
    print("chart: %s/chart.svg, %s/chart.png" % (d, d))


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "collect":
        n = collect(*sys.argv[2:])
        if not n:
            sys.exit("bench-report: no results in %s" % sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "report":
        report(sys.argv[2])
    else:
        sys.exit(__doc__)
