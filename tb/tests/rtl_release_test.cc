// The release sequence on FREE, step by step, observed on the pins and through the next owner's
// registers: (1) the byte in flight finishes, the FIFO drains or is flushed and counted,
// (3) control lines idle, (4) data off and latch 0, (5) ECR/FIFO/interrupts reset, (6) only then
// the next grant, never overlapping. A release never switches the data drivers on. And
// ARB_DROPPED: every byte the controller discards in a tenure, counted.
#include <gtest/gtest.h>

#include <vector>

#include "rtl_test_util.h"

namespace ppcosim::rtltest {
namespace {

using rm::ArbCmd;
using rm::ArbResult;
using rm::EcrMode;

constexpr int kOld = 0;  // the departing owner
constexpr int kNew = 3;  // the next one, queued behind it

class RtlRelease : public ::testing::Test {
 protected:
  void SetUp() override {
    b_.Own(kOld);
    ASSERT_EQ(b_.Cmd(kNew, ArbCmd::kAllocate), ArbResult::kPending);
  }
  void TearDown() override { EXPECT_FALSE(b_.h().assertion_failed()); }

  // FREE by the old owner, then waits for the release; returns its length in cycles.
  int64_t FreeAndWait() {
    EXPECT_EQ(b_.Cmd(kOld, ArbCmd::kFree), ArbResult::kFreed);
    return b_.WaitReleased();
  }
  // Index of the first sample at or after `from` that satisfies `pred`; samples.size() if none.
  template <typename Pred>
  size_t First(Pred pred, size_t from = 0) {
    const auto& s = b_.pins().samples();
    for (size_t i = from; i < s.size(); ++i) {
      if (pred(s[i])) return i;
    }
    return s.size();
  }

