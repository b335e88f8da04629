#!/usr/bin/env python3
"""Simulation speed of ppcosim beside its floor (the bare verilated RTL) and other simulators,
as one table from one run.

Every measurement runs --reps times, round-robin over the measurements, so that the noise of a
shared machine hits every row alike; the table gives the medians of the wall times and the
largest peak resident memory of each (GNU time's figure for the child, else os.wait4's).
Whole-process wall time is used everywhere, never a program's own figure. The scale and build
rows are minutes long and run once.

Rows (--rows, default all): bare, cosim, trace, icarus, cocotb, scale, build.
Writes the table as JSON to BUILD_DIR/bench/bench.json. It reports and never fails: the exit
status is 0 unless a tool is missing or broken (then a message names it: 2 missing or bad
usage, 1 a tool that failed).

usage: bench.py BUILD_DIR [--rows LIST] [--reps N] [--scale F] [--jobs N]
"""
import argparse
import json
import os
import pathlib
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
ROWS = ("bare", "cosim", "trace", "icarus", "cocotb", "scale", "build")
COCOTB_VERSION = "1.8.1"
VENV = pathlib.Path.home() / ".local/share/ppcosim/bench-venv"
NUM_CLIENTS = 4
# Rounds of the bench stream in ppcosim's script (4 clients a round, about 2 million cycles).
STREAM_ROUNDS = 2500
TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


class ToolError(Exception):
    """A tool is missing (status 2) or failed (status 1)."""

    def __init__(self, message, status):
        super().__init__(message)
        self.status = status


class Run:
    """One child process: argv, environment and working folder, and how to read its output."""

    def __init__(self, name, argv, env=None, cwd=None, parse=None):
        self.name = name
        self.argv = [str(a) for a in argv]
        self.env = env
        self.cwd = cwd
        self.parse = parse or (lambda text: {})
        self.walls = []
        self.peak_kb = 0
        self.figures = {}

    def once(self):
        """Runs the child; records its wall time, peak memory and figures."""
        # GNU time reports the child's own peak: a child Python starts with vfork shares
        # Python's pages until it execs, and wait4 would count them.
        peak_file = tempfile.NamedTemporaryFile(prefix="ppcosim-bench-peak-")
        argv = [TIME, "-f", "%M", "-o", peak_file.name, *self.argv] if TIME else self.argv
        start = time.perf_counter()
        try:
            child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     env=self.env, cwd=self.cwd)
        except OSError as e:
            raise ToolError(f"bench: cannot run {self.argv[0]}: {e.strerror}", 2) from e
        out = child.stdout.read().decode(errors="replace")
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        if child.returncode != 0:
            tail = "\n".join(out.splitlines()[-8:])
            raise ToolError(f"bench: {self.name}: {' '.join(self.argv)} exited "
                            f"{child.returncode}:\n{tail}", 1)
        self.walls.append(wall)
        peak = pathlib.Path(peak_file.name).read_text().strip() if TIME else ""
        peak_file.close()
        self.peak_kb = max(self.peak_kb, int(peak) if peak.isdigit() else usage.ru_maxrss)
        self.figures = self.parse(out)
        return out

    @property
    def wall(self):
        return statistics.median(self.walls)


def figure(pattern, text, name):
    match = re.search(pattern, text, re.M)
    if not match:
        raise ToolError(f"bench: no '{name}' in the output:\n{text[-600:]}", 1)
    return int(match.group(1))


def parse_cycles(text):
    return {"cycles": figure(r"^cycles (\d+)", text, "cycles")}


def parse_ppcosim(text):
    return {"cycles": figure(r"^\s*cycles\s+(\d+)", text, "cycles"),
            "ops": figure(r"^\s*operations\s+(\d+)", text, "operations")}


def write_stream_script(path, rounds):
    """The bench stream as a ppcosim script: per client allocate, DATA write, free, 40 idle."""
    lines = ["# The bench stream (scripts/bench.py): each client allocates, writes DATA, frees."]
    for _ in range(rounds):
        for client in range(NUM_CLIENTS):
            lines += [f"c{client} allocate => granted",
                      f"c{client} reg-write 0x000 {0x41 + client:#04x}",
                      f"c{client} free => ok",
                      "idle 40"]
    path.write_text("\n".join(lines) + "\n")


