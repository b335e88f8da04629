// The output rules on their own: what may be written, how a file gets into place, how a
// waveform is checked whole, how a word is quoted for the shell.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "dut_harness.h"
#include "output_files.h"
#include "scratch_dir.h"
#include "subprocess.h"
#include "trace_file.h"

namespace ppcosim {
namespace {

namespace fs = std::filesystem;
using test_support::ReadFile;

using OutputDir = test_support::ScratchDirTest;

TEST(ShellQuote, LeavesPlainWordsAlone) {
  EXPECT_EQ(ShellQuote("build/sim/ppcosim"), "build/sim/ppcosim");
  EXPECT_EQ(ShellQuote("allocate=6,try=3"), "allocate=6,try=3");
  EXPECT_EQ(ShellQuote("+pp_release_fault=2"), "+pp_release_fault=2");
}

TEST(ShellQuote, QuotesSpacesQuotesAndShellCharacters) {
  EXPECT_EQ(ShellQuote("my waves/run.fst"), "'my waves/run.fst'");
  EXPECT_EQ(ShellQuote("a';touch X;'.vcd"), "'a'\\'';touch X;'\\''.vcd'");
  EXPECT_EQ(ShellQuote("$HOME"), "'$HOME'");
  EXPECT_EQ(ShellQuote(""), "''");
}

TEST_F(OutputDir, SameFileSeesThroughSpellingLinksAndHardLinks) {
  Write("a.pps", "x");
  ASSERT_EQ(::link(Path("a.pps").c_str(), Path("hard.pps").c_str()), 0);
  ASSERT_EQ(::symlink("a.pps", Path("soft.pps").c_str()), 0);
  EXPECT_TRUE(SameFile(Path("a.pps"), dir_ + "/./a.pps"));
  EXPECT_TRUE(SameFile(Path("a.pps"), Path("hard.pps")));
  EXPECT_TRUE(SameFile(Path("a.pps"), Path("soft.pps")));
  EXPECT_TRUE(SameFile(Path("new.fst"), dir_ + "/sub/../new.fst"));
  EXPECT_FALSE(SameFile(Path("a.pps"), Path("b.pps")));
  Write("b.pps", "x");
  EXPECT_FALSE(SameFile(Path("a.pps"), Path("b.pps")));
}

TEST_F(OutputDir, CheckOutputsNamesTheFirstProblem) {
  Write("v.pps", "x");
  ASSERT_EQ(::symlink("v.pps", Path("link.fst").c_str()), 0);
  ASSERT_EQ(::symlink("elsewhere.fst", Path("dangling.fst").c_str()), 0);
  const std::vector<NamedPath> inputs{{"--script", Path("v.pps")}};
  auto problem = [&](const std::vector<NamedPath>& outputs) {
    return CheckOutputs(inputs, outputs).problem;
  };
  EXPECT_EQ(problem({{"--json", Path("run.jsonl")}, {"--trace", Path("run.fst")}}),
            OutputProblem::kNone);
  EXPECT_EQ(problem({{"--json", Path("v.pps")}}), OutputProblem::kIsInput);
  EXPECT_EQ(problem({{"--trace", Path("x")}, {"--json", Path("x")}}),
            OutputProblem::kSameAsOutput);
  EXPECT_EQ(problem({{"--trace", "/dev/null"}}), OutputProblem::kNotRegularFile);
  EXPECT_EQ(problem({{"--trace", dir_}}), OutputProblem::kDirectory);
  EXPECT_EQ(problem({{"--trace", Path("dangling.fst")}}), OutputProblem::kSymlink);
  // A link to the input is named as the input, the graver of its two problems.
  EXPECT_EQ(problem({{"--trace", Path("link.fst")}}), OutputProblem::kIsInput);

  const std::vector<NamedPath> outputs{{"--trace", Path("a")}, {"--json", Path("a")}};
  const OutputCheck check = CheckOutputs(inputs, outputs);
  EXPECT_EQ(check.output, 1u);
  EXPECT_EQ(check.other, 0u);
  EXPECT_EQ(DescribeOutputCheck(check, inputs, outputs),
            "--trace '" + Path("a") + "' and --json '" + Path("a") +
                "' are the same file; give each output its own name");
}

TEST_F(OutputDir, CommittedFileReplacesTheTargetWithUsualPermissions) {
  Write("out.txt", "old");
  Write("reference.txt", "");
  std::string error;
  OutputFile out(Path("out.txt"));
  ASSERT_TRUE(out.Create(&error)) << error;
  std::fputs("new", out.stream());
  EXPECT_EQ(ReadFile(Path("out.txt")), "old");  // in place only when complete
  ASSERT_TRUE(out.Commit(&error)) << error;
  EXPECT_EQ(ReadFile(Path("out.txt")), "new");
  EXPECT_EQ(Names(), (std::vector<std::string>{"out.txt", "reference.txt"}));
  struct stat made, reference;
  ASSERT_EQ(::stat(Path("out.txt").c_str(), &made), 0);
  ASSERT_EQ(::stat(Path("reference.txt").c_str(), &reference), 0);
  EXPECT_EQ(made.st_mode & 0777, reference.st_mode & 0777);
}

TEST_F(OutputDir, UncommittedFileLeavesTheTargetAndNoTemporary) {
  Write("out.txt", "old");
  std::string error;
  {
    OutputFile out(Path("out.txt"));
    ASSERT_TRUE(out.Create(&error)) << error;
    out.AddSideFile(out.temp_path() + ".hier");
    Write(fs::path(out.temp_path() + ".hier").filename().string(), "side");
    std::fputs("half", out.stream());
  }
  EXPECT_EQ(ReadFile(Path("out.txt")), "old");
  EXPECT_EQ(Names(), std::vector<std::string>{"out.txt"});
}

TEST_F(OutputDir, CreateInAMissingDirectorySaysWhy) {
  std::string error;
  OutputFile out(Path("missing/out.txt"));
  EXPECT_FALSE(out.Create(&error));
  EXPECT_EQ(error, "cannot write '" + Path("missing/out.txt") + "': No such file or directory");
}

TEST(TraceFile, VcdByNameInAnyCase) {
  EXPECT_TRUE(IsVcdName("run.vcd"));
  EXPECT_TRUE(IsVcdName("RUN.VCD"));
  EXPECT_TRUE(IsVcdName("dir/run.Vcd"));
  EXPECT_FALSE(IsVcdName("run.fst"));
  EXPECT_FALSE(IsVcdName("vcd"));
  EXPECT_FALSE(IsVcdName("run.vcd.fst"));
}

// A short real harness waveform.
void WriteHarnessTrace(const std::string& path) {
  DutHarness harness;
  ASSERT_TRUE(harness.OpenTrace(path));
  harness.Reset();
  harness.Ticks(50);
  harness.CloseTrace();
}

TEST_F(OutputDir, WholeFstPassesTruncatedOrGarbledFails) {
  WriteHarnessTrace(Path("whole.fst"));
  EXPECT_EQ(FstIncompleteReason(Path("whole.fst")), 0);
  EXPECT_TRUE(ReadFstBack(Path("whole.fst"), nullptr));

  const std::string whole = ReadFile(Path("whole.fst"));
  Write("short.fst", whole.substr(0, whole.size() - 100));
  EXPECT_NE(FstIncompleteReason(Path("short.fst")), 0);

  // The blocks are all there but their contents are not: only reading them back shows it.
  std::string garbled = whole;
  for (size_t i = 400; i < garbled.size() && i < 700; ++i) garbled[i] = static_cast<char>(i * 7);
  Write("garbled.fst", garbled);
  EXPECT_FALSE(ReadFstBack(Path("garbled.fst"), nullptr));
}

TEST_F(OutputDir, FstReadBackAsVcdIsWhatFst2vcdWrites) {
  if (!test_support::OnPath("fst2vcd")) GTEST_SKIP() << "fst2vcd (gtkwave) not installed";
  WriteHarnessTrace(Path("t.fst"));
  std::FILE* vcd = std::fopen(Path("ours.vcd").c_str(), "w");
  ASSERT_NE(vcd, nullptr);
  EXPECT_TRUE(ReadFstBack(Path("t.fst"), vcd));
  std::fclose(vcd);
  const test_support::CommandResult r =
      test_support::RunCommand({"fst2vcd", "-f", Path("t.fst"), "-o", Path("theirs.vcd")});
  ASSERT_EQ(r.status, 0) << r.output;
  const std::string ours = ReadFile(Path("ours.vcd"));
  EXPECT_GT(ours.size(), 1000u);
  // fst2vcd's text, then the end mark: the last timestamp once more.
  const std::string theirs = ReadFile(Path("theirs.vcd"));
  const size_t last_time = theirs.rfind("\n#") + 1;
  ASSERT_NE(last_time, 0u);
  EXPECT_EQ(ours, theirs + theirs.substr(last_time, theirs.find('\n', last_time) + 1 - last_time));
}

}  // namespace
}  // namespace ppcosim
