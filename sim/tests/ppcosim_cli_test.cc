// ppcosim's outputs, run as a user runs it: no shell between a name and the file, nothing
// written over what is not ours, write errors and signals ending the run cleanly.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "scratch_dir.h"
#include "subprocess.h"

namespace ppcosim {
namespace {

namespace fs = std::filesystem;
using test_support::CommandOptions;
using test_support::CommandResult;
using test_support::ReadFile;
using test_support::RunCommand;

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Each test runs ppcosim in a fresh directory whose name has a space and a quote.
class PpcosimOutputs : public test_support::ScratchDirTest {
 protected:
  CommandOptions InDir() const {
    CommandOptions options;
    options.working_dir = dir_;
    return options;
  }
  CommandResult Ppcosim(std::vector<std::string> args, CommandOptions options) const {
    args.insert(args.begin(), PPCOSIM_BINARY);
    return RunCommand(args, options);
  }
  CommandResult Ppcosim(std::vector<std::string> args) const {
    return Ppcosim(std::move(args), InDir());
  }
  CommandResult Wavecheck(const std::string& trace, const char* option = nullptr) const {
    std::vector<std::string> args{WAVECHECK_BINARY, trace};
    if (option != nullptr) args.emplace_back(option);
    return RunCommand(args, InDir());
  }
  // A shipped script, copied in.
  void CopyScript(const std::string& name) const {
    fs::copy_file(std::string(PPCOSIM_SCRIPT_DIR) + "/rule5_waiters.pps", Path(name));
  }
};

// The line of `output` that starts with `prefix`, without the prefix.
std::string LineAfter(const std::string& output, const std::string& prefix) {
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(prefix, 0) == 0) return line.substr(prefix.size());
  }
  return "";
}

TEST_F(PpcosimOutputs, TraceNamedLikeAShellCommandIsOnlyAName) {
  const std::string name = "a';touch X;'.vcd";
  const CommandResult r = Ppcosim({"--seed", "1", "--ops", "200", "--quiet", "--trace", name});
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(Names(), (std::vector<std::string>{"a';touch X;'.gtkw", name}));
  EXPECT_EQ(ReadFile(Path(name)).rfind("$date", 0), 0u) << "not a VCD";
}

TEST_F(PpcosimOutputs, VcdInAnyCaseChecksLikeTheFst) {
  const std::vector<std::string> run{"--seed", "2", "--ops", "300", "--quiet", "--trace"};
  auto with = [&](const std::string& trace) {
    std::vector<std::string> args = run;
    args.push_back(trace);
    return Ppcosim(args);
  };
  ASSERT_EQ(with("run.fst").status, 0);
  ASSERT_EQ(with("RUN.VCD").status, 0);
  EXPECT_EQ(ReadFile(Path("RUN.VCD")).rfind("$date", 0), 0u) << "not a VCD";
  const CommandResult from_fst = Wavecheck("run.fst");
  const CommandResult from_vcd = Wavecheck("RUN.VCD");
  EXPECT_EQ(from_vcd.status, 0) << from_vcd.output;
  EXPECT_TRUE(Contains(from_vcd.output, " releases checked, 0 violations")) << from_vcd.output;
  EXPECT_FALSE(Contains(from_vcd.output, " 0 releases checked")) << from_vcd.output;
  EXPECT_EQ(from_vcd.output, from_fst.output);
  // The VCD carries its end mark: a whole trace, not one cut at a line end.
  const CommandResult complete = Wavecheck("RUN.VCD", "--require-complete");
  EXPECT_EQ(complete.status, 0) << complete.output;
  EXPECT_EQ(Names(), (std::vector<std::string>{"RUN.VCD", "RUN.gtkw", "run.fst", "run.gtkw"}));
}

struct Refusal {
  const char* name;
  std::vector<std::string> args;
  std::string message;
};

class Refusals : public PpcosimOutputs, public ::testing::WithParamInterface<Refusal> {};

TEST_P(Refusals, ExitTwoAndTouchNothing) {
  CopyScript("v.pps");
  ASSERT_EQ(::link(Path("v.pps").c_str(), Path("hard.pps").c_str()), 0);
  Write("other.fst", "not ours");
  ASSERT_EQ(::symlink("other.fst", Path("link.fst").c_str()), 0);
  fs::create_directory(Path("d"));
  const std::vector<std::string> before = Names();
  const std::string script = ReadFile(Path("v.pps"));

  std::vector<std::string> args{"--seed", "1"};
  args.insert(args.end(), GetParam().args.begin(), GetParam().args.end());
  const CommandResult r = Ppcosim(args);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_TRUE(Contains(r.output, "ppcosim: " + GetParam().message)) << r.output;
  EXPECT_EQ(Names(), before);
  EXPECT_EQ(ReadFile(Path("v.pps")), script);
  EXPECT_EQ(ReadFile(Path("other.fst")), "not ours");
}

