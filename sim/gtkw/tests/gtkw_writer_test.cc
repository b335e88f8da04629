#include "gtkw_writer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace ppcosim {
namespace {

GtkwOptions Options() {
  GtkwOptions o;
  o.trace_path = "/waves/run.fst";
  o.save_path = "/waves/run.gtkw";
  return o;
}

// The signal lines of the file (neither flags, comments, records nor group labels).
std::vector<std::string> SignalLines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '@' || line[0] == '[' || line[0] == '-' || line[0] == '*') {
      continue;
    }
    out.push_back(line);
  }
  return out;
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(GtkwWriter, NamesEveryRequestedSignal) {
  GtkwOptions o = Options();
  o.arbitration_internals = std::vector<GtkwSignal>{
      {"TOP.pp_top.u_arb.owner_q", 2, GtkwFormat::kDecimal}, {"TOP.pp_top.u_arb.waiters_q", 4}};
  o.release_sequencer =
      std::vector<GtkwSignal>{{"TOP.pp_top.u_rel.state_q", 3, GtkwFormat::kEnum},
                              {"TOP.pp_top.u_rel.timer_q", 13, GtkwFormat::kDecimal}};
  const std::vector<std::string> expected = {
      "TOP.pp_top.clk_i",
      "TOP.pp_top.rst_ni",
      "TOP.pp_top.grant_o[3:0]",
      "TOP.pp_top.grant_irq_o[3:0]",
      "TOP.pp_top.releasing_o",
      "+{u_arb/owner_q} TOP.pp_top.u_arb.owner_q[1:0]",
      "+{u_arb/waiters_q} TOP.pp_top.u_arb.waiters_q[3:0]",
      "+{u_rel/state_q} TOP.pp_top.u_rel.state_q[2:0]",
      "+{u_rel/timer_q} TOP.pp_top.u_rel.timer_q[12:0]",
      "TOP.pp_top.pd_o[7:0]",
      "TOP.pp_top.pd_oe_o",
      "TOP.pp_top.pd_i[7:0]",
      "TOP.pp_top.nstrobe_o",
      "TOP.pp_top.nautofd_o",
      "TOP.pp_top.ninit_o",
      "TOP.pp_top.nselectin_o",
      "TOP.pp_top.nack_i",
      "TOP.pp_top.busy_i",
      "TOP.pp_top.perror_i",
      "TOP.pp_top.select_i",
      "TOP.pp_top.nfault_i",
      "+{u_term/state_q} TOP.pp_top.u_term.state_q[3:0]",
      "+{HostClk} TOP.pp_top.nstrobe_o",
      "+{HostAck} TOP.pp_top.nautofd_o",
      "+{nReverseRequest} TOP.pp_top.ninit_o",
      "+{1284Active} TOP.pp_top.nselectin_o",
      "+{PeriphClk} TOP.pp_top.nack_i",
      "+{PeriphAck} TOP.pp_top.busy_i",
      "+{nAckReverse} TOP.pp_top.perror_i",
      "+{XFlag} TOP.pp_top.select_i",
      "+{nPeriphRequest} TOP.pp_top.nfault_i",
      "+{nWrite} TOP.pp_top.nstrobe_o",
      "+{nDataStb} TOP.pp_top.nautofd_o",
      "+{nAddrStb} TOP.pp_top.nselectin_o",
      "+{nWait} TOP.pp_top.busy_i",
      "+{Intr} TOP.pp_top.nack_i",
      "TOP.pp_top.psel_i",
      "TOP.pp_top.penable_i",
      "TOP.pp_top.pwrite_i",
      "TOP.pp_top.paddr_i[11:0]",
      "TOP.pp_top.pwdata_i[7:0]",
      "TOP.pp_top.pauser_i[1:0]",
      "TOP.pp_top.pready_o",
      "TOP.pp_top.prdata_o[7:0]",
      "TOP.pp_top.pslverr_o",
      "TOP.pp_top.irq_o",
  };
  EXPECT_EQ(SignalLines(GtkwSaveFileText(o)), expected);
}

