// Every arbitration rule of the reference model, on the RTL through the ARB_* registers.
#include <gtest/gtest.h>

#include "rtl_test_util.h"

namespace ppcosim::rtltest {
namespace {

using rm::ArbCmd;
using rm::ArbResult;

class RtlArbiter : public ::testing::Test {
 protected:
  // Owner 0 frees; waits for the release to finish.
  void FreeAndRelease(int owner) {
    ASSERT_EQ(b_.Cmd(owner, ArbCmd::kFree), ArbResult::kFreed);
    ASSERT_GE(b_.WaitReleased(), 0);
  }
  uint8_t OwnerReg() { return b_.Read(0, rm::kArbOwner); }
  bool OwnerValid() { return (OwnerReg() & rm::kArbOwnerValidMask) != 0; }
  int OwnerId() { return Field(OwnerReg(), rm::kArbOwnerIdMask, rm::kArbOwnerIdLsb); }

  void TearDown() override { EXPECT_FALSE(b_.h().assertion_failed()); }

  RtlBench b_;
};

TEST_F(RtlArbiter, TryGrantsAFreePort) {
  EXPECT_EQ(b_.Cmd(2, ArbCmd::kTry), ArbResult::kGranted);
  EXPECT_TRUE(b_.StatusBit(2, rm::kArbStatusGrantedMask));
  EXPECT_EQ(b_.dut().grant_o, 1u << 2);
  EXPECT_TRUE(OwnerValid());
  EXPECT_EQ(OwnerId(), 2);
}

TEST_F(RtlArbiter, TryAnswersBusyWhenOwnedAndNeverQueues) {
  b_.Own(0);
  EXPECT_EQ(b_.Cmd(1, ArbCmd::kTry), ArbResult::kBusy);
  EXPECT_EQ(b_.Waiters(), 0);
  EXPECT_FALSE(b_.StatusBit(1, rm::kArbStatusPendingMask));
}

TEST_F(RtlArbiter, AllocateGrantsAtOnceWhenFree) {
  EXPECT_EQ(b_.Cmd(3, ArbCmd::kAllocate), ArbResult::kGranted);
  EXPECT_EQ(b_.dut().grant_o, 1u << 3);
  // An immediate grant is not a queued allocate completing: no grant interrupt.
  EXPECT_EQ(b_.dut().grant_irq_o, 0u);
}

TEST_F(RtlArbiter, AllocateQueuesWhenOwned) {
  b_.Own(0);
  EXPECT_EQ(b_.Cmd(1, ArbCmd::kAllocate), ArbResult::kPending);
  EXPECT_EQ(b_.Cmd(2, ArbCmd::kAllocate), ArbResult::kPending);
  EXPECT_EQ(b_.Waiters(), 2);
  EXPECT_TRUE(b_.StatusBit(1, rm::kArbStatusPendingMask));
  EXPECT_FALSE(b_.StatusBit(1, rm::kArbStatusGrantedMask));
  EXPECT_EQ(b_.dut().grant_o, 1u << 0);
}

TEST_F(RtlArbiter, SecondRequestFromOwnerIsAlreadyOwnerAndChangesNothing) {
  b_.Own(0);
  EXPECT_EQ(b_.Cmd(0, ArbCmd::kAllocate), ArbResult::kAlreadyOwner);
  EXPECT_EQ(b_.Cmd(0, ArbCmd::kTry), ArbResult::kAlreadyOwner);
  EXPECT_EQ(b_.Waiters(), 0);
  EXPECT_EQ(b_.dut().grant_o, 1u << 0);
}

TEST_F(RtlArbiter, SecondRequestFromWaiterIsAlreadyWaitingAndChangesNothing) {
  b_.Own(0);
  ASSERT_EQ(b_.Cmd(1, ArbCmd::kAllocate), ArbResult::kPending);
  ASSERT_EQ(b_.Cmd(2, ArbCmd::kAllocate), ArbResult::kPending);
  EXPECT_EQ(b_.Cmd(1, ArbCmd::kAllocate), ArbResult::kAlreadyWaiting);
  EXPECT_EQ(b_.Cmd(1, ArbCmd::kTry), ArbResult::kAlreadyWaiting);
  EXPECT_EQ(b_.Waiters(), 2);
  // The order is unchanged: 1 is still first.
  FreeAndRelease(0);
  EXPECT_EQ(b_.dut().grant_o, 1u << 1);
}

TEST_F(RtlArbiter, SecondRequestFromChosenIsAlreadyWaiting) {
  b_.Own(0);
  ASSERT_EQ(b_.Cmd(1, ArbCmd::kAllocate), ArbResult::kPending);
  ASSERT_EQ(b_.Cmd(0, ArbCmd::kFree), ArbResult::kFreed);
  ASSERT_TRUE(b_.StatusBit(1, rm::kArbStatusChosenMask));
  EXPECT_EQ(b_.Cmd(1, ArbCmd::kAllocate), ArbResult::kAlreadyWaiting);
  EXPECT_EQ(b_.Cmd(1, ArbCmd::kTry), ArbResult::kAlreadyWaiting);
  EXPECT_EQ(b_.Waiters(), 0);
  ASSERT_GE(b_.WaitReleased(), 0);
  EXPECT_EQ(b_.dut().grant_o, 1u << 1);
}

TEST_F(RtlArbiter, FreeByNonOwnerIsRefusedAndChangesNothing) {
  b_.Own(0);
  ASSERT_EQ(b_.Cmd(1, ArbCmd::kAllocate), ArbResult::kPending);
  EXPECT_EQ(b_.Cmd(1, ArbCmd::kFree), ArbResult::kNotOwner);  // a waiter
  EXPECT_EQ(b_.Cmd(2, ArbCmd::kFree), ArbResult::kNotOwner);  // a bystander
  EXPECT_EQ(b_.dut().grant_o, 1u << 0);
  EXPECT_EQ(b_.dut().releasing_o, 0);
  EXPECT_EQ(b_.Waiters(), 1);
}

TEST_F(RtlArbiter, FreeOfAFreePortIsNotOwner) {
  EXPECT_EQ(b_.Cmd(0, ArbCmd::kFree), ArbResult::kNotOwner);
  EXPECT_EQ(b_.dut().releasing_o, 0);
}

TEST_F(RtlArbiter, FreeChoosesOldestWaiterWhoLeavesTheQueueAtOnce) {
  b_.Own(0);
  ASSERT_EQ(b_.Cmd(2, ArbCmd::kAllocate), ArbResult::kPending);
  ASSERT_EQ(b_.Cmd(1, ArbCmd::kAllocate), ArbResult::kPending);
  ASSERT_EQ(b_.Cmd(0, ArbCmd::kFree), ArbResult::kFreed);
  // Releasing: nobody owns the port; the chosen one is out of the queue.
  EXPECT_EQ(b_.dut().releasing_o, 1);
  EXPECT_EQ(b_.dut().grant_o, 0u);
  EXPECT_EQ(b_.Waiters(), 1);
  EXPECT_TRUE(b_.StatusBit(2, rm::kArbStatusChosenMask));
  EXPECT_FALSE(b_.StatusBit(2, rm::kArbStatusPendingMask));
  EXPECT_TRUE(b_.StatusBit(1, rm::kArbStatusPendingMask));
  EXPECT_TRUE(b_.StatusBit(3, rm::kArbStatusReleasingMask));
  EXPECT_FALSE(OwnerValid());
  EXPECT_TRUE(OwnerReg() & rm::kArbOwnerReleasingMask);
  EXPECT_EQ(OwnerId(), 0);  // the departing owner
  EXPECT_EQ(b_.Cmd(2, ArbCmd::kCancel), ArbResult::kNotPending);
  ASSERT_GE(b_.WaitReleased(), 0);
  // The chosen waiter's grant rises with its interrupt.
  EXPECT_EQ(b_.dut().grant_o, 1u << 2);
  EXPECT_EQ(b_.dut().grant_irq_o, 1u << 2);
  EXPECT_TRUE(b_.StatusBit(2, rm::kArbStatusGrantedMask));
  EXPECT_FALSE(b_.StatusBit(2, rm::kArbStatusChosenMask));
  EXPECT_EQ(b_.Read(2, rm::kArbIrq) & rm::kArbIrqPendingMask, rm::kArbIrqPendingMask);
  EXPECT_EQ(b_.Waiters(), 1);
  // The interrupt clears on write 1, only for its client.
  b_.Write(2, rm::kArbIrq, rm::kArbIrqPendingMask);
  EXPECT_EQ(b_.dut().grant_irq_o, 0u);
}

TEST_F(RtlArbiter, QueueIsStrictlyFirstInFirstOut) {
  b_.Own(3);
  for (int c : {1, 0, 2}) ASSERT_EQ(b_.Cmd(c, ArbCmd::kAllocate), ArbResult::kPending);
  int owner = 3;
  for (int next : {1, 0, 2}) {
    FreeAndRelease(owner);
    EXPECT_EQ(b_.dut().grant_o, 1u << next);
    owner = next;
  }
  FreeAndRelease(owner);
  EXPECT_EQ(b_.dut().grant_o, 0u);
  EXPECT_FALSE(OwnerValid());
}

TEST_F(RtlArbiter, WhileReleasingTryIsBusyAndAllocateQueues) {
  b_.Own(0);
  ASSERT_EQ(b_.Cmd(0, ArbCmd::kFree), ArbResult::kFreed);
  ASSERT_EQ(b_.dut().releasing_o, 1);
  EXPECT_EQ(b_.Cmd(1, ArbCmd::kTry), ArbResult::kBusy);
  EXPECT_EQ(b_.Cmd(2, ArbCmd::kAllocate), ArbResult::kPending);
  EXPECT_EQ(b_.Cmd(0, ArbCmd::kAllocate), ArbResult::kPending);  // the departing owner too
  EXPECT_EQ(b_.Waiters(), 2);
  // Nobody was chosen: the oldest of those who queued during the release gets the port.
  ASSERT_GE(b_.WaitReleased(), 0);
  EXPECT_EQ(b_.dut().grant_o, 1u << 2);
  EXPECT_EQ(b_.dut().grant_irq_o, 1u << 2);
  EXPECT_EQ(b_.Waiters(), 1);
}

TEST_F(RtlArbiter, PortIsFreeAfterReleaseWithNobodyWaiting) {
  b_.Own(1);
  FreeAndRelease(1);
  EXPECT_EQ(b_.dut().grant_o, 0u);
  EXPECT_EQ(b_.dut().grant_irq_o, 0u);
  EXPECT_EQ(b_.Cmd(3, ArbCmd::kTry), ArbResult::kGranted);
}

TEST_F(RtlArbiter, CancelRemovesAQueuedRequestAndKeepsTheOrder) {
  b_.Own(0);
  for (int c : {1, 2, 3}) ASSERT_EQ(b_.Cmd(c, ArbCmd::kAllocate), ArbResult::kPending);
  EXPECT_EQ(b_.Cmd(2, ArbCmd::kCancel), ArbResult::kCancelled);
  EXPECT_EQ(b_.Waiters(), 2);
  EXPECT_FALSE(b_.StatusBit(2, rm::kArbStatusPendingMask));
  EXPECT_EQ(b_.Cmd(2, ArbCmd::kCancel), ArbResult::kNotPending);
  FreeAndRelease(0);
  EXPECT_EQ(b_.dut().grant_o, 1u << 1);
  FreeAndRelease(1);
  EXPECT_EQ(b_.dut().grant_o, 1u << 3);
}

TEST_F(RtlArbiter, CancelWithoutARequestIsNotPending) {
  EXPECT_EQ(b_.Cmd(1, ArbCmd::kCancel), ArbResult::kNotPending);
  b_.Own(1);
  EXPECT_EQ(b_.Cmd(1, ArbCmd::kCancel), ArbResult::kNotPending);  // the owner
  EXPECT_EQ(b_.dut().grant_o, 1u << 1);
}

TEST_F(RtlArbiter, InvalidCommandsAreBadCommandAndChangeNothing) {
  for (uint8_t cmd :
       {static_cast<uint8_t>(ArbCmd::kNone), uint8_t{5}, uint8_t{0x81}, uint8_t{0xff}}) {
    EXPECT_EQ(b_.Raw(0, cmd), ArbResult::kBadCommand) << "command " << int(cmd);
  }
  EXPECT_EQ(b_.dut().grant_o, 0u);
  EXPECT_EQ(b_.Waiters(), 0);
}

TEST_F(RtlArbiter, ResultsGoToTheCallerOnly) {
  EXPECT_EQ(b_.LastResult(1), ArbResult::kNone);
  b_.Own(0);
  EXPECT_EQ(b_.Cmd(1, ArbCmd::kTry), ArbResult::kBusy);
  EXPECT_EQ(b_.LastResult(0), ArbResult::kGranted);
  EXPECT_EQ(b_.LastResult(2), ArbResult::kNone);
}

TEST_F(RtlArbiter, WaitersNeverCountsTheOwnerNorTheChosen) {
  b_.Own(0);
  EXPECT_EQ(b_.Waiters(), 0);
  for (int c : {1, 2, 3}) ASSERT_EQ(b_.Cmd(c, ArbCmd::kAllocate), ArbResult::kPending);
  EXPECT_EQ(b_.Waiters(), 3);
  ASSERT_EQ(b_.Cmd(0, ArbCmd::kFree), ArbResult::kFreed);
  EXPECT_EQ(b_.Waiters(), 2);  // 1 is chosen
  ASSERT_GE(b_.WaitReleased(), 0);
  EXPECT_EQ(b_.Waiters(), 2);  // 1 owns
}

TEST_F(RtlArbiter, ArbitrationActsOnTheCallersOwnId) {
  b_.Own(0);
  // Client 1's FREE cannot free client 0's port, whatever it writes.
  EXPECT_EQ(b_.Cmd(1, ArbCmd::kFree), ArbResult::kNotOwner);
  EXPECT_EQ(b_.dut().grant_o, 1u << 0);
  // Client 1 cannot clear client 0's grant interrupt either.
  ASSERT_EQ(b_.Cmd(1, ArbCmd::kAllocate), ArbResult::kPending);
  FreeAndRelease(0);
  ASSERT_EQ(b_.dut().grant_irq_o, 1u << 1);
  b_.Write(0, rm::kArbIrq, rm::kArbIrqPendingMask);
  EXPECT_EQ(b_.dut().grant_irq_o, 1u << 1);
}

TEST_F(RtlArbiter, TheDepartingOwnersGrantInterruptIsClearedByItsRelease) {
  b_.Own(0);
  ASSERT_EQ(b_.Cmd(1, ArbCmd::kAllocate), ArbResult::kPending);
  FreeAndRelease(0);
  ASSERT_EQ(b_.dut().grant_o, 1u << 1);
  ASSERT_EQ(b_.dut().grant_irq_o, 1u << 1);  // client 1 never clears it
  ASSERT_EQ(b_.Cmd(2, ArbCmd::kAllocate), ArbResult::kPending);
  b_.pins().Clear();
  ASSERT_EQ(b_.Cmd(1, ArbCmd::kFree), ArbResult::kFreed);
  ASSERT_GE(b_.WaitReleased(), 0);
  // Step 5 cleared client 1's flag while the release was still in progress; client 2's rose with
  // its grant.
  const auto& s = b_.pins().samples();
  size_t cleared = s.size();
  for (size_t i = 0; i < s.size(); ++i) {
    if (!(s[i].grant_irq & (1u << 1))) {
      cleared = i;
      break;
    }
  }
  ASSERT_LT(cleared, s.size());
  EXPECT_TRUE(s[cleared].releasing);
  EXPECT_EQ(b_.dut().grant_irq_o, 1u << 2);
  EXPECT_EQ(b_.Read(1, rm::kArbIrq) & rm::kArbIrqPendingMask, 0);
  EXPECT_EQ(b_.Read(2, rm::kArbIrq) & rm::kArbIrqPendingMask, rm::kArbIrqPendingMask);
}

TEST_F(RtlArbiter, ADepartingOwnerRegrantedAtTheEndOfItsReleaseGetsAFreshInterrupt) {
  b_.Own(0);
  ASSERT_EQ(b_.Cmd(1, ArbCmd::kAllocate), ArbResult::kPending);
  FreeAndRelease(0);
  ASSERT_EQ(b_.dut().grant_irq_o, 1u << 1);
  ASSERT_EQ(b_.Cmd(1, ArbCmd::kFree), ArbResult::kFreed);
  // Client 1 queues again during its own release: step 5 clears its old flag, the grant at the
  // end of the release sets a new one.
  ASSERT_EQ(b_.Cmd(1, ArbCmd::kAllocate), ArbResult::kPending);
  ASSERT_GE(b_.WaitReleased(), 0);
  EXPECT_EQ(b_.dut().grant_o, 1u << 1);
  EXPECT_EQ(b_.dut().grant_irq_o, 1u << 1);
}

}  // namespace
}  // namespace ppcosim::rtltest
