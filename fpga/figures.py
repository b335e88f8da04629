#!/usr/bin/env python3
"""make fpga's table: each top's figures from Yosys and nextpnr, the change since the figures
recorded in fpga/figures.json, and the timing verdict.

usage: figures.py --figures FILE --table FILE [--record]
                  --top NAME STAT_JSON REPORT_JSON TARGET_MHZ [--top ...]

STAT_JSON is Yosys's `stat -json` of the mapped netlist, REPORT_JSON nextpnr's --report.
Exit status: 0 every clock meets its target, 1 one does not, 2 an input cannot be read or the
figures file cannot be written. --record rewrites the figures file, and only for a passing run.
"""

import argparse
import json
import os
import sys
import tempfile

# Integer figures in table order: (key in figures.json, label).
COUNTS = [
    ("cells", "cells (Yosys)"),
    ("lut4", "LUT4"),
    ("ff", "flip-flops"),
    ("carry", "carries"),
    ("ram", "RAM (SB_RAM40_4K)"),
    ("logic_cells", "logic cells"),
    ("io", "I/O"),
]


class InputError(Exception):
    pass


def load_json(path, what):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        raise InputError(f"cannot read {what} '{path}': {e}") from e


def clock_name(net):
    # nextpnr names the clock after its global buffer net: clk_i$SB_IO_IN_$glb_clk.
    return net.split("$", 1)[0]


def measure(name, stat_path, report_path):
    stat = load_json(stat_path, "Yosys statistics")
    report = load_json(report_path, "nextpnr report")
    modules = stat.get("modules", {})
    module = modules.get("\\" + name) or modules.get(name)
    if module is None:
        raise InputError(f"'{stat_path}' has no module {name}")
    by_type = module.get("num_cells_by_type", {})
    util = report.get("utilization", {})
    try:
        lc = util["ICESTORM_LC"]
        io = util["SB_IO"]
        fmax = {clock_name(net): clk["achieved"] for net, clk in report["fmax"].items()}
    except (KeyError, TypeError) as e:
        raise InputError(f"'{report_path}' lacks {e} (not an nextpnr-ice40 report?)") from e
    return {
        "cells": module.get("num_cells", 0),
        "lut4": by_type.get("SB_LUT4", 0),
        "ff": sum(n for t, n in by_type.items() if t.startswith("SB_DFF")),
        "carry": by_type.get("SB_CARRY", 0),
        "ram": sum(n for t, n in by_type.items() if t.startswith("SB_RAM40_4K")),
        "logic_cells": lc["used"],
        "logic_cells_available": lc["available"],
        "io": io["used"],
        "io_available": io["available"],
        "fmax_mhz": {clk: round(mhz, 2) for clk, mhz in fmax.items()},
    }


def change(now, then, digits=0):
    if then is None:
        return "(not recorded)"
    diff = now - then
    return f"({diff:+.{digits}f} vs recorded)"


def rows_for(fig, rec, target_mhz):
    """The table's cells for one top, as (label, text) pairs, and its failed clocks."""
    rows = []
    for key, label in COUNTS:
        text = str(fig[key])
        if key == "logic_cells":
            pct = 100.0 * fig[key] / fig["logic_cells_available"]
            text = f"{fig[key]}/{fig['logic_cells_available']} {pct:.1f}%"
        elif key == "io":
            text = f"{fig[key]}/{fig['io_available']}"
        rows.append((label, f"{text} {change(fig[key], rec.get(key))}"))
    failed = []
    period = 1000.0 / target_mhz
    for clk, mhz in sorted(fig["fmax_mhz"].items()):
        then = rec.get("fmax_mhz", {}).get(clk)
        slack = period - 1000.0 / mhz
        rows.append((f"Fmax {clk}", f"{mhz:.2f} MHz {change(mhz, then, 2)}"))
        rows.append((f"target {clk}", f"{target_mhz:.2f} MHz (CLK_HZ)"))
        rows.append((f"slack {clk}", f"{slack:+.2f} ns {'PASS' if mhz >= target_mhz else 'FAIL'}"))
        if mhz < target_mhz:
            failed.append((clk, mhz, slack))
    return rows, failed


def format_table(names, columns):
    labels = []
    for col in columns:
        for label, _ in col:
            if label not in labels:
                labels.append(label)
    cells = [[""] + names]
    for label in labels:
        cells.append([label] + [dict(col).get(label, "-") for col in columns])
    widths = [max(len(r[i]) for r in cells) for i in range(len(cells[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells)


def write_atomically(path, text):
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".figures.", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except OSError:
        os.unlink(tmp)
        raise


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--figures", required=True, help="recorded figures (fpga/figures.json)")
    parser.add_argument("--table", required=True, help="where to write a copy of the table")
    parser.add_argument("--record", action="store_true", help="rewrite --figures with this run")
    parser.add_argument("--top", nargs=4, action="append", required=True,
                        metavar=("NAME", "STAT_JSON", "REPORT_JSON", "TARGET_MHZ"))
    args = parser.parse_args()

    try:
        recorded = {}
        if os.path.exists(args.figures):
            recorded = load_json(args.figures, "recorded figures").get("tops", {})
        names, columns, measured, failures = [], [], {}, []
        for name, stat_path, report_path, target in args.top:
            try:
                target_mhz = float(target)
            except ValueError as e:
                raise InputError(f"{name}: target '{target}' is not a number of MHz") from e
            fig = measure(name, stat_path, report_path)
            rows, failed = rows_for(fig, recorded.get(name, {}), target_mhz)
            names.append(name)
            columns.append(rows)
            measured[name] = {k: v for k, v in fig.items() if not k.endswith("_available")}
            failures += [(name, target_mhz) + f for f in failed]
    except InputError as e:
        print(f"fpga: {e}", file=sys.stderr)
        return 2

    shown = os.path.relpath(args.figures, os.path.dirname(os.path.dirname(os.path.abspath(args.figures))))
    table = f"iCE40 HX8K ct256, changes against {shown}\n"
    table += format_table(names, columns) + "\n"
    print(table, end="")
    try:
        write_atomically(args.table, table)
    except OSError as e:
        print(f"fpga: cannot write '{args.table}': {e}", file=sys.stderr)
        return 2

    for name, target_mhz, clk, mhz, slack in failures:
        print(f"fpga: {name}: timing missed: Fmax of {clk} is {mhz:.2f} MHz, below the target "
              f"{target_mhz:.2f} MHz (slack {slack:+.2f} ns)", file=sys.stderr)
    if failures:
        if args.record:
            print(f"fpga: not recorded: the run failed ({args.figures} unchanged)", file=sys.stderr)
        return 1
    if args.record:
        doc = {
            "device": "iCE40 HX8K ct256",
            "note": "written by fpga/run.sh --record (make fpga FPGA_RECORD=1)",
            "tops": {**recorded, **measured},
        }
        try:
            write_atomically(args.figures, json.dumps(doc, indent=2, sort_keys=True) + "\n")
        except OSError as e:
            print(f"fpga: cannot write '{args.figures}': {e}", file=sys.stderr)
            return 2
        print(f"fpga: figures recorded in {args.figures}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
