// The tools on a real harness waveform: GTKWave opens the generated views headless, wavecheck
// reads it, wave-png renders it. GTKWave tests skip when xvfb-run or gtkwave is missing.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "gtkw_writer.h"
#include "pp_top_signals.h"
#include "subprocess.h"
#include "trace_reader.h"

namespace ppcosim {
namespace {

using Result = test_support::CommandResult;
using test_support::ReadFile;

using test_support::RunCommand;

bool HaveGtkwave() { return test_support::OnPath("xvfb-run") && test_support::OnPath("gtkwave"); }

bool IsPng(const std::string& path) { return ReadFile(path).rfind("\x89PNG", 0) == 0; }

// Opens `trace` with `view` in a headless GTKWave; the script prints what is displayed and
// the visible window, and grabs a PNG.
Result OpenInGtkwave(const std::string& dir, const std::string& trace, const std::string& view,
                     const std::string& png) {
  const std::string tcl = dir + "/probe.tcl";
  // Braces keep a path with spaces one Tcl word.
  std::ofstream(tcl) << "puts \"WINDOW [gtkwave::getWindowStartTime] "
                        "[gtkwave::getWindowEndTime]\"\n"
                     << "puts \"DISPLAYED [gtkwave::getDisplayedSignals]\"\n"
                     // Each row as GTKWave names it on screen: aliases, group labels.
                     << "for {set i 0} {$i < [gtkwave::getTotalNumTraces]} {incr i} {\n"
                     << "  puts \"ROW [gtkwave::getTraceNameFromIndex $i]\"\n"
                     << "}\n"
                     << "gtkwave::/File/Grab_To_File {" << png << "}\n"
                     << "gtkwave::/File/Quit\n";
  return RunCommand({"timeout", "-k", "5", "60", "xvfb-run", "-a", "-s", "-screen 0 1920x1200x24",
                     "gtkwave", "-S", tcl, trace, view});
}

std::vector<std::string> DisplayedSignals(const std::string& output) {
  std::vector<std::string> out;
  const size_t at = output.find("DISPLAYED ");
  if (at == std::string::npos) return out;
  std::istringstream line(output.substr(at + 10, output.find('\n', at) - at - 10));
  for (std::string s; line >> s;) out.push_back(s);
  return out;
}

// The rows GTKWave showed, by the names on screen, in order.
std::vector<std::string> ShownRows(const std::string& output) {
  std::vector<std::string> out;
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("ROW ", 0) == 0) out.push_back(line.substr(4));
  }
  return out;
}

// The signals a save file names, without their display aliases ("+{u_fifo.count_q} ...").
std::vector<std::string> SignalLines(const std::string& path) {
  std::vector<std::string> out;
  std::istringstream in(ReadFile(path));
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || std::string("@[-*").find(line[0]) != std::string::npos) continue;
    if (line[0] == '+') line = line.substr(line.find("} ") + 2);
    out.push_back(line);
  }
  return out;
}

// One real waveform (and its view) for the whole suite: a few hundred harness cycles.
class HarnessTrace : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string pattern = std::string(GTKW_TEST_TMP) + "/gtkw_test.XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    const Result r = RunCommand({DEMO_TRACE_BINARY, trace(), view()});
    ASSERT_EQ(r.status, 0) << r.output;
  }
  static void TearDownTestSuite() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  static std::string trace() { return dir_ + "/demo.fst"; }
  static std::string view() { return dir_ + "/demo.gtkw"; }
  static std::string dir_;
};

std::string HarnessTrace::dir_;

TEST_F(HarnessTrace, WrittenViewOpensInGtkwaveWithEveryPort) {
  if (!HaveGtkwave()) GTEST_SKIP() << "xvfb-run or gtkwave not installed";
  const Result r = OpenInGtkwave(dir_, trace(), view(), dir_ + "/view.png");
  ASSERT_EQ(r.status, 0) << r.output;
  for (const char* complaint : {"Error", "error:", "Could not", "invalid command", "not found"}) {
    EXPECT_EQ(r.output.find(complaint), std::string::npos) << r.output;
  }
  const std::vector<std::string> shown = DisplayedSignals(r.output);
  for (const std::string& line : SignalLines(view())) {
    EXPECT_NE(std::find(shown.begin(), shown.end(), line), shown.end()) << line << " not shown";
  }
  EXPECT_GE(shown.size(), 27u);
  EXPECT_TRUE(IsPng(dir_ + "/view.png"));
}

