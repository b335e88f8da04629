#!/usr/bin/env bash
# Proves the checkers bite: runs the fault-injection build with one release step broken and
# passes only if the scoreboard (ppcosim exits 1) and, where the fault shows on the pins,
# wavecheck (exits 1) both catch it.
# usage: fault-bites.sh PPCOSIM_FAULTS WAVECHECK SCRIPT FAULT OUTDIR [--pins-blind]
set -u
ppcosim=$1 wavecheck=$2 script=$3 fault=$4 outdir=$5 pins_blind=${6:-}
mkdir -p "$outdir"
trace="$outdir/release-fault-$fault.fst"
"$ppcosim" --quiet --seed 1 --script "$script" --plusarg "+pp_release_fault=$fault" --trace "$trace"
sim=$?
if [ $sim -ne 1 ]; then
  echo "fault-bites: fault $fault: ppcosim exited $sim, expected 1 (scoreboard must catch it)" >&2
  exit 1
fi
"$wavecheck" "$trace"
wave=$?
if [ -n "$pins_blind" ]; then
  # The fault leaves the pins correct (it is inside the registers): wavecheck must stay clean,
  # which also shows it does not report what is not there.
  [ $wave -eq 0 ] || { echo "fault-bites: fault $fault: wavecheck exited $wave, expected 0" >&2; exit 1; }
else
  [ $wave -eq 1 ] || { echo "fault-bites: fault $fault: wavecheck exited $wave, expected 1" >&2; exit 1; }
fi
rm -f "$trace" "${trace%.fst}.gtkw"
echo "fault-bites: fault $fault caught"
