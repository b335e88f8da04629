#include "value.h"

namespace ppcosim::traces {

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

}  // namespace ppcosim::traces
