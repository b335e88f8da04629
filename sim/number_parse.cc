#include "number_parse.h"

namespace ppcosim {
namespace {

int DigitValue(char c, uint64_t base) {
  int v = -1;
  if (c >= '0' && c <= '9') {
    v = c - '0';
  } else if (c >= 'a' && c <= 'f') {
    v = c - 'a' + 10;
  } else if (c >= 'A' && c <= 'F') {
    v = c - 'A' + 10;
  }
  return v >= 0 && static_cast<uint64_t>(v) < base ? v : -1;
}

}  // namespace

NumberStatus ParseNumber(std::string_view text, uint64_t min, uint64_t max, uint64_t* value) {
  uint64_t base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    text.remove_prefix(2);
  }
  if (text.empty()) return NumberStatus::kNotANumber;
  uint64_t v = 0;
  bool overflow = false;
  for (char c : text) {
    const int digit = DigitValue(c, base);
    if (digit < 0) return NumberStatus::kNotANumber;
    if (v > (UINT64_MAX - static_cast<uint64_t>(digit)) / base) overflow = true;
    v = v * base + static_cast<uint64_t>(digit);
  }
  if (base == 10 && text.size() > 1 && text[0] == '0') return NumberStatus::kLeadingZero;
  if (overflow || v < min || v > max) return NumberStatus::kOutOfRange;
  *value = v;
  return NumberStatus::kOk;
}

std::string NumberHint(NumberStatus status) {
  return status == NumberStatus::kLeadingZero
             ? " (a leading zero is not allowed: numbers are decimal, or hex after 0x)"
             : "";
}

}  // namespace ppcosim
