#!/usr/bin/env bash
# A random regression: SEEDS seeds from FIRST, each co-simulated with a waveform that wavecheck
# checks, run in parallel on every core. Failing seeds keep their waveform and log.
# usage: regress.sh BUILD_DIR [SEEDS] [OPS] [FIRST]
set -u
usage="usage: regress.sh BUILD_DIR [SEEDS] [OPS] [FIRST]"
if [ $# -lt 1 ] || [ $# -gt 4 ]; then
  echo "$usage" >&2
  exit 2
fi
build=$1
seeds=${2:-200}
ops=${3:-1000}
first=${4:-1000}

# NAME VALUE MIN MAX: a whole decimal number in range (as ppcosim reads numbers: no sign, no
# leading zero), or a usage error.
check_number() {
  local name=$1 value=$2 min=$3 max=$4
  if ! [[ $value =~ ^(0|[1-9][0-9]{0,11})$ ]] || [ "$value" -lt "$min" ] || [ "$value" -gt "$max" ]; then
    echo "regress: $name takes a whole number from $min to $max, not '$value'" >&2
    echo "$usage" >&2
    exit 2
  fi
}
check_number SEEDS "$seeds" 1 1000000
check_number OPS "$ops" 0 100000000
check_number FIRST "$first" 1 999999999999

ppcosim=$build/sim/ppcosim
wavecheck=$build/sim/wavecheck/wavecheck
outdir=$build/regress
for tool in "$ppcosim" "$wavecheck"; do
  [ -x "$tool" ] || { echo "regress: $tool not built (run 'make build')" >&2; exit 2; }
done
mkdir -p "$outdir"
here=$(cd "$(dirname "$0")" && pwd)
start=$(date +%s)
# The paths reach the per-seed shell as arguments, never as part of its command text.
failed=$(seq "$first" $((first + seeds - 1)) |
  xargs -P "$(nproc)" -I{} sh -c \
    '"$1" "$2" "$3" "$4" "$5" --ops "$6" >"$4/seed-$5.log" 2>&1 || echo "$5"' \
    regress-seed "$here/cosim-seed.sh" "$ppcosim" "$wavecheck" "$outdir" {} "$ops")
elapsed=$(( $(date +%s) - start ))
nfail=$(printf '%s' "$failed" | grep -c . || true)
echo "regress: $seeds seeds x $ops operations in ${elapsed}s: $((seeds - nfail)) passed, $nfail failed"
for seed in $failed; do
  echo "  seed $seed: $ppcosim --seed $seed --ops $ops   (log $outdir/seed-$seed.log)"
done
[ "$nfail" -eq 0 ]
