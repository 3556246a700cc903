#!/usr/bin/env python3
"""The one benchmark table: merges the figures each benchmark wrote (bench_*.json) into one
table (benchmark, figure, value, goal, pass/miss, ratio to the same-run reference) and one
JSON file for comparing commits.

    table.py OUT.json IN.json...    exit 0 when every figure meets its goal, 2 when one misses
"""
import json
import os
import sys


def load(path):
    with open(path, encoding="utf-8") as f:
        figures = json.load(f)["figures"]
    group = os.path.basename(path).removeprefix("bench_").removesuffix(".json")
    for figure in figures:
        figure["benchmark"] = group
    return figures


def number(value):
    return f"{value:.4g}"


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    figures = [f for path in argv[2:] if os.path.exists(path) for f in load(path)]
    if not figures:
        sys.exit("no benchmark wrote its figures: " + " ".join(argv[2:]))
    head = ("benchmark", "figure", "value", "goal", "", "ratio", "reference")
    rows = []
    for f in figures:
        unit = f.get("unit", "")
        ratio = reference = ""
        if f.get("reference"):
            ratio = f"{f['value'] / f['reference']:.2f}x"
            reference = f"{f.get('reference_name', '')} {number(f['reference'])} {unit}".strip()
        rows.append((f["benchmark"], f["figure"], f"{number(f['value'])} {unit}",
                     f"{'>=' if f.get('higher_is_better') else '<='} {number(f['goal'])} {unit}",
                     "pass" if f["pass"] else "MISS", ratio, reference))
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]
    for r in [head] + rows:
        print("  ".join(cell.rjust(w) if i in (2, 3, 5) else cell.ljust(w)
                        for i, (cell, w) in enumerate(zip(r, widths))).rstrip())
    missed = sum(not f["pass"] for f in figures)
    print(f"{len(figures)} figures, {len(figures) - missed} pass, {missed} miss")
    with open(argv[1], "w", encoding="utf-8") as out:
        json.dump({"figures": figures}, out, indent=1, ensure_ascii=False)
        out.write("\n")
    return 2 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
