#!/usr/bin/env python3
"""A random regression: SEEDS seeds from FIRST, each a ppcosim run of OPS operations, --jobs at
a time, each seed's result as it ends and one summary.

Seeds run untraced. A failing seed (ppcosim exit 1) is rerun, deterministically (same seed, same arguments), with
a trace window around the cycle ppcosim named in its first failure ([cycle - 20000, cycle +
2000]; the whole run when it named none) and a JSON log, and wavecheck checks that trace. The
rerun's trace, save file, log and both outputs stay in OUT/seed-N.*.

--shard I/N runs one deterministic slice: the k-th seed of the list (k = 0, 1, ...) belongs to
shard (k mod N) + 1, so the N shards together run every seed once. --junit FILE writes JUnit
XML (default OUT/junit.xml, or OUT/shard-I-of-N.xml for a shard), one testcase per seed
(seed_N), a failure's message being the command that reproduces it; scripts/regress-merge.py
merges the shards' files into one report.

Arguments after "--" are added to every ppcosim run (for example --plusarg +pp_release_fault=3
with --ppcosim naming the fault-injection build).

Exit status: 0 every seed passed, 1 a seed failed, 2 bad usage, a tool not built, or
ppcosim refusing its arguments (exit 2).
"""
import argparse
import concurrent.futures
import os
import pathlib
import re
import shlex
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

WINDOW_BEFORE = 20_000  # cycles traced before the failing one
WINDOW_AFTER = 2_000    # and after it
FAIL_CYCLE = re.compile(r"\(cycle (\d+)\)")


class UsageError(Exception):
    pass


def whole(name, text, low, high):
    """A decimal number in [low, high] as ppcosim reads them (no sign, no leading zero)."""
    if not re.fullmatch(r"0|[1-9][0-9]{0,11}", text) or not low <= int(text) <= high:
        raise UsageError(f"{name} takes a whole number from {low} to {high}, not '{text}'")
    return int(text)


def parse_shard(text):
    """'I/N' -> (I, N), 1 <= I <= N."""
    match = re.fullmatch(r"([1-9][0-9]{0,5})/([1-9][0-9]{0,5})", text)
    if not match:
        raise UsageError(f"SHARD takes I/N (shard I of N, 1 <= I <= N), not '{text}'")
    index, count = int(match.group(1)), int(match.group(2))
    if index > count:
        raise UsageError(f"SHARD {text}: shard {index} of {count} does not exist "
                         f"(I runs from 1 to {count})")
    return index, count


def shard_seeds(first, seeds, shard):
    """The seeds of one shard: the k-th seed of first..first+seeds-1 goes to shard k mod N + 1."""
    index, count = shard
    return [first + k for k in range(seeds) if k % count == index - 1]


class Seed:
    """One seed's run and, when it failed, its traced rerun and wavecheck's verdict."""

    def __init__(self, seed, argv):
        self.seed = seed
        self.argv = argv  # the untraced run; also the reproduce command
        self.status = None
        self.output = ""
        self.fail_cycle = None
        self.trace = None
        self.detail = []
        self.seconds = 0.0

    @property
    def name(self):
        return f"seed_{self.seed}"

    @property
    def reproduce(self):
        return shlex.join(self.argv)


def run(argv):
    done = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return done.returncode, done.stdout.decode(errors="replace")


def run_seed(seed, ppcosim, wavecheck, ops, extra, out_dir):
    result = Seed(seed, [str(ppcosim), "--quiet", "--seed", str(seed), "--ops", str(ops), *extra])
    start = time.perf_counter()
    result.status, result.output = run(result.argv)
    if result.status == 1:  # a mismatch or failed check; other statuses are not the RTL's
        rerun_traced(result, wavecheck, out_dir)
    result.seconds = time.perf_counter() - start
    return result


def rerun_traced(result, wavecheck, out_dir):
    """Reruns a failed seed with a trace window around its failure, and checks the trace."""
    base = out_dir / f"seed-{result.seed}"
    match = FAIL_CYCLE.search(result.output)
    window = []
    if match:
        result.fail_cycle = int(match.group(1))
        window = ["--trace-from", str(max(0, result.fail_cycle - WINDOW_BEFORE)),
                  "--trace-to", str(result.fail_cycle + WINDOW_AFTER)]
    result.trace = base.with_suffix(".fst")
    traced = [*result.argv, "--trace", str(result.trace), *window,
              "--json", str(base.with_suffix(".jsonl"))]
    status, output = run(traced)
    log = [f"$ {result.reproduce}", result.output, f"$ {shlex.join(traced)}", output]
    if status != result.status:
        result.detail.append(f"the traced rerun exited {status}, the first run {result.status}: "
                             "not reproduced")
    if result.trace.exists():
        wave_status, wave_output = run([str(wavecheck), str(result.trace)])
        log += [f"$ {shlex.join([str(wavecheck), str(result.trace)])}", wave_output]
        verdict = {0: "passes", 1: "fails"}.get(wave_status, f"exited {wave_status} on")
        result.detail.append(f"wavecheck {verdict} the trace {result.trace}"
                             + (f" (cycles {window[1]} to {window[3]})" if window else ""))
    else:
        result.detail.append("the traced rerun wrote no trace")
    base.with_suffix(".log").write_text("\n".join(log))
    result.detail.append(f"log {base.with_suffix('.log')}")


