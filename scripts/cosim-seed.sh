#!/usr/bin/env bash
# One seed of the random regression: co-simulate with a waveform, then check the waveform.
# Keeps the waveform, its save file and the JSON log only when something failed.
# usage: cosim-seed.sh PPCOSIM WAVECHECK OUTDIR SEED [PPCOSIM_ARGS...]
set -u
if [ $# -lt 4 ]; then
  echo "usage: $0 PPCOSIM WAVECHECK OUTDIR SEED [PPCOSIM_ARGS...]" >&2
  exit 2
fi
ppcosim=$1 wavecheck=$2 outdir=$3 seed=$4
shift 4
mkdir -p "$outdir"
base="$outdir/seed-$seed"
"$ppcosim" --quiet --seed "$seed" --trace "$base.fst" --json "$base.jsonl" "$@"
sim=$?
"$wavecheck" "$base.fst"
wave=$?
if [ $sim -eq 0 ] && [ $wave -eq 0 ]; then
  rm -f "$base.fst" "$base.gtkw" "$base.jsonl"
  exit 0
fi
echo "cosim-seed: seed $seed failed (ppcosim $sim, wavecheck $wave); kept $base.fst $base.gtkw $base.jsonl" >&2
[ $sim -eq 2 ] || [ $wave -eq 2 ] && exit 2
exit 1