TEST(GtkwWriter, GroupsOpenAndCloseInOrder) {
  const std::string text = GtkwSaveFileText(Options());
  size_t pos = 0;
  for (const char* title :
       {"Clock and reset", "Arbitration", "Release sequencer", "Parallel pins", "IEEE 1284",
        "Host bus (APB)"}) {
    const size_t begin = text.find(std::string("@800200\n-") + title + "\n", pos);
    ASSERT_NE(begin, std::string::npos) << title;
    const size_t end = text.find(std::string("@1000200\n-") + title + "\n", begin);
    ASSERT_NE(end, std::string::npos) << title;
    EXPECT_EQ(text.find("@800200", begin + 1), text.find("@800200", end)) << "nested: " << title;
    pos = end;
  }
}

TEST(GtkwWriter, FormatsSuitEachSignal) {
  const std::string text = GtkwSaveFileText(Options());
  EXPECT_TRUE(Contains(text, "@22\nTOP.pp_top.paddr_i[11:0]\n"));
  EXPECT_TRUE(Contains(text, "@22\nTOP.pp_top.prdata_o[7:0]\n"));
  EXPECT_TRUE(Contains(text, "@22\nTOP.pp_top.pd_o[7:0]\n"));
  EXPECT_TRUE(Contains(text, "@28\nTOP.pp_top.grant_o[3:0]\n"));
  EXPECT_TRUE(Contains(text, "@24\nTOP.pp_top.pauser_i[1:0]\n"));
  EXPECT_TRUE(Contains(text, "@28\n[color] 2\nTOP.pp_top.releasing_o\n"));
  // FST enum tables give the sequencer's state names.
  EXPECT_TRUE(Contains(
      text, "@100000028\n[color] 2\n+{u_release/state_q} TOP.pp_top.u_release.state_q[2:0]\n"));
}

TEST(GtkwWriter, WidthsFollowTheNumberOfClients) {
  GtkwOptions o = Options();
  o.num_clients = 8;
  const std::string text = GtkwSaveFileText(o);
  EXPECT_TRUE(Contains(text, "TOP.pp_top.grant_o[7:0]\n"));
  EXPECT_TRUE(Contains(text, "TOP.pp_top.grant_irq_o[7:0]\n"));
  EXPECT_TRUE(Contains(text, "TOP.pp_top.pauser_i[2:0]\n"));
  EXPECT_TRUE(Contains(text, "TOP.pp_top.u_arbiter.queued[7:0]\n"));
  EXPECT_TRUE(Contains(text, "TOP.pp_top.u_arbiter.count_q[3:0]\n"));
  o.num_clients = 1;
  EXPECT_TRUE(Contains(GtkwSaveFileText(o), "\nTOP.pp_top.grant_o\n"));
}

TEST(GtkwWriter, DefaultsNameTheReleaseSequencerState) {
  const std::vector<GtkwSignal> seq = DefaultReleaseSequencerSignals();
  ASSERT_FALSE(seq.empty());
  EXPECT_EQ(seq[0].path, "TOP.pp_top.u_release.state_q");
  EXPECT_EQ(seq[0].format, GtkwFormat::kEnum);
}

TEST(GtkwWriter, WidthsFromTheTraceWinAndAbsentSignalsAreLeftOut) {
  GtkwOptions o = Options();
  o.width_in_trace = [](const std::string& path) -> uint32_t {
    if (path == "TOP.pp_top.grant_o") return 2;
    // No internals in this trace.
    if (path.find(".u_") != std::string::npos || path == "TOP.pp_top.release_done") return 0;
    return path == "TOP.pp_top.paddr_i" ? 12 : 1;
  };
  const std::string text = GtkwSaveFileText(o);
  EXPECT_TRUE(Contains(text, "TOP.pp_top.grant_o[1:0]\n"));
  EXPECT_FALSE(Contains(text, "u_release"));
  EXPECT_FALSE(Contains(text, "-Release sequencer"));  // an empty group is not drawn
}

