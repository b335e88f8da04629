#!/usr/bin/env bash
# Proves the checkers bite: runs the fault-injection build with one release step broken and
# passes only if the scoreboard (ppcosim exits 1) and, where the fault shows on the pins,
# wavecheck (exits 1) both catch it.
# Each checker must say what it caught: SIM_MATCH in ppcosim's output, WAVE_MATCH in wavecheck's
# ("-" where the fault cannot show on the pins: wavecheck must then pass).
# SCRIPT "-" is a random run (PPCOSIM_ARGS shape it). A random run meets the fault wherever its
# operations happen to: each "--or SIM_MATCH WAVE_MATCH" is another way the scoreboard may catch
# it, with what wavecheck must then say. The first pair whose SIM_MATCH ppcosim printed decides.
# usage: fault-bites.sh PPCOSIM_FAULTS WAVECHECK SCRIPT FAULT OUTDIR SIM_MATCH WAVE_MATCH
#                       [--or SIM_MATCH WAVE_MATCH]... [PPCOSIM_ARGS...]
set -u
usage="usage: fault-bites.sh PPCOSIM_FAULTS WAVECHECK SCRIPT FAULT OUTDIR SIM_MATCH WAVE_MATCH [--or SIM_MATCH WAVE_MATCH]... [PPCOSIM_ARGS...]"
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
trace="$outdir/release-fault-$fault.fst"
sim_out=$("$ppcosim" --quiet --seed 1 "${stimulus[@]}" --plusarg "+pp_release_fault=$fault" \
          --trace "$trace" "$@" 2>&1)
sim=$?
printf '%s\n' "$sim_out"
if [ $sim -ne 1 ]; then
  echo "fault-bites: fault $fault: ppcosim exited $sim, expected 1 (scoreboard must catch it)" >&2
  exit 1
fi
wave_match=""
for i in "${!sim_matches[@]}"; do
  if grep -qF -- "${sim_matches[$i]}" <<<"$sim_out"; then
    wave_match=${wave_matches[$i]}
    break
  fi
done
if [ -z "$wave_match" ]; then
  wanted=$(printf " or '%s'" "${sim_matches[@]}")
  echo "fault-bites: fault $fault: ppcosim failed, but not with ${wanted# or }" >&2
  exit 1
fi
wave_out=$("$wavecheck" "$trace" 2>&1)
wave=$?
printf '%s\n' "$wave_out"
if [ "$wave_match" != "-" ] && ! grep -qF -- "$wave_match" <<<"$wave_out"; then
  echo "fault-bites: fault $fault: wavecheck did not report '$wave_match'" >&2
  exit 1
fi
if [ "$wave_match" = "-" ]; then
  # The fault leaves the pins correct (it is inside the registers, or bytes that never went
  # out): wavecheck must stay clean, which also shows it does not report what is not there.
  [ $wave -eq 0 ] || { echo "fault-bites: fault $fault: wavecheck exited $wave, expected 0" >&2; exit 1; }
else
  [ $wave -eq 1 ] || { echo "fault-bites: fault $fault: wavecheck exited $wave, expected 1" >&2; exit 1; }
fi
rm -f "$trace" "${trace%.fst}.gtkw"
echo "fault-bites: fault $fault caught"
