// Release step 2: a FREE from an IEEE 1284 mode terminates it on the pins (EPP Events 68/69,
// ECP reverse Events 47/49, then Events 22-29) before the released bus; a peripheral that never
// answers gets the immediate termination, the release still ends and ARB_TERM.TIMEOUT tells the
// next owner. A pin-level responder (rtl_test_util.h) plays the peripheral.
#include <gtest/gtest.h>

#include <vector>

#include "rtl_test_util.h"

namespace ppcosim::rtltest {
namespace {

using rm::ArbCmd;
using rm::ArbResult;
using rm::EcrMode;
using L = Line1284;

constexpr int kOld = 1;
constexpr int kNew = 2;
constexpr uint64_t kTermTimeoutCycles = CyclesFor(rm::kTermTimeoutSimNs);
constexpr uint64_t kNinitHoldCycles = CyclesFor(rm::kTermNinitHoldNs);

// CONTROL values of the 1284 modes' idle states (register bits; the pins through the map's
// inversions): nSelectIn high (1284 Active) in all of them.
constexpr uint8_t kNInitH = rm::kControlNinitMask;
constexpr uint8_t kReverseIdle = kNInitH | rm::kControlAutofdMask;  // nAutoFd L (HostBusy)
constexpr uint8_t kForwardIdle = kNInitH;                           // nAutoFd H, nStrobe H
constexpr uint8_t kEcpReverseIdle = rm::kControlDirMask | rm::kControlAutofdMask;  // nInit L

class Rtl1284Term : public ::testing::Test {
 protected:
  void SetUp() override {
    b_.printer().SetPassive(true);
    b_.Attach(periph_);
    b_.Own(kOld);
    ASSERT_EQ(b_.Cmd(kNew, ArbCmd::kAllocate), ArbResult::kPending);
  }
  void TearDown() override { EXPECT_FALSE(b_.h().assertion_failed()); }

  // The old owner puts port and peripheral into a 1284 mode's idle state. In ECP reverse the
  // controller turns the link itself (Events 38-40) once CONTROL.DIR asks for it.
  void EnterMode(EcrMode ecr, uint8_t control, Periph1284Mode mode) {
    b_.SetMode(kOld, ecr);
    b_.WriteToPins(kOld, rm::kControl, control);
    periph_.Enter(b_.dut(), mode);
    b_.h().Ticks(4);
    if (mode == Periph1284Mode::kEcpReverse) {
      ASSERT_TRUE(b_.TickUntil(
          [&] { return (b_.Read(kOld, rm::kHsStatus) & rm::kHsStatusEcpReverseMask) != 0; },
          kBusyTimeoutCycles));
    }
  }
  // FREE, then the release; returns the cycle of the FREE.
  uint64_t FreeAndWait() {
    const uint64_t at = b_.h().cycle();
    EXPECT_EQ(b_.Cmd(kOld, ArbCmd::kFree), ArbResult::kFreed);
    EXPECT_GE(b_.WaitReleased(), 0);
    b_.h().Ticks(2);
    return at;
  }
  // The next grant never overlaps the release, and the pins show the released bus from the
  // release's last cycle on.
  void ExpectReleasedBusThenGrant() {
    const auto& s = b_.pins().samples();
    size_t last_releasing = 0;
    for (size_t i = 0; i < s.size(); ++i) {
      EXPECT_FALSE(s[i].releasing && s[i].grant != 0) << "cycle " << s[i].cycle;
      if (s[i].releasing) last_releasing = i;
    }
    ASSERT_LT(last_releasing + 1, s.size());
    EXPECT_TRUE(BusReleased(s[last_releasing]));
    EXPECT_EQ(s[last_releasing + 1].grant, 1u << kNew);
  }
  bool TermTimeout(int client) {
    return (b_.Read(client, rm::kArbTerm) & rm::kArbTermTimeoutMask) != 0;
  }

