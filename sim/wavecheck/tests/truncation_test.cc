// A real VCD, as ppcosim writes it, cut at many byte offsets: a cut never passes as a complete
// trace. A cut inside the header or a line is an input error naming the line where the file
// breaks; a cut at the end of a line reads as a shorter trace, which --require-complete refuses.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "check_trace.h"
#include "report.h"
#include "subprocess.h"
#include "synthetic_trace.h"

namespace ppcosim::wavecheck {
namespace {

using testing::TempPath;
using testing::WriteTempFile;

struct Outcome {
  TraceCheckStatus status;
  std::string error;
  size_t releases = 0;
};

Outcome Check(const std::string& path, bool require_complete) {
  CheckerConfig config;
  config.require_complete = require_complete;
  ReleaseChecker checker(config);
  SignalTable table;
  Outcome out;
  out.status = CheckTrace(path, "", &checker, &table, &out.error);
  out.releases = CompletedReleases(checker);
  return out;
}

// The line a reader stops on in the first `size` bytes: the one the cut is in, or the last
// whole one when the cut is at a line end.
size_t LastLine(const std::string& text, size_t size) {
  const auto newlines = static_cast<size_t>(std::count(text.begin(), text.begin() + size, '\n'));
  return size > 0 && text[size - 1] == '\n' ? newlines : newlines + 1;
}

// ppcosim's trace of a directed run with releases, written as `name` (.vcd or .fst).
std::string RealTrace(const std::string& name) {
  const std::string path = TempPath(name);
  const test_support::CommandResult run = test_support::RunCommand(
      {PPCOSIM_BINARY, "--quiet", "--seed", "1", "--script", PPCOSIM_RELEASE_SCRIPT, "--trace",
       path});
  EXPECT_EQ(run.status, 0) << run.output;
  return test_support::ReadFile(path);
}

const std::string& RealVcd() {
  static const std::string text = RealTrace("real.vcd");
  return text;
}

size_t HeaderEnd(const std::string& vcd) {
  const std::string end = "$enddefinitions $end\n";
  return vcd.find(end) + end.size();
}

TEST(TruncatedVcd, TheWholeMarkedTraceIsComplete) {
  const std::string& vcd = RealVcd();
  ASSERT_GT(vcd.size(), HeaderEnd(vcd) + 1000) << "ppcosim wrote no trace body";
  const Outcome whole = Check(WriteTempFile("whole.vcd", vcd), true);
  EXPECT_EQ(whole.status, TraceCheckStatus::kOk) << whole.error;
  EXPECT_GE(whole.releases, 2u);
}

TEST(TruncatedVcd, WithoutTheEndMarkRequireCompleteRefusesIt) {
  // ppcosim's trace without its last line, the end mark.
  const std::string vcd = RealVcd().substr(0, RealVcd().rfind('#'));
  const std::string path = WriteTempFile("unmarked.vcd", vcd);
  EXPECT_EQ(Check(path, false).status, TraceCheckStatus::kOk);
  const Outcome strict = Check(path, true);
  EXPECT_EQ(strict.status, TraceCheckStatus::kNotComplete);
  EXPECT_EQ(strict.error.rfind("line " + std::to_string(LastLine(vcd, vcd.size())) +
                                   ": no end mark after it",
                               0),
            0u)
      << strict.error;
}

// Writes the first `size` bytes to a file of their own: rewriting one file in place can make
// the file system flush it every time.
std::string WriteCut(const std::string& vcd, size_t size) {
  return WriteTempFile("cut-" + std::to_string(size) + ".vcd", vcd.substr(0, size));
}

// Checks the cut, and removes it.
Outcome CheckCut(const std::string& vcd, size_t size, bool require_complete) {
  const std::string path = WriteCut(vcd, size);
  const Outcome out = Check(path, require_complete);
  std::remove(path.c_str());
  return out;
}

TEST(TruncatedVcd, EveryCutInTheHeaderIsTruncatedAtItsLine) {
  const std::string& vcd = RealVcd();
  const size_t header_end = HeaderEnd(vcd);
  // Every byte of the first and last kilobyte ($date to the first $vars, the last $upscope and
  // $enddefinitions), every 7th between (a prime stride lands on every column of the $vars).
  constexpr size_t kDense = 1024;
  for (size_t size = 0; size < header_end;
       size += size < kDense || size + kDense >= header_end ? 1 : 7) {
    const Outcome cut = CheckCut(vcd, size, false);
    ASSERT_EQ(cut.status, TraceCheckStatus::kBadFormat) << "cut at byte " << size;
    const std::string want =
        size == 0 ? "empty file" : "truncated at line " + std::to_string(LastLine(vcd, size)) + ":";
    ASSERT_EQ(cut.error.rfind(want, 0), 0u) << "cut at byte " << size << ": " << cut.error;
  }
  // The whole header and nothing else: an empty trace, never a complete one.
  EXPECT_EQ(CheckCut(vcd, header_end, false).status, TraceCheckStatus::kOk);
  EXPECT_EQ(CheckCut(vcd, header_end, true).status, TraceCheckStatus::kNotComplete);
}

TEST(TruncatedVcd, NoCutInTheBodyPassesAsComplete) {
  const std::string& vcd = RealVcd();
  const size_t header_end = HeaderEnd(vcd);
  const size_t body = vcd.size() - header_end;
  std::vector<size_t> cuts;
  for (size_t i = 1; i <= 100; ++i) cuts.push_back(header_end + body * i / 101);
  // Every line end of a stretch in the middle: after timestamps and after value changes.
  for (size_t pos = vcd.find('\n', header_end + body / 2), n = 0; n < 20;
       pos = vcd.find('\n', pos + 1), ++n) {
    cuts.push_back(pos + 1);
  }
  // Just before the end mark, and the end mark without its newline.
  cuts.push_back(vcd.rfind('#'));
  cuts.push_back(vcd.size() - 1);
  size_t at_line_end = 0;
  for (const size_t size : cuts) {
    const Outcome strict = CheckCut(vcd, size, true);
    EXPECT_NE(strict.status, TraceCheckStatus::kOk) << "cut at byte " << size;
    const Outcome lenient = CheckCut(vcd, size, false);
    if (vcd[size - 1] == '\n') {
      ++at_line_end;
      EXPECT_EQ(strict.status, TraceCheckStatus::kNotComplete) << "cut at byte " << size;
      EXPECT_EQ(lenient.status, TraceCheckStatus::kOk) << "cut at byte " << size;
    } else {
      EXPECT_EQ(lenient.status, TraceCheckStatus::kBadFormat) << "cut at byte " << size;
      EXPECT_EQ(lenient.error.rfind("truncated at line " + std::to_string(LastLine(vcd, size)) +
                                        ":",
                                    0),
                0u)
          << "cut at byte " << size << ": " << lenient.error;
    }
  }
  EXPECT_GE(at_line_end, 21u) << "the cuts must include line ends";
}

// An FST shows a cut in its block chain, wherever it is.
TEST(TruncatedFst, EveryCutIsRefused) {
  const std::string fst = RealTrace("real.fst");
  ASSERT_GT(fst.size(), 1000u);
  const std::string whole = WriteTempFile("whole.fst", fst);
  EXPECT_EQ(Check(whole, true).status, TraceCheckStatus::kOk);
  for (size_t size = 0; size < fst.size(); ++size) {
    const std::string path = WriteTempFile("cut-" + std::to_string(size) + ".fst", fst.substr(0, size));
    const Outcome cut = Check(path, false);
    std::remove(path.c_str());
    ASSERT_EQ(cut.status, TraceCheckStatus::kBadFormat) << "cut at byte " << size;
    ASSERT_EQ(cut.error.rfind("truncated: ", 0), 0u) << "cut at byte " << size << ": " << cut.error;
  }
}

}  // namespace
}  // namespace ppcosim::wavecheck
