// Runs the wavecheck binary as a user or CI would, and checks its output and exit status.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "fstapi.h"
#include "report.h"
#include "subprocess.h"
#include "synthetic_trace.h"

namespace ppcosim::wavecheck {
namespace {

using testing::SyntheticTrace;
using testing::WriteTempFile;

using CliRun = test_support::CommandResult;
using test_support::ReadFile;

CliRun Wavecheck(std::vector<std::string> args, const test_support::CommandOptions& options = {}) {
  args.insert(args.begin(), WAVECHECK_BINARY);
  return test_support::RunCommand(args, options);
}

SyntheticTrace NotIdleAtEnd(uint64_t* end_ps) {
  SyntheticTrace t = testing::CleanHandover();
  t.Set(Signal::kGrant, 0);
  t.Set(Signal::kReleasing, 1);
  t.Set(Signal::kNSelectIn, 1);
  t.Cycles(5);
  *end_ps = t.next_edge_ps();
  t.Set(Signal::kReleasing, 0);
  t.Cycles(3);
  return t;
}

TEST(Cli, CleanTraceExitsZeroWithSummary) {
  const CliRun r = Wavecheck({WriteTempFile("clean.vcd", testing::CleanHandover().ToVcd())});
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(r.output, "wavecheck: 1 release checked, 0 violations\n");
}

TEST(Cli, ViolationIsOneLineWithTimeSignalAndExpectation) {
  uint64_t end = 0;
  const SyntheticTrace t = NotIdleAtEnd(&end);
  const CliRun r = Wavecheck({WriteTempFile("notidle.vcd", t.ToVcd())});
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_EQ(r.output, "wavecheck: " + FormatNs(end) +
                          " ns: TOP.pp_top.nselectin_o is 1 at release end, expected 0 "
                          "(step 3: compatibility idle)\n"
                          "wavecheck: 2 releases checked, 1 violation\n");
}

TEST(Cli, FstAndVcdGiveTheSameReport) {
  uint64_t end = 0;
  const SyntheticTrace t = NotIdleAtEnd(&end);
  const std::string fst = testing::TempPath("notidle.fst");
  ASSERT_TRUE(t.WriteFst(fst));
  const CliRun from_fst = Wavecheck({fst});
  const CliRun from_vcd = Wavecheck({WriteTempFile("notidle.vcd", t.ToVcd())});
  EXPECT_EQ(from_fst.status, 1);
  EXPECT_EQ(from_fst.output, from_vcd.output);
}

TEST(Cli, ListsReleases) {
  const CliRun r =
      Wavecheck({"--list-releases", WriteTempFile("list.vcd", testing::CleanHandover().ToVcd())});
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(r.output,
            "wavecheck: release 1: start 1750 ns, end 1950 ns (completed)\n"
            "wavecheck: 1 release checked, 0 violations\n");
}

TEST(Cli, ReleaseBoundOption) {
  const std::string path = WriteTempFile("bound.vcd", testing::CleanHandover().ToVcd());
  const CliRun r = Wavecheck({path, "--release-bound-ns", "100"});
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("wavecheck: 1850 ns: TOP.pp_top.releasing_o is still 1 100 ns after the "
                          "free at 1750 ns, expected 0 (release bound)\n"),
            std::string::npos)
      << r.output;
  EXPECT_EQ(Wavecheck({path, "--release-bound-ns=200"}).status, 0);
}

TEST(Cli, MinStrobeOption) {
  const std::string path = WriteTempFile("strobe.vcd", testing::CleanHandover().ToVcd());
  const CliRun r = Wavecheck({"--min-strobe-ns", "700", path});
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("wavecheck: 650 ns: TOP.pp_top.nstrobe_o low for 600 ns, expected at "
                          "least 700 ns (strobe width)"),
            std::string::npos)
      << r.output;
}

