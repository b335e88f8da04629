// The run's waveform file. The harness writes FST (one trace format per verilated build) to a
// temporary beside the target; when the run ends the FST is read back whole and renamed into
// place, or, when the target's name ends in .vcd (any case), converted to VCD with GTKWave's
// FST reader, as fst2vcd does.
#ifndef PPCOSIM_SIM_TRACE_FILE_H_
#define PPCOSIM_SIM_TRACE_FILE_H_

#include <cstdio>
#include <string>

#include "output_files.h"

namespace ppcosim {

// True for "run.vcd", "RUN.VCD".
bool IsVcdName(const std::string& path);

// 0 when the FST at `path` is whole: its blocks run from the header to the end of the file and
// include the hierarchy, which the writer adds last. Otherwise why not, as an errno value.
int FstIncompleteReason(const std::string& path);

// Reads every value of the FST at `fst_path` back, in a child process, and writes it as VCD to
// `vcd` when that is given. False when the FST cannot be read whole: the writer ignores its
// write errors, so a trace that lost data shows only here. Write errors on `vcd` are left on it
// for its owner to report.
bool ReadFstBack(const std::string& fst_path, std::FILE* vcd);

class TraceFile {
 public:
  explicit TraceFile(const std::string& target);

  // Creates the temporary; false with *error "cannot write 'TARGET': REASON".
  bool Create(std::string* error);
  // Where the harness writes its FST.
  const std::string& fst_path() const { return fst_.temp_path(); }
  // After the harness closed the FST: puts the waveform in place, or leaves the target as it
  // was and says why.
  bool Finish(std::string* error);

 private:
  bool vcd_;
  OutputFile fst_;  // the target itself for FST, the intermediate for VCD
  OutputFile vcd_file_;
};

}  // namespace ppcosim

#endif  // PPCOSIM_SIM_TRACE_FILE_H_
