// The fault-injection build and release step 2: fault 6 (termination skipped) and fault 7 (no
// wait for the peripheral's answers) each make the termination assertions in pp_top fire; the
// same release without a fault does not.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "rtl_test_util.h"

namespace ppcosim::rtltest {
namespace {

using rm::ArbCmd;
using rm::ArbResult;
using rm::EcrMode;

constexpr int kOld = 1;
constexpr int kNew = 2;
constexpr int kNoFault = 0;
constexpr int kSkipTerm = 6;
constexpr int kNoAckWait = 7;
// CONTROL of the reverse idle state (nSelectIn H, nAutoFd L, nInit H) and of ECP reverse.
constexpr uint8_t kReverseIdle = rm::kControlNinitMask | rm::kControlAutofdMask;
constexpr uint8_t kEcpReverseIdle = rm::kControlDirMask | rm::kControlAutofdMask;

std::vector<std::string> PlusargsFor(int fault) {
  if (fault == kNoFault) return {};
  return {"+pp_release_fault=" + std::to_string(fault)};
}

// kOld leaves the port in an IEEE 1284 mode and frees it; the responder answers 20 cycles after
// each event, so a termination that does not wait goes past it.
void FreeFrom1284(int fault, EcrMode ecr, uint8_t control, Periph1284Mode mode,
                  bool* assertion_failed, Periph1284Mode* mode_after) {
  RtlBench b(PlusargsFor(fault));
  Ieee1284Responder periph;
  periph.SetDelay(20);
  b.printer().SetPassive(true);
  b.Attach(periph);
  b.Own(kOld);
  ASSERT_EQ(b.Cmd(kNew, ArbCmd::kAllocate), ArbResult::kPending);
  b.SetMode(kOld, ecr);
  b.WriteToPins(kOld, rm::kControl, control);
  periph.Enter(b.dut(), mode);
  ASSERT_EQ(b.Cmd(kOld, ArbCmd::kFree), ArbResult::kFreed);
  ASSERT_GE(b.WaitReleased(), 0);
  *assertion_failed = b.h().assertion_failed();
  *mode_after = periph.mode();
}

TEST(Rtl1284Fault, WithoutAFaultTheTerminationPassesItsAssertions) {
  bool failed = true;
  Periph1284Mode after = Periph1284Mode::kReverseIdle;
  FreeFrom1284(kNoFault, EcrMode::kSpp, kReverseIdle, Periph1284Mode::kReverseIdle, &failed,
               &after);
  EXPECT_FALSE(failed);
  EXPECT_EQ(after, Periph1284Mode::kCompat);
  FreeFrom1284(kNoFault, EcrMode::kEcp, kEcpReverseIdle, Periph1284Mode::kEcpReverse, &failed,
               &after);
  EXPECT_FALSE(failed);
  EXPECT_EQ(after, Periph1284Mode::kCompat);
}

// Fault 6: the lines go idle with the peripheral still in its 1284 mode.
TEST(Rtl1284Fault, SkippedTerminationIsCaught) {
  bool failed = false;
  Periph1284Mode after = Periph1284Mode::kCompat;
  FreeFrom1284(kSkipTerm, EcrMode::kSpp, kReverseIdle, Periph1284Mode::kReverseIdle, &failed,
               &after);
  EXPECT_TRUE(failed) << "a_term_before_idle should fire";
  EXPECT_NE(after, Periph1284Mode::kCompat);
}

// Fault 7: the termination goes past Events 24/27 before nAck answered.
TEST(Rtl1284Fault, NoWaitForNAckIsCaught) {
  bool failed = false;
  Periph1284Mode after = Periph1284Mode::kCompat;
  FreeFrom1284(kNoAckWait, EcrMode::kSpp, kReverseIdle, Periph1284Mode::kReverseIdle, &failed,
               &after);
  EXPECT_TRUE(failed) << "a_term_ev24_acked should fire";
}

// Fault 7 in ECP reverse: past Event 49 before PError rose.
TEST(Rtl1284Fault, NoWaitForPErrorIsCaught) {
  bool failed = false;
  Periph1284Mode after = Periph1284Mode::kCompat;
  FreeFrom1284(kNoAckWait, EcrMode::kEcp, kEcpReverseIdle, Periph1284Mode::kEcpReverse, &failed,
               &after);
  EXPECT_TRUE(failed) << "a_term_ev49_acked should fire";
}

}  // namespace
}  // namespace ppcosim::rtltest
