#!/usr/bin/env bash
# A random regression: SEEDS seeds from FIRST, each co-simulated with a waveform that wavecheck
# checks, run in parallel on every core. Failing seeds keep their waveform and log.
# usage: regress.sh BUILD_DIR [SEEDS] [OPS] [FIRST]
set -u
build=${1:?usage: regress.sh BUILD_DIR [SEEDS] [OPS] [FIRST]}
seeds=${2:-200}
ops=${3:-1000}
first=${4:-1000}
ppcosim=$build/sim/ppcosim
wavecheck=$build/sim/wavecheck/wavecheck
outdir=$build/regress
for tool in "$ppcosim" "$wavecheck"; do
  [ -x "$tool" ] || { echo "regress: $tool not built (run 'make build')" >&2; exit 2; }
done
mkdir -p "$outdir"
here=$(cd "$(dirname "$0")" && pwd)
start=$(date +%s)
failed=$(seq "$first" $((first + seeds - 1)) |
  xargs -P "$(nproc)" -I{} sh -c \
    "'$here/cosim-seed.sh' '$ppcosim' '$wavecheck' '$outdir' {} --ops $ops >'$outdir/seed-{}.log' 2>&1 || echo {}")
elapsed=$(( $(date +%s) - start ))
nfail=$(printf '%s' "$failed" | grep -c . || true)
echo "regress: $seeds seeds x $ops operations in ${elapsed}s: $((seeds - nfail)) passed, $nfail failed"
for seed in $failed; do
  echo "  seed $seed: $ppcosim --seed $seed --ops $ops   (log $outdir/seed-$seed.log)"
done
[ "$nfail" -eq 0 ]
