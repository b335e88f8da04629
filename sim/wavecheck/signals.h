// The pp_top ports wavecheck reads, and the value type it keeps for each.
#ifndef PPCOSIM_SIM_WAVECHECK_SIGNALS_H_
#define PPCOSIM_SIM_WAVECHECK_SIGNALS_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

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
};
inline constexpr size_t kSignalCount = 9;

inline constexpr size_t Index(Signal s) { return static_cast<size_t>(s); }

// Port name inside pp_top, e.g. "releasing_o".
const char* PortName(Signal s);

// A sampled value: bit i is `bits` bit i unless `unknown` bit i is set (x or z).
struct Value {
  uint64_t bits = 0;
  uint64_t unknown = ~uint64_t{0};

  bool known() const { return unknown == 0; }
  bool Is(uint64_t v) const { return unknown == 0 && bits == v; }
  bool operator==(const Value& o) const { return bits == o.bits && unknown == o.unknown; }
  bool operator!=(const Value& o) const { return !(*this == o); }
};

inline constexpr Value KnownValue(uint64_t v) { return Value{v, 0}; }

// Decodes a VCD/FST value string ("0101", "x", "z1") of a `width`-bit variable, MSB first. A
// shorter string is extended as VCD says: with x/z when its first character is x/z, else 0.
// Bits above 64 are dropped.
Value ParseBits(const char* text, size_t len, uint32_t width);

// Hierarchical names and widths of the resolved signals, for messages.
struct SignalInfo {
  std::string name;
  uint32_t width = 1;
};
using SignalTable = std::array<SignalInfo, kSignalCount>;

// "TOP.pp_top.<port>" for every signal, width 1 except grant_o (`num_clients` bits).
SignalTable DefaultSignalTable(uint32_t num_clients = 4);

}  // namespace ppcosim::wavecheck

#endif  // PPCOSIM_SIM_WAVECHECK_SIGNALS_H_
