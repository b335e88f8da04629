// Finds the checked pp_top ports among a trace's variables.
#ifndef PPCOSIM_SIM_WAVECHECK_RESOLVE_H_
#define PPCOSIM_SIM_WAVECHECK_RESOLVE_H_

#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "signals.h"
#include "trace_reader.h"

namespace ppcosim::wavecheck {

enum class ResolveStatus : uint8_t { kOk, kMissing, kTooWide };

struct Resolution {
  std::array<size_t, kSignalCount> var_index{};  // into the reader's vars()
  std::array<bool, kSignalCount> present{};      // false: an optional port not in the trace
  SignalTable table;                             // resolved names and widths
  std::vector<Signal> missing;                   // kMissing: every port not found
  Signal too_wide = Signal::kGrant;              // kTooWide: the port wider than 64 bits
};

// A port matches "<scope>.<port>" as whole path components (Verilator's FST has both
// TOP.<port> and TOP.pp_top.<port>; the module's own scope wins). Without such a name, a bare
// "<port>" at any depth is taken. Among equals the shortest path wins. A missing optional port
// (IsOptional) is not an error: it is left out of `present` and named as the scope would have it.
ResolveStatus ResolveSignals(const std::vector<traces::TraceVar>& vars, const std::string& scope,
                             Resolution* out);

}  // namespace ppcosim::wavecheck

#endif  // PPCOSIM_SIM_WAVECHECK_RESOLVE_H_
