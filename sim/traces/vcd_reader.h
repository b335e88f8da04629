// A streaming VCD (IEEE 1364 value change dump) reader: one pass, a fixed buffer, no
// allocation per value change.
//
// A file cut short is refused wherever the cut shows: inside the header, or anywhere but
// exactly at the end of a line (the last line then has no newline). A cut at a line boundary
// leaves a well-formed, shorter VCD; only a writer's end mark tells the two apart, which
// complete() reports: the last timestamp written once more after its changes ("#T" again).
#ifndef PPCOSIM_SIM_TRACES_VCD_READER_H_
#define PPCOSIM_SIM_TRACES_VCD_READER_H_

#include <cstdio>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "trace_reader.h"

namespace ppcosim::traces {

class VcdReader : public TraceReader {
 public:
  VcdReader();
  ~VcdReader() override;
  VcdReader(const VcdReader&) = delete;
  VcdReader& operator=(const VcdReader&) = delete;

  ReadStatus Open(const std::string& path) override;
  const std::vector<TraceVar>& vars() const override { return vars_; }
  ReadStatus Stream(const std::vector<size_t>& selected, ChangeSink& sink) override;
  uint64_t end_time_ps() const override { return end_ps_; }
  const std::string& error() const override { return error_; }
  bool complete(std::string* why) const override;

 private:
  enum class Token : uint8_t { kOk, kEof, kTooLong };
  Token Next(std::string_view* token);
  size_t Fill(size_t offset);
  ReadStatus Fail(const std::string& what);
  // The file ends before `what` is whole: names its last line.
  ReadStatus Truncated(const std::string& what);
  uint64_t last_line() const { return last_byte_ == '\n' ? line_ - 1 : line_; }
  ReadStatus ParseHeader();
  // Reads the tokens up to "$end" of a header command.
  Token CollectToEnd(std::vector<std::string>* tokens);
  bool ParseTimescale(const std::vector<std::string>& tokens);
  bool LookUpCode(std::string_view code, uint32_t* id);

  // Where a stream is in time: the current timestamp, and the last one with a value change.
  struct StreamTime {
    uint64_t now_ps = 0;
    bool any_change = false;
    uint64_t last_change_ps = 0;
  };
  // A value change's variable and its value's text (none for a real or a string).
  struct ValueChange {
    uint32_t id = 0;
    const char* bits = nullptr;
    size_t len = 0;
  };
  // "#T": moves the stream to T, which may not be before the current time.
  ReadStatus ReadTimestamp(std::string_view token, StreamTime* time);
  // A value change starting with `token` (a vector's value reads its code from the next token).
  ReadStatus ReadChange(std::string_view token, ValueChange* change);

  FILE* file_ = nullptr;
  std::vector<char> buffer_;
  size_t pos_ = 0;
  size_t len_ = 0;
  bool eof_ = false;
  uint64_t line_ = 1;
  uint64_t bytes_read_ = 0;
  char last_byte_ = '\n';
  // The last thing in the file so far is a timestamp repeating the time of the last change.
  bool end_marked_ = false;

  std::vector<TraceVar> vars_;
  std::unordered_map<std::string, uint32_t> id_by_code_;
  std::vector<uint32_t> width_by_id_;
  std::string code_key_;  // reused lookup key
  std::string bits_;      // reused vector value
  TickScale scale_;
  uint64_t end_ps_ = 0;
  std::string error_;
};

}  // namespace ppcosim::traces

#endif  // PPCOSIM_SIM_TRACES_VCD_READER_H_
