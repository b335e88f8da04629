// A traced variable's value as the readers deliver it: up to 64 bits, each known or not.
#ifndef PPCOSIM_SIM_TRACES_VALUE_H_
#define PPCOSIM_SIM_TRACES_VALUE_H_

#include <cstddef>
#include <cstdint>

namespace ppcosim::traces {

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

}  // namespace ppcosim::traces

#endif  // PPCOSIM_SIM_TRACES_VALUE_H_