def first_problem(output):
    """The line that says what went wrong: the first that names a cycle, else the last."""
    lines = [l for l in output.splitlines() if l.strip()]
    for line in lines:
        if FAIL_CYCLE.search(line):
            return line.strip()
    return lines[-1].strip() if lines else "no output"


def junit(results, suite_name, seconds):
    """JUnit XML: one testcase per seed; a failure's message is the reproduce command."""
    failures = sum(1 for r in results if r.status == 1)
    errors = sum(1 for r in results if r.status not in (0, 1))
    root = ET.Element("testsuites", name="ppcosim regress", tests=str(len(results)),
                      failures=str(failures), errors=str(errors), time=f"{seconds:.3f}")
    suite = ET.SubElement(root, "testsuite", name=suite_name, tests=str(len(results)),
                          failures=str(failures), errors=str(errors), time=f"{seconds:.3f}")
    for r in sorted(results, key=lambda r: r.seed):
        case = ET.SubElement(suite, "testcase", classname="regress", name=r.name,
                             time=f"{r.seconds:.3f}")
        if r.status != 0:
            kind = "failure" if r.status == 1 else "error"
            element = ET.SubElement(case, kind, message=r.reproduce,
                                    type=f"ppcosim exit {r.status}")
            element.text = "\n".join([f"reproduce with: {r.reproduce}", first_problem(r.output),
                                      *r.detail])
    ET.indent(root)
    return ET.ElementTree(root)


def write_atomically(tree, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tree.write(tmp, encoding="utf-8", xml_declaration=True)
    tmp.replace(path)


def parse_args(argv):
    extra = []
    if "--" in argv:
        extra = argv[argv.index("--") + 1:]
        argv = argv[:argv.index("--")]
    parser = argparse.ArgumentParser(prog="regress.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--build-dir", default="build", type=pathlib.Path)
    parser.add_argument("--seeds", default="200", help="how many seeds (default 200)")
    parser.add_argument("--ops", default="1000", help="operations per seed (default 1000)")
    parser.add_argument("--first", default="1000", help="the first seed (default 1000)")
    parser.add_argument("--jobs", default=str(os.cpu_count() or 1),
                        help="seeds run at once (default: nproc)")
    parser.add_argument("--shard", default="", help="I/N: run shard I of N only (empty: all)")
    parser.add_argument("--junit", type=pathlib.Path,
                        help="JUnit XML (default OUT/junit.xml, OUT/shard-I-of-N.xml for a shard)")
    parser.add_argument("--out", type=pathlib.Path,
                        help="failing seeds' traces and logs (default BUILD_DIR/regress)")
    parser.add_argument("--ppcosim", type=pathlib.Path,
                        help="the ppcosim to run (default BUILD_DIR/sim/ppcosim)")
    args = parser.parse_args(argv)
    args.extra = extra
    args.seeds = whole("SEEDS", args.seeds, 1, 1_000_000)
    args.ops = whole("OPS", args.ops, 0, 100_000_000)
    args.first = whole("FIRST", args.first, 1, 999_999_999_999)
    args.jobs = whole("JOBS", args.jobs, 1, 1024)
    args.shard = parse_shard(args.shard) if args.shard else (1, 1)
    return args


def main(argv):
    try:
        args = parse_args(argv)
    except UsageError as e:
        print(f"regress: {e}", file=sys.stderr)
        return 2
    ppcosim = args.ppcosim or args.build_dir / "sim/ppcosim"
    wavecheck = args.build_dir / "sim/wavecheck/wavecheck"
    for tool in (ppcosim, wavecheck):
        if not os.access(tool, os.X_OK):
            print(f"regress: {tool} not built (run 'make build')", file=sys.stderr)
            return 2
    out_dir = args.out or args.build_dir / "regress"
    out_dir.mkdir(parents=True, exist_ok=True)
    seeds = shard_seeds(args.first, args.seeds, args.shard)
    index, count = args.shard
    what = f"shard {index}/{count}: " if count > 1 else ""
    print(f"regress: {what}{len(seeds)} seeds x {args.ops} operations, {args.jobs} at a time",
          flush=True)
    start = time.perf_counter()
    results = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(run_seed, seed, ppcosim, wavecheck, args.ops, args.extra, out_dir)
                   for seed in seeds]
        for future in concurrent.futures.as_completed(futures):
            r = future.result()
            results.append(r)
            verdict = "PASS" if r.status == 0 else f"FAIL (exit {r.status})"
            print(f"  seed {r.seed}: {verdict}  {r.seconds:.1f} s", flush=True)
    seconds = time.perf_counter() - start
    failed = sorted((r for r in results if r.status != 0), key=lambda r: r.seed)
    print(f"regress: {what}{len(seeds)} seeds x {args.ops} operations in {seconds:.1f} s: "
          f"{len(seeds) - len(failed)} passed, {len(failed)} failed")
    for r in failed:
        print(f"  seed {r.seed}: {first_problem(r.output)}")
        print(f"    reproduce with: {r.reproduce}")
        for line in r.detail:
            print(f"    {line}")
    suite = f"regress shard {index} of {count}" if count > 1 else "regress"
    junit_path = args.junit or out_dir / (f"shard-{index}-of-{count}.xml" if count > 1
                                          else "junit.xml")
    write_atomically(junit(results, suite, seconds), junit_path)
    print(f"regress: JUnit XML in {junit_path}")
    if any(r.status == 2 for r in failed):
        return 2  # ppcosim refused its arguments: a usage error, not a failing seed
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
