#!/usr/bin/env bash
# Runs a command and passes only if it exits with the given status (and printed PATTERN, if given).
# usage: expect-exit.sh STATUS [--match PATTERN] -- COMMAND...
set -u
want=$1; shift
pattern=""
if [ "${1:-}" = "--match" ]; then pattern=$2; shift 2; fi
[ "${1:-}" = "--" ] && shift
out=$("$@" 2>&1); got=$?
printf '%s\n' "$out" | tail -n 40
if [ "$got" -ne "$want" ]; then
  echo "expect-exit: '$*' exited $got, expected $want" >&2
  exit 1
fi
if [ -n "$pattern" ] && ! printf '%s\n' "$out" | grep -q -- "$pattern"; then
  echo "expect-exit: output does not contain '$pattern'" >&2
  exit 1
fi
exit 0