TEST_F(HarnessTrace, Ieee1284GroupShowsTheLinesUnderTheirIeee1284Names) {
  if (!HaveGtkwave()) GTEST_SKIP() << "xvfb-run or gtkwave not installed";
  const Result r = OpenInGtkwave(dir_, trace(), view(), dir_ + "/ieee1284.png");
  ASSERT_EQ(r.status, 0) << r.output;
  const std::vector<std::string> rows = ShownRows(r.output);
  const auto begin = std::find(rows.begin(), rows.end(), "IEEE 1284");
  ASSERT_NE(begin, rows.end()) << r.output;
  const auto end = std::find(begin + 1, rows.end(), "IEEE 1284");  // the group's closing row
  // The demo's pp_top has no ECP engine: its state is left out.
  const std::vector<std::string> expected = {
      "u_term/state_q", "HostClk",  "HostAck",     "nReverseRequest", "1284Active",
      "PeriphClk",      "PeriphAck", "nAckReverse", "XFlag",           "nPeriphRequest",
      "nWrite",         "nDataStb", "nAddrStb",    "nWait",           "Intr"};
  EXPECT_EQ(std::vector<std::string>(begin + 1, end), expected) << r.output;
}

TEST_F(HarnessTrace, PpgtkwViewShowsEverySignalItNames) {
  if (!HaveGtkwave()) GTEST_SKIP() << "xvfb-run or gtkwave not installed";
  const std::string gtkw = dir_ + "/ppgtkw.gtkw";
  const Result made = RunCommand({PPGTKW_BINARY, trace(), gtkw});
  ASSERT_EQ(made.status, 0) << made.output;
  const Result r = OpenInGtkwave(dir_, trace(), gtkw, dir_ + "/ppgtkw.png");
  ASSERT_EQ(r.status, 0) << r.output;
  // Widths come from the trace, so GTKWave finds every name in the file.
  EXPECT_EQ(DisplayedSignals(r.output), SignalLines(gtkw));
}

TEST_F(HarnessTrace, SaveFileWindowIsTheOneShown) {
  if (!HaveGtkwave()) GTEST_SKIP() << "xvfb-run or gtkwave not installed";
  const std::string gtkw = dir_ + "/window.gtkw";
  const Result made =
      RunCommand({PPGTKW_BINARY, trace(), gtkw, "--from-ns", "1000", "--to-ns", "3000"});
  ASSERT_EQ(made.status, 0) << made.output;
  const Result r = OpenInGtkwave(dir_, trace(), gtkw, dir_ + "/window.png");
  ASSERT_EQ(r.status, 0) << r.output;
  unsigned long long from = 0;
  unsigned long long to = 0;
  const size_t at = r.output.find("WINDOW ");
  ASSERT_NE(at, std::string::npos) << r.output;
  ASSERT_EQ(std::sscanf(r.output.c_str() + at, "WINDOW %llu %llu", &from, &to), 2);
  EXPECT_EQ(from, 1'000'000u);
  EXPECT_NEAR(static_cast<double>(to), 3'000'000.0, 150'000.0);
}

TEST_F(HarnessTrace, PpgtkwWillNotWriteOverItsTrace) {
  const std::string before = ReadFile(trace());
  const Result r = RunCommand({PPGTKW_BINARY, trace(), trace()});
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("ppgtkw: OUT.gtkw '" + trace() + "' is the same file as TRACE '" +
                          trace() + "', an input; refusing to overwrite it"),
            std::string::npos)
      << r.output;
  EXPECT_EQ(ReadFile(trace()), before);
}

// A file size limit stops the FST library's temporary file: an internal error, said as such.
TEST_F(HarnessTrace, PpgtkwReportsTheFstLibraryDyingAsAnInternalError) {
  const std::string gtkw = dir_ + "/limited.gtkw";
  test_support::CommandOptions limited;
  limited.file_size_limit = 64;
  const Result r = RunCommand({PPGTKW_BINARY, trace(), gtkw}, limited);
  EXPECT_EQ(r.status, 3) << r.output;
  EXPECT_EQ(r.output, "ppgtkw: internal error: " + trace() +
                          ": the FST library died reading it (File size limit exceeded)\n");
  EXPECT_FALSE(std::filesystem::exists(gtkw));
}

// Every path and width of pp_top's signal table is the RTL's, as the harness traces it.
TEST_F(HarnessTrace, TopSignalTableMatchesTheRtl) {
  std::unique_ptr<traces::TraceReader> reader =
      traces::MakeTraceReader(traces::DetectTraceFormat(trace()));
  ASSERT_NE(reader, nullptr);
  ASSERT_EQ(reader->Open(trace()), traces::ReadStatus::kOk) << reader->error();
  std::map<std::string, uint32_t> widths;
  for (const traces::TraceVar& var : reader->vars()) widths.emplace(var.name, var.width);
  constexpr uint32_t kDemoClients = 4;  // demo_trace's pp_top
  for (size_t i = 0; i < kTopSignalCount; ++i) {
    const auto signal = static_cast<TopSignal>(i);
    const std::string path = TopScopeInTrace() + "." + TopSignalPath(signal);
    const auto found = widths.find(path);
    if (found == widths.end() && TopSignalOptional(signal)) continue;
    ASSERT_NE(found, widths.end()) << path << " is not in the trace";
    EXPECT_EQ(found->second, TopSignalWidth(signal, kDemoClients)) << path;
  }
}

