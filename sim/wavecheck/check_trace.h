// Joins a trace reader to the release checker: open, find the ports, stream, finish.
#ifndef PPCOSIM_SIM_WAVECHECK_CHECK_TRACE_H_
#define PPCOSIM_SIM_WAVECHECK_CHECK_TRACE_H_

#include <string>

#include "pp_top_signals.h"
#include "release_checker.h"
#include "signals.h"

namespace ppcosim::wavecheck {

enum class TraceCheckStatus : uint8_t {
  kOk,              // the checker saw the whole trace
  kCannotOpen,      // missing or unreadable file
  kBadFormat,       // not FST/VCD, truncated or garbled
  kMissingSignals,  // a checked port is not in the trace
  kNoScope,         // the scope asked for is not in the trace
  kNotComplete,     // require_complete, and the trace does not show its end
  kLibraryFailed,   // the FST library died reading it: an internal error, not an input error
};

inline constexpr const char* kDefaultScope = kTopModule;

// `scope` empty: the ports of kDefaultScope, or else bare port names at any depth; otherwise
// the ports under `scope`, which must be a scope of the trace. With the checker's
// require_complete, a trace that may have been cut short is kNotComplete.
// On anything but kOk, `error` says what went wrong (naming a missing port in full).
TraceCheckStatus CheckTrace(const std::string& path, const std::string& scope,
                            ReleaseChecker* checker, SignalTable* table, std::string* error);

}  // namespace ppcosim::wavecheck

#endif  // PPCOSIM_SIM_WAVECHECK_CHECK_TRACE_H_
