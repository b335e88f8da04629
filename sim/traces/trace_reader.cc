#include "trace_reader.h"

#include <cstdio>

#include "fst_reader.h"
#include "vcd_reader.h"

namespace ppcosim::traces {
namespace {

bool EndsWith(const std::string& s, const char* suffix) {
  const std::string x(suffix);
  return s.size() >= x.size() && s.compare(s.size() - x.size(), x.size(), x) == 0;
}

}  // namespace

TraceFormat DetectTraceFormat(const std::string& path) {
  if (EndsWith(path, ".fst")) return TraceFormat::kFst;
  if (EndsWith(path, ".vcd")) return TraceFormat::kVcd;
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return TraceFormat::kUnknown;
  unsigned char head[64];
  const size_t n = std::fread(head, 1, sizeof(head), f);
  std::fclose(f);
  // An FST starts with its header block: type byte 0, then a 64-bit big-endian length.
  if (n >= 9 && head[0] == 0) return TraceFormat::kFst;
  for (size_t i = 0; i < n; ++i) {
    const unsigned char c = head[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    return c == '$' ? TraceFormat::kVcd : TraceFormat::kUnknown;
  }
  return TraceFormat::kUnknown;
}

std::unique_ptr<TraceReader> MakeTraceReader(TraceFormat format) {
  switch (format) {
    case TraceFormat::kFst:
      return std::make_unique<FstReader>();
    case TraceFormat::kVcd:
      return std::make_unique<VcdReader>();
    case TraceFormat::kUnknown:
      break;
  }
  return nullptr;
}

bool MakeTickScale(int exponent, uint64_t magnitude, TickScale* scale) {
  if (exponent < -15 || exponent > 0 || magnitude == 0) return false;
  scale->mul = magnitude;
  scale->div = 1;
  for (int e = exponent; e > -12; --e) scale->mul *= 10;
  for (int e = exponent; e < -12; ++e) scale->div *= 10;
  return true;
}

}  // namespace ppcosim::traces
