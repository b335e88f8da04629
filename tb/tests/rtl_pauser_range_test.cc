// PAUSER values that name no client: with NUM_CLIENTS not a power of two, the PAUSER field has
// values beyond the last client (3 with 3 clients in 2 bits). pp_apb_if answers them with
// PSLVERR on every register and lets them change nothing. Built only for such a configuration.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "rtl_test_util.h"

namespace ppcosim::rtltest {
namespace {

using rm::ArbCmd;
using rm::ArbResult;

// The smallest PAUSER value that names no client, and the PAUSER field's width.
constexpr int kClientIdBits = kNumClients > 1 ? 32 - __builtin_clz(kNumClients - 1) : 1;
constexpr int kOutOfRange = kNumClients;
static_assert(kOutOfRange < (1 << kClientIdBits),
              "this configuration's PAUSER field has no value beyond the last client");

// What a valid client can see of the port and the arbitration: every arbitration register as
// each client reads it, the owner's port registers, and the outputs.
struct Visible {
  std::vector<uint8_t> arb;
  std::vector<uint8_t> port;
  uint32_t grant, grant_irq, pd;
  bool pd_oe, nstrobe, nautofd, ninit, nselectin, irq, releasing;

  bool operator==(const Visible& o) const {
    return arb == o.arb && port == o.port && grant == o.grant && grant_irq == o.grant_irq &&
           pd == o.pd && pd_oe == o.pd_oe && nstrobe == o.nstrobe && nautofd == o.nautofd &&
           ninit == o.ninit && nselectin == o.nselectin && irq == o.irq &&
           releasing == o.releasing;
  }
};

class RtlPauserRange : public ::testing::Test {
 protected:
  void TearDown() override { EXPECT_FALSE(b_.h().assertion_failed()); }

  // Reads without side effects: no FIFO or EPP data register.
  Visible Look(int owner) {
    Visible v;
    for (int c = 0; c < kNumClients; ++c) {
      for (uint16_t addr : {rm::kArbStatus, rm::kArbWaiters, rm::kArbOwner, rm::kArbDropped,
                            rm::kArbIrq, rm::kArbTerm}) {
        v.arb.push_back(b_.Read(c, addr));
      }
    }
    if (owner >= 0) {
      for (uint16_t addr : {rm::kData, rm::kStatus, rm::kControl, rm::kEcr}) {
        v.port.push_back(b_.Read(owner, addr));
      }
    }
    Vpp_top& d = b_.dut();
    v.grant = d.grant_o;
    v.grant_irq = d.grant_irq_o;
    v.pd = d.pd_o;
    v.pd_oe = d.pd_oe_o;
    v.nstrobe = d.nstrobe_o;
    v.nautofd = d.nautofd_o;
    v.ninit = d.ninit_o;
    v.nselectin = d.nselectin_o;
    v.irq = d.irq_o;
    v.releasing = d.releasing_o;
    return v;
  }

  // Every register, read and written (all ones, then each command code) with PAUSER out of
  // range: each transfer fails with PSLVERR and reads 0.
  void AccessEverythingOutOfRange() {
    for (const rm::RegisterInfo& r : rm::kRegisters) {
      const ApbResult read = b_.bus().Read(kOutOfRange, r.offset);
      EXPECT_EQ(read.status, ApbStatus::kSlaveError) << "read of " << r.name;
      EXPECT_EQ(read.data, 0) << "read of " << r.name;
      EXPECT_EQ(b_.bus().Write(kOutOfRange, r.offset, 0xff).status, ApbStatus::kSlaveError)
          << "write of " << r.name;
    }
    for (ArbCmd cmd : {ArbCmd::kAllocate, ArbCmd::kTry, ArbCmd::kFree, ArbCmd::kCancel}) {
      EXPECT_EQ(b_.bus().Write(kOutOfRange, rm::kArbCmd, static_cast<uint8_t>(cmd)).status,
                ApbStatus::kSlaveError)
          << "command " << static_cast<int>(cmd);
    }
    b_.h().Ticks(4);
  }

  RtlBench b_;
};

TEST_F(RtlPauserRange, NoClientIdOnAnIdlePortGetsSlaveErrorAndChangesNothing) {
  const Visible before = Look(-1);
  AccessEverythingOutOfRange();
  EXPECT_TRUE(Look(-1) == before);
  // The port is still free for a real client.
  EXPECT_EQ(b_.Cmd(kNumClients - 1, ArbCmd::kAllocate), ArbResult::kGranted);
}

TEST_F(RtlPauserRange, NoClientIdWithAnOwnerAndWaitersChangesNothing) {
  b_.Own(0);
  b_.Write(0, rm::kData, 0x5a);
  ASSERT_EQ(b_.Cmd(kNumClients - 1, ArbCmd::kAllocate), ArbResult::kPending);
  const Visible before = Look(0);
  AccessEverythingOutOfRange();
  EXPECT_TRUE(Look(0) == before);
  EXPECT_EQ(b_.Waiters(), 1);
}

// The last client's grant interrupt is not cleared by an ARB_IRQ write from an id beyond it.
TEST_F(RtlPauserRange, NoClientIdCannotClearAGrantInterrupt) {
  const int last = kNumClients - 1;
  b_.Own(0);
  ASSERT_EQ(b_.Cmd(last, ArbCmd::kAllocate), ArbResult::kPending);
  ASSERT_EQ(b_.Cmd(0, ArbCmd::kFree), ArbResult::kFreed);
  ASSERT_GE(b_.WaitReleased(), 0);
  ASSERT_TRUE((b_.dut().grant_irq_o >> last) & 1);
  const Visible before = Look(last);
  AccessEverythingOutOfRange();
  EXPECT_TRUE(Look(last) == before);
  EXPECT_TRUE((b_.dut().grant_irq_o >> last) & 1);
  EXPECT_NE(b_.Read(last, rm::kArbIrq) & rm::kArbIrqPendingMask, 0);
}

}  // namespace
}  // namespace ppcosim::rtltest
