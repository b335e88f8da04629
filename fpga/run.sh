#!/usr/bin/env bash
# make fpga: the FPGA implementation gate on an iCE40 HX8K (ct256). Synthesizes pp_top (the
# production configuration: pp_top's parameter defaults, rtl/pp_rtl.f, -DSYNTHESIS) and the board
# top (fpga/pp_board_top.sv) with Yosys's synth_ice40, places and routes each with nextpnr-ice40
# at its CLK_HZ (read from its RTL) with a fixed seed, packs the board's bitstream with icepack,
# and prints one table (fpga/figures.py) with the change against fpga/figures.json.
# Reports (Yosys and nextpnr logs, netlists, nextpnr's JSON report, the table) go to
# BUILD_DIR/fpga/.
# Exit status: 0 pass; 1 a clock misses its target, a latch, a combinational loop or another
# Yosys check problem, or a tool failed; 2 a usage error.
#
# usage: fpga/run.sh [--record] [--top pp_top|pp_board_top] [--clk-mhz MHZ] BUILD_DIR
#   --record     rewrite fpga/figures.json with this run's figures (both tops, their own clocks)
#   --top NAME   only this top
#   --clk-mhz    place and route every top for this clock instead of its CLK_HZ (tests use it
#                to show that a missed target fails the gate)
set -uo pipefail

usage() {
  echo "usage: fpga/run.sh [--record] [--top pp_top|pp_board_top] [--clk-mhz MHZ] BUILD_DIR" >&2
  [ $# -gt 0 ] && echo "fpga: $*" >&2
  exit 2
}

record=0
only=""
clk_mhz=""
build=""
while [ $# -gt 0 ]; do
  case "$1" in
    --record) record=1 ;;
    --top)
      [ $# -ge 2 ] || usage "--top needs a top name"
      case "$2" in pp_top|pp_board_top) only="$2" ;; *) usage "unknown top '$2'" ;; esac
      shift ;;
    --clk-mhz)
      [ $# -ge 2 ] || usage "--clk-mhz needs a frequency in MHz"
      if ! [[ "$2" =~ ^[0-9]+([.][0-9]+)?$ ]] || [[ "$2" =~ ^0+([.]0+)?$ ]]; then
        usage "--clk-mhz '$2' is not a positive number of MHz"
      fi
      clk_mhz="$2"
      shift ;;
    -h|--help) usage ;;
    -*) usage "unknown option '$1'" ;;
    *)
      [ -z "$build" ] || usage "one BUILD_DIR only ('$build', then '$1')"
      build="$1" ;;
  esac
  shift
done
[ -n "$build" ] || usage "no BUILD_DIR given"
if [ "$record" -eq 1 ] && { [ -n "$only" ] || [ -n "$clk_mhz" ]; }; then
  usage "--record records both tops at their own CLK_HZ: not with --top or --clk-mhz"
fi

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$build/fpga"
seed=1
for tool in yosys nextpnr-ice40 icepack python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "fpga: $tool not found: run scripts/install-deps.sh (Debian packages yosys," \
         "nextpnr-ice40, fpga-icestorm)" >&2
    exit 1
  fi
done
if ! mkdir -p "$out"; then
  echo "fpga: cannot create '$out'" >&2
  exit 2
fi
out="$(cd "$out" && pwd)"
if [ "$out" = "$root/fpga" ]; then
  usage "BUILD_DIR/fpga is the source folder fpga/: give a build folder"
fi

# The sources of a top, absolute, from its file lists (paths in them are relative to the root).
sources_of() {
  local list line
  for list in "$@"; do
    while IFS= read -r line; do
      case "$line" in '#'*|'') continue ;; esac
      printf '%s\n' "$root/$line"
    done < "$root/$list"
  done
}

# CLK_HZ in MHz, from the default of the top's CLK_HZ parameter.
clk_mhz_of() {
  local hz
  hz=$(sed -n 's/^ *parameter int CLK_HZ *= *\([0-9_]*\).*/\1/p' "$1" | head -1 | tr -d _)
  if [ -z "$hz" ]; then
    echo "fpga: no default for parameter CLK_HZ in $1" >&2
    return 1
  fi
  awk -v hz="$hz" 'BEGIN { printf "%.6g\n", hz / 1e6 }'
}

elapsed_since() {
  awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'
}