TEST(Cli, UnfinishedReleaseIsReportedAndFailsOnlyWhenRequired) {
  SyntheticTrace t = testing::CleanHandover();
  t.Set(Signal::kGrant, 0);
  t.Set(Signal::kReleasing, 1);
  t.Cycles(4);
  const std::string path = WriteTempFile("open.vcd", t.ToVcd());
  const CliRun lenient = Wavecheck({path});
  EXPECT_EQ(lenient.status, 0) << lenient.output;
  EXPECT_NE(lenient.output.find("wavecheck: 2110 ns: release still open at end of trace (2180 "
                                "ns): unfinished, not checked"),
            std::string::npos)
      << lenient.output;
  EXPECT_NE(lenient.output.find("1 release checked, 0 violations, 1 unfinished"),
            std::string::npos);
  const CliRun strict = Wavecheck({path, "--require-complete"});
  EXPECT_EQ(strict.status, 1) << strict.output;
  EXPECT_NE(strict.output.find("TOP.pp_top.releasing_o is still 1 at end of trace"),
            std::string::npos)
      << strict.output;
}

TEST(Cli, WritesJson) {
  uint64_t end = 0;
  const std::string trace = WriteTempFile("json.vcd", NotIdleAtEnd(&end).ToVcd());
  const std::string json = testing::TempPath("out.json");
  const CliRun r = Wavecheck({trace, "--json", json});
  EXPECT_EQ(r.status, 1);
  const std::string text = ReadFile(json);
  EXPECT_NE(text.find("\"status\": \"violations\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"kind\": \"line_not_idle\", \"time_ns\": " + FormatNs(end) +
                      ", \"signal\": \"TOP.pp_top.nselectin_o\""),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("\"releases_checked\": 2"), std::string::npos) << text;
}

TEST(Cli, JsonThatCannotBeWrittenIsAnError) {
  const std::string json = testing::TempPath("limited.json");
  // Past a file size limit every write fails (EFBIG), as on a full disk.
  test_support::CommandOptions limited;
  limited.file_size_limit = 64;
  const CliRun r = Wavecheck(
      {WriteTempFile("limit.vcd", testing::CleanHandover().ToVcd()), "--json", json}, limited);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("wavecheck: cannot write '" + json + "': File too large"),
            std::string::npos)
      << r.output;
  EXPECT_TRUE(ReadFile(json).empty());
}

TEST(Cli, ReportThatCannotBeWrittenIsAnError) {
  test_support::CommandOptions full;
  full.stdout_path = "/dev/full";
  const CliRun r =
      Wavecheck({WriteTempFile("full.vcd", testing::CleanHandover().ToVcd())}, full);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_EQ(r.output, "wavecheck: cannot write to standard output: No space left on device\n");
}

struct BadUse {
  const char* name;
  std::vector<std::string> args;
  std::string message;
};

class CliErrors : public ::testing::TestWithParam<BadUse> {};

TEST_P(CliErrors, ExitTwoWithAClearMessage) {
  const CliRun r = Wavecheck(GetParam().args);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find(GetParam().message), std::string::npos) << r.output;
}

std::string CleanVcdPath() {
  static const std::string path = WriteTempFile("cli_clean.vcd", testing::CleanHandover().ToVcd());
  return path;
}

// A good VCD with garbage after the first change.
std::string GarbledVcd() {
  std::string vcd = testing::CleanHandover().ToVcd();
  vcd.insert(vcd.find("$end\n#") + 5, "@@@\n");
  return WriteTempFile("garbled.vcd", vcd);
}

// A VCD of the ports without nselectin_o.
std::string MissingSignalVcd() {
  std::string vcd = testing::CleanHandover().ToVcd();
  for (size_t pos; (pos = vcd.find("nselectin_o")) != std::string::npos;) {
    vcd.replace(pos, 11, "other_o");
  }
  return WriteTempFile("missing.vcd", vcd);
}

// The clean trace cut in the middle of its last value change line.
std::string CutVcd() {
  const std::string vcd = testing::CleanHandover().ToVcd();
  const size_t last_change = vcd.rfind('\n', vcd.rfind('#') - 2) + 1;
  return WriteTempFile("cut.vcd", vcd.substr(0, last_change + 1));
}

// The clean trace without its end mark: cut exactly at a line end.
std::string UnmarkedVcd() {
  const std::string vcd = testing::CleanHandover().ToVcd();
  return WriteTempFile("unmarked.vcd", vcd.substr(0, vcd.rfind('#')));
}