  RtlBench b_;
};

TEST_F(RtlRelease, AByteInFlightFinishesItsFullStrobeAndHold) {
  b_.SetMode(kOld, EcrMode::kFifo);
  b_.pins().Clear();
  b_.Write(kOld, rm::kFifo, 0x9c);
  // Free at once: the byte has just left the FIFO and is in its setup time.
  ASSERT_GE(FreeAndWait(), 0);
  const auto pulses = StrobePulses(b_.pins().samples());
  ASSERT_EQ(pulses.size(), 1u);
  EXPECT_EQ(pulses[0].data, 0x9c);
  EXPECT_GE(NsFor(pulses[0].width), rm::kStrobeWidthNs);
  EXPECT_GE(NsFor(pulses[0].hold), rm::kStrobeHoldNs);
  EXPECT_GE(NsFor(pulses[0].setup), rm::kStrobeSetupNs);
  EXPECT_EQ(b_.printer().bytes(), std::vector<uint8_t>{0x9c});
}

TEST_F(RtlRelease, FreeInTheMiddleOfTheStrobeStillGivesTheFullPulse) {
  b_.SetMode(kOld, EcrMode::kFifo);
  b_.pins().Clear();
  b_.Write(kOld, rm::kFifo, 0x6b);
  ASSERT_TRUE(
      b_.TickUntil([&] { return b_.dut().nstrobe_o == 0; }, 4 * CyclesFor(rm::kStrobeSetupNs)));
  b_.h().Ticks(CyclesFor(rm::kStrobeWidthNs) / 2);
  ASSERT_GE(FreeAndWait(), 0);
  const auto pulses = StrobePulses(b_.pins().samples());
  ASSERT_EQ(pulses.size(), 1u);
  EXPECT_GE(NsFor(pulses[0].width), rm::kStrobeWidthNs);
  EXPECT_GE(NsFor(pulses[0].hold), rm::kStrobeHoldNs);
}

TEST_F(RtlRelease, ASoftwareStrobeLeftSetLastsItsMinimumWidthAndHold) {
  b_.Write(kOld, rm::kData, 0x3e);
  b_.pins().Clear();
  b_.Write(kOld, rm::kControl, rm::kControlReset | rm::kControlStrobeMask);
  ASSERT_GE(FreeAndWait(), 0);  // at once: the pulse is only a few cycles old
  const auto pulses = StrobePulses(b_.pins().samples());
  ASSERT_EQ(pulses.size(), 1u);
  EXPECT_EQ(pulses[0].data, 0x3e);
  EXPECT_GE(NsFor(pulses[0].width), rm::kStrobeWidthNs);
  EXPECT_GE(NsFor(pulses[0].hold), rm::kStrobeHoldNs);
}

TEST_F(RtlRelease, QueuedFifoBytesAreSentBeforeTheNextGrant) {
  const std::vector<uint8_t> bytes = {0xd0, 0xd1, 0xd2, 0xd3, 0xd4};
  b_.SetMode(kOld, EcrMode::kFifo);
  b_.pins().Clear();
  for (uint8_t v : bytes) b_.Write(kOld, rm::kFifo, v);
  ASSERT_GE(FreeAndWait(), 0);
  EXPECT_EQ(b_.printer().bytes(), bytes);
  EXPECT_EQ(b_.Read(kOld, rm::kArbDropped), 0);
  // Every strobe ended before the grant rose.
  const size_t grant = First([](const PinSample& p) { return p.grant == 1u << kNew; });
  ASSERT_LT(grant, b_.pins().samples().size());
  for (const StrobePulse& p : StrobePulses(b_.pins().samples())) {
    EXPECT_LT(p.rise + CyclesFor(rm::kStrobeHoldNs), grant);
  }
}

TEST_F(RtlRelease, AStalledPeripheralsBytesAreFlushedAndCounted) {
  b_.printer().SetStuckBusy(true);
  b_.SetMode(kOld, EcrMode::kFifo);
  for (uint8_t v : {1, 2, 3, 4}) b_.Write(kOld, rm::kFifo, v);
  const int64_t cycles = FreeAndWait();
  ASSERT_GE(cycles, 0) << "the release hung";
  EXPECT_LE(static_cast<uint64_t>(cycles), kBusyTimeoutCycles + 4 * CyclesFor(rm::kStrobeHoldNs));
  EXPECT_TRUE(b_.printer().bytes().empty());
  EXPECT_EQ(b_.Read(kOld, rm::kArbDropped), 4);  // the departing client's count
  EXPECT_EQ(b_.Read(kNew, rm::kArbDropped), 0);
  EXPECT_EQ(b_.dut().grant_o, 1u << kNew);
  EXPECT_TRUE(b_.Read(kNew, rm::kEcr) & rm::kEcrEmptyMask);
  EXPECT_FALSE(b_.Read(kNew, rm::kHsStatus) & rm::kHsStatusTimeoutMask);
}

TEST_F(RtlRelease, AFifoThatTimedOutBeforeTheFreeIsFlushedAtOnce) {
  b_.printer().SetStuckBusy(true);
  b_.SetMode(kOld, EcrMode::kFifo);
  for (uint8_t v : {1, 2}) b_.Write(kOld, rm::kFifo, v);
  ASSERT_TRUE(
      b_.TickUntil([&] { return (b_.Read(kOld, rm::kHsStatus) & rm::kHsStatusTimeoutMask) != 0; },
                   2 * kBusyTimeoutCycles));
  const int64_t cycles = FreeAndWait();
  ASSERT_GE(cycles, 0);
  EXPECT_LT(static_cast<uint64_t>(cycles), kBusyTimeoutCycles / 2);
  EXPECT_EQ(b_.Read(kOld, rm::kArbDropped), 2);
}

TEST_F(RtlRelease, ControlLinesReturnToCompatibilityIdle) {
  // The owner leaves everything "wrong": strobe, autofd, nInit low, nSelectIn high, IRQ, reverse.
  b_.SetMode(kOld, EcrMode::kPs2);
  b_.Write(kOld, rm::kControl,
           rm::kControlStrobeMask | rm::kControlAutofdMask | rm::kControlAckintenMask |
               rm::kControlDirMask);
  ASSERT_GE(FreeAndWait(), 0);
  EXPECT_EQ(b_.dut().nstrobe_o, rm::kReleasedNStrobe);
  EXPECT_EQ(b_.dut().nautofd_o, rm::kReleasedNAutoFd);
  EXPECT_EQ(b_.dut().ninit_o, rm::kReleasedNInit);
  EXPECT_EQ(b_.dut().nselectin_o, rm::kReleasedNSelectIn);
  EXPECT_EQ(b_.Read(kNew, rm::kControl), rm::kControlReset);
}

TEST_F(RtlRelease, DataDriversGoOffAndTheLatchIsCleared) {
  b_.Write(kOld, rm::kData, 0xc3);
  ASSERT_EQ(b_.Cmd(kNew, ArbCmd::kCancel), ArbResult::kCancelled);  // nobody next
  b_.pins().Clear();
  ASSERT_GE(FreeAndWait(), 0);
  EXPECT_EQ(b_.dut().pd_oe_o, 0);
  EXPECT_EQ(b_.dut().pd_o, 0);
  // Undriven for as long as nobody owns the port.
  b_.h().Ticks(CyclesFor(rm::kStrobeWidthNs));
  EXPECT_EQ(b_.dut().pd_oe_o, 0);
  // The next owner finds the latch at 0 and drives it.
  b_.Own(kNew);
  EXPECT_EQ(b_.Read(kNew, rm::kData), 0);
  EXPECT_EQ(b_.dut().pd_oe_o, 1);
  EXPECT_EQ(b_.dut().pd_o, 0);
}

TEST_F(RtlRelease, EcrFifoAndInterruptStateAreReset) {
  // Test mode with bytes in the FIFO, service and ack interrupts enabled and pending.
  b_.Write(kOld, rm::kControl, rm::kControlReset | rm::kControlAckintenMask);
  b_.Write(kOld, rm::kEcr, EcrValue(EcrMode::kTest, rm::kEcrDmaEnMask));
  b_.Write(kOld, rm::kFifo, 0x99);
  b_.Write(kOld, rm::kEcr, EcrValue(EcrMode::kTest, 0));
  b_.dut().nack_i = 0;
  b_.h().Ticks(4);
  b_.dut().nack_i = 1;
  b_.h().Ticks(4);
  ASSERT_EQ(b_.dut().irq_o, 1);
  ASSERT_GE(FreeAndWait(), 0);
  EXPECT_EQ(b_.dut().irq_o, 0);
  EXPECT_EQ(b_.Read(kNew, rm::kEcr), rm::kEcrReset | rm::kEcrEmptyMask);
  EXPECT_TRUE(b_.Read(kNew, rm::kStatus) & rm::kStatusNirqMask);
  // Nothing of the old owner's FIFO is left, not even its last byte.
  b_.SetMode(kNew, EcrMode::kTest);
  EXPECT_EQ(b_.Read(kNew, rm::kFifo), 0);
}

TEST_F(RtlRelease, StepsHappenInOrderAndTheGrantRisesOnlyAsReleasingFalls) {
  b_.SetMode(kOld, EcrMode::kFifo);
  b_.Write(kOld, rm::kControl, rm::kControlAutofdMask);  // nInit low, nSelectIn high, nAutoFd low
  b_.pins().Clear();
  b_.Write(kOld, rm::kFifo, 0x81);
  ASSERT_GE(FreeAndWait(), 0);
  b_.h().Tick();
  const auto& s = b_.pins().samples();
  const size_t rel = First([](const PinSample& p) { return p.releasing; });
  const size_t strobe_end = StrobePulses(s).at(0).rise;
  const size_t idle = First(ControlReleased, rel);
  const size_t off = First([](const PinSample& p) { return !p.pd_oe; }, rel);
  const size_t grant = First([](const PinSample& p) { return p.grant != 0; }, rel);
  const size_t done = First([](const PinSample& p) { return !p.releasing; }, rel);
  ASSERT_LT(grant, s.size());
  EXPECT_LE(strobe_end, idle);                      // (1) before (3)
  EXPECT_GE(NsFor(off - idle), rm::kStrobeHoldNs);  // (3) then hold, then (4)
  EXPECT_LT(off, grant);                            // (4) before (6)
  EXPECT_EQ(grant, done);                           // (6) as releasing falls, not before
  // The last cycle of the release shows the released bus.
  const PinSample& last = s[done - 1];
  EXPECT_TRUE(last.releasing);
  EXPECT_TRUE(BusReleased(last));
  for (const PinSample& p : s) EXPECT_FALSE(p.releasing && p.grant) << "cycle " << p.cycle;
  for (size_t i = rel; i < grant; ++i) EXPECT_EQ(s[i].grant, 0) << "cycle " << s[i].cycle;
}

TEST_F(RtlRelease, ReleasingIsHighFromTheFreeUntilTheReleaseIsDone) {
  b_.pins().Clear();
  ASSERT_EQ(b_.Cmd(kOld, ArbCmd::kFree), ArbResult::kFreed);
  EXPECT_TRUE(b_.StatusBit(kNew, rm::kArbStatusReleasingMask));
  const int64_t cycles = b_.WaitReleased();
  ASSERT_GE(cycles, 0);
  // The shortest release: drain, terminate, idle lines with the hold, data off, reset, grant.
  EXPECT_GE(NsFor(static_cast<uint64_t>(cycles)), rm::kStrobeHoldNs);
  EXPECT_FALSE(b_.StatusBit(kNew, rm::kArbStatusReleasingMask));
  EXPECT_EQ(b_.dut().grant_o, 1u << kNew);
}

TEST_F(RtlRelease, GrantsNeverOverlapAcrossManyReleases) {
  for (int c : {1, 2}) ASSERT_EQ(b_.Cmd(c, ArbCmd::kAllocate), ArbResult::kPending);
  b_.pins().Clear();
  int owner = kOld;
  for (int next : {kNew, 1, 2}) {
    b_.SetMode(owner, EcrMode::kFifo);
    b_.Write(owner, rm::kFifo, static_cast<uint8_t>(0x10 + owner));
    ASSERT_EQ(b_.Cmd(owner, ArbCmd::kFree), ArbResult::kFreed);
    ASSERT_GE(b_.WaitReleased(), 0);
    ASSERT_EQ(b_.dut().grant_o, 1u << next);
    owner = next;
  }
  uint8_t prev = 0;
  for (const PinSample& p : b_.pins().samples()) {
    EXPECT_TRUE((p.grant & (p.grant - 1)) == 0) << "cycle " << p.cycle;
    EXPECT_FALSE(p.releasing && p.grant) << "cycle " << p.cycle;
    // Between two owners there is always a cycle with nobody.
    if (prev && p.grant) {
      EXPECT_EQ(prev, p.grant) << "cycle " << p.cycle;
    }
    prev = p.grant;
  }
}

TEST_F(RtlRelease, DriversThatGoOffDuringTheReleaseStayOff) {
  // FIFO mode ignores DIR; the owner leaves it for PS/2 (DIR then takes effect) with a byte on the
  // wire and frees: the byte keeps the lines driven through its hold, then they go off, and
  // step 3 clearing DIR does not bring them back.
  b_.SetMode(kOld, EcrMode::kFifo);
  b_.Write(kOld, rm::kControl, rm::kControlReset | rm::kControlDirMask);
  b_.Write(kOld, rm::kFifo, 0x7e);
  b_.SetMode(kOld, EcrMode::kPs2);
  ASSERT_TRUE(b_.Read(kOld, rm::kHsStatus) & rm::kHsStatusActiveMask) << "the byte is on the wire";
  b_.pins().Clear();
  ASSERT_GE(FreeAndWait(), 0);
  const auto& s = b_.pins().samples();
  const size_t rel = First([](const PinSample& p) { return p.releasing; });
  const size_t off = First([](const PinSample& p) { return !p.pd_oe; }, rel);
  const size_t grant = First([](const PinSample& p) { return p.grant != 0; }, rel);
  ASSERT_LT(grant, s.size());
  EXPECT_TRUE(s[rel].pd_oe);
  EXPECT_LT(off, grant);
  for (size_t i = off; i <= grant; ++i) EXPECT_FALSE(s[i].pd_oe) << "cycle " << s[i].cycle;
  // The byte completed with its full hold and was not discarded.
  EXPECT_EQ(b_.printer().bytes(), std::vector<uint8_t>{0x7e});
  const auto pulses = StrobePulses(s);
  ASSERT_EQ(pulses.size(), 1u);
  EXPECT_GE(NsFor(pulses[0].hold), rm::kStrobeHoldNs);
  EXPECT_EQ(b_.Read(kOld, rm::kArbDropped), 0);
}

// The review's repro, in every mode where CONTROL.DIR takes effect: the owner leaves the port
// reversed (pd_oe_o low) with a byte in the data latch and frees. Step 3 resets CONTROL, which
// clears DIR; the release must not drive the departing owner's latch onto the pins.
class RtlReleaseReversed : public ::testing::TestWithParam<int> {
 protected:
  void TearDown() override { EXPECT_FALSE(b_.h().assertion_failed()); }
  RtlBench b_;
};

TEST_P(RtlReleaseReversed, TheDataDriversNeverSwitchOnDuringTheRelease) {
  ASSERT_EQ(b_.Cmd(kOld, ArbCmd::kTry), ArbResult::kGranted);
  ASSERT_EQ(b_.Cmd(kNew, ArbCmd::kAllocate), ArbResult::kPending);
  const auto mode = static_cast<EcrMode>(GetParam());
  b_.Write(kOld, rm::kEcr, EcrValue(mode, rm::kEcrReset & ~rm::kEcrModeMask));  // 0x34 for PS/2
  ASSERT_EQ(b_.Mode(kOld), mode);
  b_.Write(kOld, rm::kData, 0xa5);
  b_.WriteToPins(kOld, rm::kControl, rm::kControlReset | rm::kControlDirMask);  // 0x2c
  // In ECP (011) the DATA write queued a command byte: the engine sends it, then turns the link
  // (data drivers off at Event 38).
  ASSERT_TRUE(b_.TickUntil([&] { return b_.dut().pd_oe_o == 0; }, kBusyTimeoutCycles));
  b_.pins().Clear();
  ASSERT_EQ(b_.Cmd(kOld, ArbCmd::kFree), ArbResult::kFreed);
  ASSERT_GE(b_.WaitReleased(), 0);
  // Undriven from the FREE through the release up to the grant's first cycle (the next owner's
  // drivers follow its grant a cycle later).
  const auto& s = b_.pins().samples();
  size_t checked = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i].grant == 1u << kOld) continue;  // before the FREE
    EXPECT_FALSE(s[i].pd_oe) << "cycle " << s[i].cycle << ", pd_o 0x" << std::hex << int(s[i].pd);
    ++checked;
    if (s[i].grant != 0) break;  // the next owner's first cycle
  }
  EXPECT_GT(checked, CyclesFor(rm::kStrobeHoldNs));
  EXPECT_EQ(b_.dut().grant_o, 1u << kNew);
  // The next owner drives its own (cleared) latch, forward.
  b_.h().Ticks(kPinLagCycles);
  EXPECT_EQ(b_.dut().pd_oe_o, 1);
  EXPECT_EQ(b_.dut().pd_o, 0);
}
// PS/2, ECP, EPP, the reserved 101, test, configuration.
INSTANTIATE_TEST_SUITE_P(DirModes, RtlReleaseReversed, ::testing::Values(1, 3, 4, 5, 6, 7));

