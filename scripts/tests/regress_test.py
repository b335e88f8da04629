#!/usr/bin/env python3
"""scripts/regress.py and regress-merge.py on a small regression (ctest scripts.regress.*).

usage: regress_test.py shards|failing_seed BUILD_DIR WORK_DIR
  shards        3 shards of 6 seeds x 200 operations, each a process of its own, merged: the
                merged report has the unsharded run's testcases with the same results
  failing_seed  the fault-injection build with release fault 3: the seed is a JUnit failure
                whose message is its reproduce command, and it left a windowed trace that
                wavecheck failed
"""
import importlib.util
import pathlib
import shlex
import shutil
import subprocess
import sys

SCRIPTS = pathlib.Path(__file__).resolve().parent.parent
REGRESS = [sys.executable, str(SCRIPTS / "regress.py")]
MERGE = [sys.executable, str(SCRIPTS / "regress-merge.py")]


def load_merge():
    spec = importlib.util.spec_from_file_location("regress_merge", SCRIPTS / "regress-merge.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def results(path):
    """{testcase: (outcome, reproduce command)} of a report."""
    merge = load_merge()
    return {c.get("name"): merge.outcome(c) for c in merge.read_cases(path)}


def check(condition, message):
    if not condition:
        print(f"FAIL: {message}")
        sys.exit(1)


def shards(build, work):
    common = ["--build-dir", build, "--seeds", "6", "--ops", "200", "--first", "1", "--jobs", "1"]
    children = [subprocess.Popen(REGRESS + common + ["--shard", f"{i}/3", "--junit",
                                                     str(work / f"shard-{i}.xml"),
                                                     "--out", str(work / f"out-{i}")],
                                 stdout=subprocess.DEVNULL)
                for i in (1, 2, 3)]
    check(all(c.wait() == 0 for c in children), "a shard of the regression failed")
    shard_seeds = [sorted(results(work / f"shard-{i}.xml")) for i in (1, 2, 3)]
    check(shard_seeds == [["seed_1", "seed_4"], ["seed_2", "seed_5"], ["seed_3", "seed_6"]],
          f"shards hold {shard_seeds}, expected seed k in shard (k - 1) mod 3 + 1")
    merged = work / "merged.xml"
    done = subprocess.run(MERGE + [str(work / f"shard-{i}.xml") for i in (1, 2, 3)]
                          + ["-o", str(merged)], capture_output=True, text=True)
    check(done.returncode == 0, f"regress-merge exited {done.returncode}: {done.stderr}")
    check("6 seeds from 3 files: 6 passed" in done.stdout, f"merge summary: {done.stdout}")
    full = work / "full.xml"
    done = subprocess.run(REGRESS + common + ["--junit", str(full), "--out", str(work / "out")],
                          stdout=subprocess.DEVNULL)
    check(done.returncode == 0, "the unsharded regression failed")
    check(results(merged) == results(full),
          f"merged {results(merged)} differs from unsharded {results(full)}")
    # A seed in two shards' files is refused.
    done = subprocess.run(MERGE + [str(work / "shard-1.xml"), str(work / "full.xml"),
                                   "-o", str(work / "twice.xml")], capture_output=True, text=True)
    check(done.returncode == 2 and "seed_1 is in both" in done.stderr,
          f"a seed twice: exit {done.returncode}, {done.stderr}")


def failing_seed(build, work):
    junit = work / "fault.xml"
    done = subprocess.run(REGRESS + ["--build-dir", build, "--seeds", "1", "--ops", "200",
                                     "--first", "1", "--junit", str(junit), "--out", str(work),
                                     "--ppcosim", str(pathlib.Path(build) / "sim/ppcosim_faults"),
                                     "--", "--plusarg", "+pp_release_fault=3"],
                          capture_output=True, text=True)
    check(done.returncode == 1, f"regress exited {done.returncode}, expected 1:\n{done.stdout}")
    kind, message = results(junit)["seed_1"]
    # The reproduce command as a shell reads it: a path with a space comes quoted.
    expected = shlex.join([str(pathlib.Path(build) / "sim/ppcosim_faults"), "--quiet", "--seed",
                           "1", "--ops", "200", "--plusarg", "+pp_release_fault=3"])
    check(kind == "failure" and message == expected,
          f"seed_1: {kind} '{message}', expected a failure '{expected}'")
    check((work / "seed-1.fst").is_file(), "no trace seed-1.fst from the rerun")
    log = (work / "seed-1.log").read_text()
    check("--trace-from" in log and "--trace-to" in log, "the rerun's trace is not windowed")
    check("pd_oe_o is 1 at release end" in log, "wavecheck did not catch the fault in the trace")
    check("wavecheck fails the trace" in done.stdout, f"summary: {done.stdout}")


def main(argv):
    if len(argv) != 3 or argv[0] not in ("shards", "failing_seed"):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    work = pathlib.Path(argv[2])
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    {"shards": shards, "failing_seed": failing_seed}[argv[0]](argv[1], work)
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
