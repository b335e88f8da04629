#!/usr/bin/env python3
"""RTL code coverage of the co-simulation (`make coverage`), and its threshold check.

  coverage.py run BUILD_DIR [--min-line PCT]
      configures BUILD_DIR with -DPP_RTL_COVERAGE=ON (its own build folder), builds ppcosim and
      wavecheck, runs the scripts and the random regression (ctest -R '^cosim\\.(script|random|
      wave)\\.') with each run writing its coverage, merges them with verilator_coverage, writes
      lcov info files (all points, line, toggle, user cover points), an HTML report (genhtml) and
      the uncovered lines, prints the figures for rtl/ and checks the line threshold.
  coverage.py check LINE_INFO [--toggle-info INFO] [--min-line PCT] [--rtl-dir DIR]
      the threshold check alone, on a line-coverage info file.

Test-only code (rtl/pp_release_faults.sv) is not counted. Line coverage is Verilator's: its
line and branch points (each statement block and each if/else arm), shown per source line.
Exit status: 0 at or above the threshold, 1 below it (or a failed step), 2 usage or input errors.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import time

from pp_args import percent

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.dirname(HERE)
EXCLUDED = ("pp_release_faults.sv",)
TESTS = r"^cosim\.(script|random|wave)\."
# Verilator's coverage point types (the `page` key of a .dat point) per figure.
KINDS = {"line": ("v_line", "v_branch"), "toggle": ("v_toggle",), "user": ("v_user",)}


class InputError(Exception):
    pass


def read_info(path, rtl_dir):
    """{file: {line: hits}} for the rtl/ files of an lcov info file, test-only files left out."""
    rtl_dir = os.path.realpath(rtl_dir)
    files = {}
    current = None
    try:
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                line = line.strip()
                if line.startswith("SF:"):
                    name = os.path.realpath(line[3:])
                    keep = (os.path.dirname(name) == rtl_dir and
                            os.path.basename(name) not in EXCLUDED)
                    current = files.setdefault(name, {}) if keep else None
                elif line.startswith("DA:"):
                    m = re.fullmatch(r"DA:(\d+),(\d+)(,.*)?", line)
                    if not m:
                        raise InputError(f"{path}:{number}: malformed DA record '{line}'")
                    if current is not None:
                        key = int(m.group(1))
                        current[key] = current.get(key, 0) + int(m.group(2))
    except OSError as error:
        raise InputError(f"cannot read '{path}': {error.strerror}") from error
    return files


def figure(files):
    found = sum(len(lines) for lines in files.values())
    hit = sum(1 for lines in files.values() for count in lines.values() if count > 0)
    return hit, found, (100.0 * hit / found if found else 0.0)


def uncovered_lines(files):
    """Lines (file: numbers) with no hit, file by file."""
    out = []
    for name in sorted(files):
        missed = sorted(n for n, count in files[name].items() if count == 0)
        if missed:
            out.append(f"{os.path.basename(name)}: {', '.join(map(str, missed))}")
    return out


def check(line_info, toggle_info, min_line, rtl_dir):
    """Prints the figures; returns 0 at or above min_line percent of lines, else 1."""
    lines = read_info(line_info, rtl_dir)
    hit, found, pct = figure(lines)
    if found == 0:
        raise InputError(f"'{line_info}' has no line of {rtl_dir}: nothing to measure")
    print(f"coverage: rtl/ lines  {pct:5.1f}%  ({hit} of {found})")
    if toggle_info:
        t_hit, t_found, t_pct = figure(read_info(toggle_info, rtl_dir))
        print(f"coverage: rtl/ toggle {t_pct:5.1f}%  ({t_hit} of {t_found} lines with every "
              f"bit toggled both ways)")
    if pct < min_line:
        print(f"coverage: FAILED: line coverage of rtl/ is {pct:.1f}%, below "
              f"COVERAGE_MIN_LINE={min_line:g}%", file=sys.stderr)
        for entry in uncovered_lines(lines):
            print(f"coverage: uncovered {entry}", file=sys.stderr)
        return 1
    print(f"coverage: line coverage {pct:.1f}% meets COVERAGE_MIN_LINE={min_line:g}%")
    return 0


def split_dat(merged, out_dir):
    """Writes <kind>.dat for each kind of KINDS from a merged Verilator coverage file."""
    with open(merged, encoding="utf-8", errors="surrogateescape") as f:
        text = f.read().split("\n")
    header = [l for l in text if l.startswith("#")]
    paths = {}
    for kind, pages in KINDS.items():
        keep = [l for l in text if l.startswith("C ") and
                any(f"\x01page\x02{p}/" in l for p in pages)]
        paths[kind] = os.path.join(out_dir, f"{kind}.dat")
        with open(paths[kind], "w", encoding="utf-8", errors="surrogateescape") as f:
            f.write("\n".join(header + keep) + "\n")
    return paths


def user_points(user_dat):
    """(name, hits) of every user cover point, from the .dat (its `o` key is the label)."""
    points = {}
    with open(user_dat, encoding="utf-8", errors="surrogateescape") as f:
        for line in f:
            m = re.match(r"C '(.*)' (\d+)$", line.rstrip("\n"))
            if not m:
                continue
            keys = dict(kv.split("\x02", 1) for kv in m.group(1).split("\x01") if "\x02" in kv)
            name = keys.get("o", "?").split("/")[-1]
            where = f"{os.path.basename(keys.get('f', '?'))}:{keys.get('l', '?')}"
            points[(where, name)] = points.get((where, name), 0) + int(m.group(2))
    return points


def step(command, **kwargs):
    print("coverage: " + " ".join(command), flush=True)
    return subprocess.run(command, check=False, **kwargs).returncode == 0


def run(build_dir, min_line):
    build_dir = os.path.abspath(build_dir)
    out = os.path.join(build_dir, "coverage")
    dat_dir = os.path.join(out, "dat")
    env = dict(os.environ)
    env.setdefault("CCACHE_BASEDIR", os.path.dirname(SOURCE_DIR))
    jobs = env.get("JOBS", str(os.cpu_count() or 2))
    start = time.monotonic()
    if not step(["cmake", "-S", SOURCE_DIR, "-B", build_dir, "-DPP_RTL_COVERAGE=ON"], env=env,
                stdout=subprocess.DEVNULL):
        return 1
    if not step(["cmake", "--build", build_dir, "-j", jobs, "--target", "ppcosim", "wavecheck"],
                env=env, stdout=subprocess.DEVNULL):
        return 1
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(dat_dir)
    env["PP_COVERAGE_DIR"] = dat_dir
    tests_passed = step(["ctest", "-R", TESTS, "-j", jobs, "--output-on-failure"], cwd=build_dir,
                        env=env, stdout=subprocess.DEVNULL)
    dats = sorted(os.path.join(dat_dir, n) for n in os.listdir(dat_dir) if n.endswith(".dat"))
    if not dats:
        print(f"coverage: FAILED: no run wrote coverage into {dat_dir}", file=sys.stderr)
        return 1
    merged = os.path.join(out, "merged.dat")
    if not step(["verilator_coverage", "--write", merged] + dats, stdout=subprocess.DEVNULL):
        return 1
    infos = {"all": os.path.join(out, "rtl.info")}
    if not step(["verilator_coverage", "--write-info", infos["all"], merged],
                stdout=subprocess.DEVNULL):
        return 1
    for kind, path in split_dat(merged, out).items():
        infos[kind] = os.path.join(out, f"{kind}.info")
        if not step(["verilator_coverage", "--write-info", infos[kind], path],
                    stdout=subprocess.DEVNULL):
            return 1
    html = os.path.join(out, "html")
    if not step(["genhtml", "--quiet", "--output-directory", html, "--title", "ppcosim rtl/",
                 infos["line"], infos["toggle"], infos["user"], "--show-details"],
                stdout=subprocess.DEVNULL):
        return 1
    rtl_dir = os.path.join(SOURCE_DIR, "rtl")
    with open(os.path.join(out, "uncovered.txt"), "w", encoding="utf-8") as f:
        for kind in ("line", "toggle"):
            for entry in uncovered_lines(read_info(infos[kind], rtl_dir)):
                f.write(f"{kind} {entry}\n")
    print(f"coverage: {len(dats)} runs merged in {time.monotonic() - start:.0f} s; "
          f"report {html}/index.html, uncovered lines {out}/uncovered.txt")
    points = user_points(os.path.join(out, "user.dat"))
    missed = sorted(f"{w} {n}" for (w, n), hits in points.items() if hits == 0)
    print(f"coverage: user cover points (release and termination states) "
          f"{len(points) - len(missed)} of {len(points)} reached" +
          ("" if not missed else "; missed: " + ", ".join(missed)))
    status = check(infos["line"], infos["toggle"], min_line, rtl_dir)
    if not tests_passed:
        print("coverage: FAILED: a test failed in the coverage build (see above)",
              file=sys.stderr)
        return 1
    return status


def main(argv):
    parser = argparse.ArgumentParser(prog="coverage.py",
                                     description="RTL coverage of the co-simulation")
    sub = parser.add_subparsers(dest="command", required=True)
    p_run = sub.add_parser("run", help="build with coverage, run the tests, report and check")
    p_run.add_argument("build_dir")
    p_run.add_argument("--min-line", type=percent, default=95.0)
    p_check = sub.add_parser("check", help="check a line-coverage info file")
    p_check.add_argument("line_info")
    p_check.add_argument("--toggle-info")
    p_check.add_argument("--min-line", type=percent, default=95.0)
    p_check.add_argument("--rtl-dir", default=os.path.join(SOURCE_DIR, "rtl"))
    args = parser.parse_args(argv)
    try:
        if args.command == "run":
            return run(args.build_dir, args.min_line)
        return check(args.line_info, args.toggle_info, args.min_line, args.rtl_dir)
    except InputError as error:
        print(f"coverage: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
