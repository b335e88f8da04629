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

Value ParseBits(const char* text, size_t len, uint32_t width) {
  Value v{0, 0};
  // Fill for the bits the string leaves out.
  bool fill_unknown = false;
  if (len > 0) {
    const char c = text[0];
    fill_unknown = !(c == '0' || c == '1');
  }
  const uint32_t w = width < 64 ? width : 64;
  for (uint32_t bit = 0; bit < w; ++bit) {
    const uint64_t mask = uint64_t{1} << bit;
    if (bit >= len) {
      if (fill_unknown) v.unknown |= mask;
      continue;
    }
    switch (text[len - 1 - bit]) {
      case '0':
        break;
      case '1':
        v.bits |= mask;
        break;
      default:
        v.unknown |= mask;
        break;  // x, z, u, w, -, h, l: not a clean logic level
    }
  }
  return v;
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