  RtlBench b_;
  Ieee1284Responder periph_;
};

// Nibble (mode 000, reverse idle): Events 22, 24, 25, 27, 29, then the data drivers go off and
// the port is handed on.
TEST_F(Rtl1284Term, NibbleReverseIdleTerminatesWithEvents22To29) {
  EnterMode(EcrMode::kSpp, kReverseIdle, Periph1284Mode::kReverseIdle);
  const uint64_t at = FreeAndWait();
  const std::vector<L> want = {L::kNAutoFdHigh, L::kNSelectInLow,  // Event 22
                               L::kNAckLow,                         // Event 24
                               L::kNAutoFdLow,                      // Event 25
                               L::kNAckHigh,                        // Event 27
                               L::kNAutoFdHigh,                     // Event 29
                               L::kDataOff, L::kReleaseDone, L::kGranted};
  EXPECT_EQ(periph_.LinesToGrant(at), want) << periph_.Timeline(at);
  EXPECT_EQ(periph_.mode(), Periph1284Mode::kCompat);
  ExpectReleasedBusThenGrant();
  EXPECT_FALSE(TermTimeout(kNew));
}

// Byte mode (PS/2, data lines input): the same handshake; the drivers were off and stay off.
TEST_F(Rtl1284Term, ByteModeTerminatesWithEvents22To29) {
  EnterMode(EcrMode::kPs2, kReverseIdle | rm::kControlDirMask, Periph1284Mode::kReverseIdle);
  const uint64_t at = FreeAndWait();
  const std::vector<L> want = {L::kNAutoFdHigh, L::kNSelectInLow, L::kNAckLow, L::kNAutoFdLow,
                               L::kNAckHigh,    L::kNAutoFdHigh,  L::kReleaseDone, L::kGranted};
  EXPECT_EQ(periph_.LinesToGrant(at), want) << periph_.Timeline(at);
  EXPECT_EQ(periph_.mode(), Periph1284Mode::kCompat);
  ExpectReleasedBusThenGrant();
}

// ECP forward idle (mode 011, DIR 0): Event 22 is nSelectIn alone (nAutoFd is already high).
TEST_F(Rtl1284Term, EcpForwardTerminatesWithEvents22To29) {
  EnterMode(EcrMode::kEcp, kForwardIdle, Periph1284Mode::kEcpForward);
  const uint64_t at = FreeAndWait();
  const std::vector<L> want = {L::kNSelectInLow, L::kNAckLow,  L::kNAutoFdLow, L::kNAckHigh,
                               L::kNAutoFdHigh,  L::kDataOff, L::kReleaseDone, L::kGranted};
  EXPECT_EQ(periph_.LinesToGrant(at), want) << periph_.Timeline(at);
  EXPECT_EQ(periph_.mode(), Periph1284Mode::kCompat);
  ExpectReleasedBusThenGrant();
}

// ECP reverse (mode 011, the link reversed): Event 47 (nInit H), Event 49 (PError H) turn the
// bus around first; the data lines stay undriven; then Events 22-29.
TEST_F(Rtl1284Term, EcpReverseTurnsTheBusAroundThenTerminates) {
  EnterMode(EcrMode::kEcp, kEcpReverseIdle, Periph1284Mode::kEcpReverse);
  const uint64_t at = FreeAndWait();
  const std::vector<L> want = {L::kNInitHigh,                     // Event 47
                               L::kPErrorHigh,                    // Event 49
                               L::kNAutoFdHigh, L::kNSelectInLow,  // Event 22
                               L::kNAckLow,     L::kNAutoFdLow,   L::kNAckHigh,
                               L::kNAutoFdHigh, L::kReleaseDone,  L::kGranted};
  EXPECT_EQ(periph_.LinesToGrant(at), want) << periph_.Timeline(at);
  EXPECT_EQ(periph_.mode(), Periph1284Mode::kCompat);
  ExpectReleasedBusThenGrant();
}

// EPP (mode 100): Event 68 nInit L for the hold time, Event 69 nInit H with nSelectIn L, no
// handshake.
TEST_F(Rtl1284Term, EppTerminatesWithEvents68And69) {
  EnterMode(EcrMode::kEpp, kForwardIdle, Periph1284Mode::kEpp);
  const uint64_t at = FreeAndWait();
  const std::vector<L> want = {L::kNInitLow,                     // Event 68
                               L::kNInitHigh, L::kNSelectInLow,  // Event 69
                               L::kDataOff,   L::kReleaseDone, L::kGranted};
  EXPECT_EQ(periph_.LinesToGrant(at), want) << periph_.Timeline(at);
  const auto& log = periph_.log();
  uint64_t low = 0;
  uint64_t high = 0;
  for (const Logged1284& l : log) {
    if (l.line == L::kNInitLow) low = l.cycle;
    if (l.line == L::kNInitHigh && low != 0 && high == 0) high = l.cycle;
  }
  EXPECT_GE(high - low, kNinitHoldCycles);
  EXPECT_EQ(periph_.mode(), Periph1284Mode::kCompat);
  ExpectReleasedBusThenGrant();
}

// Compatibility mode (nSelectIn low) has nothing to terminate, whatever the ECR mode: the
// release changes no control line and takes no longer than before.
TEST_F(Rtl1284Term, CompatibilityModeIsNotTerminated) {
  EnterMode(EcrMode::kEpp, rm::kControlReset, Periph1284Mode::kCompat);
  const uint64_t at = FreeAndWait();
  const std::vector<L> want = {L::kDataOff, L::kReleaseDone, L::kGranted};
  EXPECT_EQ(periph_.LinesToGrant(at), want) << periph_.Timeline(at);
}

// A peripheral that never answers Event 24: immediate termination after the timeout, the
// release completes, and the next owner reads ARB_TERM.TIMEOUT until it clears it.
TEST_F(Rtl1284Term, SilentPeripheralGetsImmediateTerminationAndTheFlag) {
  EnterMode(EcrMode::kSpp, kReverseIdle, Periph1284Mode::kReverseIdle);
  periph_.SetSilent(true);
  EXPECT_FALSE(TermTimeout(kOld));
  const uint64_t at = FreeAndWait();
  const std::vector<L> want = {L::kNAutoFdHigh, L::kNSelectInLow, L::kDataOff, L::kReleaseDone,
                               L::kGranted};
  EXPECT_EQ(periph_.LinesToGrant(at), want) << periph_.Timeline(at);
  uint64_t ev22 = 0;
  uint64_t done = 0;
  for (const Logged1284& l : periph_.log()) {
    if (l.cycle >= at && l.line == L::kNSelectInLow) ev22 = l.cycle;
    if (l.line == L::kReleaseDone) done = l.cycle;
  }
  EXPECT_GE(done - ev22, kTermTimeoutCycles);
  EXPECT_LE(done - ev22, kTermTimeoutCycles + CyclesFor(rm::kStrobeHoldNs) + 16);
  ExpectReleasedBusThenGrant();
  // The flag is the port's: everybody reads it; a non-owner's write does not clear it.
  EXPECT_TRUE(TermTimeout(kNew));
  EXPECT_TRUE(TermTimeout(kOld));
  b_.Write(kOld, rm::kArbTerm, rm::kArbTermTimeoutMask);
  EXPECT_TRUE(TermTimeout(kNew));
  // Reading does not clear it; the owner's write of 0 does not either; its write of 1 does.
  b_.Write(kNew, rm::kArbTerm, 0);
  EXPECT_TRUE(TermTimeout(kNew));
  b_.Write(kNew, rm::kArbTerm, rm::kArbTermTimeoutMask);
  EXPECT_FALSE(TermTimeout(kNew));
}

// A silent ECP peripheral at Event 49: the host gives up the handshake with nSelectIn L and
// nAutoFd H at once (on the pins: both change in one cycle, without Events 24-29).
TEST_F(Rtl1284Term, SilentEcpReversePeripheralGetsImmediateTermination) {
  EnterMode(EcrMode::kEcp, kEcpReverseIdle, Periph1284Mode::kEcpReverse);
  periph_.SetSilent(true);
  const uint64_t at = FreeAndWait();
  const std::vector<L> want = {L::kNInitHigh,                      // Event 47
                               L::kNAutoFdHigh, L::kNSelectInLow,  // immediate termination
                               L::kReleaseDone, L::kGranted};
  EXPECT_EQ(periph_.LinesToGrant(at), want) << periph_.Timeline(at);
  EXPECT_TRUE(TermTimeout(kNew));
  ExpectReleasedBusThenGrant();
}

// The flag survives a later release that terminates normally, and a reset clears it.
TEST_F(Rtl1284Term, TheFlagIsStickyAcrossReleases) {
  EnterMode(EcrMode::kSpp, kReverseIdle, Periph1284Mode::kReverseIdle);
  periph_.SetSilent(true);
  FreeAndWait();
  ASSERT_TRUE(TermTimeout(kNew));
  periph_.SetSilent(false);
  ASSERT_EQ(b_.Cmd(kOld, ArbCmd::kAllocate), ArbResult::kPending);
  b_.WriteToPins(kNew, rm::kControl, kReverseIdle);
  periph_.Enter(b_.dut(), Periph1284Mode::kReverseIdle);
  ASSERT_EQ(b_.Cmd(kNew, ArbCmd::kFree), ArbResult::kFreed);
  ASSERT_GE(b_.WaitReleased(), 0);
  EXPECT_EQ(periph_.mode(), Periph1284Mode::kCompat);
  EXPECT_TRUE(TermTimeout(kOld));
  b_.h().Reset();
  EXPECT_FALSE(TermTimeout(kOld));
}

}  // namespace
}  // namespace ppcosim::rtltest
