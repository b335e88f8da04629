#include "scopes.h"

namespace ppcosim::traces {
namespace {

// Calls `visit` with every enclosing scope of every variable, outermost first; stops when it
// returns true.
template <typename Visit>
void ForEachScope(const std::vector<TraceVar>& vars, Visit visit) {
  for (const TraceVar& var : vars) {
    for (size_t dot = var.name.find('.'); dot != std::string::npos;
         dot = var.name.find('.', dot + 1)) {
      if (visit(var.name.substr(0, dot))) return;
    }
  }
}

}  // namespace

bool EndsWithComponents(const std::string& name, const std::string& path) {
  if (name.size() < path.size()) return false;
  if (name.compare(name.size() - path.size(), path.size(), path) != 0) return false;
  return name.size() == path.size() || name[name.size() - path.size() - 1] == '.';
}

bool HasScope(const std::vector<TraceVar>& vars, const std::string& scope) {
  bool found = false;
  ForEachScope(vars, [&](const std::string& path) {
    found = EndsWithComponents(path, scope);
    return found;
  });
  return found;
}

std::string ListScopes(const std::vector<TraceVar>& vars, size_t limit) {
  std::vector<std::string> seen;
  bool more = false;
  ForEachScope(vars, [&](const std::string& path) {
    for (const std::string& s : seen) {
      if (s == path) return false;
    }
    if (seen.size() == limit) {
      more = true;
      return true;
    }
    seen.push_back(path);
    return false;
  });
  std::string list;
  for (const std::string& s : seen) list += (list.empty() ? "" : ", ") + s;
  if (more) list += ", ...";
  return list.empty() ? "none" : list;
}

}  // namespace ppcosim::traces
