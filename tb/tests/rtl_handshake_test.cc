// ECR mode 010: the hardware Centronics handshake, measured on the pins against the nanosecond
// figures of the register map; the Busy wait and the Busy timeout; SPP mode does not pulse.
#include <gtest/gtest.h>

#include <vector>

#include "rtl_test_util.h"

namespace ppcosim::rtltest {
namespace {

using rm::EcrMode;

constexpr int kOwner = 2;

class RtlHandshake : public ::testing::Test {
 protected:
  void SetUp() override {
    b_.Own(kOwner);
    b_.SetMode(kOwner, EcrMode::kFifo);
  }
  void TearDown() override { EXPECT_FALSE(b_.h().assertion_failed()); }

  void Send(const std::vector<uint8_t>& bytes) {
    for (uint8_t v : bytes) b_.Write(kOwner, rm::kFifo, v);
  }
  bool FifoEmpty() { return b_.Read(kOwner, rm::kEcr) & rm::kEcrEmptyMask; }
  uint8_t HsStatus() { return b_.Read(kOwner, rm::kHsStatus); }
  // Waits until the FIFO is empty and the last byte's hold is over.
  void Drain() {
    ASSERT_TRUE(b_.TickUntil([&] { return FifoEmpty() && !(HsStatus() & rm::kHsStatusActiveMask); },
                             100 * CyclesFor(rm::kStrobeSetupNs + rm::kStrobeWidthNs)));
  }

