#!/usr/bin/env bash
# Renders a window of a pp_top waveform to PNG with a headless GTKWave.
# usage: wave-png.sh TRACE [VIEW.gtkw] [OUT.png] [--from-ns A --to-ns B]
#   VIEW  default: TRACE's own .gtkw if there is one, else a grouped view written by ppgtkw,
#         else every pp_top port
#   OUT   default: TRACE with .png
#   window default: the first release wavecheck finds, with a margin; else the whole trace
# Tools: $WAVECHECK and $PPGTKW, or those under $BUILD_DIR (default: build/).
# Exit status: 0 written, 1 GTKWave failed or timed out, 2 usage error or missing input.
set -u

here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD_DIR:-$(dirname "$here")/build}
wavecheck=${WAVECHECK:-$build/sim/wavecheck/wavecheck}
ppgtkw=${PPGTKW:-$build/sim/gtkw/ppgtkw}
timeout_s=${WAVE_PNG_TIMEOUT:-60}

usage="usage: wave-png.sh TRACE [VIEW.gtkw] [OUT.png] [--from-ns A --to-ns B]"
die() { echo "wave-png: $*" >&2; exit 2; }

trace='' gtkw='' out='' from='' to=''
while [ $# -gt 0 ]; do
  case $1 in
    -h|--help) echo "$usage"; exit 0 ;;
    --from-ns|--to-ns)
      [ $# -ge 2 ] || die "$1 needs a number of ns"
      if [ "$1" = --from-ns ]; then from=$2; else to=$2; fi
      shift 2 ;;
    --from-ns=*) from=${1#*=}; shift ;;
    --to-ns=*) to=${1#*=}; shift ;;
    -*) die "unknown option '$1'; $usage" ;;
    *)
      if [ -z "$trace" ]; then trace=$1
      elif [ "${1%.gtkw}" != "$1" ] && [ -z "$gtkw" ]; then gtkw=$1
      elif [ "${1%.png}" != "$1" ] && [ -z "$out" ]; then out=$1
      else die "unexpected argument '$1'; $usage"
      fi
      shift ;;
  esac
done

[ -n "$trace" ] || die "no trace given; $usage"
[ -f "$trace" ] || die "no trace at '$trace' (run 'make sim' first)"
[ -z "$gtkw" ] || [ -f "$gtkw" ] || die "no save file at '$gtkw'"
for n in "$from" "$to"; do
  case $n in ''|*[!0-9]*) [ -z "$n" ] || die "--from-ns and --to-ns take whole ns, not '$n'" ;; esac
done
if [ -n "$from$to" ]; then
  [ -n "$from" ] && [ -n "$to" ] || die "give both --from-ns and --to-ns"
  [ "$to" -gt "$from" ] || die "--to-ns must be after --from-ns"
fi
command -v xvfb-run >/dev/null && command -v gtkwave >/dev/null ||
  die "needs xvfb-run and gtkwave (scripts/install-deps.sh installs them)"

out=${out:-${trace%.*}.png}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/wave-png.XXXXXX") || die "cannot make a temporary directory"
trap 'rm -rf "$tmp"' EXIT

# The view: the one asked for, the trace's own, or a fresh grouped one.
if [ -z "$gtkw" ] && [ -f "${trace%.*}.gtkw" ]; then
  gtkw=${trace%.*}.gtkw
elif [ -z "$gtkw" ] && [ -x "$ppgtkw" ] && "$ppgtkw" "$trace" "$tmp/view.gtkw" 2>/dev/null; then
  gtkw=$tmp/view.gtkw
fi

# The window: the one asked for, or the first release with a tenth of its length (at least
# 400 ns) either side, so the free and the idle bus after it are both in the picture.
mark_a='' mark_b=''
if [ -z "$from" ] && [ -x "$wavecheck" ]; then
  first=$("$wavecheck" "$trace" --list-releases 2>/dev/null |
    sed -n 's/^wavecheck: release 1: start \([0-9.]*\) ns, end \([0-9.]*\) ns.*/\1 \2/p')
  if [ -n "$first" ]; then
    read -r mark_a mark_b <<<"$first"
    read -r from to <<<"$(awk -v a="$mark_a" -v b="$mark_b" 'BEGIN {
      m = (b - a) / 10; if (m < 400) m = 400
      f = a - m; if (f < 0) f = 0
      printf "%d %d\n", f, b + m + 0.5 }')"
  fi
fi

# The picture shows every row of the view: its own copy of the save file asks for a window as
# tall as the virtual screen (the view's [size] is for a desktop).
if [ -n "$gtkw" ]; then
  sed 's/^\[size\] .*/[size] 1900 2300/' "$gtkw" >"$tmp/png.gtkw" || die "cannot read '$gtkw'"
  gtkw_shown=$gtkw gtkw=$tmp/png.gtkw
fi

out_dir=$(cd "$(dirname "$out")" 2>/dev/null && pwd) || die "no directory for '$out'"
rm -f "$out"
export WAVE_PNG_OUT=$out_dir/$(basename "$out") WAVE_PNG_FROM_NS=$from WAVE_PNG_TO_NS=$to
export WAVE_PNG_MARK_A_NS=$mark_a WAVE_PNG_MARK_B_NS=$mark_b
# Two `xvfb-run -a` starting together can pick the same display: try again a little later.
for attempt in 1 2 3; do
  # timeout signals its whole process group: Xvfb and GTKWave go with it.
  timeout -k 5 "$timeout_s" xvfb-run -a -s "-screen 0 1920x2400x24" \
    gtkwave --rcvar 'hide_sst on' --rcvar 'splash_disable on' -S "$here/wave-png.tcl" \
    "$trace" ${gtkw:+"$gtkw"} >"$tmp/gtkwave.log" 2>&1
  rc=$?
  grep -q "Xvfb failed to start" "$tmp/gtkwave.log" || break
  sleep "$attempt"
done
if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
  echo "wave-png: GTKWave did not finish within ${timeout_s} s" >&2
  exit 1
fi
if [ ! -s "$out" ]; then
  echo "wave-png: GTKWave wrote no PNG (exit $rc); its log:" >&2
  sed 's/^/  /' "$tmp/gtkwave.log" >&2
  exit 1
fi
window=${from:+, ${from}..${to} ns}
release=${mark_a:+, first release ${mark_a}..${mark_b} ns}
echo "wave-png: wrote $out (view ${gtkw_shown:-all pp_top ports}${window}${release})"
