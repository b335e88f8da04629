#include "check_trace.h"

#include <memory>
#include <utility>
#include <vector>

#include "resolve.h"
#include "scopes.h"
#include "trace_reader.h"

namespace ppcosim::wavecheck {
namespace {

using traces::ChangeSink;
using traces::DetectTraceFormat;
using traces::HasScope;
using traces::ListScopes;
using traces::MakeTraceReader;
using traces::ReadStatus;
using traces::TraceFormat;
using traces::TraceReader;

// Slots index the selection: one variable per Signal present in the trace, in Signal order.
class CheckerSink : public ChangeSink {
 public:
  CheckerSink(ReleaseChecker* checker, std::vector<Signal> slots)
      : checker_(checker), slots_(std::move(slots)) {}
  void OnChange(uint64_t time_ps, size_t slot, Value value) override {
    checker_->Change(time_ps, slots_[slot], value);
  }

 private:
  ReleaseChecker* checker_;
  std::vector<Signal> slots_;
};

TraceCheckStatus FromRead(ReadStatus s) {
  switch (s) {
    case ReadStatus::kCannotOpen:
      return TraceCheckStatus::kCannotOpen;
    case ReadStatus::kLibraryFailed:
      return TraceCheckStatus::kLibraryFailed;
    case ReadStatus::kOk:
    case ReadStatus::kBadFormat:
      break;
  }
  return TraceCheckStatus::kBadFormat;
}

// Enough to recognise the trace by, without flooding the terminal with a large design's.
constexpr size_t kScopesListed = 6;

}  // namespace

TraceCheckStatus CheckTrace(const std::string& path, const std::string& scope,
                            ReleaseChecker* checker, SignalTable* table, std::string* error) {
  const TraceFormat format = DetectTraceFormat(path);
  std::unique_ptr<TraceReader> reader = MakeTraceReader(format);
  if (!reader) {
    *error = "not an FST or VCD file (or unreadable)";
    return TraceCheckStatus::kBadFormat;
  }
  ReadStatus read = reader->Open(path);
  if (read != ReadStatus::kOk) {
    *error = reader->error();
    return FromRead(read);
  }
  if (!scope.empty() && !HasScope(reader->vars(), scope)) {
    *error = "no scope '" + scope + "' in this trace (its scopes: " +
             ListScopes(reader->vars(), kScopesListed) + ")";
    return TraceCheckStatus::kNoScope;
  }
  const std::string& port_scope = scope.empty() ? kDefaultScope : scope;
  Resolution res;
  switch (ResolveSignals(reader->vars(), port_scope, &res)) {
    case ResolveStatus::kOk:
      break;
    case ResolveStatus::kMissing: {
      std::string names;
      for (Signal s : res.missing) {
        names += (names.empty() ? "" : ", ") + port_scope + "." + PortName(s);
      }
      *error = "missing signal" + std::string(res.missing.size() > 1 ? "s " : " ") + names +
               " (not found under any scope)";
      return TraceCheckStatus::kMissingSignals;
    }
    case ResolveStatus::kTooWide:
      *error = res.table[Index(res.too_wide)].name + " is " +
               std::to_string(res.table[Index(res.too_wide)].width) +
               " bits wide; wavecheck reads at most 64";
      return TraceCheckStatus::kBadFormat;
  }
  *table = res.table;
  std::vector<size_t> selected;
  std::vector<Signal> slots;
  for (size_t s = 0; s < kSignalCount; ++s) {
    if (!res.present[s]) continue;
    selected.push_back(res.var_index[s]);
    slots.push_back(static_cast<Signal>(s));
  }
  CheckerSink sink(checker, std::move(slots));
  read = reader->Stream(selected, sink);
  if (read != ReadStatus::kOk) {
    *error = reader->error();
    return FromRead(read);
  }
  if (checker->config().require_complete && !reader->complete(error)) {
    return TraceCheckStatus::kNotComplete;
  }
  checker->Finish(reader->end_time_ps());
  return TraceCheckStatus::kOk;
}

}  // namespace ppcosim::wavecheck
