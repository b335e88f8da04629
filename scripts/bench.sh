#!/usr/bin/env bash
# Simulation speed, as ratios measured back to back in one run (the machine is shared: absolute
# figures move, ratios much less). Prints cycles per second and operations per second.
# usage: bench.sh BUILD_DIR [OPS]
set -eu
build=${1:?usage: bench.sh BUILD_DIR [OPS]}
ops=${2:-3000}
ppcosim=$build/sim/ppcosim
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run() {  # label, extra args
  local label=$1; shift
  "$ppcosim" --seed 1 --ops "$ops" --quiet "$@" >"$tmp/out" 2>&1 || { cat "$tmp/out"; exit 1; }
  local cps ops_s
  cps=$(sed -n 's/.*(\([0-9]*\) cycles per second).*/\1/p' "$tmp/out")
  ops_s=$(sed -n 's/.*operations .*(\([0-9]*\) per second).*/\1/p' "$tmp/out")
  printf '%-22s %12s cycles/s %10s ops/s\n' "$label" "$cps" "$ops_s"
  echo "$cps"  >"$tmp/$label.cps"
}
echo "bench: ppcosim --seed 1 --ops $ops"
run no-trace
run fst-trace --trace "$tmp/t.fst"
run vcd-trace --trace "$tmp/t.vcd"
base=$(cat "$tmp/no-trace.cps")
for label in fst-trace vcd-trace; do
  awk -v b="$base" -v x="$(cat "$tmp/$label.cps")" -v l="$label" \
    'BEGIN { if (x > 0) printf "%-22s %.1fx slower than no-trace\n", l, b / x }'
done
# The reference model alone, from its randomized property test.
"$build/model/model_tests" --gtest_filter='*KeepEveryInvariant*' 2>/dev/null | sed -n 's/^\[ perf     \] /reference /p'
