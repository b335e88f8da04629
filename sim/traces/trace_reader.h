// A waveform file as a list of variables and a time-ordered stream of their value changes.
#ifndef PPCOSIM_SIM_TRACES_TRACE_READER_H_
#define PPCOSIM_SIM_TRACES_TRACE_READER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "value.h"

namespace ppcosim::traces {

enum class ReadStatus : uint8_t {
  kOk,
  kCannotOpen,  // missing or unreadable file
  kBadFormat,   // not a waveform of that kind, truncated, or garbled
  // The format library died reading the file (killed by a signal). Not called an input error:
  // a crash is reported as what it is.
  kLibraryFailed,
};

struct TraceVar {
  std::string name;  // dot-separated scopes and name, without bit range: "TOP.pp_top.grant_o"
  uint32_t width = 1;
  uint32_t id = 0;  // the reader's handle; aliases of one net share it
};

class ChangeSink {
 public:
  virtual ~ChangeSink() = default;
  // `slot` indexes the selection passed to Stream(). Called in non-decreasing time order.
  virtual void OnChange(uint64_t time_ps, size_t slot, Value value) = 0;
};

class TraceReader {
 public:
  virtual ~TraceReader() = default;
  // Reads the header (timescale, scopes, variables).
  virtual ReadStatus Open(const std::string& path) = 0;
  virtual const std::vector<TraceVar>& vars() const = 0;
  // Streams the value changes of the selected vars (indexes into vars()), times in ps.
  virtual ReadStatus Stream(const std::vector<size_t>& selected, ChangeSink& sink) = 0;
  // The last time in the trace, in ps (valid after Stream()).
  virtual uint64_t end_time_ps() const = 0;
  // What went wrong, for a person: "line 12: expected a value change, found 'foo'".
  virtual const std::string& error() const = 0;
  // After Stream(): whether the file shows that it ends where its writer ended it, rather than
  // possibly cut short. If not, `why` says where it ends and what is missing.
  virtual bool complete(std::string* why) const = 0;
};

enum class TraceFormat : uint8_t { kUnknown, kFst, kVcd };

// By extension (.fst, .vcd); otherwise by the first bytes of the file.
TraceFormat DetectTraceFormat(const std::string& path);
std::unique_ptr<TraceReader> MakeTraceReader(TraceFormat format);

// Multiplier and divisor that turn trace ticks of 10^exponent s (times `magnitude`) into ps.
struct TickScale {
  uint64_t mul = 1;
  uint64_t div = 1;
  uint64_t ToPs(uint64_t ticks) const { return ticks * mul / div; }
};
// False when the timescale is outside 1 s .. 1 fs.
bool MakeTickScale(int exponent, uint64_t magnitude, TickScale* scale);

}  // namespace ppcosim::traces

#endif  // PPCOSIM_SIM_TRACES_TRACE_READER_H_
