// The fault-injection build (pp_rtl_faults, +define+PP_FAULT_INJECTION): each
// +pp_release_fault=N really breaks its release step, so later checkers can be proven against it.
// The fault numbers are documented in rtl/pp_release_faults.sv.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pin_monitor.h"
#include "rtl_test_util.h"

namespace ppcosim::rtltest {
namespace {

using rm::ArbCmd;
using rm::ArbResult;
using rm::EcrMode;

constexpr int kOld = 1;
constexpr int kNew = 2;

enum Fault : int {
  kNoFault = 0,
  kRuntStrobe = 1,
  kKeepLines = 2,
  kKeepDrive = 3,
  kKeepRegs = 4,
  kEarlyGrant = 5
};

std::vector<std::string> PlusargsFor(int fault) {
  if (fault == kNoFault) return {};
  return {"+pp_release_fault=" + std::to_string(fault)};
}

// One release under a fault: kOld owns the port (SPP or FIFO mode as the test sets it up), kNew
// waits behind it.
class RtlFault : public ::testing::TestWithParam<int> {
 protected:
  explicit RtlFault(int fault) : b_(PlusargsFor(fault)) {}
  RtlFault() : RtlFault(GetParam()) {}

  void SetUp() override {
    b_.Own(kOld);
    ASSERT_EQ(b_.Cmd(kNew, ArbCmd::kAllocate), ArbResult::kPending);
  }
  void Free() {
    ASSERT_EQ(b_.Cmd(kOld, ArbCmd::kFree), ArbResult::kFreed);
    ASSERT_GE(b_.WaitReleased(), 0);
  }
  // The testbench's pin monitor on the same pins, from now on.
  void WatchPins() { b_.h().AddObserver(&pin_monitor_); }

  RtlBench b_;
  std::vector<PinViolation> pin_violations_;
  PinMonitor pin_monitor_{DutHarness::kClockPeriodNs,
                          [this](PinViolation v, uint64_t) { pin_violations_.push_back(v); }};
};

// Fault 1: the strobe in flight is cut short.
class RtlFaultRunt : public RtlFault {
 protected:
  RtlFaultRunt() : RtlFault(kRuntStrobe) {}
};

TEST_F(RtlFaultRunt, AByteInFlightGetsARuntStrobe) {
  b_.SetMode(kOld, EcrMode::kFifo);
  b_.pins().Clear();
  b_.Write(kOld, rm::kFifo, 0x5d);
  ASSERT_TRUE(
      b_.TickUntil([&] { return b_.dut().nstrobe_o == 0; }, 4 * CyclesFor(rm::kStrobeSetupNs)));
  Free();
  const auto pulses = StrobePulses(b_.pins().samples());
  ASSERT_EQ(pulses.size(), 1u);
  EXPECT_LT(NsFor(pulses[0].width), rm::kStrobeWidthNs);
  EXPECT_TRUE(b_.h().assertion_failed()) << "a_strobe_min_width should fire";
}

TEST_F(RtlFaultRunt, ASoftwareStrobeIsCutShort) {
  b_.pins().Clear();
  b_.Write(kOld, rm::kControl, rm::kControlReset | rm::kControlStrobeMask);
  Free();
  const auto pulses = StrobePulses(b_.pins().samples());
  ASSERT_EQ(pulses.size(), 1u);
  EXPECT_LT(NsFor(pulses[0].width), rm::kStrobeWidthNs);
}

// Fault 2: the control lines stay as the owner left them.
class RtlFaultLines : public RtlFault {
 protected:
  RtlFaultLines() : RtlFault(kKeepLines) {}
};

TEST_F(RtlFaultLines, ControlLinesAreNotIdled) {
  b_.Write(kOld, rm::kControl, rm::kControlAutofdMask);  // nAutoFd low, nInit low, nSelectIn high
  Free();
  EXPECT_EQ(b_.dut().nautofd_o, 0);
  EXPECT_EQ(b_.dut().ninit_o, 0);
  EXPECT_EQ(b_.dut().nselectin_o, 1);
  EXPECT_NE(b_.Read(kNew, rm::kControl), rm::kControlReset);
  EXPECT_TRUE(b_.h().assertion_failed()) << "a_lines_idle_before_grant should fire";
}

TEST_F(RtlFaultLines, ThePinMonitorNamesStep3) {
  WatchPins();
  b_.Write(kOld, rm::kControl, rm::kControlAutofdMask);
  Free();
  ASSERT_EQ(pin_violations_, std::vector<PinViolation>{PinViolation::kNotIdleAfterRelease});
  EXPECT_STREQ(PinViolationMessage(pin_violations_[0]),
               "step 3: release ended with the control lines off compatibility idle");
}

// Fault 3: the data drivers stay on.
class RtlFaultDrive : public RtlFault {
 protected:
  RtlFaultDrive() : RtlFault(kKeepDrive) {}
};

TEST_F(RtlFaultDrive, DataStaysDrivenWithNobodyOwningThePort) {
  ASSERT_EQ(b_.Cmd(kNew, ArbCmd::kCancel), ArbResult::kCancelled);
  b_.Write(kOld, rm::kData, 0x44);
  b_.pins().Clear();
  Free();
  EXPECT_EQ(b_.dut().grant_o, 0u);
  EXPECT_EQ(b_.dut().pd_oe_o, 1);
  // The pins in the release's last cycle already show it.
  const auto& s = b_.pins().samples();
  size_t last = s.size();
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i].releasing) last = i;
  }
  ASSERT_LT(last, s.size());
  EXPECT_TRUE(s[last].pd_oe);
  EXPECT_TRUE(b_.h().assertion_failed()) << "a_no_drive_without_owner should fire";
}

