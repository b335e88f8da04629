#!/usr/bin/env bash
# Installs the Debian packages ppcosim needs, and only those that are missing.
# Safe to run again: with everything present it does nothing and says so.
set -euo pipefail

# Required: the build and test tool chain.
required=(
  build-essential cmake make pkg-config python3
  verilator libsystemc-dev libgtest-dev libgmock-dev zlib1g-dev
)
# Waveform viewing and headless rendering (make wave, make wave-png), synthesis (make synth),
# the second simulator (the rtl.icarus.smoke tests), a compiler cache that makes rebuilds fast,
# and lcov's genhtml for the coverage report.
# make formal: Yosys's yosys-smtbmc with z3 (a current z3 comes from PyPI, below).
# make fpga: the open iCE40 flow (nextpnr-ice40; icepack from fpga-icestorm).
extras=(gtkwave xvfb xauth yosys iverilog ccache lcov z3 python3-venv nextpnr-ice40 fpga-icestorm)

missing=()
for pkg in "${required[@]}" "${extras[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

# Debian 12's z3 (4.8.12) spends minutes parsing the definitions yosys-smtbmc sends: make formal
# uses z3 4.9 or newer from PyPI's z3-solver, in its own virtual environment.
formal_venv="${PP_FORMAL_VENV:-$HOME/.local/share/ppcosim/formal-venv}"
install_formal_z3() {
  if [ -x "$formal_venv/bin/z3" ]; then
    return 0
  fi
  echo "install-deps: installing z3-solver into $formal_venv"
  if ! { python3 -m venv "$formal_venv" && "$formal_venv/bin/pip" install -q z3-solver; }; then
    echo "install-deps: could not install z3-solver into $formal_venv (make formal needs it)" >&2
  fi
  return 0
}

if [ ${#missing[@]} -eq 0 ]; then
  install_formal_z3
  echo "install-deps: all dependencies present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-deps: apt-get not found; this script supports Debian and Ubuntu." >&2
  echo "install-deps: install these packages with your package manager: ${missing[*]}" >&2
  exit 1
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo_cmd=(sudo)
  else
    echo "install-deps: not root and no sudo; as root run:" >&2
    echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
if ! "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
  echo "install-deps: apt-get could not install: ${missing[*]}" >&2
  echo "install-deps: check the package sources (Debian 12 or Ubuntu 22.04 or newer) and retry." >&2
  exit 1
fi
install_formal_z3
echo "install-deps: done"
