#!/usr/bin/env bash
# Shows that make fpga's Yosys checks bite: copies rtl/ and fpga/ to WORK_DIR, breaks pp_sync
# there (FAULT latch: a latch on its output; loop: a combinational loop), and runs the copy's
# fpga/run.sh on pp_top. Prints run.sh's output and exits with its status (expected: 1).
# usage: fpga/tests/gate-bites.sh latch|loop WORK_DIR
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: fpga/tests/gate-bites.sh latch|loop WORK_DIR" >&2
  exit 2
fi
fault=$1
work=$2
root="$(cd "$(dirname "$0")/../.." && pwd)"
case "$fault" in
  latch) broken='  logic [WIDTH-1:0] held;
  always_latch if (d_i[0]) held = sync_q;
  assign q_o = held;' ;;
  loop) broken='  logic [WIDTH-1:0] a, b;
  assign a = b ^ sync_q;
  assign b = a & d_i;
  assign q_o = b;' ;;
  *) echo "gate-bites: unknown fault '$fault' (latch or loop)" >&2; exit 2 ;;
esac
mkdir -p "$work"
rm -rf "$work/rtl" "$work/fpga" "$work/build"
cp -r "$root/rtl" "$root/fpga" "$work/"
sync_sv="$work/rtl/pp_sync.sv"
if ! grep -qx '  assign q_o = sync_q;' "$sync_sv"; then
  echo "gate-bites: rtl/pp_sync.sv no longer ends in 'assign q_o = sync_q;': update this test" >&2
  exit 2
fi
BROKEN="$broken" python3 - "$sync_sv" <<'PY'
import os, sys
path = sys.argv[1]
text = open(path).read().replace("  assign q_o = sync_q;", os.environ["BROKEN"])
open(path, "w").write(text)
PY
set +e
"$work/fpga/run.sh" --top pp_top "$work/build"