std::string TruncatedFst() {
  SyntheticTrace t = testing::CleanHandover();
  for (int i = 0; i < 50; ++i) {
    t.Set(Signal::kNStrobe, 0);
    t.Cycles(30);
    t.Set(Signal::kNStrobe, 1);
    t.Cycles(30);
  }
  const std::string path = testing::TempPath("whole.fst");
  t.WriteFst(path);
  const std::string text = ReadFile(path);
  return WriteTempFile("truncated.fst", text.substr(0, text.size() / 2));
}

// A real FST with its value change block overwritten.
std::string CorruptFst() {
  const std::string path = testing::TempPath("intact.fst");
  testing::CleanHandover().WriteFst(path);
  std::string text = ReadFile(path);
  for (size_t i = 400; i < text.size() && i < 700; ++i) text[i] = static_cast<char>(i * 7);
  return WriteTempFile("corrupt.fst", text);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CliErrors,
    ::testing::Values(
        BadUse{"NoArguments", {}, "wavecheck: no trace given"},
        BadUse{"UnknownOption", {"--frobnicate", "x.vcd"},
               "wavecheck: unknown option '--frobnicate'"},
        BadUse{"BadNumber", {"--release-bound-ns", "soon", "x.vcd"},
               "--release-bound-ns needs a number"},
        BadUse{"TwoTraces", {"a.vcd", "b.vcd"}, "more than one trace given"},
        BadUse{"MissingFile", {"/nonexistent/trace.fst"},
               "wavecheck: /nonexistent/trace.fst: cannot open: No such file or directory"},
        BadUse{"MissingVcdFile", {"/nonexistent/trace.vcd"}, "cannot open"},
        BadUse{"GarbledVcd", {GarbledVcd()}, ": expected a time or a value change, found '@@@'"},
        BadUse{"TextAsFst", {WriteTempFile("text.fst", "not an fst at all\n")},
               "not a readable FST file"},
        BadUse{"Empty", {WriteTempFile("empty.trace", "")}, "not an FST or VCD file"},
        BadUse{"TruncatedFst", {TruncatedFst()}, ".fst: "},
        BadUse{"CorruptFst", {CorruptFst()}, ".fst: "},
        BadUse{"MissingSignal", {MissingSignalVcd()},
               "missing signal pp_top.nselectin_o (not found under any scope)"},
        BadUse{"UnwritableJson", {CleanVcdPath(), "--json", "/nonexistent/dir/out.json"},
               "wavecheck: cannot write '/nonexistent/dir/out.json': No such file or directory"},
        BadUse{"JsonOverTheTrace", {CleanVcdPath(), "--json", CleanVcdPath()},
               "is the same file as TRACE"},
        BadUse{"JsonToADevice", {CleanVcdPath(), "--json", "/dev/full"},
               "wavecheck: --json '/dev/full' exists and is not a regular file"},
        BadUse{"NoSuchScope", {CleanVcdPath(), "--scope", "nothere"},
               "cli_clean.vcd: no scope 'nothere' in this trace (its scopes: TOP, TOP.pp_top)"},
        BadUse{"CutInsideALine", {CutVcd()}, "cut.vcd: truncated at line "},
        BadUse{"CutAtALineEndWhenRequiredComplete", {UnmarkedVcd(), "--require-complete"},
               "unmarked.vcd: line "},
        BadUse{"LeadingZero", {"--release-bound-ns", "010", "x.vcd"},
               "--release-bound-ns needs a number"}),
    [](const ::testing::TestParamInfo<BadUse>& info) { return std::string(info.param.name); });

TEST(Cli, ScopeGivenAndPresentIsUsed) {
  const CliRun r = Wavecheck({CleanVcdPath(), "--scope", "TOP.pp_top"});
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(r.output, "wavecheck: 1 release checked, 0 violations\n");
}

TEST(Cli, CutAtALineEndReadsAsAShorterTraceUnlessRequiredComplete) {
  const CliRun lenient = Wavecheck({UnmarkedVcd()});
  EXPECT_EQ(lenient.status, 0) << lenient.output;
  const CliRun strict = Wavecheck({UnmarkedVcd(), "--require-complete"});
  EXPECT_EQ(strict.status, 2) << strict.output;
  EXPECT_NE(strict.output.find(": no end mark after it (the last timestamp written again after "
                               "its changes), so the trace may have been cut at a line boundary"),
            std::string::npos)
      << strict.output;
  EXPECT_EQ(Wavecheck({CleanVcdPath(), "--require-complete"}).status, 0);
}

