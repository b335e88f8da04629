// Directed co-simulation scripts: one operation per line. The format is documented in
// docs/script-format.md.
#ifndef PPCOSIM_SIM_SCRIPT_H_
#define PPCOSIM_SIM_SCRIPT_H_

#include <istream>
#include <string>
#include <vector>

#include "op.h"

namespace ppcosim {

struct ScriptError {
  int line;
  std::string message;
};

// Parses a whole script; stops at the first malformed line. `num_clients` bounds "cN".
bool ParseScript(std::istream& in, int num_clients, std::vector<Op>* ops, ScriptError* error);

}  // namespace ppcosim

#endif  // PPCOSIM_SIM_SCRIPT_H_
