#!/usr/bin/env bash
# Fast-forward changes nothing but the speed: runs ppcosim with it (the default) and with
# --no-fast-forward, and passes only if both exit alike and their JSON logs and reports are
# byte-identical (the wall time, the speed, the peak memory and the fast-forward line aside).
# With --must-skip the fast-forward run must have skipped cycles.
# usage: fastforward-identical.sh [--must-skip] PPCOSIM OUTDIR NAME [PPCOSIM_ARGS...]
set -u
usage="usage: fastforward-identical.sh [--must-skip] PPCOSIM OUTDIR NAME [PPCOSIM_ARGS...]"
must_skip=0
if [ "${1:-}" = "--must-skip" ]; then must_skip=1; shift; fi
if [ $# -lt 3 ]; then
  echo "$usage" >&2
  exit 2
fi
ppcosim=$1 outdir=$2 name=$3
shift 3
mkdir -p "$outdir"
base="$outdir/$name"
# The report without what may differ: the wall time, the speed, the memory, the skipped cycles.
comparable() {
  sed -e 's/  ([0-9.]* per second)//' -e '/^  wall time /d' -e '/^  fast-forward /d' \
    -e '/^  peak memory /d' "$base.out" >"$1"
}
# Both runs write the same paths, so the reports name the same files.
run() {
  "$ppcosim" --quiet --json "$base.jsonl" "$@" >"$base.out" 2>&1
}
run "$@"
on=$?
mv "$base.jsonl" "$base.on.jsonl" 2>/dev/null
skipped=$(sed -n 's/^  fast-forward .*(\([0-9]*\))$/\1/p' "$base.out")
comparable "$base.on.out"
run --no-fast-forward "$@"
off=$?
mv "$base.jsonl" "$base.off.jsonl" 2>/dev/null
comparable "$base.off.out"
rm -f "$base.out"
status=0
if [ $on -ne $off ]; then
  echo "fastforward-identical: $name: exit $on with fast-forward, $off without" >&2
  status=1
fi
for kind in out jsonl; do
  if ! cmp -s "$base.on.$kind" "$base.off.$kind"; then
    echo "fastforward-identical: $name: the $kind files differ ($base.on.$kind $base.off.$kind):" >&2
    diff "$base.on.$kind" "$base.off.$kind" | head -n 10 >&2
    status=1
  fi
done
if [ $must_skip -eq 1 ] && [ "${skipped:-0}" -eq 0 ]; then
  echo "fastforward-identical: $name: fast-forward skipped no cycle" >&2
  status=1
fi
if [ $status -eq 0 ]; then
  rm -f "$base".on.* "$base".off.*
  echo "fastforward-identical: $name: identical (exit $on, $skipped cycles skipped)"
fi
exit $status