TEST_F(RtlFaultDrive, ThePinMonitorNamesStep4) {
  ASSERT_EQ(b_.Cmd(kNew, ArbCmd::kCancel), ArbResult::kCancelled);
  b_.Write(kOld, rm::kData, 0x44);
  WatchPins();
  Free();
  b_.h().Tick();
  // Step 4 broken: driven with nobody owning the port from the cycle the release ends, and
  // still driven in its last cycle.
  ASSERT_EQ(pin_violations_, (std::vector<PinViolation>{PinViolation::kDriveWithoutOwner,
                                                        PinViolation::kDrivenAfterRelease}));
  EXPECT_STREQ(PinViolationMessage(pin_violations_[1]),
               "step 4: release ended with the data lines still driven");
}

// Fault 4: ECR, FIFO and interrupt state survive.
class RtlFaultRegs : public RtlFault {
 protected:
  RtlFaultRegs() : RtlFault(kKeepRegs) {}
};

TEST_F(RtlFaultRegs, EcrAndFifoAreNotReset) {
  b_.SetMode(kOld, EcrMode::kTest);
  b_.Write(kOld, rm::kFifo, 0x66);
  Free();
  EXPECT_EQ(b_.Mode(kNew), EcrMode::kTest);
  EXPECT_FALSE(b_.Read(kNew, rm::kEcr) & rm::kEcrEmptyMask);
  EXPECT_EQ(b_.Read(kNew, rm::kFifo), 0x66);  // the old owner's data
}

// Fault 5: the next grant rises while releasing is still high.
class RtlFaultGrant : public RtlFault {
 protected:
  RtlFaultGrant() : RtlFault(kEarlyGrant) {}
};

TEST_F(RtlFaultGrant, GrantOverlapsReleasing) {
  b_.pins().Clear();
  Free();
  bool overlap = false;
  for (const PinSample& p : b_.pins().samples()) overlap |= p.releasing && p.grant != 0;
  EXPECT_TRUE(overlap);
  EXPECT_EQ(b_.dut().grant_o, 1u << kNew);
  EXPECT_TRUE(b_.h().assertion_failed()) << "a_no_grant_while_releasing should fire";
}

// Without a plusarg, or with an unknown number, the fault build releases cleanly.
TEST_P(RtlFault, CleanReleaseWithoutAKnownFault) {
  b_.SetMode(kOld, EcrMode::kFifo);
  b_.Write(kOld, rm::kControl, rm::kControlAutofdMask);
  b_.pins().Clear();
  b_.Write(kOld, rm::kFifo, 0x21);
  Free();
  const auto pulses = StrobePulses(b_.pins().samples());
  ASSERT_EQ(pulses.size(), 1u);
  EXPECT_GE(NsFor(pulses[0].width), rm::kStrobeWidthNs);
  EXPECT_EQ(b_.dut().nautofd_o, 1);
  EXPECT_EQ(b_.dut().nselectin_o, 0);
  EXPECT_EQ(b_.Read(kNew, rm::kEcr), rm::kEcrReset | rm::kEcrEmptyMask);
  for (const PinSample& p : b_.pins().samples()) EXPECT_FALSE(p.releasing && p.grant);
  EXPECT_FALSE(b_.h().assertion_failed());
}

TEST_P(RtlFault, ThePinMonitorFindsNothingWithoutAKnownFault) {
  WatchPins();
  b_.Write(kOld, rm::kControl, rm::kControlAutofdMask);
  b_.Write(kOld, rm::kData, 0x44);
  Free();
  b_.h().Tick();
  EXPECT_TRUE(pin_violations_.empty());
}
INSTANTIATE_TEST_SUITE_P(NoFault, RtlFault, ::testing::Values(kNoFault, 9));

}  // namespace
}  // namespace ppcosim::rtltest
