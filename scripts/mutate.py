#!/usr/bin/env python3
"""Mutation testing of rtl/: one mutation at a time, in a copy of the RTL, judged by the tests.

Each mutant changes one line of a copy of rtl/ (the source tree is never written), is linted
and built in its own build folder (ccache makes the unchanged parts cheap), and is judged by the
ctest label `mutate-judge` (the directed scripts, a few random seeds, each waveform checked
where the test does so, and the directed RTL tests: registers, release, IEEE 1284, and the
second configuration's, where the PAUSER range check is elaborated). A mutant is
  killed       the judge fails on it,
  survived     the judge passes (a hole in the tests, unless scripts/mutate-equivalent.txt lists
               it as equivalent, with the reason),
  stillborn    Verilator refuses it (lint or verilation) or it does not compile.
Mutants inside assertions or cover points (`ifndef SYNTHESIS, `ifdef VERILATOR), in test-only code
(pp_release_faults.sv, `ifdef PP_FAULT_INJECTION) or in synthesis-only code (the `else of `ifndef
SYNTHESIS) are listed, marked as such, and not judged.

usage: mutate.py [--build-dir DIR] [--mutants N] [--seed S] [--min-killed PCT] [--list]
                 [--only ID]...
Exit status: 0 the kill ratio is at least --min-killed, 1 below it (or nothing was judged),
2 usage or input errors.
"""

import argparse
import dataclasses
import difflib
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time

from pp_args import percent

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.dirname(HERE)
TEST_ONLY_FILES = ("pp_release_faults.sv",)
JUDGE_LABEL = "mutate-judge"
BUILD_TARGETS = ("ppcosim", "wavecheck", "rtl_tests", "rtl_regs_coverage_tests", "rtl_1284_tests",
                 "rtl_c3_tests")


# --- Operators: each takes one line of code (comment removed) and returns its mutated versions.

