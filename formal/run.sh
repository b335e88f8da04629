#!/usr/bin/env bash
# make formal: each proof of formal/proofs.txt, Yosys (read_verilog -sv -formal) then
# yosys-smtbmc with z3. Prints each proof's result and time; exits 1 if any proof fails or
# ends unknown (solver error or time limit), 2 on a usage error.
# Usage: formal/run.sh BUILD_DIR [PROOF...]   (no PROOF: all of them)
set -uo pipefail

if [ $# -lt 1 ]; then
  echo "usage: formal/run.sh BUILD_DIR [PROOF...]" >&2
  exit 2
fi
out_dir="$1/formal"
shift
root="$(cd "$(dirname "$0")/.." && pwd)"
limit="${PP_FORMAL_TIMEOUT:-600}"

# z3 older than 4.9 (Debian 12's 4.8.12) spends minutes parsing the netlist's definitions:
# scripts/install-deps.sh puts a current z3 into a virtual environment.
venv="${PP_FORMAL_VENV:-$HOME/.local/share/ppcosim/formal-venv}"
if [ -x "$venv/bin/z3" ]; then
  PATH="$venv/bin:$PATH"
fi
for tool in yosys yosys-smtbmc z3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "formal: $tool not found: run scripts/install-deps.sh" >&2
    exit 1
  fi
done
z3_version="$(z3 --version | awk '{print $3}')"
if [ "$(printf '%s\n4.9\n' "$z3_version" | sort -V | head -1)" != "4.9" ]; then
  echo "formal: z3 $z3_version is too old (needs 4.9 or newer): run scripts/install-deps.sh" >&2
  exit 1
fi
mkdir -p "$out_dir"

rtl_files=()
while IFS= read -r line; do
  case "$line" in '#'*|'') continue ;; esac
  rtl_files+=("$root/$line")
done < "$root/rtl/pp_rtl.f"

# The failed assertions of an smtbmc log, by their RTL names: the named block (begin : a_name)
# that holds the assert statement at the file:line Yosys reports.
failed_assertions() {
  # "Assert failed in TOP: LOCATIONS ($flatten/....$assert$FILE:LINE$N)": FILE and LINE from the
  # cell's name, which keeps a path with a space whole (as $20; the locations cut it).
  sed -n 's/.*Assert failed in .*\$assert\$\(.*\.sv\):\([0-9]*\)\$[0-9]*).*/\1:\2/p' "$1" |
    sed 's/\$20/ /g' | grep -v pp_formal_top |
    sort -u | while IFS= read -r loc; do
      file=${loc%:*}
      line=${loc##*:}
      label=$(head -n "$line" "$file" | grep -o ': a_[a-z0-9_]*' | tail -1 | cut -c3-)
      echo "  assertion ${label:-?} ($(basename "$file"):$line)"
    done
}

failed=0
ran=0
# proofs.txt: NAME MODE DEPTH DEFINES EXPECT (see the file).
while read -r name mode depth defines expect; do
  case "$name" in '#'*|'') continue ;; esac
  if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qx -- "$name"; then
    continue
  fi
  ran=$((ran + 1))
  files=("${rtl_files[@]}")
  read_defs=()
  if [ "$defines" != "-" ]; then
    IFS=',' read -r -a defs <<< "$defines"
    for d in "${defs[@]}"; do
      read_defs+=("-D$d")
      case "$d" in PP_FAULT_INJECTION) files+=("$root/rtl/pp_release_faults.sv") ;; esac
    done
  fi
  files+=("$root/formal/pp_formal_top.sv")
  smt="$out_dir/$name.smt2"
  {
    # Quoted: Yosys reads a quoted file name whole, a path with a space included.
    echo "read_verilog -sv -formal ${read_defs[*]} $(printf '"%s" ' "${files[@]}")"
    echo "prep -flatten -top pp_formal_top"
    echo "memory_map"
    echo "async2sync"
    echo "opt_clean"
    echo "setundef -anyseq"
    echo "opt -keepdc -fast"
    echo "dffunmap"
    echo "check -assert"
    echo "write_smt2 -stbv -wires \"$smt\""
  } > "$out_dir/$name.ys"
  start=$(date +%s)
  if ! yosys -q -l "$out_dir/$name.yosys.log" "$out_dir/$name.ys" >/dev/null 2>&1; then
    echo "formal: $name: ERROR (yosys failed, see $out_dir/$name.yosys.log)"
    failed=1
    continue
  fi
  # smtbmc LOG [ARGS...]: one yosys-smtbmc run; prints its status (PASSED, FAILED, TIMEOUT or
  # UNKNOWN).
  smtbmc() {
    local log=$1 rc st
    shift
    timeout "$limit" yosys-smtbmc -s z3 --presat -t "$depth" "$@" "$smt" > "$log" 2>&1
    rc=$?
    st=$(grep -o 'Status: [A-Z]*' "$log" | tail -1 | cut -d' ' -f2)
    [ $rc -eq 124 ] && st="TIMEOUT"
    echo "${st:-UNKNOWN}"
  }
  vcd="$out_dir/$name.vcd"
  rm -f "$vcd"
  log="$out_dir/$name.smtbmc.log"
  case "$mode" in
    # k-induction: the base case (no failure in the first DEPTH cycles from reset), then the
    # induction step (DEPTH cycles that hold imply the next one holds, from any state).
    prove)
      status=$(smtbmc "$out_dir/$name.base.smtbmc.log" --dump-vcd "$vcd")
      if [ "$status" = "PASSED" ]; then
        status=$(smtbmc "$log" -i --dump-vcd "$vcd")
      else
        cp "$out_dir/$name.base.smtbmc.log" "$log"
      fi
      ;;
    bmc) status=$(smtbmc "$log" --dump-vcd "$vcd") ;;
    *) echo "formal: $name: unknown mode '$mode' in formal/proofs.txt" >&2; exit 2 ;;
  esac
  secs=$(( $(date +%s) - start ))
  what="$mode, depth $depth, z3 $z3_version, ${secs}s"
  if [ "$expect" = "pass" ] && [ "$status" = "PASSED" ]; then
    if [ "$mode" = "prove" ]; then
      echo "formal: $name: PROVED (k-induction, $what)"
    else
      echo "formal: $name: PASSED (no failure within $depth cycles, $what)"
    fi
  elif [ "${expect%%:*}" = "fail" ] && [ "$status" = "FAILED" ] &&
       failed_assertions "$out_dir/$name.smtbmc.log" | grep -E " (${expect#fail:}) " >/dev/null; then
    step=$(grep -o 'Assert failed in [^(]*' "$out_dir/$name.smtbmc.log" | head -1)
    # The project's view (sim/gtkw's ppgtkw) reads pp_top's signals under TOP.pp_top.
    sed -i -e 's/^\$scope module pp_formal_top \$end/$scope module TOP $end/' \
      -e 's/^\$scope module dut \$end/$scope module pp_top $end/' "$vcd"
    echo "formal: $name: CAUGHT (counterexample $vcd, $what)"
    failed_assertions "$out_dir/$name.smtbmc.log"
  else
    echo "formal: $name: $status, expected $expect ($what; log $out_dir/$name.smtbmc.log)"
    failed_assertions "$out_dir/$name.smtbmc.log"
    failed=1
  fi
done < "$root/formal/proofs.txt"

if [ "$ran" -eq 0 ]; then
  echo "formal: no proof named $*" >&2
  exit 2
fi
exit "$failed"