// A real FST whose value change block has its time table overwritten: fstapi's decompressor
// refuses it, and fstapi then ends the process that called it.
std::string FstWithGarbledTimeTable() {
  const std::string path = testing::TempPath("times.fst");
  EXPECT_TRUE(testing::CleanHandover().WriteFst(path));
  std::string text = ReadFile(path);
  auto u64 = [&text](size_t at) {
    uint64_t v = 0;
    for (size_t i = at; i < at + 8; ++i) v = v << 8 | static_cast<unsigned char>(text[i]);
    return v;
  };
  // Blocks: a type byte, then a big-endian length that counts itself. A value change block
  // ends with its time table's compressed size, uncompressed size and count.
  for (size_t pos = 0; pos + 9 <= text.size(); pos += 1 + u64(pos + 1)) {
    const int type = static_cast<unsigned char>(text[pos]);
    if (type != FST_BL_VCDATA && type != FST_BL_VCDATA_DYN_ALIAS &&
        type != FST_BL_VCDATA_DYN_ALIAS2) {
      continue;
    }
    const size_t end = pos + 1 + u64(pos + 1);
    const uint64_t compressed = u64(end - 16);
    EXPECT_NE(u64(end - 24), compressed) << "the time table is not compressed";
    for (size_t i = end - 24 - compressed; i < end - 24; ++i) text[i] = '\xff';
    return WriteTempFile("garbled_times.fst", text);
  }
  ADD_FAILURE() << "no value change block";
  return path;
}

TEST(Cli, FstTheLibraryCannotDecodeIsAnInputError) {
  const CliRun r = Wavecheck({FstWithGarbledTimeTable()});
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("garbled_times.fst: garbled: the FST library cannot decode it\n"),
            std::string::npos)
      << r.output;
}

// The FST library dying (here a file size limit stops its temporary file) is reported as an
// internal error, not blamed on the trace, and wavecheck itself goes on to say so.
TEST(Cli, FstLibraryDyingIsAnInternalError) {
  const std::string fst = testing::TempPath("limit.fst");
  ASSERT_TRUE(testing::CleanHandover().WriteFst(fst));
  test_support::CommandOptions limited;
  limited.file_size_limit = 64;
  const CliRun r = Wavecheck({fst}, limited);
  EXPECT_EQ(r.status, 3) << r.output;
  EXPECT_EQ(r.output, "wavecheck: internal error: " + fst +
                          ": the FST library died reading it (File size limit exceeded)\n");
}

// wavecheck does not catch its own crashes: a SIGSEGV while it reads a trace ends it by that
// signal, not with an input error. The trace is a pipe nobody writes, so the signal comes
// while wavecheck waits in the middle of reading.
TEST(Cli, CrashWhileReadingIsNotAnInputError) {
  const std::string fifo = testing::TempPath("silent.vcd");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  rlimit core{};
  ::getrlimit(RLIMIT_CORE, &core);
  const rlimit no_core{0, core.rlim_max};
  ::setrlimit(RLIMIT_CORE, &no_core);  // the child inherits it: no core file
  test_support::Child wavecheck({WAVECHECK_BINARY, fifo});
  // Opening the write end without blocking succeeds once wavecheck holds the read end.
  int writer = -1;
  for (int tries = 0; writer < 0 && tries < 3000; ++tries) {
    writer = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (writer < 0) ::usleep(10'000);
  }
  ::setrlimit(RLIMIT_CORE, &core);
  ASSERT_GE(writer, 0) << "wavecheck never opened the trace";
  ::kill(wavecheck.pid(), SIGSEGV);
  const CliRun r = wavecheck.Wait();
  ::close(writer);
  std::remove(fifo.c_str());
  EXPECT_EQ(r.status, -1) << "exited instead of dying by the signal: " << r.output;
  EXPECT_EQ(r.output, "");
}

TEST(Cli, HelpExitsZero) {
  const CliRun r = Wavecheck({"--help"});
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.output.find("usage: wavecheck TRACE"), std::string::npos);
}

}  // namespace
}  // namespace ppcosim::wavecheck
