#!/usr/bin/env bash
# Memory is bounded by the work in flight, not by the run's length: runs ppcosim with SMALL and
# with LARGE random operations and passes only if both pass and the peak resident memory (the
# summary's "peak memory") of the larger run exceeds the smaller's by less than MAX_GROWTH_KB.
# usage: memory-bound.sh PPCOSIM SMALL LARGE MAX_GROWTH_KB [PPCOSIM_ARGS...]
set -u
if [ $# -lt 4 ]; then
  echo "usage: memory-bound.sh PPCOSIM SMALL LARGE MAX_GROWTH_KB [PPCOSIM_ARGS...]" >&2
  exit 2
fi
ppcosim=$1 small=$2 large=$3 max_growth=$4
shift 4
peak() {
  local out status
  out=$("$ppcosim" --quiet --ops "$1" "${@:2}" 2>&1)
  status=$?
  if [ $status -ne 0 ]; then
    printf '%s\n' "$out" | tail -n 20 >&2
    echo "memory-bound: ppcosim --ops $1 exited $status" >&2
    return 1
  fi
  printf '%s\n' "$out" | sed -n 's/^  peak memory *\([0-9]*\) KB$/\1/p'
}
small_kb=$(peak "$small" "$@") || exit 1
large_kb=$(peak "$large" "$@") || exit 1
if [ -z "$small_kb" ] || [ -z "$large_kb" ]; then
  echo "memory-bound: ppcosim printed no 'peak memory' line" >&2
  exit 1
fi
growth=$((large_kb - small_kb))
echo "memory-bound: peak memory $small_kb KB at $small operations, $large_kb KB at $large (grew $growth KB, limit $max_growth KB)"
[ "$growth" -lt "$max_growth" ]
