#include "resolve.h"

namespace ppcosim::wavecheck {
namespace {

// `name` is `path` or ends with "." + `path`.
bool EndsWithComponents(const std::string& name, const std::string& path) {
  if (name.size() < path.size()) return false;
  if (name.compare(name.size() - path.size(), path.size(), path) != 0) return false;
  return name.size() == path.size() || name[name.size() - path.size() - 1] == '.';
}

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

ResolveStatus ResolveSignals(const std::vector<TraceVar>& vars, const std::string& scope,
                             Resolution* out) {
  out->missing.clear();
  for (size_t s = 0; s < kSignalCount; ++s) {
    const std::string port = PortName(static_cast<Signal>(s));
    const std::string scoped = scope.empty() ? port : scope + "." + port;
    size_t best = vars.size();
    bool best_scoped = false;
    for (size_t i = 0; i < vars.size(); ++i) {
      const std::string& name = vars[i].name;
      const bool is_scoped = EndsWithComponents(name, scoped);
      if (!is_scoped && (best_scoped || !EndsWithComponents(name, port))) continue;
      if (best == vars.size() || (is_scoped && !best_scoped) ||
          (is_scoped == best_scoped && name.size() < vars[best].name.size())) {
        best = i;
        best_scoped = is_scoped;
      }
    }
    if (best == vars.size()) {
      out->missing.push_back(static_cast<Signal>(s));
      continue;
    }
    out->var_index[s] = best;
    out->table[s] = {vars[best].name, vars[best].width};
  }
  if (!out->missing.empty()) return ResolveStatus::kMissing;
  for (size_t s = 0; s < kSignalCount; ++s) {
    if (out->table[s].width > 64) {
      out->too_wide = static_cast<Signal>(s);
      return ResolveStatus::kTooWide;
    }
  }
  return ResolveStatus::kOk;
}

}  // namespace ppcosim::wavecheck
