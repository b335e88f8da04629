#include "signals.h"

namespace ppcosim::wavecheck {

const char* PortName(Signal s) {
  switch (s) {
    case Signal::kClk:
      return "clk_i";
    case Signal::kRstN:
      return "rst_ni";
    case Signal::kReleasing:
      return "releasing_o";
    case Signal::kGrant:
      return "grant_o";
    case Signal::kNStrobe:
      return "nstrobe_o";
    case Signal::kNAutoFd:
      return "nautofd_o";
    case Signal::kNInit:
      return "ninit_o";
    case Signal::kNSelectIn:
      return "nselectin_o";
    case Signal::kPdOe:
      return "pd_oe_o";
  }
  return "?";
}

SignalTable DefaultSignalTable(uint32_t num_clients) {
  SignalTable table;
  for (size_t i = 0; i < kSignalCount; ++i) {
    table[i].name = std::string("TOP.pp_top.") + PortName(static_cast<Signal>(i));
    table[i].width = 1;
  }
  table[Index(Signal::kGrant)].width = num_clients;
  return table;
}

}  // namespace ppcosim::wavecheck
