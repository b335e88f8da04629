// The files the tools write. Before a run, CheckOutputs refuses an output that is an input,
// another output, or something that is not ours to replace (a device, a directory, a symbolic
// link). While a run writes, each output lives beside its target under a temporary name and is
// renamed into place only when complete, so a target holds either what it held before or the
// whole new file. Every write and the close are checked.
#ifndef PPCOSIM_SIM_OUTPUT_FILES_H_
#define PPCOSIM_SIM_OUTPUT_FILES_H_

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace ppcosim {

// A path a tool reads or writes, with what named it ("--json") for messages.
struct NamedPath {
  std::string role;
  std::string path;
};

enum class OutputProblem : uint8_t {
  kNone,
  kIsInput,         // the output is one of the inputs
  kSameAsOutput,    // two outputs are one file
  kDirectory,       // the target exists and is a directory
  kNotRegularFile,  // the target exists and is a device, FIFO or socket
  kSymlink,         // the target is a symbolic link: what it points to is not ours
};

struct OutputCheck {
  OutputProblem problem = OutputProblem::kNone;
  size_t output = 0;  // index into the outputs
  size_t other = 0;   // index into the inputs (kIsInput) or the outputs (kSameAsOutput)
};

// True when `a` and `b` name one file: the same path once absolute and normal (with the
// symbolic links of the existing part resolved), or, when both exist, the same device and
// inode (hard links).
bool SameFile(const std::string& a, const std::string& b);

// The first problem with writing `outputs`, in their order; kNone when all may be written.
OutputCheck CheckOutputs(const std::vector<NamedPath>& inputs,
                         const std::vector<NamedPath>& outputs);
// "--json 'v.pps' is the same file as --script 'v.pps', an input; refusing to overwrite it"
std::string DescribeOutputCheck(const OutputCheck& check, const std::vector<NamedPath>& inputs,
                                const std::vector<NamedPath>& outputs);

// `text` as one shell word: unchanged when it needs no quoting, else in single quotes.
std::string ShellQuote(const std::string& text);

// A write failing past a file size limit (ulimit -f) raises SIGXFSZ, which kills by default;
// ignored, the write fails with EFBIG and is reported like any other write error. Not while
// fstapi reads a trace: its reader loops forever on a temporary file it could not write.
void IgnoreFileSizeSignal();

// One output: created as ".NAME.XXXXXX" beside the target, renamed over it by Commit().
// Destroying an uncommitted OutputFile removes the temporary.
class OutputFile {
 public:
  explicit OutputFile(std::string target);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // Creates the temporary; false with *error "cannot write 'TARGET': REASON".
  bool Create(std::string* error);
  const std::string& target() const { return target_; }
  // A writer that takes a path writes here (it may replace the file the temporary is).
  const std::string& temp_path() const { return temp_path_; }
  // A stdio stream onto the temporary, valid from Create() to Commit() or Discard(); the first
  // write error is kept for Commit().
  std::FILE* stream() { return stream_; }
  // Files a writer made beside the temporary, removed with it.
  void AddSideFile(std::string path) { side_files_.push_back(std::move(path)); }
  // Closes the temporary and renames it over the target. False when a write, the close or the
  // rename failed (*error names the target and the reason); the temporary is removed then.
  bool Commit(std::string* error);
  // Removes the temporary and its side files; the target is left as it was.
  void Discard();

 private:
  struct Sink;

  std::string target_;
  std::string temp_path_;
  std::vector<std::string> side_files_;
  std::unique_ptr<Sink> sink_;
  std::FILE* stream_ = nullptr;
  bool committed_ = false;
};

// Writes `text` to `target` through an OutputFile; false with *error as Commit() sets it.
bool WriteWholeFile(const std::string& target, const std::string& text, std::string* error);

// Flushes standard output. False, with *error "cannot write to standard output: REASON", when
// that or an earlier write to it failed: a tool's report is one of its outputs.
bool FlushStdout(std::string* error);

// "cannot write 'PATH': REASON"
std::string CannotWrite(const std::string& path, int error_number);

}  // namespace ppcosim

#endif  // PPCOSIM_SIM_OUTPUT_FILES_H_
