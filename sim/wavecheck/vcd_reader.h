// A streaming VCD (IEEE 1364 value change dump) reader: one pass, a fixed buffer, no
// allocation per value change.
#ifndef PPCOSIM_SIM_WAVECHECK_VCD_READER_H_
#define PPCOSIM_SIM_WAVECHECK_VCD_READER_H_

#include <cstdio>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "trace_reader.h"

namespace ppcosim::wavecheck {

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

 private:
  enum class Token : uint8_t { kOk, kEof, kTooLong };
  Token Next(std::string_view* token);
  ReadStatus Fail(const std::string& what);
  ReadStatus ParseHeader();
  // Reads the tokens up to "$end" of a header command.
  bool CollectToEnd(std::vector<std::string>* tokens);
  bool ParseTimescale(const std::vector<std::string>& tokens);
  bool LookUpCode(std::string_view code, uint32_t* id);

  FILE* file_ = nullptr;
  std::vector<char> buffer_;
  size_t pos_ = 0;
  size_t len_ = 0;
  bool eof_ = false;
  uint64_t line_ = 1;

  std::vector<TraceVar> vars_;
  std::unordered_map<std::string, uint32_t> id_by_code_;
  std::vector<uint32_t> width_by_id_;
  std::string code_key_;  // reused lookup key
  std::string bits_;      // reused vector value
  TickScale scale_;
  uint64_t end_ps_ = 0;
  std::string error_;
};

}  // namespace ppcosim::wavecheck

#endif  // PPCOSIM_SIM_WAVECHECK_VCD_READER_H_
