// Release step 2 on the pins: a release that finds nSelectIn (1284 Active) high terminates the
// IEEE 1284 mode before the lines go to compatibility idle.
#include <gtest/gtest.h>

#include "release_checker.h"
#include "report.h"
#include "synthetic_trace.h"

namespace ppcosim::wavecheck {
namespace {

using testing::Check;
using testing::OwnedByClient0;
using testing::SyntheticTrace;

// Cycles of the simulation's termination timeout (regmap::kTermTimeoutSimNs at 20 ns).
constexpr int kTimeoutCycles =
    static_cast<int>(CheckerConfig().term_timeout_ps / testing::kPeriodPs);

enum class Mode : uint8_t {
  kOther,       // nSelectIn high only: nibble, byte, ECP forward or EPP
  kEcpReverse,  // nSelectIn high, nAutoFd (HostAck) and nInit (nReverseRequest) low
};

// Client 0 owns the port in a 1284 mode (nSelectIn high) and frees it (at `free_ps`): the
// release has begun.
SyntheticTrace FreeFrom1284Mode(uint64_t* free_ps = nullptr, Mode mode = Mode::kOther) {
  SyntheticTrace t = OwnedByClient0();
  t.Set(Signal::kNSelectIn, 1);
  if (mode == Mode::kEcpReverse) {
    t.Set(Signal::kNAutoFd, 0);
    t.Set(Signal::kNInit, 0);
  }
  t.Cycles(5);
  if (free_ps != nullptr) *free_ps = t.next_edge_ps();
  t.Set(Signal::kGrant, 0);
  t.Set(Signal::kReleasing, 1);
  t.Cycles(3);
  return t;
}

// Ends the release with the lines at compatibility idle; returns the end time.
uint64_t EndRelease(SyntheticTrace* t) {
  t->Cycles(2);
  const uint64_t end = t->next_edge_ps();
  t->Set(Signal::kReleasing, 0);
  t->Cycles(3);
  return end;
}

std::string Describe(const Violation& v) { return DescribeViolation(v, DefaultSignalTable()); }

// The message of the one violation `t` has, if it is a step-2 `kind` on `signal` at `time_ps`;
// else a test failure and "".
std::string OnlyTermViolation(const SyntheticTrace& t, ViolationKind kind, Signal signal,
                              uint64_t time_ps) {
  const ReleaseChecker c = Check(t);
  if (c.violations().size() != 1) {
    ADD_FAILURE() << c.violations().size() << " violations, expected 1";
    return "";
  }
  const Violation& v = c.violations()[0];
  EXPECT_EQ(v.kind, kind);
  EXPECT_EQ(v.step, ReleaseStep::kTerminate);
  EXPECT_EQ(v.signal, signal);
  EXPECT_EQ(v.time_ps, time_ps);
  return Describe(v);
}

// Events 22, 24, 25, 27 as the pins show them (the peripheral answers through nAck).
void NibbleUpToEvent27(SyntheticTrace* t) {
  t->Set(Signal::kNSelectIn, 0);  // Event 22 (nAutoFd stays high)
  t->Cycles(4);
  t->Set(Signal::kNAck, 0);  // Event 24
  t->Cycles(3);
  t->Set(Signal::kNAutoFd, 0);  // Event 25
  t->Cycles(4);
}

TEST(Termination, NibbleHandshakePasses) {
  SyntheticTrace t = FreeFrom1284Mode();
  NibbleUpToEvent27(&t);
  t.Set(Signal::kNAck, 1);  // Event 27
  t.Cycles(3);
  t.Set(Signal::kNAutoFd, 1);  // Event 29
  EndRelease(&t);
  const ReleaseChecker c = Check(t);
  EXPECT_TRUE(c.violations().empty()) << Describe(c.violations()[0]);
  EXPECT_EQ(c.releases().size(), 1u);
}

TEST(Termination, EppNInitPulsePasses) {
  SyntheticTrace t = FreeFrom1284Mode();
  t.Set(Signal::kNInit, 0);  // Event 68
  t.Cycles(10);
  t.Set(Signal::kNInit, 1);  // Event 69
  t.Set(Signal::kNSelectIn, 0);
  EndRelease(&t);
  const ReleaseChecker c = Check(t);
  EXPECT_TRUE(c.violations().empty()) << Describe(c.violations()[0]);
}

TEST(Termination, ImmediateTerminationAfterTheTimeoutPasses) {
  SyntheticTrace t = FreeFrom1284Mode();
  t.Set(Signal::kNSelectIn, 0);  // Event 22; the peripheral never answers
  t.Cycles(kTimeoutCycles + 1);
  EndRelease(&t);
  const ReleaseChecker c = Check(t);
  EXPECT_TRUE(c.violations().empty()) << Describe(c.violations()[0]);
}

TEST(Termination, ImmediateTerminationAtEvent27TimeoutPasses) {
  SyntheticTrace t = FreeFrom1284Mode();
  NibbleUpToEvent27(&t);
  t.Cycles(kTimeoutCycles);  // nAck stays low
  t.Set(Signal::kNAutoFd, 1);
  EndRelease(&t);
  const ReleaseChecker c = Check(t);
  EXPECT_TRUE(c.violations().empty()) << Describe(c.violations()[0]);
}

TEST(Termination, LinesIdledWithNoEventsAreCaught) {
  uint64_t free_ps = 0;
  SyntheticTrace t = FreeFrom1284Mode(&free_ps);
  t.Set(Signal::kNSelectIn, 0);  // straight to compatibility idle
  const uint64_t end = EndRelease(&t);
  EXPECT_EQ(OnlyTermViolation(t, ViolationKind::kTermSkipped, Signal::kNSelectIn, end),
            FormatNs(end) + " ns: TOP.pp_top.nselectin_o is 0 at release end with no IEEE 1284 "
                            "termination since the free at " +
                FormatNs(free_ps) +
                " ns (nSelectIn high), expected the EPP nInit pulse, Events 22 to 29, or an "
                "immediate termination after 20000 ns without an answer (step 2: IEEE 1284 "
                "termination)");
}

TEST(Termination, WaitShorterThanTheTimeoutIsCaught) {
  SyntheticTrace t = FreeFrom1284Mode();
  t.Set(Signal::kNSelectIn, 0);
  t.Cycles(kTimeoutCycles - 10);
  const uint64_t end = EndRelease(&t);
  EXPECT_NE(OnlyTermViolation(t, ViolationKind::kTermSkipped, Signal::kNSelectIn, end), "");
}

TEST(Termination, NAutoFdFallingBeforeNAckFellIsCaught) {
  SyntheticTrace t = FreeFrom1284Mode();
  t.Set(Signal::kNSelectIn, 0);
  t.Cycles(4);
  const uint64_t fall = t.next_edge_ps();
  t.Set(Signal::kNAutoFd, 0);  // Event 25 with no Event 24
  t.Cycles(2);
  t.Set(Signal::kNAck, 0);  // the answer comes too late
  t.Cycles(3);
  t.Set(Signal::kNAck, 1);
  t.Cycles(3);
  t.Set(Signal::kNAutoFd, 1);
  EndRelease(&t);
  EXPECT_EQ(OnlyTermViolation(t, ViolationKind::kTermOutOfOrder, Signal::kNAutoFd, fall),
            FormatNs(fall) +
                " ns: TOP.pp_top.nautofd_o fell before TOP.pp_top.nack_i fell, expected nAck low "
                "first (step 2: IEEE 1284 termination, Event 25 after Event 24)");
}

TEST(Termination, NAutoFdRisingBeforeNAckRoseIsCaught) {
  SyntheticTrace t = FreeFrom1284Mode();
  NibbleUpToEvent27(&t);
  const uint64_t rise = t.next_edge_ps();
  t.Set(Signal::kNAutoFd, 1);  // Event 29 while nAck is still low
  EndRelease(&t);
  EXPECT_EQ(OnlyTermViolation(t, ViolationKind::kTermOutOfOrder, Signal::kNAutoFd, rise),
            FormatNs(rise) +
                " ns: TOP.pp_top.nautofd_o rose before TOP.pp_top.nack_i rose, expected nAck "
                "high first or 20000 ns without an answer (step 2: IEEE 1284 termination, Event "
                "29 after Event 27)");
}

TEST(Termination, WithoutNAckTheOrderIsNotJudgedButASkipIs) {
  // A trace with no nack_i (unknown throughout): the handshake passes on the other lines alone.
  SyntheticTrace t = FreeFrom1284Mode();
  t.SetUnknown(Signal::kNAck);
  t.Set(Signal::kNSelectIn, 0);
  t.Cycles(4);
  t.Set(Signal::kNAutoFd, 0);
  t.Cycles(4);
  t.Set(Signal::kNAutoFd, 1);
  EndRelease(&t);
  EXPECT_TRUE(Check(t).violations().empty());

  SyntheticTrace skipped = FreeFrom1284Mode();
  skipped.SetUnknown(Signal::kNAck);
  skipped.Set(Signal::kNSelectIn, 0);
  const uint64_t end = EndRelease(&skipped);
  EXPECT_NE(OnlyTermViolation(skipped, ViolationKind::kTermSkipped, Signal::kNSelectIn, end), "");
}

// ECP reverse: the release turns the port forward first (rtl/pp_1284_term.sv TermEcpEv47/49).
SyntheticTrace FreeFromEcpReverse(uint64_t* free_ps = nullptr) {
  return FreeFrom1284Mode(free_ps, Mode::kEcpReverse);
}

// Event 22 from ECP: nSelectIn falls and nAutoFd (HostAck) goes back high with it.
void EcpEvent22(SyntheticTrace* t) {
  t->Set(Signal::kNSelectIn, 0);
  t->Set(Signal::kNAutoFd, 1);
}

// Events 24 to 29 after Event 22: the peripheral answers each through nAck.
void Events24To29(SyntheticTrace* t) {
  t->Cycles(4);
  t->Set(Signal::kNAck, 0);  // Event 24
  t->Cycles(3);
  t->Set(Signal::kNAutoFd, 0);  // Event 25
  t->Cycles(4);
  t->Set(Signal::kNAck, 1);  // Event 27
  t->Cycles(3);
  t->Set(Signal::kNAutoFd, 1);  // Event 29
}

// Events 47 and 49, then 22 to 29.
void EcpReverseTermination(SyntheticTrace* t) {
  t->Set(Signal::kNInit, 1);  // Event 47
  t->Cycles(3);
  t->Set(Signal::kPError, 1);  // Event 49
  t->Cycles(3);
  EcpEvent22(t);
  Events24To29(t);
}

TEST(Termination, EcpReverseEvents47And49ThenTheHandshakePass) {
  SyntheticTrace t = FreeFromEcpReverse();
  EcpReverseTermination(&t);
  EndRelease(&t);
  const ReleaseChecker c = Check(t);
  EXPECT_TRUE(c.violations().empty()) << Describe(c.violations()[0]);
  EXPECT_EQ(c.releases().size(), 1u);
}

TEST(Termination, EcpEvent22BeforeEvent49IsCaught) {
  SyntheticTrace t = FreeFromEcpReverse();
  t.Set(Signal::kNInit, 1);  // Event 47
  t.Cycles(3);
  const uint64_t request = t.next_edge_ps();
  EcpEvent22(&t);  // PError still low
  t.Cycles(2);
  t.Set(Signal::kPError, 1);  // the answer comes too late
  Events24To29(&t);
  EndRelease(&t);
  EXPECT_EQ(OnlyTermViolation(t, ViolationKind::kTermOutOfOrder, Signal::kNSelectIn, request),
            FormatNs(request) +
                " ns: TOP.pp_top.nselectin_o fell before TOP.pp_top.perror_i rose, expected "
                "PError high first or 20000 ns without an answer (step 2: IEEE 1284 "
                "termination, Event 22 after Event 49)");
}

TEST(Termination, EcpNInitNeverRisingIsCaught) {
  SyntheticTrace t = FreeFromEcpReverse();
  const uint64_t request = t.next_edge_ps();
  EcpEvent22(&t);  // as from any other mode: no Event 47, nInit stays low
  Events24To29(&t);
  const uint64_t end = EndRelease(&t);
  const ReleaseChecker c = Check(t);
  ASSERT_EQ(c.violations().size(), 2u);
  const Violation& order = c.violations()[0];  // step 2's, reported where it happened
  EXPECT_EQ(order.kind, ViolationKind::kTermOutOfOrder);
  EXPECT_EQ(Describe(order),
            FormatNs(request) +
                " ns: TOP.pp_top.nselectin_o fell before TOP.pp_top.ninit_o rose, expected "
                "nInit high first (step 2: IEEE 1284 termination, Event 22 after Event 47)");
  // And the lines are not idle at the end.
  EXPECT_EQ(c.violations()[1].kind, ViolationKind::kLineNotIdle);
  EXPECT_EQ(c.violations()[1].signal, Signal::kNInit);
  EXPECT_EQ(c.violations()[1].time_ps, end);
}

TEST(Termination, EcpLinesIdledAtOnceAreCaught) {
  SyntheticTrace t = FreeFromEcpReverse();
  const uint64_t idled = t.next_edge_ps();
  t.Set(Signal::kNInit, 1);  // Event 47 with Event 22, no time for Event 49
  EcpEvent22(&t);
  EndRelease(&t);
  EXPECT_NE(OnlyTermViolation(t, ViolationKind::kTermOutOfOrder, Signal::kNSelectIn, idled)
                .find("before TOP.pp_top.perror_i rose"),
            std::string::npos);
}

TEST(Termination, EcpImmediateTerminationAfterTheEvent49TimeoutPasses) {
  SyntheticTrace t = FreeFromEcpReverse();
  t.Set(Signal::kNInit, 1);  // Event 47; PError never rises
  t.Cycles(kTimeoutCycles + 1);
  EcpEvent22(&t);  // the immediate termination's levels
  EndRelease(&t);
  const ReleaseChecker c = Check(t);
  EXPECT_TRUE(c.violations().empty()) << Describe(c.violations()[0]);
}

// Events 47, 49 and 22, then nAck never falls (Event 24): the lines stay as they are.
SyntheticTrace EcpSilentAtEvent24(uint64_t* free_ps) {
  SyntheticTrace t = FreeFromEcpReverse(free_ps);
  t.Set(Signal::kNInit, 1);
  t.Cycles(3);
  t.Set(Signal::kPError, 1);
  t.Cycles(3);
  EcpEvent22(&t);
  return t;
}

TEST(Termination, EcpSilentAtEvent24ImmediateTerminationAfterTheTimeoutPasses) {
  uint64_t free_ps = 0;
  SyntheticTrace t = EcpSilentAtEvent24(&free_ps);
  t.Cycles(kTimeoutCycles + 1);
  EndRelease(&t);
  const ReleaseChecker c = Check(t);
  EXPECT_TRUE(c.violations().empty()) << Describe(c.violations()[0]);
}

TEST(Termination, EcpSilentAtEvent24ReleaseEndingBeforeTheTimeoutIsCaught) {
  uint64_t free_ps = 0;
  SyntheticTrace t = EcpSilentAtEvent24(&free_ps);
  t.Cycles(kTimeoutCycles - 10);
  const uint64_t end = EndRelease(&t);
  EXPECT_EQ(OnlyTermViolation(t, ViolationKind::kTermSkipped, Signal::kNSelectIn, end),
            FormatNs(end) + " ns: TOP.pp_top.nselectin_o is 0 at release end with no IEEE 1284 "
                            "termination since the free at " +
                FormatNs(free_ps) +
                " ns (nSelectIn high, nAutoFd and nInit low: ECP reverse), expected Events 47 "
                "and 49, then 22 to 29, or an immediate termination after 20000 ns without an "
                "answer (step 2: IEEE 1284 termination)");
}

TEST(Termination, WithoutPErrorEvent49IsNotJudged) {
  SyntheticTrace t = FreeFromEcpReverse();
  t.SetUnknown(Signal::kPError);
  t.Set(Signal::kNInit, 1);
  t.Cycles(3);
  EcpEvent22(&t);
  Events24To29(&t);
  EndRelease(&t);
  const ReleaseChecker c = Check(t);
  EXPECT_TRUE(c.violations().empty()) << Describe(c.violations()[0]);
}

}  // namespace
}  // namespace ppcosim::wavecheck
