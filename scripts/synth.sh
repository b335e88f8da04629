#!/usr/bin/env bash
# Synthesizes pp_top with Yosys (generic cells) from rtl/pp_rtl.f and prints the cell count on
# the last line. Exits non-zero on a Yosys error, a latch or a `check` problem.
# Log: $BUILD_DIR/synth/yosys.log (BUILD_DIR defaults to build).
set -euo pipefail
cd "$(dirname "$0")/.."

out="${BUILD_DIR:-build}/synth"
log="$out/yosys.log"
mkdir -p "$out"
mapfile -t sources < <(grep -v '^#' rtl/pp_rtl.f | grep -v '^[[:space:]]*$')

if ! yosys -q -l "$log" -p "read_verilog -sv -DSYNTHESIS ${sources[*]}; script scripts/synth.ys" \
    >/dev/null 2>&1; then
  grep -E 'ERROR|Assert' "$log" >&2 || true
  echo "synth: FAILED, see $log" >&2
  exit 1
fi

# Yosys turns the small arrays (client queue, per-client registers, FIFO) into flops and says so;
# any other warning is shown.
grep '^Warning:' "$log" | grep -v 'Replacing memory .* with list of registers' || true
# The last `stat` of the log (synth prints one of its own before the checks).
stat=$(awk '/Printing statistics/ {buf = ""} {buf = buf $0 "\n"} END {printf "%s", buf}' "$log")
grep -E '^ +(Number of cells|\$_)' <<<"$stat" | sed 's/^ */  /'
cells=$(awk '/Number of cells:/ {n = $4} END {print n}' <<<"$stat")
echo "synth: pp_top OK, no latches, ${cells} cells"
