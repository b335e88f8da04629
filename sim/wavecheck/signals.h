// The pp_top ports wavecheck reads.
#ifndef PPCOSIM_SIM_WAVECHECK_SIGNALS_H_
#define PPCOSIM_SIM_WAVECHECK_SIGNALS_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include "value.h"

namespace ppcosim::wavecheck {

enum class Signal : uint8_t {
  kClk,
  kRstN,
  kReleasing,
  kGrant,
  kNStrobe,
  kNAutoFd,
  kNInit,
  kNSelectIn,
  kPdOe,
  kNAck,    // the peripheral's answer to the IEEE 1284 termination
  kPError,  // nAckReverse in ECP: its answer to the reverse-to-forward request (Event 49)
};
inline constexpr size_t kSignalCount = 11;

inline constexpr size_t Index(Signal s) { return static_cast<size_t>(s); }

// A port a trace may lack (hand-written traces, traces from before the IEEE 1284 modes): it
// stays unknown, and the checks that need it are not made.
inline constexpr bool IsOptional(Signal s) { return s == Signal::kNAck || s == Signal::kPError; }

// The checker keeps each port's value as the trace readers deliver it.
using traces::KnownValue;
using traces::Value;

// Port name inside pp_top, e.g. "releasing_o" (from pp_top_signals.h).
const char* PortName(Signal s);

// Hierarchical names and widths of the resolved signals, for messages.
struct SignalInfo {
  std::string name;
  uint32_t width = 1;
};
using SignalTable = std::array<SignalInfo, kSignalCount>;

// Every port where a trace of the harness has it ("TOP.pp_top.grant_o"), with its width in a
// pp_top of `num_clients` clients.
SignalTable DefaultSignalTable(uint32_t num_clients = 4);

}  // namespace ppcosim::wavecheck

#endif  // PPCOSIM_SIM_WAVECHECK_SIGNALS_H_