def _balanced_end(text, open_index):
    """Index of the parenthesis that closes the one at open_index, or -1."""
    depth = 0
    for i in range(open_index, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    return -1


def negate_condition(code):
    """`if (c)` becomes `if (!(c))`."""
    out = []
    for m in re.finditer(r"\bif\s*\(", code):
        start = m.end() - 1
        end = _balanced_end(code, start)
        if end < 0:
            continue
        cond = code[start + 1:end]
        out.append(code[:start + 1] + "!(" + cond + ")" + code[end:])
    return out


# Comparisons; `<=` is left alone (in always_ff it is the non-blocking assignment).
_COMPARISONS = [("==", "!="), ("!=", "=="), (">=", ">"), (">", ">="), ("<", "<=")]


def swap_comparison(code):
    out = []
    pattern = re.compile(r"(?<![=!<>])(==|!=|>=|>|<)(?![=<>])")
    for m in pattern.finditer(code):
        op = m.group(1)
        if op in ("<", ">") and (code[m.start() - 1:m.start()] in ("-", "=") or
                                 code[m.end():m.end() + 1] in ("<", ">")):
            continue
        for old, new in _COMPARISONS:
            if op == old:
                out.append(code[:m.start()] + new + code[m.end():])
    return out


def swap_logic(code):
    """`&&` and `||` trade places."""
    out = []
    for m in re.finditer(r"&&|\|\|", code):
        new = "||" if m.group(0) == "&&" else "&&"
        out.append(code[:m.start()] + new + code[m.end():])
    return out


def _outside_brackets(code, index):
    return code[:index].count("[") == code[:index].count("]")


def constant_by_one(code):
    """A number literal moves by one: sized (8'h0f), unsized fill ('0, '1) and plain decimals.

    Bit ranges ([7:0]), widths (the 8 of 8'h0f) and the declarations of parameters are left
    alone: moving them gives width errors, not behaviour."""
    if re.match(r"\s*(localparam|parameter)\b", code) or "#(" in code:
        return []
    out = []
    for m in re.finditer(r"(\d+)'([bdh])([0-9a-fA-F_]+)|(?<![\w'])'([01])\b|(?<![\w'.])(\d+)(?![\w'.])",
                         code):
        if not _outside_brackets(code, m.start()):
            continue
        if m.group(1):
            width, base, digits = int(m.group(1)), m.group(2), m.group(3).replace("_", "")
            radix = {"b": 2, "d": 10, "h": 16}[base]
            value = int(digits, radix)
            for moved in (value + 1, value - 1):
                if 0 <= moved < (1 << width):
                    text = {"b": format(moved, "b"), "d": str(moved), "h": format(moved, "x")}[base]
                    out.append(code[:m.start()] + f"{width}'{base}{text}" + code[m.end():])
        elif m.group(4):
            other = "1" if m.group(4) == "0" else "0"
            out.append(code[:m.start()] + "'" + other + code[m.end():])
        else:
            value = int(m.group(5))
            for moved in (value + 1, value - 1):
                if moved >= 0:
                    out.append(code[:m.start()] + str(moved) + code[m.end():])
    return out


_ASSIGN_Q = re.compile(r"^(\s*)(\w+_q)(\s*\[[^\]]*\])?(\s*<=\s*)(.+);")


def hold_register(code):
    """`x_q <= expr;` becomes `x_q <= x_q;` (the register never changes there)."""
    m = _ASSIGN_Q.match(code)
    if not m:
        return []
    target = m.group(2) + (m.group(3) or "").strip()
    if m.group(5).strip() == target:
        return []
    return [code[:m.start(5)] + target + code[m.end(5):]]


def drop_reset(code):
    """A reset value's assignment is removed (the register starts random: --x-initial unique)."""
    if re.match(r"^\s*[\w\[\]:.\- ]+\s*<=\s*.+;\s*$", code):
        indent = re.match(r"^\s*", code).group(0)
        return [indent + ";"]
    return []


OPERATORS = {
    "negate_condition": negate_condition,
    "swap_comparison": swap_comparison,
    "swap_logic": swap_logic,
    "constant_by_one": constant_by_one,
    "hold_register": hold_register,
    "drop_reset": drop_reset,
}
# Operators that apply everywhere; drop_reset only inside a reset branch, hold_register outside.
_GENERAL = ("negate_condition", "swap_comparison", "swap_logic", "constant_by_one")


@dataclasses.dataclass
class Mutant:
    id: str
    file: str
    line: int
    operator: str
    original: str
    mutated: str
    region: str  # "rtl", "assertion", "test-only" or "synthesis-only"
    outcome: str = ""
    seconds: float = 0.0
    detail: str = ""

    def diff(self):
        return "".join(difflib.unified_diff(
            [self.original + "\n"], [self.mutated + "\n"],
            f"a/rtl/{self.file}", f"b/rtl/{self.file}", lineterm="\n", n=0)).replace(
                "@@ -1 +1 @@", f"@@ -{self.line} +{self.line} @@")


def split_comment(line):
    index = line.find("//")
    return (line, "") if index < 0 else (line[:index], line[index:])


def mutants_of_file(name, text):
    """Every mutant of one file, in line order, each with its region."""
    result = []
    # Open `ifdef/`ifndef blocks, innermost last: [macro, defined_branch]. Assertions and cover
    # points live under `ifndef SYNTHESIS and `ifdef VERILATOR (an `ifndef YOSYS nested in them
    # stays theirs); `ifdef PP_FAULT_INJECTION holds the fault-injection build's code.
    conditionals = []
    reset_depth = 0        # begin/end depth inside `if (!rst_ni)`, 0 outside
    reset_pending = False  # `if (!rst_ni)` seen, its statement or begin not yet
    in_block_comment = False
    seen = {}  # how often each line's text came before: tells identical lines apart in ids
    for number, line in enumerate(text.split("\n"), 1):
        occurrence = seen.get(line, 0)
        seen[line] = occurrence + 1
        code, comment = split_comment(line)
        if in_block_comment or "/*" in code:
            in_block_comment = "*/" not in code
            continue
        stripped = code.strip()
        opened = re.match(r"`(ifdef|ifndef)\s+(\w+)", stripped)
        if opened:
            conditionals.append([opened.group(2), opened.group(1) == "ifdef"])
        elif stripped.startswith("`else") and conditionals:
            conditionals[-1][1] = not conditionals[-1][1]
        elif stripped.startswith("`endif") and conditionals:
            conditionals.pop()
        in_assertions = any(c == ["SYNTHESIS", False] or c == ["VERILATOR", True]
                            for c in conditionals)
        in_faults = any(c[1] and (c[0] == "PP_FAULT_INJECTION" or c[0].startswith("PP_FORMAL_"))
                        for c in conditionals)
        # `else of `ifndef SYNTHESIS: what synthesis builds instead (tie-offs); no simulation
        # compiles it.
        in_synthesis = ["SYNTHESIS", True] in conditionals
        if not stripped or stripped.startswith("`"):
            continue
        in_reset = reset_depth > 0 or reset_pending
        if name in TEST_ONLY_FILES or in_faults:
            region = "test-only"
        elif in_synthesis:
            region = "synthesis-only"
        elif in_assertions or re.search(r"\b(assert|cover|assume)\b", code):
            region = "assertion"
        else:
            region = "rtl"
        operators = list(_GENERAL) + (["drop_reset"] if in_reset else ["hold_register"])
        for operator in operators:
            for variant in OPERATORS[operator](code):
                mutated = variant + comment
                digest = hashlib.sha1(
                    f"{name}\0{occurrence}\0{line}\0{mutated}".encode()).hexdigest()[:10]
                result.append(Mutant(digest, name, number, operator, line, mutated, region))
        # Track the reset branch after this line's mutants (its own `if` is not in it).
        words = re.findall(r"\bbegin\b|\bend\b", code)
        if reset_depth > 0:
            for word in words:
                reset_depth += 1 if word == "begin" else -1
                if reset_depth == 0:
                    break
        elif reset_pending:
            if words and words[0] == "begin":
                reset_depth = 1 + sum(1 if w == "begin" else -1 for w in words[1:])
            reset_pending = False
        m = re.search(r"\bif\s*\(\s*!\s*rst_ni\s*\)", code)
        if m:
            rest = code[m.end():]
            if re.match(r"\s*begin\b", rest):
                reset_depth = 1
            elif not rest.strip():
                reset_pending = True
    return result


def rtl_files(source_dir):
    listed = []
    with open(os.path.join(source_dir, "rtl", "pp_rtl.f"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                listed.append(os.path.basename(line))
    return listed + list(TEST_ONLY_FILES)


def all_mutants(source_dir):
    mutants = []
    for name in rtl_files(source_dir):
        if name == "pp_reg_pkg.sv":  # generated from pp_regmap.json; its constants are data
            continue
        with open(os.path.join(source_dir, "rtl", name), encoding="utf-8") as f:
            mutants.extend(mutants_of_file(name, f.read()))
    return mutants


def read_equivalent(path):
    """ID -> reason, from lines `ID  reason` (# comments and blank lines skipped)."""
    equivalent = {}
    if not os.path.exists(path):
        return equivalent
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split(None, 1)
            if len(parts) < 2 or not re.fullmatch(r"[0-9a-f]{10}", parts[0]):
                raise ValueError(f"{path}:{number}: expected 'ID reason' (a 10-digit mutant id "
                                 f"and why the mutant cannot change behaviour)")
            equivalent[parts[0]] = parts[1]
    return equivalent


def run(command, log, cwd=None, env=None, timeout=None):
    """Runs command (a list, never through a shell), appends its output to log; True on exit 0."""
    with open(log, "a", encoding="utf-8") as out:
        out.write("$ " + " ".join(command) + "\n")
        out.flush()
        try:
            done = subprocess.run(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
                                  timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            out.write(f"timed out after {timeout} s\n")
            return False
    return done.returncode == 0


class Workspace:
    """The mutant build folder: its own copy of rtl/ and a CMake build that reads it."""

    def __init__(self, source_dir, build_dir):
        self.source_dir = source_dir
        self.build_dir = os.path.abspath(build_dir)
        self.rtl_copy = os.path.join(self.build_dir, "rtl")
        self.log = os.path.join(self.build_dir, "mutate.log")
        self.env = dict(os.environ)
        self.env.setdefault("CCACHE_BASEDIR", os.path.dirname(self.source_dir))

    def prepare(self):
        os.makedirs(self.build_dir, exist_ok=True)
        open(self.log, "w", encoding="utf-8").close()
        if os.path.isdir(self.rtl_copy):
            shutil.rmtree(self.rtl_copy)
        shutil.copytree(os.path.join(self.source_dir, "rtl"), self.rtl_copy)
        ok = run(["cmake", "-S", self.source_dir, "-B", self.build_dir,
                  f"-DPP_RTL_DIR={self.rtl_copy}"], self.log, env=self.env)
        return ok and self.build()

    def lint(self):
        files = [os.path.join(self.rtl_copy, n) for n in rtl_files(self.source_dir)
                 if n not in TEST_ONLY_FILES]
        # -Wall as `make lint`: a mutant the project's lint refuses is stillborn.
        return run(["verilator", "--lint-only", "-Wall", "--top-module", "pp_top"] + files,
                   self.log,
                   env=self.env)

    def build(self):
        jobs = os.environ.get("JOBS", str(os.cpu_count() or 2))
        return run(["cmake", "--build", self.build_dir, "-j", jobs, "--target"] +
                   list(BUILD_TARGETS), self.log, env=self.env)

    def judge(self):
        jobs = os.environ.get("JOBS", str(os.cpu_count() or 2))
        return run(["ctest", "-L", JUDGE_LABEL, "-j", jobs, "--stop-on-failure",
                    "--timeout", "300"], self.log, cwd=self.build_dir, env=self.env)

    def write(self, name, text):
        with open(os.path.join(self.rtl_copy, name), "w", encoding="utf-8") as f:
            f.write(text)


def judge_mutant(workspace, mutant):
    """Applies the mutant to the copy, judges it, restores the copy; sets its outcome."""
    with open(os.path.join(workspace.source_dir, "rtl", mutant.file), encoding="utf-8") as f:
        original = f.read()
    lines = original.split("\n")
    if lines[mutant.line - 1] != mutant.original:
        raise RuntimeError(f"{mutant.file}:{mutant.line} changed since the mutants were listed")
    lines[mutant.line - 1] = mutant.mutated
    start = time.monotonic()
    with open(workspace.log, "a", encoding="utf-8") as out:
        out.write(f"\n=== mutant {mutant.id} {mutant.file}:{mutant.line} {mutant.operator}\n")
    workspace.write(mutant.file, "\n".join(lines))
    try:
        if not workspace.lint():
            mutant.outcome, mutant.detail = "stillborn", "verilator --lint-only refused it"
        elif not workspace.build():
            mutant.outcome, mutant.detail = "stillborn", "the build failed"
        elif workspace.judge():
            mutant.outcome = "survived"
        else:
            mutant.outcome = "killed"
    finally:
        workspace.write(mutant.file, original)
    mutant.seconds = time.monotonic() - start


def write_reports(build_dir, mutants, judged, figures, equivalent):
    os.makedirs(build_dir, exist_ok=True)
    with open(os.path.join(build_dir, "mutate-report.json"), "w", encoding="utf-8") as f:
        json.dump({"figures": figures,
                   "mutants": [dict(dataclasses.asdict(m), diff=m.diff(),
                                    equivalent_reason=equivalent.get(m.id, ""))
                               for m in mutants]}, f, indent=2)
    lines = ["mutation testing of rtl/ (judge: ctest -L %s)" % JUDGE_LABEL, ""]
    lines.append("%-10s %-9s %-18s %-22s %s" % ("id", "outcome", "operator", "where", "seconds"))
    for m in judged:
        lines.append("%-10s %-9s %-18s %-22s %.0f" % (m.id, m.outcome, m.operator,
                                                      f"{m.file}:{m.line}", m.seconds))
    lines.append("")
    survivors = [m for m in judged if m.outcome == "survived"]
    for m in survivors:
        lines.append(f"survivor {m.id} ({m.operator}):")
        lines.append(m.diff().rstrip("\n"))
        lines.append("")
    for m in judged:
        if m.outcome == "equivalent":
            lines.append(f"equivalent {m.id} {m.file}:{m.line}: {equivalent[m.id]}")
    lines.append(summary_line(figures))
    text = "\n".join(lines) + "\n"
    with open(os.path.join(build_dir, "mutate-report.txt"), "w", encoding="utf-8") as f:
        f.write(text)
    return text


def summary_line(figures):
    return ("mutate: %(judged)d judged of %(total)d mutants (%(skipped)d in assertions or "
            "test-only or synthesis-only code not judged): %(killed)d killed, %(survived)d survived, "
            "%(equivalent)d equivalent, %(stillborn)d stillborn; killed %(killed_percent).1f%% "
            "of non-equivalent, non-stillborn (threshold %(min_killed)s%%)" % figures)


def positive_int(text):
    if not re.fullmatch(r"0|[1-9][0-9]{0,8}", text):
        raise argparse.ArgumentTypeError(f"takes a whole number, not '{text}'")
    return int(text)


def main(argv):
    parser = argparse.ArgumentParser(prog="mutate.py", description=__doc__.split("\n")[0])
    parser.add_argument("--build-dir", default=os.path.join(SOURCE_DIR, "build-mutate"))
    parser.add_argument("--mutants", type=positive_int, default=0,
                        help="judge a deterministic sample of N mutants (0: all)")
    parser.add_argument("--seed", type=positive_int, default=1, help="the sample's seed")
    parser.add_argument("--min-killed", type=percent, default=95.0,
                        help="percent of non-equivalent, non-stillborn mutants to kill")
    parser.add_argument("--equivalent", default=os.path.join(HERE, "mutate-equivalent.txt"))
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    parser.add_argument("--only", action="append", default=[], metavar="ID",
                        help="judge this mutant (repeatable), as listed by --list")
    args = parser.parse_args(argv)

    try:
        equivalent = read_equivalent(args.equivalent)
    except (OSError, ValueError) as error:
        print(f"mutate: {error}", file=sys.stderr)
        return 2
    mutants = all_mutants(SOURCE_DIR)
    eligible = [m for m in mutants if m.region == "rtl"]
    if args.list:
        for m in mutants:
            print(f"{m.id} {m.region:9} {m.operator:16} {m.file}:{m.line}: {m.mutated.strip()}")
        return 0
    chosen = eligible
    if args.only:
        unknown = sorted(set(args.only) - {m.id for m in mutants})
        if unknown:
            print(f"mutate: --only: no mutant {', '.join(unknown)} (see --list)",
                  file=sys.stderr)
            return 2
        chosen = [m for m in mutants if m.id in args.only]
    elif args.mutants and args.mutants < len(eligible):
        chosen = sorted(random.Random(args.seed).sample(eligible, args.mutants),
                        key=lambda m: (m.file, m.line, m.id))
    print(f"mutate: {len(mutants)} mutants, {len(mutants) - len(eligible)} in assertions or "
          f"test-only or synthesis-only code (not judged), judging {len(chosen)} (seed {args.seed})", flush=True)

    workspace = Workspace(SOURCE_DIR, args.build_dir)
    if not workspace.prepare():
        print(f"mutate: the unmutated RTL does not build in {args.build_dir}; "
              f"see {workspace.log}", file=sys.stderr)
        return 1
    if not workspace.judge():
        print(f"mutate: the judge fails on the unmutated RTL; see {workspace.log}",
              file=sys.stderr)
        return 1
    for index, mutant in enumerate(chosen, 1):
        judge_mutant(workspace, mutant)
        if mutant.outcome == "survived" and mutant.id in equivalent:
            mutant.outcome = "equivalent"
        print(f"mutate: [{index}/{len(chosen)}] {mutant.id} {mutant.outcome:9} "
              f"{mutant.file}:{mutant.line} {mutant.operator} ({mutant.seconds:.0f} s)",
              flush=True)
    # Leave the build matching the unmutated RTL.
    workspace.build()

    counts = {k: sum(1 for m in chosen if m.outcome == k)
              for k in ("killed", "survived", "equivalent", "stillborn")}
    denominator = counts["killed"] + counts["survived"]
    figures = dict(counts, total=len(mutants), skipped=len(mutants) - len(eligible),
                   judged=len(chosen), min_killed=f"{args.min_killed:g}",
                   killed_percent=100.0 * counts["killed"] / denominator if denominator else 0.0)
    print(write_reports(args.build_dir, mutants, chosen, figures, equivalent), end="")
    print(f"mutate: reports {os.path.join(args.build_dir, 'mutate-report.txt')} and "
          f"mutate-report.json")
    if denominator == 0:
        print("mutate: FAILED: no mutant was both viable and non-equivalent; nothing was proven",
              file=sys.stderr)
        return 1
    if figures["killed_percent"] < args.min_killed:
        print(f"mutate: FAILED: killed {figures['killed_percent']:.1f}% of mutants, below "
              f"MUTATE_MIN_KILLED={args.min_killed:g}%", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
