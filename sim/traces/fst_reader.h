// Reads FST, GTKWave's compressed waveform format that Verilator writes, through fstapi.
// fstapi trusts its input, so Open() refuses a file cut short by its block chain, and Open()
// and Stream() each make their fstapi calls in a child process before this one: a file fstapi
// cannot decode is kBadFormat, and fstapi dying on it is kLibraryFailed, never a crash of the
// caller.
#ifndef PPCOSIM_SIM_TRACES_FST_READER_H_
#define PPCOSIM_SIM_TRACES_FST_READER_H_

#include <functional>
#include <string>
#include <vector>

#include "trace_reader.h"

namespace ppcosim::traces {

class FstReader : public TraceReader {
 public:
  FstReader() = default;
  ~FstReader() override;
  FstReader(const FstReader&) = delete;
  FstReader& operator=(const FstReader&) = delete;

  ReadStatus Open(const std::string& path) override;
  const std::vector<TraceVar>& vars() const override { return vars_; }
  ReadStatus Stream(const std::vector<size_t>& selected, ChangeSink& sink) override;
  uint64_t end_time_ps() const override { return end_ps_; }
  const std::string& error() const override { return error_; }
  // A file cut short is refused by Open(): its block chain shows it.
  bool complete(std::string* /*why*/) const override { return true; }

 private:
  // Runs `read` on a fresh reader in a child process: kOk when it read cleanly there, else
  // what went wrong, with *error saying it.
  static ReadStatus TryInChild(const std::function<ReadStatus(FstReader&)>& read,
                               std::string* error);
  // Open() and Stream() in this process.
  ReadStatus OpenHere(const std::string& path);
  ReadStatus StreamHere(const std::vector<size_t>& selected, ChangeSink& sink);
  static void OnValue(void* self, uint64_t time, uint32_t handle, const unsigned char* value);
  static void OnVarLengthValue(void* self, uint64_t time, uint32_t handle,
                               const unsigned char* value, uint32_t len);

  void* ctx_ = nullptr;
  std::string path_;
  std::vector<TraceVar> vars_;
  std::vector<uint32_t> width_by_handle_;
  TickScale scale_;
  uint64_t end_ps_ = 0;
  std::string error_;

  // Valid during Stream(): handle -> first slot, slot -> next slot of the same handle.
  std::vector<int32_t> head_;
  std::vector<int32_t> next_;
  ChangeSink* sink_ = nullptr;
};

}  // namespace ppcosim::traces

#endif  // PPCOSIM_SIM_TRACES_FST_READER_H_
