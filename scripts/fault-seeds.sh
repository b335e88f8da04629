#!/usr/bin/env bash
# Every seed of a random regression catches one injected release fault: runs fault-bites.sh
# for seeds 1..SEEDS of random runs (PPCOSIM_ARGS shape them as the regression's), in parallel
# on every core, and passes only if each seed's run is caught as fault-bites.sh demands. A run
# stops at the scoreboard's first mismatch, so a seed costs only the operations up to it.
# A seed not caught as demanded keeps its log (OUTDIR/fault-FAULT-seed-N.log) and its trace.
# usage: fault-seeds.sh SEEDS PPCOSIM_FAULTS WAVECHECK FAULT OUTDIR SIM_MATCH WAVE_MATCH
#                       [--or SIM_MATCH WAVE_MATCH]... [PPCOSIM_ARGS...]
set -u
usage="usage: fault-seeds.sh SEEDS PPCOSIM_FAULTS WAVECHECK FAULT OUTDIR SIM_MATCH WAVE_MATCH [--or SIM_MATCH WAVE_MATCH]... [PPCOSIM_ARGS...]"
if [ $# -lt 7 ]; then
  echo "$usage" >&2
  exit 2
fi
seeds=$1 ppcosim=$2 wavecheck=$3 fault=$4 outdir=$5
shift 5
if ! [[ $seeds =~ ^[1-9][0-9]{0,5}$ ]]; then
  echo "fault-seeds: SEEDS takes a whole number from 1 to 999999, not '$seeds'" >&2
  echo "$usage" >&2
  exit 2
fi
mkdir -p "$outdir"
here=$(cd "$(dirname "$0")" && pwd)
# The paths and matches reach the per-seed shell as arguments, never as part of its command text;
# xargs appends the seed as the last one.
failed=$(seq 1 "$seeds" |
  xargs -P "$(nproc)" -n 1 bash -c \
    'seed=${!#} log=$1-$seed.log bites=$2; shift 2
     "$bites" --seed "$seed" "${@:1:$#-1}" >"$log" 2>&1 && rm -f "$log" || echo "$seed"' \
    fault-seed "$outdir/fault-$fault-seed" "$here/fault-bites.sh" \
    "$ppcosim" "$wavecheck" - "$fault" "$outdir" "$@" | sort -n)
nfail=$(printf '%s' "$failed" | grep -c . || true)
for seed in $failed; do
  log="$outdir/fault-$fault-seed-$seed.log"
  echo "fault-seeds: fault $fault, seed $seed: not caught as demanded (log $log):"
  tail -n 5 "$log" | sed 's/^/  /'
done
echo "fault-seeds: fault $fault: $((seeds - nfail)) of $seeds seeds caught it as demanded"
[ "$nfail" -eq 0 ]