TEST(GtkwWriter, Ieee1284GroupShowsTheEcpEngineWhereTheTraceHasIt) {
  const std::string ecp_state = "+{u_ecp/state_q} TOP.pp_top.u_ecp.state_q[3:0]\n";
  // Without the trace's word, a signal not every pp_top has is left out.
  EXPECT_FALSE(Contains(GtkwSaveFileText(Options()), "u_ecp"));
  GtkwOptions o = Options();
  bool has_ecp = true;
  o.width_in_trace = [&has_ecp](const std::string& path) -> uint32_t {
    if (path == "TOP.pp_top.u_ecp.state_q") return has_ecp ? 4 : 0;
    if (path == "TOP.pp_top.u_term.state_q") return 4;
    return 1;
  };
  const std::string text = GtkwSaveFileText(o);
  const size_t group = text.find("@800200\n-IEEE 1284\n");
  ASSERT_NE(group, std::string::npos);
  // The engine's state names, after the termination's.
  const size_t term = text.find("@100000028\n[color] 2\n+{u_term/state_q}", group);
  const size_t ecp = text.find("@100000028\n" + ecp_state, group);
  EXPECT_NE(term, std::string::npos);
  EXPECT_NE(ecp, std::string::npos);
  EXPECT_LT(term, ecp);
  EXPECT_LT(ecp, text.find("+{HostClk}", group));
  has_ecp = false;
  EXPECT_FALSE(Contains(GtkwSaveFileText(o), "u_ecp"));
}

TEST(GtkwWriter, HeaderNamesTheTraceAndTheWindow) {
  GtkwOptions o = Options();
  o.from_ps = 1'000'000;
  o.to_ps = 3'000'000;
  const std::string text = GtkwSaveFileText(o);
  EXPECT_TRUE(Contains(text, "[dumpfile] \"/waves/run.fst\"\n"));
  EXPECT_TRUE(Contains(text, "[savefile] \"/waves/run.gtkw\"\n"));
  EXPECT_TRUE(Contains(text, "[timestart] 1000000\n"));
  EXPECT_TRUE(Contains(text, "\n*-"));  // a zoom record
  o.to_ps = 0;
  EXPECT_FALSE(Contains(GtkwSaveFileText(o), "\n*-"));
}

TEST(GtkwWriter, RelativeTracePathsAreMadeAbsolute) {
  GtkwOptions o = Options();
  o.trace_path = "waves/run.fst";
  const std::string text = GtkwSaveFileText(o);
  EXPECT_TRUE(Contains(text, "[dumpfile] \"/")) << text.substr(0, 200);
  EXPECT_TRUE(Contains(text, "/waves/run.fst\"\n"));
}

TEST(GtkwWriter, WritesTheFileOrSaysItCannot) {
  GtkwOptions o = Options();
  o.save_path = ::testing::TempDir() + "/gtkw_writer_test." + std::to_string(getpid()) + ".gtkw";
  std::string error;
  ASSERT_EQ(WriteGtkwSaveFile(o, &error), GtkwResult::kOk) << error;
  std::ifstream in(o.save_path);
  std::stringstream got;
  got << in.rdbuf();
  EXPECT_EQ(got.str(), GtkwSaveFileText(o));
  std::remove(o.save_path.c_str());
  o.save_path = "/nonexistent/dir/view.gtkw";
  EXPECT_EQ(WriteGtkwSaveFile(o, &error), GtkwResult::kCannotWrite);
  EXPECT_EQ(error, "cannot write '/nonexistent/dir/view.gtkw': No such file or directory");
}

}  // namespace
}  // namespace ppcosim
