#include "trace_widths.h"

#include <memory>

namespace ppcosim {

traces::ReadStatus ReadTraceWidths(const std::string& trace,
                                   std::map<std::string, uint32_t>* widths, std::string* error) {
  std::unique_ptr<traces::TraceReader> reader =
      traces::MakeTraceReader(traces::DetectTraceFormat(trace));
  if (!reader) {
    *error = "not an FST or VCD file (or unreadable)";
    return traces::ReadStatus::kBadFormat;
  }
  const traces::ReadStatus opened = reader->Open(trace);
  if (opened != traces::ReadStatus::kOk) {
    *error = reader->error();
    return opened;
  }
  for (const traces::TraceVar& var : reader->vars()) widths->emplace(var.name, var.width);
  return traces::ReadStatus::kOk;
}

}  // namespace ppcosim