INSTANTIATE_TEST_SUITE_P(
    Cases, Refusals,
    ::testing::Values(
        Refusal{"JsonOverTheScript", {"--script", "v.pps", "--json", "v.pps"},
                "--json 'v.pps' is the same file as --script 'v.pps', an input"},
        Refusal{"JsonOverTheScriptThroughAHardLink", {"--script", "v.pps", "--json", "hard.pps"},
                "--json 'hard.pps' is the same file as --script 'v.pps', an input"},
        Refusal{"TraceOverTheScriptSpelledAnotherWay",
                {"--script", "v.pps", "--trace", "d/../v.pps"},
                "--trace 'd/../v.pps' is the same file as --script 'v.pps', an input"},
        Refusal{"TraceAndJsonTheSameFile", {"--trace", "x", "--json", "./x"},
                "--trace 'x' and --json './x' are the same file"},
        Refusal{"TraceAndSaveFileTheSameFile", {"--trace", "a.fst", "--gtkw", "a.fst"},
                "--trace 'a.fst' and the GTKWave save file (--gtkw) 'a.fst' are the same file"},
        Refusal{"TraceNamedLikeItsOwnSaveFile", {"--trace", "run.gtkw"},
                "--trace 'run.gtkw' and the GTKWave save file (--gtkw) 'run.gtkw' are the same"},
        Refusal{"TraceToADevice", {"--trace", "/dev/null"},
                "--trace '/dev/null' exists and is not a regular file; refusing to replace it"},
        Refusal{"JsonToDevFull", {"--json", "/dev/full"},
                "--json '/dev/full' exists and is not a regular file; refusing to replace it"},
        Refusal{"TraceOverASymlink", {"--trace", "link.fst"},
                "--trace 'link.fst' is a symbolic link; refusing to replace it"},
        Refusal{"TraceOverADirectory", {"--trace", "d"},
                "--trace 'd' is a directory; refusing to replace it"}),
    [](const ::testing::TestParamInfo<Refusal>& info) { return std::string(info.param.name); });

struct WriteError {
  const char* name;
  std::vector<std::string> outputs;  // options naming the outputs
  uint64_t file_size_limit;
  std::string message;
};

class WriteErrors : public PpcosimOutputs, public ::testing::WithParamInterface<WriteError> {};

// Past a file size limit every write fails with EFBIG, as on a full disk with ENOSPC.
TEST_P(WriteErrors, ExitTwoNamingThePathAndTheOldFileStays) {
  Write("old.jsonl", "old\n");
  Write("old.fst", "old\n");
  Write("old.vcd", "old\n");
  CommandOptions options = InDir();
  options.file_size_limit = GetParam().file_size_limit;
  std::vector<std::string> args{"--seed", "1", "--ops", "300"};
  args.insert(args.end(), GetParam().outputs.begin(), GetParam().outputs.end());
  const CommandResult r = Ppcosim(args, options);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_TRUE(Contains(r.output, "ppcosim: " + GetParam().message)) << r.output;
  EXPECT_TRUE(Contains(r.output, "PASS, but an output could not be written")) << r.output;
  EXPECT_EQ(Names(), (std::vector<std::string>{"old.fst", "old.jsonl", "old.vcd"}));
  EXPECT_EQ(ReadFile(Path("old.jsonl")), "old\n");
  EXPECT_EQ(ReadFile(Path("old.fst")), "old\n");
  EXPECT_EQ(ReadFile(Path("old.vcd")), "old\n");
}

INSTANTIATE_TEST_SUITE_P(
    Cases, WriteErrors,
    ::testing::Values(
        WriteError{"Json", {"--json", "old.jsonl"}, 4096,
                   "cannot write 'old.jsonl': File too large"},
        // The FST writer maps a scratch file of 16 bytes per signal, sized with ftruncate: the
        // limit must leave room for it (past it the mapping faults), not for the trace.
        WriteError{"Fst", {"--trace", "old.fst"}, 32768, "cannot write 'old.fst': "},
        WriteError{"Vcd", {"--trace", "old.vcd"}, 2 << 20,
                   "cannot write 'old.vcd': File too large"}),
    [](const ::testing::TestParamInfo<WriteError>& info) { return std::string(info.param.name); });

