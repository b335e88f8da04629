// Directed co-simulation scripts: one operation per line. The format is documented in
// docs/script-format.md.
#ifndef PPCOSIM_SIM_SCRIPT_H_
#define PPCOSIM_SIM_SCRIPT_H_

#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>
#include <vector>

#include "op.h"

namespace ppcosim {

struct ScriptError {
  int line;
  std::string message;
};

// Reading stays bounded whatever the file is (a device, a pipe): a line that does not end
// within kMaxScriptLineChars, or a script longer than kMaxScriptLines, is refused.
inline constexpr size_t kMaxScriptLineChars = 4096;
inline constexpr int kMaxScriptLines = 1'000'000;

// Parses a whole script; stops at the first malformed line. `num_clients` bounds "cN".
bool ParseScript(std::istream& in, int num_clients, std::vector<Op>* ops, ScriptError* error);

enum class ScriptStatus : uint8_t {
  kOk,
  kCannotRead,  // missing, unreadable, a directory
  kMalformed,   // a line that is not a script line, or too long, or too many
  kEmpty,       // nothing but comments and blank lines
};

// Reads the script at `path`. On anything but kOk, `message` names the file (and the line):
// "rule2.pps:7: unknown operation 'grab'".
ScriptStatus ParseScriptFile(const std::string& path, int num_clients, std::vector<Op>* ops,
                             std::string* message);

}  // namespace ppcosim

#endif  // PPCOSIM_SIM_SCRIPT_H_