// ARB_DROPPED: the bytes of the client's current or last tenure that the controller discarded.
class RtlDropped : public ::testing::Test {
 protected:
  void SetUp() override {
    b_.printer().SetStuckBusy(true);  // nothing ever leaves the FIFO
    b_.Own(kOld);
    ASSERT_EQ(b_.Cmd(kNew, ArbCmd::kAllocate), ArbResult::kPending);
  }
  void TearDown() override { EXPECT_FALSE(b_.h().assertion_failed()); }

  void Queue(int client, int n) {
    for (int i = 0; i < n; ++i) b_.Write(client, rm::kFifo, static_cast<uint8_t>(0x40 + i));
  }
  int Dropped(int client) { return b_.Read(client, rm::kArbDropped); }

  RtlBench b_;
};

TEST_F(RtlDropped, LeavingFifoModeCountsTheQueuedBytesAndTheReleaseFlushAddsToThem) {
  b_.SetMode(kOld, EcrMode::kFifo);
  Queue(kOld, 3);
  EXPECT_EQ(Dropped(kOld), 0);
  b_.SetMode(kOld, EcrMode::kPs2);  // the FIFO clear discards the three
  EXPECT_EQ(Dropped(kOld), 3);
  EXPECT_EQ(Dropped(kOld), 3);  // reads do not clear it
  EXPECT_EQ(Dropped(kNew), 0);  // per client
  // Back to FIFO mode, two more, and a release that flushes them after the timeout.
  b_.SetMode(kOld, EcrMode::kFifo);
  Queue(kOld, 2);
  ASSERT_EQ(b_.Cmd(kOld, ArbCmd::kFree), ArbResult::kFreed);
  ASSERT_GE(b_.WaitReleased(), 0);
  EXPECT_TRUE(b_.printer().bytes().empty());
  EXPECT_EQ(Dropped(kOld), 5);
  EXPECT_EQ(Dropped(kOld), 5);
  EXPECT_EQ(Dropped(kNew), 0);
  // The count survives the client's next grant, queued or immediate: it only ever grows.
  ASSERT_EQ(b_.Cmd(kOld, ArbCmd::kAllocate), ArbResult::kPending);
  ASSERT_EQ(b_.Cmd(kNew, ArbCmd::kFree), ArbResult::kFreed);
  ASSERT_GE(b_.WaitReleased(), 0);
  ASSERT_EQ(b_.dut().grant_o, 1u << kOld);
  EXPECT_EQ(Dropped(kOld), 5);
  b_.SetMode(kOld, EcrMode::kFifo);
  Queue(kOld, 1);
  b_.SetMode(kOld, EcrMode::kSpp);
  EXPECT_EQ(Dropped(kOld), 6);
  ASSERT_EQ(b_.Cmd(kOld, ArbCmd::kFree), ArbResult::kFreed);
  ASSERT_GE(b_.WaitReleased(), 0);
  ASSERT_EQ(b_.Cmd(kOld, ArbCmd::kTry), ArbResult::kGranted);
  EXPECT_EQ(Dropped(kOld), 6);
}