TEST_F(PpcosimOutputs, StdoutThatCannotBeWrittenIsAnError) {
  CommandOptions options = InDir();
  options.stdout_path = "/dev/full";
  const CommandResult r = Ppcosim({"--seed", "1", "--ops", "10"}, options);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_TRUE(Contains(r.output, "ppcosim: cannot write to standard output: No space left"))
      << r.output;
}

class Interrupt : public PpcosimOutputs, public ::testing::WithParamInterface<int> {};

TEST_P(Interrupt, EndsTheRunWithEverythingWritten) {
  const int signal = GetParam();
  test_support::Child run({PPCOSIM_BINARY, "--seed", "1", "--ops", "100000000", "--trace",
                           "long.fst", "--json", "long.jsonl"},
                          InDir());
  ASSERT_TRUE(run.running());
  // Under way once the trace's temporary exists; then a little more, so operations are logged.
  for (int i = 0; i < 600; ++i) {
    const std::vector<std::string> names = Names();
    if (std::any_of(names.begin(), names.end(),
                    [](const std::string& n) { return n.rfind(".long.fst.", 0) == 0; })) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ::kill(run.pid(), signal);
  const CommandResult r = run.Wait();

  EXPECT_EQ(r.status, 128 + signal) << r.output;
  EXPECT_TRUE(Contains(r.output, "== ppcosim summary ==")) << r.output;
  EXPECT_TRUE(Contains(r.output, std::string("INTERRUPTED by ") +
                                     (signal == SIGINT ? "SIGINT" : "SIGTERM") + " (seed 1)"))
      << r.output;
  EXPECT_TRUE(Contains(r.output, "\nreproduce with: ")) << r.output;
  EXPECT_EQ(Names(), (std::vector<std::string>{"long.fst", "long.gtkw", "long.jsonl"}));
  const CommandResult check = Wavecheck("long.fst");
  EXPECT_EQ(check.status, 0) << check.output;
  const std::string json = ReadFile(Path("long.jsonl"));
  ASSERT_FALSE(json.empty());
  EXPECT_EQ(json.back(), '\n');
  std::istringstream lines(json);
  for (std::string line; std::getline(lines, line);) {
    ASSERT_TRUE(line.size() > 2 && line.front() == '{' && line.back() == '}') << line;
  }
}

INSTANTIATE_TEST_SUITE_P(Signals, Interrupt, ::testing::Values(SIGINT, SIGTERM),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return std::string(info.param == SIGINT ? "Sigint" : "Sigterm");
                         });

TEST_F(PpcosimOutputs, PrintedCommandsPasteBackIntoAShell) {
  const std::string script = Path("my rule's.pps");
  const std::string trace = Path("wave 'one'.fst");
  CopyScript("my rule's.pps");
  const CommandResult first = Ppcosim({"--seed", "3", "--script", script, "--trace", trace});
  ASSERT_EQ(first.status, 0) << first.output;
  const std::string reproduce = LineAfter(first.output, "ppcosim: reproduce with: ");
  const std::string open_with = LineAfter(first.output, "  open with       gtkwave ");
  ASSERT_FALSE(reproduce.empty()) << first.output;
  ASSERT_FALSE(open_with.empty()) << first.output;

  // The shell splits them back into the very names.
  const CommandResult words = RunCommand({"bash", "-c", "printf '%s\\n' " + open_with});
  EXPECT_EQ(words.output, trace + "\n" + Path("wave 'one'.gtkw") + "\n");
  fs::remove(trace);
  const CommandResult again = RunCommand({"bash", "-c", reproduce});
  EXPECT_EQ(again.status, 0) << again.output;
  EXPECT_EQ(LineAfter(again.output, "ppcosim: reproduce with: "), reproduce);
  EXPECT_TRUE(fs::exists(trace));
}

// SystemC prints a copyright banner before sc_main unless its environment variable is set; the
// run sets it itself, so whoever runs it sees only ppcosim's own lines.
TEST_F(PpcosimOutputs, PrintsNoSystemCBanner) {
  const CommandResult r = RunCommand({"env", "-u", "SYSTEMC_DISABLE_COPYRIGHT_MESSAGE",
                                      PPCOSIM_BINARY, "--seed", "1", "--ops", "0"},
                                     InDir());
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(r.output.rfind("ppcosim: seed 1\n", 0), 0u) << r.output;
  EXPECT_FALSE(Contains(r.output, "Copyright")) << r.output;
  EXPECT_FALSE(Contains(r.output, "SystemC")) << r.output;
}

}  // namespace
}  // namespace ppcosim
