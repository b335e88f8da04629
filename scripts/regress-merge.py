#!/usr/bin/env python3
"""Merges the JUnit XML files of regression shards (scripts/regress.py --junit) into one report,
prints its summary and each failure's reproduce command.

usage: regress-merge.py SHARD.xml... -o MERGED.xml
Exit status: 0 every seed passed, 1 a seed failed, 2 a file missing, unreadable, not a
regression report, or a seed reported twice.
"""
import argparse
import pathlib
import re
import sys
import xml.etree.ElementTree as ET

SEED_CASE = re.compile(r"seed_([0-9]+)")


class InputError(Exception):
    pass


def read_cases(path):
    """The testcase elements of one regression report, each checked to name a seed."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        raise InputError(f"cannot read '{path}': {e}") from e
    if root.tag != "testsuites" or root.find("testsuite") is None:
        raise InputError(f"'{path}' is not a regression report (no <testsuites><testsuite>)")
    cases = root.findall("testsuite/testcase")
    for case in cases:
        if not SEED_CASE.fullmatch(case.get("name", "")):
            raise InputError(f"'{path}': testcase '{case.get('name')}' names no seed")
    return cases


def outcome(case):
    """'passed', 'failure' or 'error', and the failure's message (the reproduce command)."""
    for kind in ("failure", "error"):
        element = case.find(kind)
        if element is not None:
            return kind, element.get("message", "")
    return "passed", ""


def merge(paths):
    """The testcases of every file, sorted by seed; a seed in two files is an input error."""
    seen = {}
    for path in paths:
        for case in read_cases(path):
            name = case.get("name")
            if name in seen:
                raise InputError(f"{name} is in both '{seen[name][0]}' and '{path}'")
            seen[name] = (path, case)
    return [case for _, case in sorted(seen.values(),
                                       key=lambda pc: int(SEED_CASE.fullmatch(
                                           pc[1].get("name")).group(1)))]


def report(cases):
    counts = {"failure": 0, "error": 0}
    seconds = sum(float(c.get("time", "0") or 0) for c in cases)
    for case in cases:
        kind, _ = outcome(case)
        counts[kind] = counts.get(kind, 0) + 1
    attrs = dict(tests=str(len(cases)), failures=str(counts["failure"]),
                 errors=str(counts["error"]), time=f"{seconds:.3f}")
    root = ET.Element("testsuites", name="ppcosim regress", **attrs)
    suite = ET.SubElement(root, "testsuite", name="regress", **attrs)
    suite.extend(cases)
    ET.indent(root)
    return ET.ElementTree(root), counts


def main(argv):
    parser = argparse.ArgumentParser(prog="regress-merge.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="+", type=pathlib.Path)
    parser.add_argument("-o", "--output", required=True, type=pathlib.Path)
    args = parser.parse_args(argv)
    if args.output.resolve() in {p.resolve() for p in args.inputs}:
        print(f"regress-merge: '{args.output}' is one of the inputs; give the merged report its "
              "own name", file=sys.stderr)
        return 2
    try:
        cases = merge(args.inputs)
    except InputError as e:
        print(f"regress-merge: {e}", file=sys.stderr)
        return 2
    tree, counts = report(cases)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.output.with_name(f".{args.output.name}.tmp")
    tree.write(tmp, encoding="utf-8", xml_declaration=True)
    tmp.replace(args.output)
    bad = counts["failure"] + counts["error"]
    print(f"regress-merge: {len(cases)} seeds from {len(args.inputs)} files: "
          f"{len(cases) - bad} passed, {counts['failure']} failed, {counts['error']} errors; "
          f"merged into {args.output}")
    for case in cases:
        kind, message = outcome(case)
        if kind != "passed":
            print(f"  {case.get('name')}: {kind}: {message}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
