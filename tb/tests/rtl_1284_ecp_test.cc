// ECP in hardware (ECR 011) against the pin-level IEEE 1284 peripheral model
// (tb/ieee1284_peripheral.h), negotiated by software in PS/2 mode as Linux does: forward data
// and command bytes, reverse bytes with HS_STATUS.REV_CMD, the direction changes on the pins,
// a full FIFO holding the peripheral off, timeouts at Events 36 and 40, serviceIntr in both
// directions, and FREEs from ECP reverse and during a forward byte.
#include <gtest/gtest.h>

#include <vector>

#include "cosim_peripheral.h"
#include "ieee1284_peripheral.h"
#include "rtl_test_util.h"

namespace ppcosim::rtltest {
namespace {

using rm::ArbCmd;
using rm::ArbResult;
using rm::EcrMode;
using L = Line1284;

constexpr int kOwner = 1;
constexpr int kNext = 2;
// CONTROL in ECP forward idle: nInit H, nSelectIn H (1284 Active), nAutoFd H, nStrobe H.
constexpr uint8_t kEcpIdle = rm::kControlNinitMask;
constexpr uint8_t kEvent1 = kEcpIdle | rm::kControlAutofdMask;  // nAutoFd L
// Long enough for any handshake of these tests, short of a hang.
constexpr uint64_t kLimit = 4 * kBusyTimeoutCycles;

// The peripheral model on pp_top's pins; records what crossed the cable and the line changes
// (host lines and the peripheral's nAck, Busy and PError).
class EcpPeripheral : public CycleObserver, public Ieee1284Listener {
 public:
  explicit EcpPeripheral(const Ieee1284Config& config) : model_(config) {
    model_.SetListener(this);
  }
  Ieee1284Peripheral& model() { return model_; }

  void OnCycle(PpTopPins& pins, uint64_t cycle) override {
    const HostPins in = ReadHostPins(pins);
    const PeripheralPins out = model_.Step(in, cycle);
    if (started_) {
      Edge(prev_in_.nautofd, in.nautofd, L::kNAutoFdLow, L::kNAutoFdHigh, cycle);
      Edge(prev_in_.ninit, in.ninit, L::kNInitLow, L::kNInitHigh, cycle);
      Edge(prev_in_.nselectin, in.nselectin, L::kNSelectInLow, L::kNSelectInHigh, cycle);
      Edge(prev_in_.data_oe, in.data_oe, L::kDataOff, L::kDataOn, cycle);
      Edge(prev_out_.nack, out.nack, L::kNAckLow, L::kNAckHigh, cycle);
      Edge(prev_out_.perror, out.perror, L::kPErrorLow, L::kPErrorHigh, cycle);
    }
    started_ = true;
    prev_in_ = in;
    prev_out_ = out;
    DrivePeripheralPins(out, pins);
  }

  void OnForwardByte(const Ieee1284Byte& byte) override { forward.push_back(byte); }
  void OnReverseByte(const Ieee1284Byte& byte) override { reverse.push_back(byte); }
  void OnTermination(const Termination& t) override { terminations.push_back(t); }
  void OnProtocolError(const ProtocolError& e) override { errors.push_back(e); }

  // The logged lines from `at` on, in order.
  std::vector<L> LinesFrom(uint64_t at) const {
    std::vector<L> lines;
    for (const Logged1284& l : log_) {
      if (l.cycle >= at) lines.push_back(l.line);
    }
    return lines;
  }
  uint64_t FirstAt(L line, uint64_t at) const {
    for (const Logged1284& l : log_) {
      if (l.cycle >= at && l.line == line) return l.cycle;
    }
    return 0;
  }

  std::vector<Ieee1284Byte> forward;
  std::vector<Ieee1284Byte> reverse;
  std::vector<Termination> terminations;
  std::vector<ProtocolError> errors;

