// The one number syntax of ppcosim's command line and scripts (and wavecheck's options):
// decimal, or hexadecimal after "0x". A decimal number with a leading zero is refused: C reads
// "010" as 8 and people read it as 10, so neither guess is safe.
#ifndef PPCOSIM_SIM_NUMBER_PARSE_H_
#define PPCOSIM_SIM_NUMBER_PARSE_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace ppcosim {

enum class NumberStatus : uint8_t {
  kOk,
  kNotANumber,   // empty, a sign, a blank, a stray character
  kLeadingZero,  // "010", "00"
  kOutOfRange,   // below `min`, above `max`, or beyond 64 bits
};

// `text` is the whole number: nothing before or after it is skipped.
NumberStatus ParseNumber(std::string_view text, uint64_t min, uint64_t max, uint64_t* value);

// What to add to a message about a number that did not parse: for a leading zero, why it is
// refused; otherwise nothing.
std::string NumberHint(NumberStatus status);

}  // namespace ppcosim

#endif  // PPCOSIM_SIM_NUMBER_PARSE_H_
