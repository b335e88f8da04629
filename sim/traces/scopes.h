// Scopes of a trace's variables: which ones there are, and whole-component name matching.
#ifndef PPCOSIM_SIM_TRACES_SCOPES_H_
#define PPCOSIM_SIM_TRACES_SCOPES_H_

#include <cstddef>
#include <string>
#include <vector>

#include "trace_reader.h"

namespace ppcosim::traces {

// `name` is `path` or ends with "." + `path`: "TOP.pp_top.grant_o" ends with "pp_top.grant_o"
// but not with "top.grant_o".
bool EndsWithComponents(const std::string& name, const std::string& path);

// Some variable lies under a scope whose dotted path is `scope` or ends with "." + `scope`.
bool HasScope(const std::vector<TraceVar>& vars, const std::string& scope);
// The first `limit` scopes of the trace, in order, comma-separated ("TOP, TOP.pp_top, ...").
std::string ListScopes(const std::vector<TraceVar>& vars, size_t limit);

}  // namespace ppcosim::traces

#endif  // PPCOSIM_SIM_TRACES_SCOPES_H_
