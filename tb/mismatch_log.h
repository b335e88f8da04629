// Every disagreement a checker finds, in the order found: what kind, where (cycle, script
// line, client) and what, for a person. The checkers all report here.
#ifndef PPCOSIM_TB_MISMATCH_LOG_H_
#define PPCOSIM_TB_MISMATCH_LOG_H_

#include <cstdint>
#include <string>
#include <vector>

namespace ppcosim {

enum class MismatchKind : uint8_t {
  kAnswer,        // the model and the RTL answered an operation differently
  kExpectation,   // a script's "=> value" was not met
  kOwner,         // grant_o names another owner than the model
  kByte,          // the peripheral latched another byte than the owner wrote
  kUndrivenByte,  // a byte was strobed while the data lines were not driven
  kDropCount,     // ARB_DROPPED disagrees with the bytes that never arrived
  kProtocol,      // pin timing or drive violation, or an RTL assertion
  kRequestEnd,    // a request ended twice or never
  kWatchdog,      // an operation, or the wait between two, ran past --max-cycles
  kIeee1284,      // what the driver read or did in an IEEE 1284 mode is not what the
                  // peripheral sent or saw, or the peripheral was not in compatibility mode
};

struct Mismatch {
  MismatchKind kind;
  uint64_t cycle;
  int line;      // script line, 0 for random operations
  int client;
  std::string text;
};

class MismatchLog {
 public:
  // `line` 0: the script line in progress, if any (what happens during a line is its doing).
  void Report(MismatchKind kind, uint64_t cycle, int line, int client, std::string text) {
    if (mismatches_.size() == kKept) {
      ++not_kept_;
      return;
    }
    mismatches_.push_back({kind, cycle, line != 0 ? line : script_line_, client, std::move(text)});
  }
  void set_script_line(int line) { script_line_ = line; }
  // The first kKept reports; not_kept() counts the rest.
  const std::vector<Mismatch>& mismatches() const { return mismatches_; }
  uint64_t not_kept() const { return not_kept_; }

  static constexpr size_t kKept = 100;

 private:
  std::vector<Mismatch> mismatches_;
  uint64_t not_kept_ = 0;
  int script_line_ = 0;
};

// `value` in hex with at least `min_digits` digits, as printf's "0x%0*x": "0x41", "0x2".
std::string Hex(uint32_t value, int min_digits = 2);

}  // namespace ppcosim

#endif  // PPCOSIM_TB_MISMATCH_LOG_H_