  RtlBench b_;
};

TEST_F(RtlHandshake, EveryByteMeetsSetupWidthAndHold) {
  const std::vector<uint8_t> bytes = {0x31, 0x32, 0x33, 0x34, 0x35, 0x36};
  b_.pins().Clear();
  Send(bytes);
  Drain();
  b_.h().Ticks(CyclesFor(rm::kStrobeHoldNs));
  EXPECT_EQ(b_.printer().bytes(), bytes);
  const std::vector<StrobePulse> pulses = StrobePulses(b_.pins().samples());
  ASSERT_EQ(pulses.size(), bytes.size());
  for (size_t i = 0; i < pulses.size(); ++i) {
    SCOPED_TRACE(testing::Message() << "byte " << i);
    EXPECT_EQ(pulses[i].data, bytes[i]);
    EXPECT_TRUE(pulses[i].driven);
    EXPECT_GE(NsFor(pulses[i].setup), rm::kStrobeSetupNs);
    EXPECT_GE(NsFor(pulses[i].width), rm::kStrobeWidthNs);
    EXPECT_GE(NsFor(pulses[i].hold), rm::kStrobeHoldNs);
  }
  EXPECT_EQ(b_.printer().strobes_while_busy(), 0);
  EXPECT_FALSE(HsStatus() & rm::kHsStatusTimeoutMask);
}

// An owner that leaves FIFO mode for ECP (011) while a byte is still on the wire and writes
// CONTROL.STROBE: in 011 nStrobe is the ECP engine's HostClk, so the write never reaches the pin
// (else the engine, taking the pin when the byte ends, would cut that pulse short). Found by
// make formal's bounded check (a_strobe_min_width).
TEST_F(RtlHandshake, ControlStrobeDoesNotReachTheEcpEnginesPin) {
  b_.pins().Clear();
  Send({0x5a});
  ASSERT_TRUE(b_.TickUntil([&] { return b_.dut().nstrobe_o == 0; },
                           10 * CyclesFor(rm::kStrobeSetupNs + rm::kStrobeWidthNs)));
  // In the byte's hold time: the engine still has the pins.
  ASSERT_TRUE(b_.TickUntil([&] { return b_.dut().nstrobe_o == 1; },
                           10 * CyclesFor(rm::kStrobeWidthNs)));
  b_.Write(kOwner, rm::kEcr, EcrValue(EcrMode::kSpp, 0));
  b_.Write(kOwner, rm::kEcr, EcrValue(EcrMode::kEcp, 0));
  b_.Write(kOwner, rm::kControl, rm::kControlReset | rm::kControlStrobeMask);
  ASSERT_TRUE(b_.TickUntil([&] { return !(HsStatus() & rm::kHsStatusActiveMask); },
                           10 * CyclesFor(rm::kStrobeSetupNs + rm::kStrobeWidthNs)));
  b_.h().Ticks(CyclesFor(rm::kStrobeWidthNs) + kPinLagCycles);
  EXPECT_EQ(b_.printer().bytes(), std::vector<uint8_t>{0x5a});
  EXPECT_EQ(StrobePulses(b_.pins().samples()).size(), 1u) << "only the byte's own strobe";
  EXPECT_EQ(b_.dut().nstrobe_o, 1);
}

TEST_F(RtlHandshake, DataLinesCarryTheClearedByteBeforeTheFirstFifoByte) {
  // In mode 010 the data lines show the engine's data register, cleared by reset: before any
  // byte they carry 0x00, not a value left from power-up.
  b_.h().Ticks(kPinLagCycles + 1);
  EXPECT_EQ(b_.dut().pd_oe_o, 1);
  EXPECT_EQ(b_.dut().pd_o, 0x00);
}

TEST_F(RtlHandshake, WaitsForBusyLowBeforeEachByte) {
  // A slow printer: Busy stays high far longer than a strobe cycle.
  b_.printer().SetBusyCycles(10 * CyclesFor(rm::kStrobeSetupNs + rm::kStrobeWidthNs));
  const std::vector<uint8_t> bytes = {0xa1, 0xa2, 0xa3};
  b_.pins().Clear();
  Send(bytes);
  Drain();
  EXPECT_EQ(b_.printer().bytes(), bytes);
  EXPECT_EQ(b_.printer().strobes_while_busy(), 0);
  // Busy was low for at least the setup time before each strobe fell.
  const auto& s = b_.pins().samples();
  for (const StrobePulse& p : StrobePulses(s)) {
    uint64_t ready = 0;
    for (size_t j = p.fall; j-- > 0 && !s[j].busy;) ++ready;
    EXPECT_GE(NsFor(ready), rm::kStrobeSetupNs);
  }
}

TEST_F(RtlHandshake, BusyStuckHighTimesOutWithAStickyErrorAndNeverHangs) {
  b_.printer().SetStuckBusy(true);
  b_.pins().Clear();
  Send({0x01, 0x02, 0x03});
  const uint64_t start = b_.h().cycle();
  ASSERT_TRUE(b_.TickUntil([&] { return (HsStatus() & rm::kHsStatusTimeoutMask) != 0; },
                           2 * kBusyTimeoutCycles));
  const uint64_t waited = b_.h().cycle() - start;
  EXPECT_GE(waited, kBusyTimeoutCycles - CyclesFor(rm::kStrobeSetupNs));
  EXPECT_LE(waited, kBusyTimeoutCycles + CyclesFor(rm::kStrobeSetupNs));  // BUSY_TIMEOUT_SIM
  // Nothing went out; the bytes wait in the FIFO; the engine stays stopped (sticky).
  EXPECT_TRUE(StrobePulses(b_.pins().samples()).empty());
  EXPECT_FALSE(FifoEmpty());
  b_.printer().SetStuckBusy(false);
  b_.h().Ticks(4 * CyclesFor(rm::kStrobeSetupNs));
  EXPECT_TRUE(b_.printer().bytes().empty());
  EXPECT_TRUE(HsStatus() & rm::kHsStatusTimeoutMask);
  // Write 1 to clear: the bytes go out.
  b_.Write(kOwner, rm::kHsStatus, rm::kHsStatusTimeoutMask);
  EXPECT_FALSE(HsStatus() & rm::kHsStatusTimeoutMask);
  Drain();
  EXPECT_EQ(b_.printer().bytes(), (std::vector<uint8_t>{0x01, 0x02, 0x03}));
}

TEST_F(RtlHandshake, LeavingFifoModeClearsTheTimeoutAndTheFifo) {
  b_.printer().SetStuckBusy(true);
  Send({0x01});
  ASSERT_TRUE(b_.TickUntil([&] { return (HsStatus() & rm::kHsStatusTimeoutMask) != 0; },
                           2 * kBusyTimeoutCycles));
  b_.SetMode(kOwner, EcrMode::kPs2);
  EXPECT_FALSE(HsStatus() & rm::kHsStatusTimeoutMask);
  EXPECT_TRUE(FifoEmpty());
}

TEST_F(RtlHandshake, ActiveWhileAByteIsOnTheWire) {
  Send({0x5a});
  EXPECT_TRUE(b_.TickUntil([&] { return (HsStatus() & rm::kHsStatusActiveMask) != 0; },
                           CyclesFor(rm::kStrobeSetupNs)));
  Drain();
  EXPECT_FALSE(HsStatus() & rm::kHsStatusActiveMask);
}

TEST_F(RtlHandshake, AFullFifoRefusesMoreBytes) {
  b_.printer().SetStuckBusy(true);
  for (int i = 0; i < kFifoDepth + 3; ++i) b_.Write(kOwner, rm::kFifo, static_cast<uint8_t>(i));
  EXPECT_TRUE(b_.Read(kOwner, rm::kEcr) & rm::kEcrFullMask);
  b_.printer().SetStuckBusy(false);
  Drain();
  ASSERT_EQ(b_.printer().bytes().size(), static_cast<size_t>(kFifoDepth));
  for (int i = 0; i < kFifoDepth; ++i) EXPECT_EQ(b_.printer().bytes()[i], i);
}

TEST_F(RtlHandshake, SppModeLeavesStrobingToSoftware) {
  b_.SetMode(kOwner, EcrMode::kSpp);
  b_.pins().Clear();
  b_.Write(kOwner, rm::kData, 0x42);
  b_.Write(kOwner, rm::kFifo, 0x43);  // no FIFO in SPP mode
  b_.h().Ticks(4 * CyclesFor(rm::kStrobeSetupNs + rm::kStrobeWidthNs));
  EXPECT_TRUE(StrobePulses(b_.pins().samples()).empty());
  EXPECT_EQ(b_.dut().pd_o, 0x42);
  // The software pulse reaches the pin as written.
  b_.WriteToPins(kOwner, rm::kControl, rm::kControlReset | rm::kControlStrobeMask);
  EXPECT_EQ(b_.dut().nstrobe_o, 0);
  b_.h().Ticks(CyclesFor(rm::kStrobeWidthNs));
  b_.WriteToPins(kOwner, rm::kControl, rm::kControlReset);
  EXPECT_EQ(b_.dut().nstrobe_o, 1);
  EXPECT_EQ(b_.printer().bytes(), std::vector<uint8_t>{0x42});
}

}  // namespace
}  // namespace ppcosim::rtltest
