#!/usr/bin/env bash
# Compiles rtl/pp_rtl.f and the smoke bench tb/icarus/pp_icarus_smoke_tb.sv with Icarus Verilog
# (iverilog -g2012) and runs it. Passes only if the bench printed PASS and nothing reported an
# error: a $fatal, a failed assertion (Icarus prints ERROR: and goes on), a compile error, or a
# run that does not end within PP_ICARUS_TIMEOUT seconds (default 60; a zero-delay loop never
# advances time, so only a wall-clock limit can end it).
# usage: icarus-smoke.sh OUTDIR NAME [DEFINE...]   (each DEFINE is passed as -DDEFINE)
set -u
if [ $# -lt 2 ]; then
  echo "usage: icarus-smoke.sh OUTDIR NAME [DEFINE...]" >&2
  exit 2
fi
outdir=$1 name=$2
shift 2
for tool in iverilog vvp; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "icarus-smoke: $tool not found (Debian package iverilog; scripts/install-deps.sh installs it)" >&2
    exit 2
  fi
done
limit=${PP_ICARUS_TIMEOUT:-60}
case $limit in
  ''|*[!0-9]*) echo "icarus-smoke: PP_ICARUS_TIMEOUT takes whole seconds, not '$limit'" >&2; exit 2 ;;
esac

root=$(cd "$(dirname "$0")/.." && pwd)
mapfile -t sources < <(grep -v '^#' "$root/rtl/pp_rtl.f" | grep -v '^[[:space:]]*$' | sed "s|^|$root/|")
defines=()
for d in "$@"; do defines+=("-D$d"); done

mkdir -p -- "$outdir" || exit 1
image="$outdir/$name.vvp"
log="$outdir/$name.iverilog.log"
# Icarus's notes on what it would not synthesize or check (unique case, constant-select
# sensitivity) go to the log; an error fails the test and is shown.
if ! iverilog -g2012 -I "$root/tb/icarus" -o "$image" -s pp_icarus_smoke_tb "${defines[@]}" \
    "${sources[@]}" "$root/tb/icarus/pp_icarus_smoke_tb.sv" >"$log" 2>&1; then
  cat -- "$log" >&2
  echo "icarus-smoke: $name: iverilog failed" >&2
  exit 1
fi

out=$(timeout "$limit" vvp -n "$image" 2>&1)
rc=$?
printf '%s\n' "$out"
if [ $rc -eq 124 ]; then
  echo "icarus-smoke: $name: no end after ${limit} s (simulation hung)" >&2
  exit 1
fi
if [ $rc -ne 0 ]; then
  echo "icarus-smoke: $name: vvp exited $rc" >&2
  exit 1
fi
if grep -qE '^(ERROR|FATAL)' <<<"$out"; then
  echo "icarus-smoke: $name: the simulation reported an error" >&2
  exit 1
fi
if ! grep -qx 'PASS' <<<"$out"; then
  echo "icarus-smoke: $name: the bench did not print PASS" >&2
  exit 1
fi
