#include "resolve.h"

#include "scopes.h"

namespace ppcosim::wavecheck {

using traces::EndsWithComponents;
using traces::TraceVar;

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
    out->present[s] = best != vars.size();
    if (!out->present[s]) {
      if (IsOptional(static_cast<Signal>(s))) {
        out->table[s] = {scoped, 1};
      } else {
        out->missing.push_back(static_cast<Signal>(s));
      }
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
