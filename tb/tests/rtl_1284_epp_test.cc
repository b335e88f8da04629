// EPP 1.9 cycles in hardware (ECR 100) at EPP_ADDR and EPP_DATA against a pin-level EPP
// peripheral (rtl_test_util.h): address and data writes and reads, the 10 us timeout in STATUS
// bit 0 and its clear rule, and a FREE right after a cycle (Events 68/69, then the released
// bus).
#include <gtest/gtest.h>

#include <vector>

#include "rtl_test_util.h"

namespace ppcosim::rtltest {
namespace {

using rm::ArbCmd;
using rm::ArbResult;
using rm::EcrMode;
using L = Line1284;

constexpr int kOwner = 1;
constexpr int kOther = 2;
constexpr uint64_t kEppTimeoutCycles = CyclesFor(rm::kEppTimeoutNs);
// CONTROL in EPP idle: nInit H, nSelectIn (nAddrStb) H, nAutoFd (nDataStb) H, nStrobe H.
constexpr uint8_t kEppIdle = rm::kControlNinitMask;

class Rtl1284Epp : public ::testing::Test {
 protected:
  void SetUp() override {
    b_.printer().SetPassive(true);
    b_.Attach(periph_);
    b_.Own(kOwner);
    b_.SetMode(kOwner, EcrMode::kEpp);
    b_.WriteToPins(kOwner, rm::kControl, kEppIdle);
    periph_.Enter(b_.dut(), Periph1284Mode::kEpp);
    b_.h().Ticks(4);
  }
  void TearDown() override { EXPECT_FALSE(b_.h().assertion_failed()); }
  bool Timeout() { return (b_.Read(kOwner, rm::kStatus) & rm::kStatusEppTmoutMask) != 0; }
  // The lines from `at` to the end of the log.
  std::vector<L> LinesFrom(uint64_t at) {
    std::vector<L> lines;
    for (const Logged1284& l : periph_.log()) {
      if (l.cycle >= at) lines.push_back(l.line);
    }
    return lines;
  }

