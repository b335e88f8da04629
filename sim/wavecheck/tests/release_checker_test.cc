#include "release_checker.h"

#include <gtest/gtest.h>

#include "report.h"
#include "synthetic_trace.h"

namespace ppcosim::wavecheck {
namespace {

using testing::Check;
using testing::CleanHandover;
using testing::SyntheticTrace;
using traces::ParseBits;

constexpr uint64_t kNs = 1000;

using testing::OwnedByClient0;

// Starts a release at the next edge, holds it `cycles`, and returns its end time.
uint64_t Release(SyntheticTrace* t, int cycles) {
  t->Set(Signal::kGrant, 0);
  t->Set(Signal::kReleasing, 1);
  t->Cycles(cycles);
  const uint64_t end = t->next_edge_ps();
  t->Set(Signal::kReleasing, 0);
  t->Cycles(3);
  return end;
}

// Owned by client 0, then a release that has left nSelectIn high for five cycles so far.
SyntheticTrace ReleaseWithSelectInHigh() {
  SyntheticTrace t = OwnedByClient0();
  t.Set(Signal::kGrant, 0);
  t.Set(Signal::kReleasing, 1);
  t.Set(Signal::kNSelectIn, 1);
  t.Cycles(5);
  return t;
}

TEST(ReleaseChecker, CleanReleasePasses) {
  const ReleaseChecker c = Check(CleanHandover());
  EXPECT_TRUE(c.violations().empty()) << DescribeViolation(c.violations()[0], DefaultSignalTable());
  ASSERT_EQ(c.releases().size(), 1u);
  EXPECT_EQ(c.releases()[0].start_ps, 1750 * kNs);
  EXPECT_EQ(c.releases()[0].end_ps, 1950 * kNs);
  EXPECT_EQ(c.releases()[0].end, ReleaseEnd::kCompleted);
  EXPECT_GT(c.checked_edges(), 100u);
}

TEST(ReleaseChecker, SameTimestampOrderDoesNotMatter) {
  for (bool after : {false, true}) {
    SyntheticTrace t = OwnedByClient0();
    t.set_changes_after_clock(after);
    // The next owner's grant and data drive arrive in the very edge releasing_o falls: fine
    // whichever change is listed first.
    t.Set(Signal::kGrant, 0);
    t.Set(Signal::kReleasing, 1);
    t.Set(Signal::kPdOe, 0);
    t.Cycles(5);
    t.Set(Signal::kReleasing, 0);
    t.Set(Signal::kGrant, 0b10);
    t.Set(Signal::kPdOe, 1);
    t.Cycles(3);
    const ReleaseChecker c = Check(t);
    EXPECT_TRUE(c.violations().empty()) << "changes after clock: " << after;
    EXPECT_EQ(c.releases().size(), 1u);
  }
}

TEST(ReleaseChecker, LineGoingIdleOnlyAsTheReleaseEndsIsCaught) {
  SyntheticTrace t = ReleaseWithSelectInHigh();
  // Too late: the bus handed over in the release's last cycle still had nSelectIn high.
  t.Set(Signal::kReleasing, 0);
  t.Set(Signal::kNSelectIn, 0);
  t.Cycles(3);
  const ReleaseChecker c = Check(t);
  ASSERT_EQ(c.violations().size(), 1u);
  EXPECT_EQ(c.violations()[0].kind, ViolationKind::kLineNotIdle);
  EXPECT_EQ(c.violations()[0].signal, Signal::kNSelectIn);
}

TEST(ReleaseChecker, TransientValueWithinATimestampIsIgnored) {
  SyntheticTrace t = OwnedByClient0();
  const uint64_t end = Release(&t, 5);
  ReleaseChecker c;
  for (const testing::Change& ch : t.changes()) {
    // A writer may list a value twice in one timestamp; only the last one counts.
    if (ch.time_ps == end && ch.signal == Signal::kReleasing) {
      c.Change(end, Signal::kNSelectIn, KnownValue(1));
      c.Change(end, Signal::kNSelectIn, KnownValue(0));
    }
    c.Change(ch.time_ps, ch.signal, ch.value);
  }
  c.Finish(t.end_ps());
  EXPECT_TRUE(c.violations().empty());
}

TEST(ReleaseChecker, StrobeShorterThanMinimumIsCaughtAtItsFall) {
  SyntheticTrace t = OwnedByClient0();
  const uint64_t fall = t.next_edge_ps();
  t.Set(Signal::kNStrobe, 0);
  t.Cycles(10);  // 200 ns < 500 ns
  t.Set(Signal::kNStrobe, 1);
  t.Cycles(3);
  const ReleaseChecker c = Check(t);
  ASSERT_EQ(c.violations().size(), 1u);
  const Violation& v = c.violations()[0];
  EXPECT_EQ(v.kind, ViolationKind::kStrobeTooShort);
  EXPECT_EQ(v.signal, Signal::kNStrobe);
  EXPECT_EQ(v.time_ps, fall);
  EXPECT_EQ(v.measured_ps, 200 * kNs);
  EXPECT_EQ(
      DescribeViolation(v, DefaultSignalTable()),
      FormatNs(fall) +
          " ns: TOP.pp_top.nstrobe_o low for 200 ns, expected at least 500 ns (strobe width)");
}

TEST(ReleaseChecker, StrobeCutShortByAReleaseNamesStep1) {
  SyntheticTrace t = OwnedByClient0();
  const uint64_t fall = t.next_edge_ps();
  t.Set(Signal::kNStrobe, 0);
  t.Cycles(5);
  t.Set(Signal::kGrant, 0);
  t.Set(Signal::kReleasing, 1);
  t.Cycles(5);  // 200 ns in all: the release let it rise too early
  t.Set(Signal::kNStrobe, 1);
  t.Cycles(5);
  t.Set(Signal::kReleasing, 0);
  t.Cycles(3);
  const ReleaseChecker c = Check(t);
  ASSERT_EQ(c.violations().size(), 1u);
  const Violation& v = c.violations()[0];
  EXPECT_EQ(v.kind, ViolationKind::kStrobeTooShort);
  EXPECT_EQ(v.step, ReleaseStep::kDrain);
  EXPECT_EQ(DescribeViolation(v, DefaultSignalTable()),
            FormatNs(fall) + " ns: TOP.pp_top.nstrobe_o low for 200 ns, expected at least 500 ns "
                             "(step 1: strobe width)");
}

TEST(ReleaseChecker, StrobeOfExactlyTheMinimumPasses) {
  SyntheticTrace t = OwnedByClient0();
  t.Set(Signal::kNStrobe, 0);
  t.Cycles(25);
  t.Set(Signal::kNStrobe, 1);
  t.Cycles(3);
  EXPECT_TRUE(Check(t).violations().empty());
}

TEST(ReleaseChecker, StrobeGlitchBetweenClockEdgesIsCaught) {
  SyntheticTrace t = OwnedByClient0();
  t.Cycles(2);
  const uint64_t fall = t.end_ps() + 3 * kNs;
  t.Cycles(2);
  t.At(fall, Signal::kNStrobe, 0);
  t.At(fall + 5 * kNs, Signal::kNStrobe, 1);
  const ReleaseChecker c = Check(t);
  ASSERT_EQ(c.violations().size(), 1u);
  EXPECT_EQ(c.violations()[0].kind, ViolationKind::kStrobeTooShort);
  EXPECT_EQ(c.violations()[0].time_ps, fall);
  EXPECT_EQ(c.violations()[0].measured_ps, 5 * kNs);
}

TEST(ReleaseChecker, MinimumStrobeIsConfigurable) {
  SyntheticTrace t = OwnedByClient0();
  t.Set(Signal::kNStrobe, 0);
  t.Cycles(10);
  t.Set(Signal::kNStrobe, 1);
  t.Cycles(3);
  CheckerConfig config;
  config.min_strobe_ps = 200 * kNs;
  EXPECT_TRUE(Check(t, config).violations().empty());
}

struct IdleCase {
  Signal signal;
  uint64_t bad_value;
  ViolationKind kind;
  ReleaseStep step;
  const char* message_tail;
};

class ReleaseEndLine : public ::testing::TestWithParam<IdleCase> {};

TEST_P(ReleaseEndLine, NotIdleWhenReleasingFallsIsCaught) {
  const IdleCase& p = GetParam();
  SyntheticTrace t = OwnedByClient0();
  t.Set(Signal::kGrant, 0);
  t.Set(Signal::kReleasing, 1);
  t.Set(p.signal, p.bad_value);
  t.Cycles(8);
  const uint64_t end = t.next_edge_ps();
  t.Set(Signal::kReleasing, 0);  // ... but p.signal stays where it is
  t.Cycles(4);
  const ReleaseChecker c = Check(t);
  ASSERT_EQ(c.violations().size(), 1u);
  const Violation& v = c.violations()[0];
  EXPECT_EQ(v.kind, p.kind);
  EXPECT_EQ(v.signal, p.signal);
  EXPECT_EQ(v.time_ps, end);
  EXPECT_EQ(v.seen, KnownValue(p.bad_value));
  EXPECT_EQ(v.step, p.step);
  EXPECT_EQ(DescribeViolation(v, DefaultSignalTable()),
            FormatNs(end) + " ns: TOP.pp_top." + PortName(p.signal) + " is " +
                std::to_string(p.bad_value) + " at release end, " + p.message_tail);
}

INSTANTIATE_TEST_SUITE_P(
    AllLines, ReleaseEndLine,
    ::testing::Values(IdleCase{Signal::kNStrobe, 0, ViolationKind::kLineNotIdle,
                               ReleaseStep::kIdleLines, "expected 1 (step 3: compatibility idle)"},
                      IdleCase{Signal::kNAutoFd, 0, ViolationKind::kLineNotIdle,
                               ReleaseStep::kIdleLines, "expected 1 (step 3: compatibility idle)"},
                      IdleCase{Signal::kNInit, 0, ViolationKind::kLineNotIdle,
                               ReleaseStep::kIdleLines, "expected 1 (step 3: compatibility idle)"},
                      IdleCase{Signal::kNSelectIn, 1, ViolationKind::kLineNotIdle,
                               ReleaseStep::kIdleLines, "expected 0 (step 3: compatibility idle)"},
                      IdleCase{Signal::kPdOe, 1, ViolationKind::kDataDriven,
                               ReleaseStep::kDataOff,
                               "expected 0 (step 4: data lines not driven)"}),
    [](const ::testing::TestParamInfo<IdleCase>& info) {
      return std::string(PortName(info.param.signal));
    });

TEST(ReleaseChecker, LinesIdlingOneCycleAfterReleaseEndIsCaught) {
  SyntheticTrace t = ReleaseWithSelectInHigh();
  t.Set(Signal::kReleasing, 0);
  t.Cycles(1);
  t.Set(Signal::kNSelectIn, 0);
  t.Cycles(3);
  const ReleaseChecker c = Check(t);
  ASSERT_EQ(c.violations().size(), 1u);
  EXPECT_EQ(c.violations()[0].signal, Signal::kNSelectIn);
}

TEST(ReleaseChecker, UnknownLineAtReleaseEndIsCaught) {
  SyntheticTrace t = OwnedByClient0();
  t.Set(Signal::kGrant, 0);
  t.Set(Signal::kReleasing, 1);
  t.SetUnknown(Signal::kNInit);
  t.Cycles(5);
  t.Set(Signal::kReleasing, 0);
  t.Cycles(3);
  const ReleaseChecker c = Check(t);
  ASSERT_EQ(c.violations().size(), 1u);
  EXPECT_EQ(c.violations()[0].signal, Signal::kNInit);
  EXPECT_NE(DescribeViolation(c.violations()[0], DefaultSignalTable()).find("is x at release"),
            std::string::npos);
}

TEST(ReleaseChecker, GrantDuringReleaseIsCaughtOnce) {
  SyntheticTrace t = OwnedByClient0();
  const uint64_t start = t.next_edge_ps();
  t.Set(Signal::kReleasing, 1);  // the grant is not dropped
  t.Cycles(6);
  t.Set(Signal::kGrant, 0);
  t.Set(Signal::kReleasing, 0);
  t.Cycles(3);
  const ReleaseChecker c = Check(t);
  ASSERT_EQ(c.violations().size(), 1u);
  const Violation& v = c.violations()[0];
  EXPECT_EQ(v.kind, ViolationKind::kGrantWhileReleasing);
  EXPECT_EQ(v.signal, Signal::kGrant);
  EXPECT_EQ(v.time_ps, start);
  EXPECT_EQ(DescribeViolation(v, DefaultSignalTable()),
            FormatNs(start) +
                " ns: TOP.pp_top.grant_o is 0b0001 while TOP.pp_top.releasing_o is 1, expected 0 "
                "(step 6: no grant during a release)");
}

TEST(ReleaseChecker, GrantToNewOwnerDuringReleaseIsCaught) {
  SyntheticTrace t = OwnedByClient0();
  t.Set(Signal::kGrant, 0);
  t.Set(Signal::kReleasing, 1);
  t.Cycles(4);
  const uint64_t early = t.next_edge_ps();
  t.Set(Signal::kGrant, 0b0100);
  t.Cycles(2);
  t.Set(Signal::kReleasing, 0);
  t.Cycles(3);
  const ReleaseChecker c = Check(t);
  ASSERT_EQ(c.violations().size(), 1u);
  EXPECT_EQ(c.violations()[0].kind, ViolationKind::kGrantWhileReleasing);
  EXPECT_EQ(c.violations()[0].time_ps, early);
}

TEST(ReleaseChecker, TwoOwnersAtOnceIsCaught) {
  SyntheticTrace t = OwnedByClient0();
  const uint64_t at = t.next_edge_ps();
  t.Set(Signal::kGrant, 0b0011);
  t.Cycles(4);
  const ReleaseChecker c = Check(t);
  ASSERT_GE(c.violations().size(), 1u);
  EXPECT_EQ(c.violations()[0].kind, ViolationKind::kGrantNotOneHot);
  EXPECT_EQ(c.violations()[0].time_ps, at);
  EXPECT_EQ(
      DescribeViolation(c.violations()[0], DefaultSignalTable()),
      FormatNs(at) + " ns: TOP.pp_top.grant_o is 0b0011, expected at most one bit set (one owner)");
}

TEST(ReleaseChecker, OwnerToOwnerWithoutReleaseIsCaught) {
  SyntheticTrace t = OwnedByClient0();
  const uint64_t at = t.next_edge_ps();
  t.Set(Signal::kGrant, 0b0010);
  t.Cycles(4);
  const ReleaseChecker c = Check(t);
  ASSERT_EQ(c.violations().size(), 1u);
  const Violation& v = c.violations()[0];
  EXPECT_EQ(v.kind, ViolationKind::kGrantOverlap);
  EXPECT_EQ(v.time_ps, at);
  EXPECT_EQ(v.previous, 0b0001u);
  EXPECT_EQ(DescribeViolation(v, DefaultSignalTable()),
            FormatNs(at) +
                " ns: TOP.pp_top.grant_o is 0b0010 after owner 0b0001 with no release between, "
                "expected 0 and a release before a new owner");
}

TEST(ReleaseChecker, OwnerThroughZeroWithoutReleaseIsCaught) {
  SyntheticTrace t = OwnedByClient0();
  t.Set(Signal::kGrant, 0);
  t.Cycles(3);
  t.Set(Signal::kGrant, 0b1000);
  t.Cycles(3);
  const ReleaseChecker c = Check(t);
  ASSERT_EQ(c.violations().size(), 1u);
  EXPECT_EQ(c.violations()[0].kind, ViolationKind::kGrantOverlap);
}

TEST(ReleaseChecker, SameOwnerAgainAfterReleaseIsFine) {
  SyntheticTrace t = OwnedByClient0();
  Release(&t, 5);
  t.Set(Signal::kGrant, 0b0001);
  t.Cycles(3);
  EXPECT_TRUE(Check(t).violations().empty());
}

TEST(ReleaseChecker, ReleasePastTheBoundIsCaughtWhereTheBoundExpires) {
  SyntheticTrace t = OwnedByClient0();
  const uint64_t start = t.next_edge_ps();
  Release(&t, 100);  // 2 us
  CheckerConfig config;
  config.release_bound_ps = 1000 * kNs;
  const ReleaseChecker c = Check(t, config);
  ASSERT_EQ(c.violations().size(), 1u);
  const Violation& v = c.violations()[0];
  EXPECT_EQ(v.kind, ViolationKind::kReleaseTooLong);
  EXPECT_EQ(v.signal, Signal::kReleasing);
  EXPECT_EQ(v.time_ps, start + 1000 * kNs);
  EXPECT_EQ(v.since_ps, start);
  EXPECT_EQ(DescribeViolation(v, DefaultSignalTable()),
            FormatNs(start + 1000 * kNs) + " ns: TOP.pp_top.releasing_o is still 1 1000 ns after " +
                "the free at " + FormatNs(start) + " ns, expected 0 (release bound)");
}

TEST(ReleaseChecker, ReleaseWithinTheBoundPasses) {
  SyntheticTrace t = OwnedByClient0();
  Release(&t, 49);  // 980 ns
  CheckerConfig config;
  config.release_bound_ps = 1000 * kNs;
  EXPECT_TRUE(Check(t, config).violations().empty());
}

TEST(ReleaseChecker, DefaultBoundAdmitsTheSlowestLegalRelease) {
  EXPECT_EQ(kWorstReleaseNs, 1'824'000u);
  SyntheticTrace t = OwnedByClient0();
  Release(&t, static_cast<int>(kWorstReleaseNs * kNs / testing::kPeriodPs));
  EXPECT_TRUE(Check(t).violations().empty());
}

TEST(ReleaseChecker, ReleaseOpenAtEndIsUnfinishedNotViolating) {
  SyntheticTrace t = OwnedByClient0();
  const uint64_t start = t.next_edge_ps();
  t.Set(Signal::kGrant, 0);
  t.Set(Signal::kReleasing, 1);
  t.Cycles(10);
  const ReleaseChecker c = Check(t);
  EXPECT_TRUE(c.violations().empty());
  ASSERT_EQ(c.releases().size(), 1u);
  EXPECT_EQ(c.releases()[0].end, ReleaseEnd::kOpenAtEnd);
  EXPECT_EQ(c.releases()[0].start_ps, start);
  EXPECT_EQ(c.releases()[0].end_ps, t.end_ps());
}

TEST(ReleaseChecker, ReleaseOpenAtEndViolatesWhenCompletionIsRequired) {
  SyntheticTrace t = OwnedByClient0();
  const uint64_t start = t.next_edge_ps();
  t.Set(Signal::kGrant, 0);
  t.Set(Signal::kReleasing, 1);
  t.Cycles(10);
  CheckerConfig config;
  config.require_complete = true;
  const ReleaseChecker c = Check(t, config);
  ASSERT_EQ(c.violations().size(), 1u);
  EXPECT_EQ(c.violations()[0].kind, ViolationKind::kReleaseUnfinished);
  EXPECT_EQ(c.violations()[0].time_ps, start);
}

TEST(ReleaseChecker, NothingIsJudgedInReset) {
  SyntheticTrace t;
  t.Set(Signal::kGrant, 0b0011);
  t.Set(Signal::kReleasing, 1);
  t.Set(Signal::kNStrobe, 0);
  t.Cycles(3);
  t.Set(Signal::kNStrobe, 1);
  t.Set(Signal::kReleasing, 0);
  t.Set(Signal::kGrant, 0);
  t.Cycles(3);
  const ReleaseChecker c = Check(t);
  EXPECT_TRUE(c.violations().empty());
  EXPECT_EQ(c.checked_edges(), 0u);
}

TEST(ReleaseChecker, ResetDuringReleaseEndsItUnchecked) {
  SyntheticTrace t = ReleaseWithSelectInHigh();
  t.Set(Signal::kRstN, 0);
  t.Cycles(2);
  t.Set(Signal::kReleasing, 0);
  t.Set(Signal::kNSelectIn, 0);
  t.Cycles(2);
  const ReleaseChecker c = Check(t);
  EXPECT_TRUE(c.violations().empty());
  ASSERT_EQ(c.releases().size(), 1u);
  EXPECT_EQ(c.releases()[0].end, ReleaseEnd::kResetDuring);
}

TEST(ReleaseChecker, EveryViolationKindHasAName) {
  for (ViolationKind k : {ViolationKind::kReleaseTooLong, ViolationKind::kReleaseUnfinished,
                          ViolationKind::kLineNotIdle, ViolationKind::kDataDriven,
                          ViolationKind::kGrantWhileReleasing, ViolationKind::kGrantNotOneHot,
                          ViolationKind::kGrantOverlap, ViolationKind::kStrobeTooShort,
                          ViolationKind::kTermSkipped, ViolationKind::kTermOutOfOrder}) {
    EXPECT_STRNE(KindName(k), "unknown");
  }
}

TEST(Report, FormatsFractionalNanoseconds) {
  EXPECT_EQ(FormatNs(12'340'000), "12340");
  EXPECT_EQ(FormatNs(12'340'500), "12340.5");
  EXPECT_EQ(FormatNs(7), "0.007");
}

TEST(Signals, ParseBitsExtendsLikeVcd) {
  EXPECT_EQ(ParseBits("1", 1, 4), KnownValue(1));
  EXPECT_EQ(ParseBits("10", 2, 4), KnownValue(2));
  const Value x = ParseBits("x1", 2, 4);
  EXPECT_EQ(x.bits, 1u);
  EXPECT_EQ(x.unknown, 0b1110u);
  EXPECT_EQ(ParseBits("z", 1, 1).unknown, 1u);
}

}  // namespace
}  // namespace ppcosim::wavecheck