 private:
  void Edge(bool before, bool after, L fell, L rose, uint64_t cycle) {
    if (before && !after) log_.push_back({cycle, fell});
    if (!before && after) log_.push_back({cycle, rose});
  }

  Ieee1284Peripheral model_;
  HostPins prev_in_;
  PeripheralPins prev_out_;
  bool started_ = false;
  std::vector<Logged1284> log_;
};

Ieee1284Config Config() {
  Ieee1284Config config;
  config.clock_period_ns = DutHarness::kClockPeriodNs;
  return config;
}

class Rtl1284Ecp : public ::testing::Test {
 protected:
  Rtl1284Ecp() : periph_(Config()) {}

  void SetUp() override {
    b_.printer().SetPassive(true);
    b_.h().AddObserver(&periph_);
    b_.Own(kOwner);
    Negotiate();
  }
  void TearDown() override {
    EXPECT_FALSE(b_.h().assertion_failed());
    EXPECT_TRUE(periph_.errors.empty()) << periph_.errors.size() << " protocol errors";
  }

  // Events 0-6 and 30/31 by software in PS/2 mode (Linux's parport_ieee1284_negotiate), then
  // ECR 011 from forward idle.
  void Negotiate() {
    b_.SetMode(kOwner, EcrMode::kPs2);
    b_.Write(kOwner, rm::kData, kRequestEcp);  // Event 0
    b_.Write(kOwner, rm::kControl, kEvent1);   // Event 1
    ASSERT_TRUE(WaitStatus(rm::kStatusNackMask, 0));                           // Event 2
    b_.Write(kOwner, rm::kControl, kEvent1 | rm::kControlStrobeMask);          // Event 3
    b_.h().Ticks(CyclesFor(1000));
    b_.Write(kOwner, rm::kControl, kEcpIdle);                                  // Event 4
    ASSERT_TRUE(WaitStatus(rm::kStatusNackMask, rm::kStatusNackMask));         // Event 6
    b_.Write(kOwner, rm::kControl, kEvent1);                                   // Event 30
    ASSERT_TRUE(WaitStatus(rm::kStatusPerrorMask, rm::kStatusPerrorMask));     // Event 31
    b_.Write(kOwner, rm::kControl, kEcpIdle);
    b_.SetMode(kOwner, EcrMode::kEcp);
    ASSERT_EQ(periph_.model().phase(), Ieee1284Phase::kEcpForwardIdle);
  }
  bool WaitStatus(uint8_t mask, uint8_t value) {
    return b_.TickUntil([&] { return (b_.Read(kOwner, rm::kStatus) & mask) == value; }, kLimit);
  }
  uint8_t Hs() { return b_.Read(kOwner, rm::kHsStatus); }
  uint8_t Ecr() { return b_.Read(kOwner, rm::kEcr); }
  bool Empty() { return (Ecr() & rm::kEcrEmptyMask) != 0; }
  bool WaitHs(uint8_t mask, uint8_t value) {
    return b_.TickUntil([&] { return (Hs() & mask) == value; }, kLimit);
  }
  // Asks for a direction and waits until HS_STATUS.ECP_REVERSE shows it.
  bool Turn(bool reverse) {
    b_.Write(kOwner, rm::kControl,
             static_cast<uint8_t>(kEcpIdle | (reverse ? rm::kControlDirMask : 0)));
    return WaitHs(rm::kHsStatusEcpReverseMask, reverse ? rm::kHsStatusEcpReverseMask : 0);
  }
  // Forward bytes gone: the FIFO empty and nothing in flight.
  bool WaitSent() {
    return b_.TickUntil([&] { return Empty() && !(Hs() & rm::kHsStatusActiveMask); }, kLimit);
  }
  // Pops one reverse byte: {value, REV_CMD read before the pop}.
  std::pair<uint8_t, bool> Pop() {
    const bool command = (Hs() & rm::kHsStatusRevCmdMask) != 0;
    return {b_.Read(kOwner, rm::kFifo), command};
  }
  int Dropped() { return b_.Read(kOwner, rm::kArbDropped); }
  // The ECR with serviceIntr (and dmaEn) 0: the hardware may set serviceIntr again.
  void ArmServiceIntr() {
    b_.Write(kOwner, rm::kEcr, EcrValue(EcrMode::kEcp, rm::kEcrNerrIntrEnMask));
  }
  bool ServiceIntr() { return (Ecr() & rm::kEcrServiceIntrMask) != 0; }