  RtlBench b_;
  Ieee1284Responder periph_;
};

TEST_F(Rtl1284Epp, AddressWriteRunsEvents56To60) {
  EXPECT_FALSE(Timeout());
  const uint64_t at = b_.h().cycle();
  const ApbResult r = b_.bus().Write(kOwner, rm::kEppAddr, 0x5a);
  ASSERT_EQ(r.status, ApbStatus::kOk);
  b_.h().Ticks(2);
  EXPECT_EQ(periph_.epp_addr(), 0x5a);
  // nWrite L with the data (the owner's drivers are already on in EPP idle with DIR 0).
  const std::vector<L> want = {L::kNStrobeLow,
                               L::kNSelectInLow,           // Event 56: nAddrStb L
                               L::kBusyHigh,               // Event 58: nWait H
                               L::kNSelectInHigh,          // Event 59
                               L::kBusyLow,                // Event 60
                               L::kNStrobeHigh};
  EXPECT_EQ(LinesFrom(at), want) << periph_.Timeline(at);
  // The access waited for the cycle.
  EXPECT_GT(r.cycle - at, 8u);
  EXPECT_FALSE(Timeout());
}

TEST_F(Rtl1284Epp, DataWriteRunsEvents62To60) {
  const uint64_t at = b_.h().cycle();
  b_.Write(kOwner, rm::kEppData, 0xc3);
  b_.h().Ticks(2);
  EXPECT_EQ(periph_.epp_data(), 0xc3);
  const std::vector<L> want = {L::kNStrobeLow, L::kNAutoFdLow, L::kBusyHigh, L::kNAutoFdHigh,
                               L::kBusyLow, L::kNStrobeHigh};
  EXPECT_EQ(LinesFrom(at), want) << periph_.Timeline(at);
}

TEST_F(Rtl1284Epp, AddressAndDataReadsReturnThePeripheralsBytes) {
  periph_.SetEppReadBytes(0x21, 0x9e);
  b_.WriteToPins(kOwner, rm::kControl, kEppIdle | rm::kControlDirMask);
  b_.h().Ticks(2);
  const uint64_t at = b_.h().cycle();
  EXPECT_EQ(b_.Read(kOwner, rm::kEppAddr), 0x21);
  const std::vector<L> want = {L::kNSelectInLow, L::kBusyHigh, L::kNSelectInHigh, L::kBusyLow};
  EXPECT_EQ(LinesFrom(at), want) << periph_.Timeline(at);
  const uint64_t at_data = b_.h().cycle();
  EXPECT_EQ(b_.Read(kOwner, rm::kEppData), 0x9e);
  const std::vector<L> want_data = {L::kNAutoFdLow, L::kBusyHigh, L::kNAutoFdHigh, L::kBusyLow};
  EXPECT_EQ(LinesFrom(at_data), want_data) << periph_.Timeline(at_data);
  EXPECT_FALSE(Timeout());
}

// Even with DIR 0 a read cycle leaves the data lines to the peripheral.
TEST_F(Rtl1284Epp, AReadCycleDoesNotDriveTheDataLines) {
  periph_.SetEppReadBytes(0x00, 0x44);
  const uint64_t at = b_.h().cycle();
  EXPECT_EQ(b_.Read(kOwner, rm::kEppData), 0x44);
  b_.h().Ticks(2);
  const std::vector<L> want = {L::kDataOff, L::kNAutoFdLow, L::kBusyHigh, L::kNAutoFdHigh,
                               L::kBusyLow, L::kDataOn};
  EXPECT_EQ(LinesFrom(at), want) << periph_.Timeline(at);
}

// A silent peripheral: the access ends after the timeout, STATUS bit 0 reads 1 until the owner
// writes it with bit 0 set; reading does not clear it.
TEST_F(Rtl1284Epp, TimeoutEndsTheAccessAndSetsStatusBitZero) {
  periph_.SetSilent(true);
  const uint64_t at = b_.h().cycle();
  const ApbResult r = b_.bus().Write(kOwner, rm::kEppData, 0x11);
  ASSERT_EQ(r.status, ApbStatus::kOk);
  EXPECT_GE(r.cycle - at, kEppTimeoutCycles);
  EXPECT_LE(r.cycle - at, kEppTimeoutCycles + 8);
  b_.h().Ticks(2);
  const std::vector<L> want = {L::kNStrobeLow, L::kNAutoFdLow, L::kNAutoFdHigh, L::kNStrobeHigh};
  EXPECT_EQ(LinesFrom(at), want) << periph_.Timeline(at);
  EXPECT_TRUE(Timeout());
  EXPECT_TRUE(Timeout());
  b_.Write(kOwner, rm::kStatus, 0x00);
  EXPECT_TRUE(Timeout());
  b_.Write(kOwner, rm::kStatus, rm::kStatusEppTmoutMask);
  EXPECT_FALSE(Timeout());
}

// nWait stuck high before the cycle (EPP 1.9 waits for it low): no strobe, timeout.
TEST_F(Rtl1284Epp, NoStrobeWhileNWaitIsHigh) {
  periph_.SetStuckBusy(true);
  b_.h().Ticks(4);
  const uint64_t at = b_.h().cycle();
  const ApbResult r = b_.bus().Read(kOwner, rm::kEppAddr);
  ASSERT_EQ(r.status, ApbStatus::kOk);
  for (L l : LinesFrom(at)) EXPECT_NE(l, L::kNSelectInLow);
  EXPECT_TRUE(Timeout());
}

// Only the owner starts a cycle: anyone else is refused with PSLVERR and the pins stay still.
TEST_F(Rtl1284Epp, ANonOwnerAccessIsRefused) {
  const uint64_t at = b_.h().cycle();
  EXPECT_EQ(b_.bus().Write(kOther, rm::kEppData, 0x77).status, ApbStatus::kSlaveError);
  EXPECT_EQ(b_.bus().Read(kOther, rm::kEppAddr).status, ApbStatus::kSlaveError);
  b_.h().Ticks(4);
  EXPECT_TRUE(LinesFrom(at).empty()) << periph_.Timeline(at);
}

// Outside mode 100 the EPP registers run no cycle (writes ignored, reads 0), STATUS bit 0 is 1.
TEST_F(Rtl1284Epp, OtherModesRunNoCycle) {
  b_.SetMode(kOwner, EcrMode::kPs2);
  const uint64_t at = b_.h().cycle();
  b_.Write(kOwner, rm::kEppData, 0x77);
  EXPECT_EQ(b_.Read(kOwner, rm::kEppAddr), 0);
  b_.h().Ticks(4);
  EXPECT_TRUE(LinesFrom(at).empty()) << periph_.Timeline(at);
  EXPECT_TRUE(Timeout());
}

// FREE right after a cycle (the APB access holds the bus until the cycle completes, so the
// FREE cannot overtake it): the cycle, then Events 68/69, then the released bus.
TEST_F(Rtl1284Epp, FreeAfterACycleTerminatesThenReleases) {
  const uint64_t at = b_.h().cycle();
  b_.Write(kOwner, rm::kEppData, 0x3c);
  ASSERT_EQ(b_.Cmd(kOwner, ArbCmd::kFree), ArbResult::kFreed);
  ASSERT_GE(b_.WaitReleased(), 0);
  const std::vector<L> want = {L::kNStrobeLow, L::kNAutoFdLow, L::kBusyHigh,   L::kNAutoFdHigh,
                               L::kBusyLow,    L::kNStrobeHigh,              // the cycle
                               L::kNInitLow,                                  // Event 68
                               L::kNInitHigh,  L::kNSelectInLow,              // Event 69
                               L::kDataOff,    L::kReleaseDone};
  EXPECT_EQ(LinesFrom(at), want) << periph_.Timeline(at);
  EXPECT_EQ(periph_.epp_data(), 0x3c);
  EXPECT_EQ(periph_.mode(), Periph1284Mode::kCompat);
  EXPECT_TRUE(BusReleased(b_.pins().samples().back()));
}

}  // namespace
}  // namespace ppcosim::rtltest
