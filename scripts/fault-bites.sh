#!/usr/bin/env bash
# Proves the checkers bite: runs the fault-injection build with one release step broken and
# passes only if the scoreboard (ppcosim exits 1) and, where the fault shows on the pins,
# wavecheck (exits 1) both catch it.
# Each checker must say what it caught: SIM_MATCH in ppcosim's output, WAVE_MATCH in wavecheck's
# (wavecheck exits 1). WAVE_MATCH "-": the fault cannot show on the pins, wavecheck must pass.
# SCRIPT "-" is a random run (PPCOSIM_ARGS shape it). A random run meets the fault wherever its
# operations happen to: each "--or SIM_MATCH WAVE_MATCH" is another way the scoreboard may catch
# it, with what wavecheck must then say. The run passes if, for some pair whose SIM_MATCH
# ppcosim printed, wavecheck answered as that pair's WAVE_MATCH demands.
# --seed N runs seed N (default 1); the trace is OUTDIR/release-fault-FAULT-seed-N.fst.
# usage: fault-bites.sh [--seed N] PPCOSIM_FAULTS WAVECHECK SCRIPT FAULT OUTDIR SIM_MATCH WAVE_MATCH
#                       [--or SIM_MATCH WAVE_MATCH]... [PPCOSIM_ARGS...]
set -u
usage="usage: fault-bites.sh [--seed N] PPCOSIM_FAULTS WAVECHECK SCRIPT FAULT OUTDIR SIM_MATCH WAVE_MATCH [--or SIM_MATCH WAVE_MATCH]... [PPCOSIM_ARGS...]"
seed=1
if [ "${1:-}" = "--seed" ]; then
  if [ $# -lt 2 ]; then
    echo "fault-bites: --seed takes a seed" >&2
    echo "$usage" >&2
    exit 2
  fi
  seed=$2
  shift 2
fi
if [ $# -lt 7 ]; then
  echo "$usage" >&2
  exit 2
fi
ppcosim=$1 wavecheck=$2 script=$3 fault=$4 outdir=$5
sim_matches=("$6") wave_matches=("$7")
shift 7
while [ "${1:-}" = "--or" ]; do
  if [ $# -lt 3 ]; then
    echo "fault-bites: --or takes SIM_MATCH and WAVE_MATCH" >&2
    echo "$usage" >&2
    exit 2
  fi
  sim_matches+=("$2")
  wave_matches+=("$3")
  shift 3
done
stimulus=(--script "$script")
[ "$script" = "-" ] && stimulus=()
mkdir -p "$outdir"
trace="$outdir/release-fault-$fault-seed-$seed.fst"
sim_out=$("$ppcosim" --quiet --seed "$seed" "${stimulus[@]}" --plusarg "+pp_release_fault=$fault" \
          --trace "$trace" "$@" 2>&1)
sim=$?
printf '%s\n' "$sim_out"
if [ $sim -ne 1 ]; then
  echo "fault-bites: fault $fault, seed $seed: ppcosim exited $sim, expected 1 (scoreboard must catch it)" >&2
  exit 1
fi
matched=()
for i in "${!sim_matches[@]}"; do
  grep -qF -- "${sim_matches[$i]}" <<<"$sim_out" && matched+=("$i")
done
if [ ${#matched[@]} -eq 0 ]; then
  wanted=$(printf " or '%s'" "${sim_matches[@]}")
  echo "fault-bites: fault $fault, seed $seed: ppcosim failed, but not with ${wanted# or }" >&2
  exit 1
fi
wave_out=$("$wavecheck" "$trace" 2>&1)
wave=$?
printf '%s\n' "$wave_out"
# WAVE_MATCH: whether wavecheck's answer is the one it demands.
wave_answers() {
  case $1 in
    # The fault leaves the pins correct (it is inside the registers, or bytes that never went
    # out): wavecheck must stay clean, which also shows it does not report what is not there.
    -) [ $wave -eq 0 ] ;;
    *) [ $wave -eq 1 ] && grep -qF -- "$1" <<<"$wave_out" ;;
  esac
}
for i in "${matched[@]}"; do
  if wave_answers "${wave_matches[$i]}"; then
    rm -f "$trace" "${trace%.fst}.gtkw"
    echo "fault-bites: fault $fault caught (seed $seed)"
    exit 0
  fi
done
for i in "${matched[@]}"; do
  case ${wave_matches[$i]} in
    -) wanted="a pass" ;;
    *) wanted="exit 1 reporting '${wave_matches[$i]}'" ;;
  esac
  echo "fault-bites: fault $fault, seed $seed: ppcosim said '${sim_matches[$i]}', so wavecheck must give $wanted; it exited $wave" >&2
done
exit 1
