#include "signals.h"

#include <array>

#include "pp_top_signals.h"

namespace ppcosim::wavecheck {
namespace {

// Each checked port as pp_top's signal table names it, in Signal's order.
constexpr std::array<TopSignal, kSignalCount> kPorts = {
    TopSignal::kClk,         TopSignal::kRstN,    TopSignal::kReleasing, TopSignal::kGrant,
    TopSignal::kNStrobe,     TopSignal::kNAutoFd, TopSignal::kNInit,     TopSignal::kNSelectIn,
    TopSignal::kPdOutEnable, TopSignal::kNAck,    TopSignal::kPError};

}  // namespace

const char* PortName(Signal s) { return TopSignalPath(kPorts[Index(s)]); }

SignalTable DefaultSignalTable(uint32_t num_clients) {
  SignalTable table;
  for (size_t i = 0; i < kSignalCount; ++i) {
    table[i].name = TopScopeInTrace() + "." + PortName(static_cast<Signal>(i));
    table[i].width = TopSignalWidth(kPorts[i], num_clients);
  }
  return table;
}

}  // namespace ppcosim::wavecheck
