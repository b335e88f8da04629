#include <gtest/gtest.h>

#include <map>
#include <tuple>
#include <utility>
#include <vector>

#include "check_trace.h"
#include "fst_reader.h"
#include "resolve.h"
#include "scopes.h"
#include "synthetic_trace.h"
#include "vcd_reader.h"

namespace ppcosim::wavecheck {
namespace {

using testing::SyntheticTrace;
using testing::WriteTempFile;
using traces::ChangeSink;
using traces::DetectTraceFormat;
using traces::FstReader;
using traces::HasScope;
using traces::ListScopes;
using traces::ReadStatus;
using traces::TraceFormat;
using traces::TraceReader;
using traces::TraceVar;
using traces::VcdReader;

struct Recorded {
  uint64_t time_ps;
  size_t slot;
  Value value;
};

class Recorder : public ChangeSink {
 public:
  void OnChange(uint64_t time_ps, size_t slot, Value value) override {
    changes.push_back({time_ps, slot, value});
  }
  // The value each slot settles to in each timestamp: what two formats must agree on, whatever
  // order they list same-time changes in.
  std::map<std::pair<uint64_t, size_t>, Value> Settled() const {
    std::map<std::pair<uint64_t, size_t>, Value> out;
    for (const Recorded& c : changes) out[{c.time_ps, c.slot}] = c.value;
    return out;
  }
  std::vector<Recorded> changes;
};

size_t FindVar(const TraceReader& r, const std::string& name) {
  for (size_t i = 0; i < r.vars().size(); ++i) {
    if (r.vars()[i].name == name) return i;
  }
  ADD_FAILURE() << "no variable " << name;
  return 0;
}

constexpr char kSmallVcd[] = R"($date whenever $end
$version hand written $end
$comment a comment with $var inside $end
$timescale 1 ns $end
$scope module TOP $end
$var wire 1 ! clk_i $end
$scope module pp_top $end
$var wire 1 ! clk_i $end
$var wire 4 " grant_o [3:0] $end
$var wire 8 # pd_o[7:0] $end
$var real 64 $ some_real $end
$upscope $end
$upscope $end
$enddefinitions $end
#0
$dumpvars
0!
b0 "
bx1 #
r0.5 $
$end
#5
1!
b10 "
#7
$comment mid-trace comment $end
x!
b11111111 #
)";

TEST(VcdReader, ReadsScopesWidthsAndAliases) {
  VcdReader r;
  ASSERT_EQ(r.Open(WriteTempFile("small.vcd", kSmallVcd)), ReadStatus::kOk) << r.error();
  ASSERT_EQ(r.vars().size(), 5u);
  EXPECT_EQ(r.vars()[0].name, "TOP.clk_i");
  EXPECT_EQ(r.vars()[1].name, "TOP.pp_top.clk_i");
  EXPECT_EQ(r.vars()[0].id, r.vars()[1].id);
  EXPECT_EQ(r.vars()[2].name, "TOP.pp_top.grant_o");
  EXPECT_EQ(r.vars()[2].width, 4u);
  EXPECT_EQ(r.vars()[3].name, "TOP.pp_top.pd_o");
  EXPECT_EQ(r.vars()[3].width, 8u);
}

TEST(VcdReader, StreamsSelectedChangesInPicoseconds) {
  VcdReader r;
  ASSERT_EQ(r.Open(WriteTempFile("small.vcd", kSmallVcd)), ReadStatus::kOk) << r.error();
  Recorder rec;
  const std::vector<size_t> sel = {FindVar(r, "TOP.clk_i"), FindVar(r, "TOP.pp_top.clk_i"),
                                   FindVar(r, "TOP.pp_top.grant_o"), FindVar(r, "TOP.pp_top.pd_o")};
  ASSERT_EQ(r.Stream(sel, rec), ReadStatus::kOk) << r.error();
  EXPECT_EQ(r.end_time_ps(), 7000u);
  const auto settled = rec.Settled();
  EXPECT_EQ(settled.at({0, 0}), KnownValue(0));
  EXPECT_EQ(settled.at({0, 1}), KnownValue(0));  // both aliases are delivered
  EXPECT_EQ(settled.at({5000, 1}), KnownValue(1));
  EXPECT_EQ(settled.at({5000, 2}), KnownValue(2));
  EXPECT_FALSE(settled.at({7000, 0}).known());
  const Value pd0 = settled.at({0, 3});
  EXPECT_EQ(pd0.bits, 1u);
  EXPECT_EQ(pd0.unknown, 0xfeu);  // "x1" extends with x
  EXPECT_EQ(settled.at({7000, 3}), KnownValue(0xff));
}

struct BadVcd {
  const char* name;
  const char* text;
  const char* error;
};

class VcdReaderErrors : public ::testing::TestWithParam<BadVcd> {};

TEST_P(VcdReaderErrors, GarbledInputIsBadFormatWithALine) {
  VcdReader r;
  ReadStatus s = r.Open(WriteTempFile("bad.vcd", GetParam().text));
  if (s == ReadStatus::kOk) {
    Recorder rec;
    s = r.Stream({0}, rec);
  }
  EXPECT_EQ(s, ReadStatus::kBadFormat);
  EXPECT_EQ(r.error(), GetParam().error);
}

constexpr char kHead[] = "$scope module TOP $end\n$var wire 1 ! clk_i $end\n$upscope $end\n";

INSTANTIATE_TEST_SUITE_P(
    Cases, VcdReaderErrors,
    ::testing::Values(
        BadVcd{"NoEnddefinitions", "$scope module TOP $end\n$var wire 1 ! clk_i $end\n",
               "truncated at line 2: end of file before $enddefinitions (or not a VCD)"},
        BadVcd{"NotAVcd", "hello world\n",
               "line 1: expected a $keyword in the header, found 'hello'"},
        BadVcd{"UnknownCode",
               "$scope module TOP $end\n$var wire 1 ! clk_i $end\n$upscope $end\n"
               "$enddefinitions $end\n#0\n1?\n",
               "line 6: unknown identifier code '?'"},
        BadVcd{"TimeBackwards",
               "$scope module TOP $end\n$var wire 1 ! clk_i $end\n$upscope $end\n"
               "$enddefinitions $end\n#10\n1!\n#5\n",
               "line 7: time goes backwards at '#5'"},
        BadVcd{"Garbage",
               "$scope module TOP $end\n$var wire 1 ! clk_i $end\n$upscope $end\n"
               "$enddefinitions $end\n#0\n1!\n%%%\n",
               "line 7: expected a time or a value change, found '%%%'"},
        BadVcd{"BadTimescale", "$timescale 3 parsecs $end\n", "line 1: unsupported $timescale"},
        // A two-character code cut to one that names another variable is still the cut.
        BadVcd{"CutInsideACode",
               "$scope module TOP $end\n$var wire 1 ! clk_i $end\n$var wire 1 !! rst_ni $end\n"
               "$upscope $end\n$enddefinitions $end\n#0\n1!\n1!",
               "truncated at line 8: the last line does not end in a newline"},
        BadVcd{"CutInsideAVectorValue",
               "$scope module TOP $end\n$var wire 4 ! grant_o $end\n$upscope $end\n"
               "$enddefinitions $end\n#0\nb0101 ",
               "truncated at line 6: vector value without an identifier code"},
        BadVcd{"CutInsideATime",
               "$scope module TOP $end\n$var wire 1 ! clk_i $end\n$upscope $end\n"
               "$enddefinitions $end\n#100\n1!\n#1",
               "truncated at line 7: time goes backwards at '#1'"},
        BadVcd{"CutInsideAComment",
               "$scope module TOP $end\n$var wire 1 ! clk_i $end\n$upscope $end\n"
               "$enddefinitions $end\n#0\n$comment half\n",
               "truncated at line 6: $comment without $end"},
        BadVcd{"CutInsideAVar", "$scope module TOP $end\n$var wire 1 ! cl",
               "truncated at line 2: $var without $end"},
        BadVcd{"Empty", "", "empty file: not a VCD"}),
    [](const ::testing::TestParamInfo<BadVcd>& info) { return std::string(info.param.name); });

TEST(VcdReader, LongTraceReadsAcrossBufferBoundaries) {
  SyntheticTrace t = testing::CleanHandover();
  for (int i = 0; i < 1500; ++i) {
    t.Set(Signal::kNStrobe, 0);
    t.Cycles(30);
    t.Set(Signal::kNStrobe, 1);
    t.Cycles(30);
  }
  const std::string vcd = t.ToVcd();
  ASSERT_GT(vcd.size(), 2u << 20) << "the trace must span several reader buffers";
  ReleaseChecker from_file;
  SignalTable table;
  std::string error;
  ASSERT_EQ(CheckTrace(WriteTempFile("long.vcd", vcd), kDefaultScope, &from_file, &table, &error),
            TraceCheckStatus::kOk)
      << error;
  const ReleaseChecker direct = testing::Check(t);
  EXPECT_EQ(from_file.checked_edges(), direct.checked_edges());
  EXPECT_EQ(from_file.releases().size(), 1u);
  EXPECT_TRUE(from_file.violations().empty());
}

TEST(Resolve, PrefersTheModuleScopeAndFallsBackToBareNames) {
  std::vector<TraceVar> vars;
  for (size_t i = 0; i < kSignalCount; ++i) {
    const std::string port = PortName(static_cast<Signal>(i));
    vars.push_back({"TOP." + port, 1, static_cast<uint32_t>(i)});
    if (static_cast<Signal>(i) != Signal::kPdOe) {
      vars.push_back({"TOP.pp_top." + port, 1, static_cast<uint32_t>(i)});
    }
  }
  vars.push_back({"TOP.pp_top.u_fifo.clk_i", 1, 99});
  vars.push_back({"TOP.pp_top.xnstrobe_o", 1, 98});
  Resolution res;
  ASSERT_EQ(ResolveSignals(vars, "pp_top", &res), ResolveStatus::kOk);
  EXPECT_EQ(res.table[Index(Signal::kClk)].name, "TOP.pp_top.clk_i");
  EXPECT_EQ(res.table[Index(Signal::kNStrobe)].name, "TOP.pp_top.nstrobe_o");
  EXPECT_EQ(res.table[Index(Signal::kPdOe)].name, "TOP.pd_oe_o");
}

TEST(Resolve, ListsEveryMissingPort) {
  std::vector<TraceVar> vars = {{"TOP.pp_top.clk_i", 1, 1}, {"TOP.pp_top.rst_ni", 1, 2}};
  Resolution res;
  ASSERT_EQ(ResolveSignals(vars, "pp_top", &res), ResolveStatus::kMissing);
  // nack_i and perror_i are optional: not listed.
  EXPECT_EQ(res.missing.size(), kSignalCount - 4);
  EXPECT_EQ(res.missing[0], Signal::kReleasing);
  EXPECT_EQ(res.missing.back(), Signal::kPdOe);
}

TEST(Resolve, TraceWithoutNAckOrPErrorIsAccepted) {
  std::vector<TraceVar> vars;
  for (size_t i = 0; i < kSignalCount; ++i) {
    const auto s = static_cast<Signal>(i);
    if (s != Signal::kNAck && s != Signal::kPError) {
      vars.push_back({std::string("TOP.pp_top.") + PortName(s), 1, 0});
    }
  }
  Resolution res;
  ASSERT_EQ(ResolveSignals(vars, "pp_top", &res), ResolveStatus::kOk);
  EXPECT_FALSE(res.present[Index(Signal::kNAck)]);
  EXPECT_FALSE(res.present[Index(Signal::kPError)]);
  EXPECT_TRUE(res.present[Index(Signal::kNInit)]);
  EXPECT_EQ(res.table[Index(Signal::kNAck)].name, "pp_top.nack_i");
  EXPECT_EQ(res.table[Index(Signal::kPError)].name, "pp_top.perror_i");
}

TEST(Resolve, ReadsPErrorWhereTheTraceHasIt) {
  std::vector<TraceVar> vars;
  for (size_t i = 0; i < kSignalCount; ++i) {
    vars.push_back({std::string("TOP.pp_top.") + PortName(static_cast<Signal>(i)), 1,
                    static_cast<uint32_t>(i)});
  }
  Resolution res;
  ASSERT_EQ(ResolveSignals(vars, "pp_top", &res), ResolveStatus::kOk);
  ASSERT_TRUE(res.present[Index(Signal::kPError)]);
  EXPECT_EQ(vars[res.var_index[Index(Signal::kPError)]].name, "TOP.pp_top.perror_i");
}

TEST(Resolve, FindsScopesAsWholePathComponents) {
  const std::vector<TraceVar> vars = {{"TOP.clk_i", 1, 1}, {"TOP.pp_top.u_fifo.count_q", 4, 2}};
  EXPECT_TRUE(HasScope(vars, "TOP"));
  EXPECT_TRUE(HasScope(vars, "pp_top"));
  EXPECT_TRUE(HasScope(vars, "TOP.pp_top"));
  EXPECT_TRUE(HasScope(vars, "pp_top.u_fifo"));
  EXPECT_FALSE(HasScope(vars, "top"));
  EXPECT_FALSE(HasScope(vars, "u_fif"));
  EXPECT_FALSE(HasScope(vars, "count_q"));  // a variable, not a scope
  EXPECT_EQ(ListScopes(vars, 6), "TOP, TOP.pp_top, TOP.pp_top.u_fifo");
  EXPECT_EQ(ListScopes(vars, 2), "TOP, TOP.pp_top, ...");
  EXPECT_EQ(ListScopes({}, 2), "none");
}

// The end mark: the last timestamp written once more after its changes.
TEST(VcdReader, CompleteOnlyWithTheEndMark) {
  const std::string marked = testing::CleanHandover().ToVcd();
  const std::string unmarked = marked.substr(0, marked.rfind('#'));
  // A cut just after a new timestamp looks like an end, but its time has no changes.
  const std::string new_time = unmarked + "#999999999\n";
  for (const auto& [text, complete] : {std::pair{marked, true}, std::pair{unmarked, false},
                                       std::pair{new_time, false}}) {
    VcdReader r;
    ASSERT_EQ(r.Open(WriteTempFile("end.vcd", text)), ReadStatus::kOk) << r.error();
    Recorder rec;
    ASSERT_EQ(r.Stream({0}, rec), ReadStatus::kOk) << r.error();
    std::string why;
    EXPECT_EQ(r.complete(&why), complete) << text.substr(text.size() - 40);
    if (!complete) {
      EXPECT_NE(why.find(": no end mark after it"), std::string::npos) << why;
    }
  }
}

// A trace with every kind of event: ownership, a legal strobe, a short strobe, a release with
// a line left non-idle, unknown values.
SyntheticTrace EventfulTrace() {
  SyntheticTrace t = testing::CleanHandover();
  t.Set(Signal::kNStrobe, 0);
  t.Cycles(3);
  t.Set(Signal::kNStrobe, 1);
  t.SetUnknown(Signal::kNAutoFd);
  t.Cycles(2);
  t.Set(Signal::kNAutoFd, 1);
  t.Set(Signal::kGrant, 0);
  t.Set(Signal::kReleasing, 1);
  t.Set(Signal::kNInit, 0);
  t.Cycles(6);
  t.Set(Signal::kReleasing, 0);
  t.Cycles(4);
  return t;
}

TEST(FstReader, RoundTripSeesTheSameChangesAsVcd) {
  const SyntheticTrace t = EventfulTrace();
  const std::string vcd_path = WriteTempFile("round.vcd", t.ToVcd());
  const std::string fst_path = testing::TempPath("round.fst");
  ASSERT_TRUE(t.WriteFst(fst_path));

  VcdReader vcd;
  FstReader fst;
  ASSERT_EQ(vcd.Open(vcd_path), ReadStatus::kOk) << vcd.error();
  ASSERT_EQ(fst.Open(fst_path), ReadStatus::kOk) << fst.error();
  Resolution vr;
  Resolution fr;
  ASSERT_EQ(ResolveSignals(vcd.vars(), "pp_top", &vr), ResolveStatus::kOk);
  ASSERT_EQ(ResolveSignals(fst.vars(), "pp_top", &fr), ResolveStatus::kOk);
  for (size_t i = 0; i < kSignalCount; ++i) {
    EXPECT_EQ(vr.table[i].name, fr.table[i].name);
    EXPECT_EQ(vr.table[i].width, fr.table[i].width);
  }
  EXPECT_EQ(fr.table[Index(Signal::kGrant)].name, "TOP.pp_top.grant_o");  // "[3:0]" stripped
  Recorder from_vcd;
  Recorder from_fst;
  ASSERT_EQ(vcd.Stream({vr.var_index.begin(), vr.var_index.end()}, from_vcd), ReadStatus::kOk);
  ASSERT_EQ(fst.Stream({fr.var_index.begin(), fr.var_index.end()}, from_fst), ReadStatus::kOk);
  EXPECT_EQ(fst.end_time_ps(), vcd.end_time_ps());
  const auto a = from_vcd.Settled();
  const auto b = from_fst.Settled();
  EXPECT_EQ(a.size(), b.size());
  for (const auto& [key, value] : a) {
    const auto it = b.find(key);
    ASSERT_NE(it, b.end()) << "FST lacks t=" << key.first << " slot " << key.second;
    EXPECT_EQ(it->second, value) << "t=" << key.first << " slot " << key.second;
  }
}

TEST(FstReader, CheckerResultsMatchVcd) {
  const SyntheticTrace t = EventfulTrace();
  const std::string fst_path = testing::TempPath("eventful.fst");
  ASSERT_TRUE(t.WriteFst(fst_path));
  ReleaseChecker from_vcd;
  ReleaseChecker from_fst;
  SignalTable table;
  std::string error;
  ASSERT_EQ(CheckTrace(WriteTempFile("eventful.vcd", t.ToVcd()), kDefaultScope, &from_vcd, &table,
                       &error),
            TraceCheckStatus::kOk)
      << error;
  ASSERT_EQ(CheckTrace(fst_path, kDefaultScope, &from_fst, &table, &error), TraceCheckStatus::kOk)
      << error;
  const ReleaseChecker direct = testing::Check(t);
  ASSERT_EQ(direct.violations().size(), 2u);  // the 60 ns strobe and nInit at release end
  for (const ReleaseChecker* c : {&from_vcd, &from_fst}) {
    ASSERT_EQ(c->violations().size(), direct.violations().size());
    for (size_t i = 0; i < direct.violations().size(); ++i) {
      EXPECT_EQ(c->violations()[i].kind, direct.violations()[i].kind);
      EXPECT_EQ(c->violations()[i].time_ps, direct.violations()[i].time_ps);
      EXPECT_EQ(c->violations()[i].signal, direct.violations()[i].signal);
    }
    EXPECT_EQ(c->releases().size(), direct.releases().size());
  }
}

TEST(TraceFormat, ChosenByExtensionThenContent) {
  const SyntheticTrace t = testing::CleanHandover();
  const std::string fst_path = testing::TempPath("content.wave");
  ASSERT_TRUE(t.WriteFst(fst_path));
  EXPECT_EQ(DetectTraceFormat(fst_path), TraceFormat::kFst);
  EXPECT_EQ(DetectTraceFormat(WriteTempFile("content.dump", t.ToVcd())), TraceFormat::kVcd);
  EXPECT_EQ(DetectTraceFormat(WriteTempFile("content.txt", "hello")), TraceFormat::kUnknown);
  EXPECT_EQ(DetectTraceFormat("anything.vcd"), TraceFormat::kVcd);
}

}  // namespace
}  // namespace ppcosim::wavecheck
