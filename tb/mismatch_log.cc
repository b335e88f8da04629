#include "mismatch_log.h"

namespace ppcosim {

std::string Hex(uint32_t value, int min_digits) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string digits;
  for (; value != 0 || static_cast<int>(digits.size()) < min_digits; value >>= 4) {
    digits.insert(digits.begin(), kDigits[value & 0xf]);
  }
  return "0x" + digits;
}

}  // namespace ppcosim
