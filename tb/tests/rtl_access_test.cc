// Access protection: only the owner's port accesses take effect; everybody reaches the
// arbitration registers; during a release nobody owns the port.
#include <gtest/gtest.h>

#include <algorithm>

#include "rtl_test_util.h"

namespace ppcosim::rtltest {
namespace {

using rm::ArbCmd;
using rm::ArbResult;

// Every port register (everything below the arbitration block).
std::vector<uint16_t> PortRegisters() {
  std::vector<uint16_t> regs;
  for (const rm::RegisterInfo& r : rm::kRegisters) {
    if (r.offset < rm::kArbCmd) regs.push_back(r.offset);
  }
  return regs;
}

class RtlAccess : public ::testing::Test {
 protected:
  void TearDown() override { EXPECT_FALSE(b_.h().assertion_failed()); }
  RtlBench b_;
};

TEST_F(RtlAccess, NobodyOwnsThePortAfterReset) {
  for (uint16_t addr : PortRegisters()) {
    EXPECT_EQ(b_.bus().Read(0, addr).status, ApbStatus::kSlaveError) << std::hex << addr;
    EXPECT_EQ(b_.bus().Write(0, addr, 0xff).status, ApbStatus::kSlaveError) << std::hex << addr;
  }
  EXPECT_EQ(b_.dut().pd_oe_o, 0);
}

TEST_F(RtlAccess, NonOwnerWriteIsDroppedWithSlaveError) {
  b_.Own(0);
  b_.Write(0, rm::kData, 0x11);
  EXPECT_EQ(b_.bus().Write(1, rm::kData, 0x22).status, ApbStatus::kSlaveError);
  EXPECT_EQ(b_.bus().Write(1, rm::kControl, rm::kControlStrobeMask).status, ApbStatus::kSlaveError);
  EXPECT_EQ(b_.bus().Write(1, rm::kEcr, EcrValue(rm::EcrMode::kTest, 0)).status,
            ApbStatus::kSlaveError);
  EXPECT_EQ(b_.Read(0, rm::kData), 0x11);
  EXPECT_EQ(b_.Read(0, rm::kControl), rm::kControlReset);
  EXPECT_EQ(b_.Read(0, rm::kEcr), rm::kEcrReset | rm::kEcrEmptyMask);
  EXPECT_EQ(b_.dut().pd_o, 0x11);
  EXPECT_EQ(b_.dut().nstrobe_o, 1);
}

TEST_F(RtlAccess, NonOwnerReadReturnsZeroWithSlaveError) {
  b_.Own(0);
  b_.Write(0, rm::kData, 0x5a);
  for (uint16_t addr : PortRegisters()) {
    const ApbResult r = b_.bus().Read(kNumClients - 1, addr);
    EXPECT_EQ(r.status, ApbStatus::kSlaveError) << std::hex << addr;
    EXPECT_EQ(r.data, 0) << std::hex << addr;
  }
}

TEST_F(RtlAccess, NonOwnerCannotPopTheTestFifo) {
  b_.Own(0);
  b_.SetMode(0, rm::EcrMode::kTest);
  b_.Write(0, rm::kFifo, 0x77);
  EXPECT_EQ(b_.bus().Read(2, rm::kFifo).status, ApbStatus::kSlaveError);
  EXPECT_EQ(b_.Read(0, rm::kFifo), 0x77);
}

TEST_F(RtlAccess, ArbitrationRegistersAreOpenToEverybody) {
  b_.Own(0);
  for (int c = 0; c < kNumClients; ++c) {
    for (uint16_t addr :
         {rm::kArbStatus, rm::kArbWaiters, rm::kArbOwner, rm::kArbDropped, rm::kArbIrq}) {
      EXPECT_EQ(b_.bus().Read(c, addr).status, ApbStatus::kOk) << c << " " << std::hex << addr;
    }
  }
}

TEST_F(RtlAccess, DuringAReleaseEveryPortAccessFails) {
  b_.Own(0);
  ASSERT_EQ(b_.Cmd(1, ArbCmd::kAllocate), ArbResult::kPending);
  ASSERT_EQ(b_.Cmd(0, ArbCmd::kFree), ArbResult::kFreed);
  ASSERT_EQ(b_.dut().releasing_o, 1);
  for (int c = 0; c < kNumClients; ++c) {  // the departing owner and the chosen one included
    EXPECT_EQ(b_.bus().Read(c, rm::kStatus).status, ApbStatus::kSlaveError) << c;
    EXPECT_EQ(b_.bus().Write(c, rm::kData, 0xee).status, ApbStatus::kSlaveError) << c;
  }
  ASSERT_GE(b_.WaitReleased(), 0);
  EXPECT_EQ(b_.bus().Read(1, rm::kStatus).status, ApbStatus::kOk);
  EXPECT_EQ(b_.Read(1, rm::kData), 0);
}

TEST_F(RtlAccess, AnUnmappedAddressFails) {
  uint16_t last = 0;
  for (const rm::RegisterInfo& r : rm::kRegisters) last = std::max(last, r.offset);
  b_.Own(0);
  EXPECT_EQ(b_.bus().Read(0, static_cast<uint16_t>(last + 1)).status, ApbStatus::kSlaveError);
  EXPECT_EQ(b_.bus().Write(0, static_cast<uint16_t>(last + 1), 0).status, ApbStatus::kSlaveError);
}

}  // namespace
}  // namespace ppcosim::rtltest