TEST_F(HarnessTrace, WavecheckReadsItCleanly) {
  const Result r = RunCommand({WAVECHECK_BINARY, trace()});
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("checked, 0 violations"), std::string::npos) << r.output;
}

Result WavePng(const std::vector<std::string>& args) {
  std::vector<std::string> argv{"env", std::string("WAVECHECK=") + WAVECHECK_BINARY,
                                std::string("PPGTKW=") + PPGTKW_BINARY, WAVE_PNG_SCRIPT};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv);
}

TEST_F(HarnessTrace, WavePngRendersIt) {
  if (!HaveGtkwave()) GTEST_SKIP() << "xvfb-run or gtkwave not installed";
  const std::string png = dir_ + "/wave.png";
  const Result r = WavePng({trace(), png});
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("wave-png: wrote " + png), std::string::npos) << r.output;
  EXPECT_TRUE(IsPng(png));
}

// A small handover as VCD text: client 0 owns, frees at 1810 ns, the release ends at 3050 ns.
std::string HandoverVcd() {
  std::ostringstream v;
  v << "$timescale 1ps $end\n$scope module TOP $end\n$scope module pp_top $end\n";
  const char* names[] = {"clk_i",     "rst_ni",  "releasing_o", "grant_o [3:0]", "nstrobe_o",
                         "nautofd_o", "ninit_o", "nselectin_o", "pd_oe_o"};
  for (int i = 0; i < 9; ++i) {
    v << "$var wire " << (i == 3 ? 4 : 1) << " " << static_cast<char>('a' + i) << " " << names[i]
      << " $end\n";
  }
  v << "$upscope $end\n$upscope $end\n$enddefinitions $end\n";
  v << "#0\n0a\n0b\n0c\nb0000 d\n1e\n1f\n1g\n0h\n0i\n";
  auto edge = [](int k) { return (20ULL * k + 10) * 1000; };
  for (int k = 0; k < 250; ++k) {
    v << "#" << edge(k) << "\n1a\n";
    if (k == 3) v << "1b\n";
    if (k == 6) v << "b0001 d\n";
    if (k == 90) v << "b0000 d\n1c\n";
    if (k == 152) v << "0c\n";
    if (k == 160) v << "b0010 d\n";
    v << "#" << edge(k) + 10'000 << "\n0a\n";
  }
  return v.str();
}

TEST_F(HarnessTrace, WavePngZoomsToTheFirstRelease) {
  if (!HaveGtkwave()) GTEST_SKIP() << "xvfb-run or gtkwave not installed";
  const std::string vcd = dir_ + "/handover.vcd";
  std::ofstream(vcd) << HandoverVcd();
  const Result r = WavePng({vcd});
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find(", 1410..3450 ns, first release 1810..3050 ns)"), std::string::npos)
      << r.output;
  EXPECT_TRUE(IsPng(dir_ + "/handover.png"));
}

TEST(Ppgtkw, WriteErrorIsAnError) {
  // A VCD: fstapi's reader writes a temporary file of its own, which the limit would stop.
  std::string dir = std::string(GTKW_TEST_TMP) + "/ppgtkw_limit.XXXXXX";
  ASSERT_NE(mkdtemp(dir.data()), nullptr);
  const std::string vcd = dir + "/handover.vcd";
  std::ofstream(vcd) << HandoverVcd();
  // Past a file size limit every write fails (EFBIG), as on a full disk.
  test_support::CommandOptions limited;
  limited.file_size_limit = 100;
  const std::string gtkw = dir + "/limited.gtkw";
  const Result r = RunCommand({PPGTKW_BINARY, vcd, gtkw}, limited);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("ppgtkw: cannot write '" + gtkw + "': File too large"),
            std::string::npos)
      << r.output;
  EXPECT_FALSE(std::filesystem::exists(gtkw));
  std::filesystem::remove_all(dir);
}

TEST(WavePng, MissingTraceExitsTwo) {
  const Result r = WavePng({"/nonexistent/ppcosim.fst"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.output, "wave-png: no trace at '/nonexistent/ppcosim.fst' (run 'make sim' first)\n");
}

TEST(WavePng, BadArgumentsExitTwo) {
  EXPECT_EQ(WavePng({}).status, 2);
  EXPECT_EQ(WavePng({"--frobnicate", "x.fst"}).status, 2);
  EXPECT_EQ(WavePng({"x.fst", "--from-ns", "10"}).status, 2);
}

}  // namespace
}  // namespace ppcosim