# synth_top NAME FILE_LIST...: Yosys to NAME.json and NAME.stat.json in $out.
synth_top() {
  local name=$1 src
  shift
  {
    # Yosys takes quoted paths in read_verilog; outputs are named relative to $out (its cwd).
    printf 'read_verilog -sv -DSYNTHESIS'
    while IFS= read -r src; do printf ' "%s"' "$src"; done < <(sources_of "$@")
    printf '\n'
    echo "hierarchy -check -top $name"
    echo "proc"
    # iCE40 has no latches: synth_ice40 would build one from a LUT loop. Name any, then fail.
    echo 'select -list t:$dlatch t:$adlatch t:$dlatchsr'
    echo 'select -assert-none t:$dlatch t:$adlatch t:$dlatchsr'
    # Combinational loops, undriven or multiply driven nets: on the flattened design before
    # mapping (Yosys sees no loop through mapped LUTs), and on the mapped netlist.
    echo "flatten"
    echo "check -assert"
    echo "synth_ice40 -top $name -json $name.json"
    echo "check -assert"
    echo "tee -q -o $name.stat.json stat -json"
  } > "$out/$name.ys"
  if ! (cd "$out" && yosys -q -l "$name.yosys.log" "$name.ys" >/dev/null 2>&1); then
    local log="$out/$name.yosys.log"
    if grep -q 'Latch inferred\|selection is not empty' "$log"; then
      echo "fpga: $name: Yosys inferred a latch (log $log):" >&2
      grep 'Latch inferred' "$log" | sed 's/^/  /' >&2
    elif grep -q 'Found and reported [1-9][0-9]* problems' "$log"; then
      echo "fpga: $name: Yosys check failed: a combinational loop, an undriven or a multiply" \
           "driven net (log $log):" >&2
      # The first problem with the cells and wires Yosys names for it.
      awk '/^Warning:/ { in_check = /logic loop|conflicting|no driver/; if (in_check) n++ }
           in_check && n == 1 && /^(Warning:|    )/' "$log" | head -12 | sed 's/^/  /' >&2
    else
      echo "fpga: $name: Yosys failed (log $log):" >&2
      grep 'ERROR' "$log" | sed 's/^/  /' >&2
    fi
    return 1
  fi
}

# pnr_top NAME MHZ [PCF]: nextpnr-ice40 to NAME.asc and NAME.report.json. Timing is judged by
# figures.py from the report, so nextpnr is told to finish even when it misses.
pnr_top() {
  local name=$1 mhz=$2 pcf=${3:-}
  local args=(--hx8k --package ct256 --freq "$mhz" --seed "$seed" --timing-allow-fail
              --json "$out/$name.json" --report "$out/$name.report.json" --asc "$out/$name.asc")
  [ -n "$pcf" ] && args+=(--pcf "$pcf")
  if ! nextpnr-ice40 "${args[@]}" > "$out/$name.nextpnr.log" 2>&1; then
    echo "fpga: $name: nextpnr-ice40 failed (log $out/$name.nextpnr.log):" >&2
    grep 'ERROR' "$out/$name.nextpnr.log" | sed 's/^/  /' >&2
    return 1
  fi
}

tops=()
[ -z "$only" ] || [ "$only" = pp_top ] && tops+=(pp_top)
[ -z "$only" ] || [ "$only" = pp_board_top ] && tops+=(pp_board_top)
table_args=()
echo "fpga: nextpnr-ice40 --hx8k --package ct256 --seed $seed; reports in $out"
for name in "${tops[@]}"; do
  case "$name" in
    pp_top) lists=(rtl/pp_rtl.f); rtl_file="$root/rtl/pp_top.sv"; pcf="" ;;
    pp_board_top) lists=(rtl/pp_rtl.f fpga/pp_board.f); rtl_file="$root/fpga/pp_board_top.sv"
                  pcf="$root/fpga/pp_board_hx8k.pcf" ;;
  esac
  target="$clk_mhz"
  if [ -z "$target" ]; then
    target=$(clk_mhz_of "$rtl_file") || exit 1
  fi
  start=$(date +%s.%N)
  synth_top "$name" "${lists[@]}" || exit 1
  synth_s=$(elapsed_since "$start")
  start=$(date +%s.%N)
  pnr_top "$name" "$target" "$pcf" || exit 1
  pnr_s=$(elapsed_since "$start")
  steps="synthesis ${synth_s} s, place and route ${pnr_s} s"
  if [ "$name" = pp_board_top ]; then
    start=$(date +%s.%N)
    bin="$out/pp_board_hx8k.bin"
    if ! icepack "$out/$name.asc" "$bin.tmp" > "$out/icepack.log" 2>&1 || ! mv "$bin.tmp" "$bin"; then
      echo "fpga: $name: icepack failed (log $out/icepack.log)" >&2
      exit 1
    fi
    steps="$steps, bitstream $(elapsed_since "$start") s ($bin)"
  fi
  echo "fpga: $name: $steps"
  table_args+=(--top "$name" "$out/$name.stat.json" "$out/$name.report.json" "$target")
done

record_args=()
[ "$record" -eq 1 ] && record_args=(--record)
python3 "$root/fpga/figures.py" --figures "$root/fpga/figures.json" --table "$out/table.txt" \
  "${record_args[@]}" "${table_args[@]}"