def regmap_env():
    """The register map's offsets and codes the cocotb bench needs, from rtl/pp_regmap.json."""
    regmap = json.loads((ROOT / "rtl/pp_regmap.json").read_text())
    offsets = {r["name"]: int(r["offset"], 0) for r in regmap["registers"]}
    enums = {name: e["values"] for name, e in regmap["enums"].items()}
    lsb = next(f["lsb"] for f in regmap["fields"]["ARB_STATUS"] if f["name"] == "LAST_RESULT")
    return {"PP_ARB_CMD": str(offsets["ARB_CMD"]), "PP_ARB_STATUS": str(offsets["ARB_STATUS"]),
            "PP_DATA": str(offsets["DATA"]),
            "PP_CMD_ALLOCATE": str(enums["ARB_CMD"]["ALLOCATE"]),
            "PP_CMD_FREE": str(enums["ARB_CMD"]["FREE"]),
            "PP_RESULT_GRANTED": str(enums["ARB_RESULT"]["GRANTED"]),
            "PP_RESULT_LSB": str(lsb)}


def rtl_sources():
    lines = (ROOT / "rtl/pp_rtl.f").read_text().splitlines()
    return [str(ROOT / l.strip()) for l in lines if l.strip() and not l.startswith("#")]


def compile_icarus(out_dir):
    if not shutil.which("iverilog") or not shutil.which("vvp"):
        raise ToolError("bench: iverilog/vvp not found (Debian package iverilog; "
                        "scripts/install-deps.sh installs it)", 2)
    image = out_dir / "pp_stream_tb.vvp"
    done = subprocess.run(["iverilog", "-g2012", "-I", str(ROOT / "tb/icarus"), "-o", str(image),
                           "-s", "pp_stream_tb",
                           *rtl_sources(), str(ROOT / "bench/pp_stream_tb.sv")],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise ToolError(f"bench: iverilog failed on bench/pp_stream_tb.sv:\n{done.stderr}", 1)
    return image


def cocotb_venv():
    """The benchmark's own virtual environment with cocotb; (python, None) or (None, why not)."""
    python = VENV / "bin/python"
    if not (python.exists() and subprocess.run(
            [python, "-c", f"import cocotb, sys; sys.exit(cocotb.__version__ != '{COCOTB_VERSION}')"],
            capture_output=True).returncode == 0):
        print(f"bench: installing cocotb {COCOTB_VERSION} into {VENV} (once, for the cocotb row "
              "only)", flush=True)
        done = subprocess.run([sys.executable, "-m", "venv", str(VENV)], capture_output=True,
                              text=True)
        if done.returncode != 0:
            return None, f"cannot create {VENV}: {done.stderr.strip().splitlines()[-1:]}"
        done = subprocess.run([python, "-m", "pip", "install", "--quiet",
                               f"cocotb=={COCOTB_VERSION}"], capture_output=True, text=True)
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            return None, f"pip could not install cocotb {COCOTB_VERSION}: {last}"
    return python, None


def cocotb_run(python, image_dir, cycles):
    """cocotb on Icarus: the stream's test module drives pp_top through the VPI."""
    config = VENV / "bin/cocotb-config"
    ask = lambda *args: subprocess.run([config, *args], capture_output=True, text=True,
                                       check=True).stdout.strip()
    lib_dir, vpi, libpython = ask("--lib-dir"), ask("--lib-name", "vpi", "icarus"), ask("--libpython")
    image = image_dir / "pp_top_cocotb.vvp"
    # pp_top is the top level, with the timescale cocotb's Icarus flow gives (its 20 ns clock
    # needs a precision below 1 ns).
    commands = image_dir / "cocotb.cmds"
    commands.write_text("+timescale+1ns/1ps\n")
    done = subprocess.run(["iverilog", "-g2012", "-o", str(image), "-s", "pp_top", "-c",
                           str(commands), "-D", "COCOTB_SIM=1", *rtl_sources()],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise ToolError(f"bench: iverilog failed for the cocotb row:\n{done.stderr}", 1)
    env = dict(os.environ, MODULE="cocotb_stream", TOPLEVEL="pp_top", TOPLEVEL_LANG="verilog",
               PYTHONPATH=str(ROOT / "bench"), LIBPYTHON_LOC=libpython,
               PYGPI_PYTHON_BIN=str(python), VIRTUAL_ENV=str(VENV),
               PATH=f"{VENV / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
               COCOTB_RESULTS_FILE=str(image_dir / "results.xml"),
               PP_BENCH_CYCLES=str(cycles), **regmap_env())
    return Run("cocotb stream", ["vvp", "-M", lib_dir, "-m", vpi, image], env=env,
               cwd=image_dir, parse=parse_cycles)


def has_fast_forward(ppcosim):
    done = subprocess.run([ppcosim, "--help"], capture_output=True, text=True)
    return "--no-fast-forward" in done.stdout


class Table:
    def __init__(self):
        self.rows = []

    def add(self, row, measure, value=None, unit="", peak_kb=None, ratio=None, ratio_of="",
            target=None, met=None, note=""):
        self.rows.append({"row": row, "measure": measure, "value": value, "unit": unit,
                          "peak_mb": None if peak_kb is None else round(peak_kb / 1024, 1),
                          "ratio": ratio, "ratio_of": ratio_of, "target": target, "met": met,
                          "note": note})

    def print(self):
        print(f"{'row':<7} {'measure':<34} {'value':>22} {'peak MB':>8} {'ratio':>22}  target")
        for r in self.rows:
            measure = r["measure"] + (f" ({r['objects']} objects)" if "objects" in r else "")
            value = r["note"] if r["value"] is None else f"{r['value']:,.0f} {r['unit']}"
            if r["value"] is not None and r["unit"] == "s":
                value = f"{r['value']:.2f} s"
            peak = "" if r["peak_mb"] is None else f"{r['peak_mb']:.0f}"
            ratio = "" if r["ratio"] is None else f"{r['ratio']:.3g}x {r['ratio_of']}"
            target = ""
            if r["target"]:
                target = f"{r['target']}: {'met' if r['met'] else 'NOT MET'}"
            print(f"{r['row']:<7} {measure:<34} {value:>22} {peak:>8} {ratio:>22}  {target}")


def build_row(table, build_dir, jobs):
    """A clean build with ccache off, then the rebuild after touching one RTL and one tb file."""
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="ppcosim-bench-build-"))
    env = dict(os.environ, CCACHE_DISABLE="1")
    try:
        configure = subprocess.run(["cmake", "-S", ROOT, "-B", tmp], env=env, capture_output=True,
                                   text=True)
        if configure.returncode != 0:
            raise ToolError(f"bench: cmake failed to configure {tmp}:\n{configure.stdout[-600:]}", 1)
        steps = [("clean build (CCACHE_DISABLE=1)", None, 120),
                 ("rebuild after touching rtl/pp_arbiter.sv", ROOT / "rtl/pp_arbiter.sv", 20),
                 ("rebuild after touching tb/scoreboard.cc", ROOT / "tb/scoreboard.cc", 10)]
        for measure, touched, limit in steps:
            if touched:
                touched.touch()
            run = Run(measure, ["cmake", "--build", tmp, "-j", str(jobs)], env=env)
            out = run.once()
            objects = len(re.findall(r"Building C(XX)? object", out))
            table.add("build", measure, run.wall, "s", run.peak_kb, target=f"< {limit} s",
                      met=run.wall < limit, note=f"{objects} objects")
            table.rows[-1]["objects"] = objects
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv):
    parser = argparse.ArgumentParser(prog="bench.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("build_dir", type=pathlib.Path)
    parser.add_argument("--rows", default=",".join(ROWS),
                        help=f"comma-separated rows to measure, of: {', '.join(ROWS)}")
    parser.add_argument("--reps", default="3", help="repetitions of each measurement (1-99)")
    parser.add_argument("--scale", default="1",
                        help="multiplies every run's length (0.001-100; for a quick look)")
    parser.add_argument("--jobs", default=str(os.cpu_count() or 1),
                        help="processes for the scale row and the build (default: nproc)")
    args = parser.parse_args(argv)
    rows = [r.strip() for r in args.rows.split(",") if r.strip()]
    unknown = [r for r in rows if r not in ROWS]
    if unknown or not rows:
        print(f"bench: unknown row '{unknown[0] if unknown else args.rows}'; the rows are "
              f"{', '.join(ROWS)}", file=sys.stderr)
        return 2
    try:
        reps, scale, jobs = int(args.reps), float(args.scale), int(args.jobs)
        if not (1 <= reps <= 99 and 0.001 <= scale <= 100 and 1 <= jobs <= 1024):
            raise ValueError
    except ValueError:
        print(f"bench: --reps takes 1 to 99, --scale 0.001 to 100, --jobs 1 to 1024, not "
              f"'{args.reps}', '{args.scale}', '{args.jobs}'", file=sys.stderr)
        return 2
    try:
        table = measure(args.build_dir, rows, reps, scale, jobs)
    except ToolError as e:
        print(e, file=sys.stderr)
        return e.status
    table.print()
    out = args.build_dir / "bench/bench.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(json.dumps({"reps": reps, "scale": scale, "rows": table.rows}, indent=1) + "\n")
    tmp.replace(out)
    print(f"bench: {reps} repetitions, medians; table written to {out}")
    return 0


def measure(build_dir, rows, reps, scale, jobs):
    n = lambda count: max(1, int(count * scale))
    ppcosim = build_dir / "sim/ppcosim"
    bare = build_dir / "bench/pp_bare_bench"
    regress = ROOT / "scripts/regress.py"
    for tool in (ppcosim, bare):
        if not os.access(tool, os.X_OK):
            raise ToolError(f"bench: {tool} not built (run 'make build')", 2)
    work = pathlib.Path(tempfile.mkdtemp(prefix="ppcosim-bench-"))
    table = Table()
    try:
        ff = has_fast_forward(ppcosim)
        ff_modes = [("", [])] + ([("no fast-forward", ["--no-fast-forward"])] if ff else [])
        runs = {}
        stream_script = work / "stream.pps"
        write_stream_script(stream_script, n(STREAM_ROUNDS))
        random_args = [ppcosim, "--quiet", "--seed", "1", "--ops", n(3000)]
        if "bare" in rows or "cosim" in rows or "icarus" in rows or "cocotb" in rows:
            runs["bare.idle"] = Run("bare idle", [bare, "idle", n(20_000_000)], parse=parse_cycles)
            runs["bare.stream"] = Run("bare stream", [bare, "stream", n(5_000_000)],
                                      parse=parse_cycles)
        if "cosim" in rows or "trace" in rows or "cocotb" in rows or "icarus" in rows:
            for label, extra in ff_modes:
                runs[f"cosim.random{label}"] = Run("cosim random", random_args + extra,
                                                   parse=parse_ppcosim)
        if "cosim" in rows:
            for label, extra in ff_modes:
                runs[f"cosim.stream{label}"] = Run(
                    "cosim stream", [ppcosim, "--quiet", "--seed", "1", "--script",
                                     stream_script] + extra, parse=parse_ppcosim)
        if "trace" in rows:
            # The window: 1% of the run's cycles, in its middle, from a calibration run.
            calibration = Run("calibration", random_args, parse=parse_ppcosim)
            calibration.once()
            cycles = calibration.figures["cycles"]
            first = cycles // 2
            runs["trace.fst"] = Run("trace fst", random_args + ["--trace", work / "t.fst"],
                                    parse=parse_ppcosim)
            runs["trace.window"] = Run("trace window", random_args + [
                "--trace", work / "w.fst", "--trace-from", first,
                "--trace-to", first + max(1, cycles // 100)], parse=parse_ppcosim)
            runs["trace.vcd"] = Run("trace vcd", random_args + ["--trace", work / "t.vcd"],
                                    parse=parse_ppcosim)
        if "icarus" in rows:
            image = compile_icarus(work)
            runs["icarus.stream"] = Run("icarus stream", ["vvp", "-n", image,
                                                          f"+cycles={n(100_000)}"],
                                        parse=parse_cycles)
        cocotb_why = None
        if "cocotb" in rows:
            if not shutil.which("iverilog"):
                raise ToolError("bench: iverilog not found (the cocotb row runs on Icarus; "
                                "Debian package iverilog)", 2)
            python, cocotb_why = cocotb_venv()
            if python:
                runs["cocotb.stream"] = cocotb_run(python, work, n(20_000))
        for rep in range(reps):
            print(f"bench: repetition {rep + 1} of {reps}: {len(runs)} runs", flush=True)
            for run in runs.values():
                run.once()
        report(table, runs, rows, ff, cocotb_why)
        if "scale" in rows:
            print(f"bench: scale: {n(1_000_000):,} operations (minutes)", flush=True)
            scale_row(table, build_dir, regress, n(1_000_000), jobs)
        if "build" in rows:
            print("bench: build: a clean build with ccache off, then two rebuilds (minutes)",
                  flush=True)
            build_row(table, build_dir, jobs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return table


def speed(run, key="cycles"):
    return run.figures[key] / run.wall


def report(table, runs, rows, ff, cocotb_why):
    bare_stream = speed(runs["bare.stream"]) if "bare.stream" in runs else None
    if "bare" in rows:
        for key, label in (("bare.idle", "verilated pp_top, idle"),
                           ("bare.stream", "verilated pp_top, stream")):
            table.add("bare", label, speed(runs[key]), "cycles/s", runs[key].peak_kb)
    no_ff = "n/a (no fast-forward option)"
    if "cosim" in rows:
        for label in ("", "no fast-forward"):
            name = "fast-forward" if label == "" and ff else ("default" if not label else label)
            if label and not ff:
                table.add("cosim", f"stream, {label}", note=no_ff)
                table.add("cosim", f"random --ops N, {label}", note=no_ff)
                continue
            stream = runs[f"cosim.stream{label}"]
            ratio = speed(stream) / bare_stream
            target = ">= 0.9 of bare" if name == "fast-forward" or not ff else None
            table.add("cosim", f"stream, {name}", speed(stream), "cycles/s", stream.peak_kb,
                      ratio, "bare stream", target, ratio >= 0.9 if target else None)
            rnd = runs[f"cosim.random{label}"]
            table.add("cosim", f"random --ops N, {name}", speed(rnd), "cycles/s", rnd.peak_kb,
                      speed(rnd) / bare_stream, "bare stream")
            table.add("cosim", f"random --ops N, {name}", speed(rnd, "ops"), "ops/s")
    base = runs.get("cosim.random")
    if "trace" in rows:
        for key, label, limit in (("trace.fst", "full FST", 3), ("trace.window", "1% window FST",
                                                                 1.05),
                                  ("trace.vcd", "full VCD (with conversion)", None)):
            run = runs[key]
            ratio = run.wall / base.wall
            table.add("trace", label, run.wall, "s", run.peak_kb, ratio, "untraced time",
                      f"<= {limit}x" if limit else None, ratio <= limit if limit else None)
    effective = speed(base) if base else None
    for row, key, label, times in (("icarus", "icarus.stream", "Icarus, stream", 300),
                                   ("cocotb", "cocotb.stream", "cocotb + Icarus, stream", 1000)):
        if row not in rows:
            continue
        if key not in runs:
            table.add(row, label, note=f"n/a ({cocotb_why})")
            continue
        run = runs[key]
        table.add(row, label, speed(run), "cycles/s", run.peak_kb, speed(run) / bare_stream,
                  "bare stream")
        ratio = effective / speed(run)
        table.add(row, "ppcosim default workload vs this", ratio=ratio, ratio_of=row,
                  target=f">= {times}x", met=ratio >= times, note="")


def scale_row(table, build_dir, regress, ops, jobs):
    """1M checked operations: two seeds of half each, as regress.py spreads them over --jobs."""
    half = max(1, ops // 2)
    out = pathlib.Path(tempfile.mkdtemp(prefix="ppcosim-bench-scale-"))
    try:
        run = Run("scale", [sys.executable, regress, "--build-dir", build_dir, "--seeds", 2,
                            "--first", 1, "--ops", half, "--jobs", min(jobs, 2), "--out", out])
        run.once()
    finally:
        shutil.rmtree(out, ignore_errors=True)
    table.add("scale", f"{2 * half:,} ops (2 seeds x {half:,}, --jobs {min(jobs, 2)})", run.wall,
              "s", run.peak_kb, target="< 10 s", met=run.wall < 10)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