TEST_F(RtlDropped, ReleaseFlushOfAClientGrantedAgainAtOnceIsStillCounted) {
  // The departing owner queues again during its own release, with nobody else waiting: it is
  // granted at the very edge the release ends, and must still see what that release flushed.
  ASSERT_EQ(b_.Cmd(kNew, ArbCmd::kCancel), ArbResult::kCancelled);
  b_.SetMode(kOld, EcrMode::kFifo);
  Queue(kOld, 4);
  ASSERT_EQ(b_.Cmd(kOld, ArbCmd::kFree), ArbResult::kFreed);
  ASSERT_EQ(b_.Cmd(kOld, ArbCmd::kAllocate), ArbResult::kPending);
  ASSERT_GE(b_.WaitReleased(), 0);
  ASSERT_EQ(b_.dut().grant_o, 1u << kOld);
  EXPECT_EQ(Dropped(kOld), 4);
}

TEST_F(RtlDropped, ClearsOutsideFifoModeDoNotCount) {
  // Test mode: the tFifo's bytes are never transmitted; leaving it or releasing it drops nothing.
  b_.SetMode(kOld, EcrMode::kTest);
  Queue(kOld, 4);
  b_.SetMode(kOld, EcrMode::kSpp);
  EXPECT_TRUE(b_.Read(kOld, rm::kEcr) & rm::kEcrEmptyMask);
  EXPECT_EQ(Dropped(kOld), 0);
  b_.SetMode(kOld, EcrMode::kTest);
  Queue(kOld, 4);
  ASSERT_EQ(b_.Cmd(kOld, ArbCmd::kFree), ArbResult::kFreed);
  ASSERT_GE(b_.WaitReleased(), 0);
  EXPECT_EQ(Dropped(kOld), 0);
  // Re-writing a low mode clears an empty FIFO: nothing either.
  b_.SetMode(kNew, EcrMode::kPs2);
  b_.SetMode(kNew, EcrMode::kSpp);
  EXPECT_EQ(Dropped(kNew), 0);
}

TEST_F(RtlDropped, CountsModulo256) {
  for (int round = 0; round < 16; ++round) {
    b_.SetMode(kOld, EcrMode::kFifo);
    Queue(kOld, kFifoDepth);
    b_.SetMode(kOld, EcrMode::kSpp);
  }
  EXPECT_EQ(Dropped(kOld), 0);  // 256 discarded
  b_.SetMode(kOld, EcrMode::kFifo);
  Queue(kOld, 2);
  ASSERT_EQ(b_.Cmd(kOld, ArbCmd::kFree), ArbResult::kFreed);
  ASSERT_GE(b_.WaitReleased(), 0);
  EXPECT_EQ(Dropped(kOld), 2);
}

}  // namespace
}  // namespace ppcosim::rtltest