  RtlBench b_;
  EcpPeripheral periph_;
};

TEST_F(Rtl1284Ecp, ForwardDataAndCommandBytesReachThePeripheralWithTheirFlags) {
  b_.Write(kOwner, rm::kFifo, 0x41);  // ecpDFifo: data
  b_.Write(kOwner, rm::kData, 0x85);  // ecpAFifo: command (channel address 5)
  b_.Write(kOwner, rm::kFifo, 0x42);
  ASSERT_TRUE(WaitSent());
  ASSERT_EQ(periph_.forward.size(), 3u);
  EXPECT_EQ(periph_.forward[0].value, 0x41);
  EXPECT_FALSE(periph_.forward[0].command);
  EXPECT_EQ(periph_.forward[1].value, 0x85);
  EXPECT_TRUE(periph_.forward[1].command);
  EXPECT_EQ(periph_.forward[2].value, 0x42);
  EXPECT_FALSE(periph_.forward[2].command);
  EXPECT_EQ(periph_.model().phase(), Ieee1284Phase::kEcpForwardIdle);
  // The ecpAFifo write left the data latch alone; the link never turned.
  EXPECT_EQ(b_.Read(kOwner, rm::kData), kRequestEcp);
  EXPECT_EQ(Hs() & (rm::kHsStatusTimeoutMask | rm::kHsStatusEcpReverseMask), 0);
}

TEST_F(Rtl1284Ecp, ReverseBytesComeBackThroughTheFifoWithRevCmd) {
  periph_.model().QueueReverse(0x11);
  periph_.model().QueueReverse(0x92, true);
  periph_.model().QueueReverse(0x33);
  ASSERT_TRUE(Turn(true));
  ASSERT_TRUE(b_.TickUntil([&] { return periph_.reverse.size() == 3; }, kLimit));
  ASSERT_TRUE(b_.TickUntil([&] { return !(Hs() & rm::kHsStatusActiveMask); }, kLimit));
  const std::vector<std::pair<uint8_t, bool>> want = {{0x11, false}, {0x92, true}, {0x33, false}};
  std::vector<std::pair<uint8_t, bool>> got;
  while (!Empty() && got.size() < 8) got.push_back(Pop());
  EXPECT_EQ(got, want);
  // Writes are refused while the link is reversed.
  b_.Write(kOwner, rm::kFifo, 0x55);
  EXPECT_TRUE(Empty());
  EXPECT_EQ(Dropped(), 0);
}

// A peripheral silent at Event 45 keeps PeriphClk low after the byte was taken: once software
// clears the timeout, that same low is not a new byte (Event 43 needs PeriphClk high first).
// Found by make formal's bounded check (a_ecp_rev_byte_on_periph_clk).
TEST_F(Rtl1284Ecp, ClearedTimeoutAtEvent45DoesNotTakeTheByteTwice) {
  periph_.model().QueueReverse(0x21);
  periph_.model().QueueReverse(0x22);
  periph_.model().StopAnsweringAt(45);
  ASSERT_TRUE(Turn(true));
  ASSERT_TRUE(WaitHs(rm::kHsStatusTimeoutMask, rm::kHsStatusTimeoutMask));
  b_.Write(kOwner, rm::kHsStatus, rm::kHsStatusTimeoutMask);
  b_.h().Ticks(4 * kBusyTimeoutCycles);
  std::vector<std::pair<uint8_t, bool>> got;
  while (!Empty() && got.size() < 8) got.push_back(Pop());
  const std::vector<std::pair<uint8_t, bool>> want = {{0x21, false}};
  EXPECT_EQ(got, want);
}

TEST_F(Rtl1284Ecp, DirectionChangesShowEvents38To40And47To49InOrder) {
  const uint64_t at = b_.h().cycle();
  ASSERT_TRUE(Turn(true));
  const std::vector<L> reverse = {L::kNAutoFdLow, L::kDataOff,  // Event 38
                                  L::kNInitLow,                 // Event 39
                                  L::kPErrorLow};               // Event 40
  EXPECT_EQ(periph_.LinesFrom(at), reverse);
  EXPECT_EQ(periph_.model().phase(), Ieee1284Phase::kEcpReverseIdle);
  EXPECT_EQ(b_.dut().pd_oe_o, 0);
  const uint64_t back = b_.h().cycle();
  ASSERT_TRUE(Turn(false));
  b_.h().Ticks(2);
  const std::vector<L> forward = {L::kNInitHigh,                 // Event 47
                                  L::kPErrorHigh,                // Event 49
                                  L::kNAutoFdHigh, L::kDataOn};  // forward idle
  EXPECT_EQ(periph_.LinesFrom(back), forward);
  EXPECT_EQ(periph_.model().phase(), Ieee1284Phase::kEcpForwardIdle);
  // The link works forward again.
  b_.Write(kOwner, rm::kFifo, 0x7a);
  ASSERT_TRUE(WaitSent());
  ASSERT_EQ(periph_.forward.size(), 1u);
  EXPECT_EQ(periph_.forward[0].value, 0x7a);
}

TEST_F(Rtl1284Ecp, FullFifoInReverseHoldsThePeripheralOffAndLosesNothing) {
  std::vector<uint8_t> sent;
  for (int i = 0; i < kFifoDepth + 4; ++i) {
    sent.push_back(static_cast<uint8_t>(0xa0 + i));
    periph_.model().QueueReverse(sent.back());
  }
  ASSERT_TRUE(Turn(true));
  ASSERT_TRUE(b_.TickUntil([&] { return (Ecr() & rm::kEcrFullMask) != 0; }, kLimit));
  b_.h().Ticks(kBusyTimeoutCycles / 2);
  // Held off at Event 43, without Event 44: nothing more taken, no timeout.
  EXPECT_EQ(periph_.reverse.size(), static_cast<size_t>(kFifoDepth));
  EXPECT_EQ(periph_.model().phase(), Ieee1284Phase::kEcpAwaitEv44);
  EXPECT_EQ(Hs() & rm::kHsStatusTimeoutMask, 0);
  std::vector<uint8_t> got;
  ASSERT_TRUE(b_.TickUntil(
      [&] {
        if (!Empty()) got.push_back(Pop().first);
        return got.size() == sent.size();
      },
      kLimit));
  EXPECT_EQ(got, sent);
  EXPECT_EQ(Dropped(), 0);
}

TEST_F(Rtl1284Ecp, PeripheralSilentAtEvent36SetsTimeoutAndNothingHangs) {
  periph_.model().StopAnsweringAt(36);
  b_.Write(kOwner, rm::kFifo, 0x01);
  b_.Write(kOwner, rm::kFifo, 0x02);
  ASSERT_TRUE(WaitHs(rm::kHsStatusTimeoutMask, rm::kHsStatusTimeoutMask));
  b_.h().Ticks(kPinLagCycles);
  EXPECT_EQ(Hs() & rm::kHsStatusActiveMask, 0);
  EXPECT_EQ(b_.dut().nstrobe_o, 1) << "HostClk is high again";
  // The first byte left the FIFO and was never acknowledged: counted at once.
  EXPECT_EQ(Dropped(), 1);
  // No further byte starts: the second stays queued until the release flushes it.
  b_.h().Ticks(kBusyTimeoutCycles / 2);
  EXPECT_FALSE(Empty());
  ASSERT_EQ(b_.Cmd(kNext, ArbCmd::kAllocate), ArbResult::kPending);
  ASSERT_EQ(b_.Cmd(kOwner, ArbCmd::kFree), ArbResult::kFreed);
  ASSERT_GE(b_.WaitReleased(kLimit), 0);
  EXPECT_EQ(b_.dut().grant_o, 1u << kNext);
  EXPECT_EQ(Dropped(), 2);
}

TEST_F(Rtl1284Ecp, PeripheralSilentAtEvent40SetsTimeoutAndNothingHangs) {
  periph_.model().StopAnsweringAt(40);
  b_.Write(kOwner, rm::kControl, kEcpIdle | rm::kControlDirMask);
  ASSERT_TRUE(WaitHs(rm::kHsStatusTimeoutMask, rm::kHsStatusTimeoutMask));
  const uint8_t hs = Hs();
  EXPECT_EQ(hs & (rm::kHsStatusActiveMask | rm::kHsStatusEcpReverseMask), 0);
  // The host keeps its data drivers off: the peripheral may still take the bus.
  EXPECT_EQ(b_.dut().pd_oe_o, 0);
  ASSERT_EQ(b_.Cmd(kNext, ArbCmd::kAllocate), ArbResult::kPending);
  ASSERT_EQ(b_.Cmd(kOwner, ArbCmd::kFree), ArbResult::kFreed);
  ASSERT_GE(b_.WaitReleased(kLimit), 0);
  EXPECT_EQ(b_.dut().grant_o, 1u << kNext);
  EXPECT_TRUE(IsCompatibilityPhase(periph_.model().phase()));
}

TEST_F(Rtl1284Ecp, ServiceIntrFiresAtTheForwardThreshold) {
  // The peripheral answers slowly: the FIFO fills faster than it drains.
  periph_.model().StallFor(kBusyTimeoutCycles / 2);
  for (int i = 0; i < kFifoDepth; ++i) b_.Write(kOwner, rm::kFifo, static_cast<uint8_t>(i));
  ArmServiceIntr();
  EXPECT_FALSE(ServiceIntr());
  EXPECT_FALSE(b_.dut().irq_o);
  ASSERT_TRUE(b_.TickUntil([&] { return ServiceIntr(); }, kLimit));
  EXPECT_TRUE(b_.dut().irq_o);
  // Half the FIFO free, not all of it.
  EXPECT_FALSE(Empty());
  ASSERT_TRUE(WaitSent());
  EXPECT_EQ(periph_.forward.size(), static_cast<size_t>(kFifoDepth));
}

TEST_F(Rtl1284Ecp, ServiceIntrFiresAtTheReverseThreshold) {
  ASSERT_TRUE(Turn(true));
  ArmServiceIntr();
  b_.h().Ticks(16);
  EXPECT_FALSE(ServiceIntr()) << "an empty FIFO in reverse has nothing to read";
  for (int i = 0; i < kFifoDepth - 4; ++i) periph_.model().QueueReverse(static_cast<uint8_t>(i));
  ASSERT_TRUE(b_.TickUntil([&] { return ServiceIntr(); }, kLimit));
  EXPECT_TRUE(b_.dut().irq_o);
  int count = 0;
  while (!Empty() && count < kFifoDepth) {
    Pop();
    ++count;
  }
  EXPECT_GE(count, kFifoDepth / 2);
}

TEST_F(Rtl1284Ecp, FreeFromReverseWithUnreadBytesTurnsTerminatesAndCountsThem) {
  for (uint8_t v : {0x61, 0x62, 0x63}) periph_.model().QueueReverse(v);
  ASSERT_TRUE(Turn(true));
  ASSERT_TRUE(b_.TickUntil([&] { return periph_.reverse.size() == 3; }, kLimit));
  ASSERT_TRUE(b_.TickUntil([&] { return !(Hs() & rm::kHsStatusActiveMask); }, kLimit));
  ASSERT_EQ(Dropped(), 0);
  ASSERT_EQ(b_.Cmd(kNext, ArbCmd::kAllocate), ArbResult::kPending);
  const uint64_t at = b_.h().cycle();
  ASSERT_EQ(b_.Cmd(kOwner, ArbCmd::kFree), ArbResult::kFreed);
  ASSERT_GE(b_.WaitReleased(kLimit), 0);
  const std::vector<L> want = {L::kNInitHigh,                      // Event 47
                               L::kPErrorHigh,                     // Event 49
                               L::kNAutoFdHigh, L::kNSelectInLow,  // Event 22
                               L::kNAckLow,                        // Event 24
                               L::kNAutoFdLow,                     // Event 25
                               L::kNAckHigh, L::kPErrorLow,        // Events 26/27
                               L::kNAutoFdHigh,                    // Event 29
                               L::kDataOn};                        // the next owner's
  EXPECT_EQ(periph_.LinesFrom(at), want);
  ASSERT_EQ(periph_.terminations.size(), 1u);
  EXPECT_EQ(periph_.terminations[0].kind, TerminationKind::kNormal);
  EXPECT_TRUE(IsCompatibilityPhase(periph_.model().phase()));
  EXPECT_EQ(Dropped(), 3);
  EXPECT_EQ(b_.dut().grant_o, 1u << kNext);
}

TEST_F(Rtl1284Ecp, FreeDuringAForwardByteFinishesTheByteFirst) {
  b_.Write(kOwner, rm::kFifo, 0x5c);
  ASSERT_TRUE(b_.TickUntil([&] { return b_.dut().nstrobe_o == 0; }, kLimit));
  ASSERT_EQ(b_.Cmd(kNext, ArbCmd::kAllocate), ArbResult::kPending);
  const uint64_t at = b_.h().cycle();
  ASSERT_EQ(b_.Cmd(kOwner, ArbCmd::kFree), ArbResult::kFreed);
  ASSERT_GE(b_.WaitReleased(kLimit), 0);
  ASSERT_EQ(periph_.forward.size(), 1u);
  EXPECT_EQ(periph_.forward[0].value, 0x5c);
  // Event 37 (the byte latched) before the termination's Event 22.
  const uint64_t ev22 = periph_.FirstAt(L::kNSelectInLow, at);
  ASSERT_NE(ev22, 0u);
  EXPECT_LT(periph_.forward[0].cycle, ev22);
  ASSERT_EQ(periph_.terminations.size(), 1u);
  EXPECT_EQ(periph_.terminations[0].kind, TerminationKind::kNormal);
  EXPECT_EQ(Dropped(), 0);
}

// An owner that leaves ECP with a byte on the wire and starts an EPP cycle at once: the ECP
// byte finishes first (it owns nStrobe and the data lines until Event 32), and the EPP cycle,
// its APB access waiting, starts after it. Found by the formal bounded check.
TEST_F(Rtl1284Ecp, EppCycleWaitsForAnEcpByteStillOnTheWire) {
  b_.Write(kOwner, rm::kFifo, 0x5c);
  ASSERT_TRUE(b_.TickUntil([&] { return b_.dut().nstrobe_o == 0; }, kLimit));
  b_.Write(kOwner, rm::kEcr, EcrValue(EcrMode::kSpp, 0));
  b_.Write(kOwner, rm::kEcr, EcrValue(EcrMode::kEpp, 0));
  ASSERT_TRUE(Hs() & rm::kHsStatusActiveMask) << "the ECP byte is still on the wire";
  b_.Write(kOwner, rm::kEppData, 0x77);
  EXPECT_FALSE(b_.h().assertion_failed());
  ASSERT_FALSE(periph_.forward.empty());
  EXPECT_EQ(periph_.forward[0].value, 0x5c);
  // The EPP strobes mean nothing to a peripheral still in ECP mode: its complaints are not the
  // subject here.
  periph_.errors.clear();
}

}  // namespace
}  // namespace ppcosim::rtltest
