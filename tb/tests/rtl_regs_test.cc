// The PC parallel port's registers, bit by bit: inversions, read-backs, ECR, cnfgA/cnfgB, STATUS,
// PS/2 reads of the pins, mode change rules and the test-mode FIFO.
#include <gtest/gtest.h>

#include <vector>

#include "rtl_test_util.h"

namespace ppcosim::rtltest {
namespace {

using rm::EcrMode;

constexpr int kOwner = 1;
// Cycles for a pin change to pass the two-flop synchronizer.
constexpr int kSyncCycles = 3;

class RtlRegs : public ::testing::Test {
 protected:
  void SetUp() override {
    b_.printer().SetPassive(true);  // these tests drive the status pins themselves
    b_.Own(kOwner);
  }
  void TearDown() override { EXPECT_FALSE(b_.h().assertion_failed()); }

  uint8_t Rd(uint16_t addr) { return b_.Read(kOwner, addr); }
  void Wr(uint16_t addr, uint8_t v) { b_.Write(kOwner, addr, v); }
  void WrPins(uint16_t addr, uint8_t v) { b_.WriteToPins(kOwner, addr, v); }
  uint8_t Ecr() { return Rd(rm::kEcr); }
  void Ecr(uint8_t v) { Wr(rm::kEcr, v); }
  bool EcrBit(uint8_t mask) { return (Ecr() & mask) != 0; }

  RtlBench b_;
};

TEST_F(RtlRegs, ResetValues) {
  EXPECT_EQ(Rd(rm::kControl), rm::kControlReset);
  EXPECT_EQ(Ecr(), rm::kEcrReset | rm::kEcrEmptyMask);
  EXPECT_EQ(Rd(rm::kData), 0);
  EXPECT_EQ(b_.dut().irq_o, 0);
}

TEST_F(RtlRegs, ControlBitsZeroOneAndThreeAreInvertedToTheirPinsBitTwoIsNot) {
  WrPins(rm::kControl, 0);
  EXPECT_EQ(b_.dut().nstrobe_o, 1);
  EXPECT_EQ(b_.dut().nautofd_o, 1);
  EXPECT_EQ(b_.dut().ninit_o, 0);
  EXPECT_EQ(b_.dut().nselectin_o, 1);
  WrPins(rm::kControl, rm::kControlStrobeMask);
  EXPECT_EQ(b_.dut().nstrobe_o, 0);
  WrPins(rm::kControl, rm::kControlAutofdMask);
  EXPECT_EQ(b_.dut().nstrobe_o, 1);
  EXPECT_EQ(b_.dut().nautofd_o, 0);
  WrPins(rm::kControl, rm::kControlNinitMask);
  EXPECT_EQ(b_.dut().nautofd_o, 1);
  EXPECT_EQ(b_.dut().ninit_o, 1);
  WrPins(rm::kControl, rm::kControlSelectinMask);
  EXPECT_EQ(b_.dut().ninit_o, 0);
  EXPECT_EQ(b_.dut().nselectin_o, 0);
}

TEST_F(RtlRegs, EveryPinFollowsItsRegisterExactlyOneCycleLater) {
  Wr(rm::kData, 0x5a);
  b_.h().Ticks(kPinLagCycles);
  ASSERT_EQ(b_.dut().pd_o, 0x5a);
  ASSERT_EQ(b_.dut().pd_oe_o, 1);
  // Right after the access edge the pins still show the old values; one cycle later, all the new.
  Wr(rm::kControl, rm::kControlStrobeMask | rm::kControlAutofdMask);  // every pin toggles
  EXPECT_EQ(b_.dut().nstrobe_o, 1);
  EXPECT_EQ(b_.dut().nautofd_o, 1);
  EXPECT_EQ(b_.dut().ninit_o, 1);
  EXPECT_EQ(b_.dut().nselectin_o, 0);
  b_.h().Ticks(kPinLagCycles);
  EXPECT_EQ(b_.dut().nstrobe_o, 0);
  EXPECT_EQ(b_.dut().nautofd_o, 0);
  EXPECT_EQ(b_.dut().ninit_o, 0);
  EXPECT_EQ(b_.dut().nselectin_o, 1);
  Wr(rm::kData, 0xa5);
  EXPECT_EQ(b_.dut().pd_o, 0x5a);
  b_.h().Ticks(kPinLagCycles);
  EXPECT_EQ(b_.dut().pd_o, 0xa5);
  // The driver enable too (PS/2 with DIR set: input).
  b_.SetMode(kOwner, EcrMode::kPs2);
  Wr(rm::kControl, rm::kControlReset | rm::kControlDirMask);
  EXPECT_EQ(b_.dut().pd_oe_o, 1);
  b_.h().Ticks(kPinLagCycles);
  EXPECT_EQ(b_.dut().pd_oe_o, 0);
}

TEST_F(RtlRegs, ControlReadsBackExactlyAsWritten) {
  const uint8_t six_bits = rm::kControlStrobeMask | rm::kControlAutofdMask | rm::kControlNinitMask |
                           rm::kControlSelectinMask | rm::kControlAckintenMask |
                           rm::kControlDirMask;
  for (int v = 0; v <= six_bits; ++v) {
    Wr(rm::kControl, static_cast<uint8_t>(v));
    EXPECT_EQ(Rd(rm::kControl), v) << "CONTROL written " << v;
  }
  // Bits 7:6 are not implemented and read 0 (SMSC).
  Wr(rm::kControl, 0xff);
  EXPECT_EQ(Rd(rm::kControl), six_bits);
}

TEST_F(RtlRegs, StatusShowsThePinsWithBusyInvertedAndBitZeroSet) {
  struct Pins {
    bool busy, nack, perror, select, nfault;
  };
  for (const Pins& p : std::vector<Pins>{{false, true, false, true, true},
                                         {true, false, true, false, false},
                                         {true, true, false, false, true},
                                         {false, false, true, true, false}}) {
    b_.dut().busy_i = p.busy;
    b_.dut().nack_i = p.nack;
    b_.dut().perror_i = p.perror;
    b_.dut().select_i = p.select;
    b_.dut().nfault_i = p.nfault;
    b_.h().Ticks(kSyncCycles);
    const uint8_t s = Rd(rm::kStatus);
    EXPECT_EQ(bool(s & rm::kStatusNbusyMask), !p.busy);
    EXPECT_EQ(bool(s & rm::kStatusNackMask), p.nack);
    EXPECT_EQ(bool(s & rm::kStatusPerrorMask), p.perror);
    EXPECT_EQ(bool(s & rm::kStatusSelectMask), p.select);
    EXPECT_EQ(bool(s & rm::kStatusNfaultMask), p.nfault);
    EXPECT_TRUE(s & rm::kStatusNirqMask);
    EXPECT_TRUE(s & rm::kStatusEppTmoutMask);
  }
}

TEST_F(RtlRegs, StatusBitZeroReadsOneOutsideEppMode) {
  for (EcrMode m : {EcrMode::kSpp, EcrMode::kPs2, EcrMode::kFifo, EcrMode::kEcp,
                    EcrMode::kTest, EcrMode::kConfig}) {
    b_.SetMode(kOwner, EcrMode::kPs2);
    b_.SetMode(kOwner, m);
    EXPECT_TRUE(Rd(rm::kStatus) & rm::kStatusEppTmoutMask) << "mode " << int(m);
  }
}

TEST_F(RtlRegs, EcrWrite0x34ReadsBack0x35WithTheFifoEmpty) {
  // Linux parport_ECR_present: write 0x34 (PS/2, nErrIntrEn, serviceIntr), expect 0x35.
  const uint8_t linux_ecr =
      EcrValue(EcrMode::kPs2, rm::kEcrNerrIntrEnMask | rm::kEcrServiceIntrMask);
  Ecr(linux_ecr);
  EXPECT_EQ(Ecr(), linux_ecr | rm::kEcrEmptyMask);
  // The FIFO flags are read-only.
  Ecr(linux_ecr | rm::kEcrFullMask);
  EXPECT_EQ(Ecr(), linux_ecr | rm::kEcrEmptyMask);
}

TEST_F(RtlRegs, CnfgAAndCnfgBInConfigurationMode) {
  b_.SetMode(kOwner, EcrMode::kConfig);
  EXPECT_EQ(Rd(rm::kFifo), rm::kCnfgaValue);
  EXPECT_EQ(Rd(rm::kCnfgb), rm::kCnfgbValue);
  // Linux: PWord = (cnfgA >> 4) & 7 must be 1 (8-bit).
  EXPECT_EQ((rm::kCnfgaValue >> 4) & 7, 1);
}

TEST_F(RtlRegs, DataDrivesThePinsWhileOwned) {
  Wr(rm::kData, 0xa5);
  EXPECT_EQ(Rd(rm::kData), 0xa5);
  EXPECT_EQ(b_.dut().pd_o, 0xa5);
  EXPECT_EQ(b_.dut().pd_oe_o, 1);
}

TEST_F(RtlRegs, Ps2WithDirectionSetReadsThePinsAndDoesNotDrive) {
  b_.SetMode(kOwner, EcrMode::kPs2);
  Wr(rm::kControl, rm::kControlReset | rm::kControlDirMask);
  b_.dut().pd_i = 0x3c;
  b_.h().Ticks(kSyncCycles);
  EXPECT_EQ(b_.dut().pd_oe_o, 0);
  Wr(rm::kData, 0x55);
  EXPECT_EQ(Rd(rm::kData), 0x3c);
  // Back to forward: the latch (written while reversed) is driven again.
  WrPins(rm::kControl, rm::kControlReset);
  EXPECT_EQ(b_.dut().pd_oe_o, 1);
  EXPECT_EQ(Rd(rm::kData), 0x55);
}

TEST_F(RtlRegs, SppIgnoresTheDirectionBit) {
  Wr(rm::kControl, rm::kControlReset | rm::kControlDirMask);
  WrPins(rm::kData, 0x12);
  EXPECT_EQ(b_.dut().pd_oe_o, 1);
  EXPECT_EQ(Rd(rm::kData), 0x12);
}

TEST_F(RtlRegs, AckInterruptOnRisingNackWhenEnabledClearedByReadingStatus) {
  Wr(rm::kControl, rm::kControlReset | rm::kControlAckintenMask);
  b_.dut().nack_i = 0;
  b_.h().Ticks(kSyncCycles);
  EXPECT_EQ(b_.dut().irq_o, 0);  // the falling edge does nothing
  b_.dut().nack_i = 1;
  b_.h().Ticks(kSyncCycles);
  EXPECT_EQ(b_.dut().irq_o, 1);
  EXPECT_FALSE(Rd(rm::kStatus) & rm::kStatusNirqMask);
  EXPECT_EQ(b_.dut().irq_o, 0);
  EXPECT_TRUE(Rd(rm::kStatus) & rm::kStatusNirqMask);
  // Disabled: no interrupt.
  Wr(rm::kControl, rm::kControlReset);
  b_.dut().nack_i = 0;
  b_.h().Ticks(kSyncCycles);
  b_.dut().nack_i = 1;
  b_.h().Ticks(kSyncCycles);
  EXPECT_EQ(b_.dut().irq_o, 0);
}

// ------------------------------------------------------------------------------------------------
// Mode changes.

TEST_F(RtlRegs, FromSppOrPs2AnyModeCanBeEntered) {
  for (EcrMode base : {EcrMode::kSpp, EcrMode::kPs2}) {
    for (EcrMode m : {EcrMode::kFifo, EcrMode::kEcp, EcrMode::kEpp, EcrMode::kTest,
                      EcrMode::kConfig, EcrMode::kSpp, EcrMode::kPs2}) {
      b_.SetMode(kOwner, base);
      b_.SetMode(kOwner, m);
      EXPECT_EQ(b_.Mode(kOwner), m) << "from " << int(base) << " to " << int(m);
    }
  }
}

TEST_F(RtlRegs, FromOtherModesOnlySppOrPs2AndAnIllegalWriteKeepsTheMode) {
  for (EcrMode from :
       {EcrMode::kFifo, EcrMode::kEcp, EcrMode::kEpp, EcrMode::kTest, EcrMode::kConfig}) {
    for (EcrMode to :
         {EcrMode::kFifo, EcrMode::kEcp, EcrMode::kEpp, EcrMode::kTest, EcrMode::kConfig}) {
      b_.SetMode(kOwner, EcrMode::kSpp);
      b_.SetMode(kOwner, from);
      // The other ECR bits are still written.
      Ecr(EcrValue(to, rm::kEcrDmaEnMask));
      EXPECT_EQ(b_.Mode(kOwner), from) << "from " << int(from) << " to " << int(to);
      EXPECT_TRUE(EcrBit(rm::kEcrDmaEnMask));
    }
    b_.SetMode(kOwner, EcrMode::kPs2);
    EXPECT_EQ(b_.Mode(kOwner), EcrMode::kPs2);
    b_.SetMode(kOwner, from);
    b_.SetMode(kOwner, EcrMode::kSpp);
    EXPECT_EQ(b_.Mode(kOwner), EcrMode::kSpp);
  }
}

TEST_F(RtlRegs, EnteringSppOrPs2ResetsTheFifo) {
  for (EcrMode reset_mode : {EcrMode::kSpp, EcrMode::kPs2}) {
    b_.SetMode(kOwner, EcrMode::kTest);
    Wr(rm::kFifo, 1);
    Wr(rm::kFifo, 2);
    ASSERT_FALSE(EcrBit(rm::kEcrEmptyMask));
    b_.SetMode(kOwner, reset_mode);
    EXPECT_TRUE(EcrBit(rm::kEcrEmptyMask));
    // The last byte is forgotten too: an empty read in test mode gives 0.
    b_.SetMode(kOwner, EcrMode::kTest);
    EXPECT_EQ(Rd(rm::kFifo), 0);
    b_.SetMode(kOwner, EcrMode::kSpp);
  }
}

// ------------------------------------------------------------------------------------------------
// Test-mode FIFO (ECR 110).

TEST_F(RtlRegs, TestFifoTakesDepthBytesThenRefusesAndReadsBackInOrder) {
  b_.SetMode(kOwner, EcrMode::kTest);
  int written = 0;
  while (!EcrBit(rm::kEcrFullMask) && written < 4 * kFifoDepth) {
    Wr(rm::kFifo, static_cast<uint8_t>(0x40 + written));
    ++written;
  }
  EXPECT_EQ(written, kFifoDepth);
  EXPECT_FALSE(EcrBit(rm::kEcrEmptyMask));
  Wr(rm::kFifo, 0xee);  // not accepted
  for (int i = 0; i < kFifoDepth; ++i) EXPECT_EQ(Rd(rm::kFifo), 0x40 + i) << "byte " << i;
  EXPECT_TRUE(EcrBit(rm::kEcrEmptyMask));
  EXPECT_FALSE(EcrBit(rm::kEcrFullMask));
}

TEST_F(RtlRegs, TestFifoEmptyReadRereadsTheLastByte) {
  b_.SetMode(kOwner, EcrMode::kTest);
  Wr(rm::kFifo, 0x11);
  Wr(rm::kFifo, 0x22);
  EXPECT_EQ(Rd(rm::kFifo), 0x11);
  EXPECT_EQ(Rd(rm::kFifo), 0x22);
  EXPECT_EQ(Rd(rm::kFifo), 0x22);
  EXPECT_EQ(Rd(rm::kFifo), 0x22);
  EXPECT_TRUE(EcrBit(rm::kEcrEmptyMask));
}

TEST_F(RtlRegs, TestFifoWorksInBothDirections) {
  for (uint8_t control :
       {rm::kControlReset, static_cast<uint8_t>(rm::kControlReset | rm::kControlDirMask)}) {
    b_.SetMode(kOwner, EcrMode::kPs2);
    Wr(rm::kControl, control);
    b_.SetMode(kOwner, EcrMode::kTest);
    Wr(rm::kFifo, 0x5a);
    Wr(rm::kFifo, 0xa5);
    EXPECT_EQ(Rd(rm::kFifo), 0x5a);
    EXPECT_EQ(Rd(rm::kFifo), 0xa5);
    // FreeBSD flips the direction inside test mode; the FIFO does not care.
    Wr(rm::kControl, control ^ rm::kControlDirMask);
    Wr(rm::kFifo, 0x77);
    EXPECT_EQ(Rd(rm::kFifo), 0x77);
  }
}

// writeIntrThreshold and readIntrThreshold are both FIFO_DEPTH/2 (documented in the regmap).
TEST_F(RtlRegs, ServiceIntrForWritesWhenHalfTheFifoIsFree) {
  b_.SetMode(kOwner, EcrMode::kTest);
  for (int i = 0; i < kFifoDepth; ++i) Wr(rm::kFifo, static_cast<uint8_t>(i));
  ASSERT_TRUE(EcrBit(rm::kEcrFullMask));
  Ecr(EcrValue(EcrMode::kTest, 0));  // serviceIntr = 0: enabled
  EXPECT_FALSE(EcrBit(rm::kEcrServiceIntrMask));
  EXPECT_EQ(b_.dut().irq_o, 0);
  // Linux parport_ECP_supported: read one byte at a time until serviceIntr is set.
  int reads = 0;
  while (!EcrBit(rm::kEcrServiceIntrMask) && reads < kFifoDepth) {
    Rd(rm::kFifo);
    ++reads;
  }
  EXPECT_EQ(reads, kFifoDepth / 2);
  EXPECT_EQ(b_.dut().irq_o, 1);
  // Service interrupts stay off until software clears serviceIntr again; an ECR write clears irq.
  Ecr(EcrValue(EcrMode::kTest, rm::kEcrServiceIntrMask));
  EXPECT_EQ(b_.dut().irq_o, 0);
}

TEST_F(RtlRegs, ServiceIntrForReadsWhenHalfTheFifoIsFull) {
  b_.SetMode(kOwner, EcrMode::kPs2);
  Wr(rm::kControl, rm::kControlReset | rm::kControlDirMask);
  Ecr(EcrValue(EcrMode::kTest, rm::kEcrServiceIntrMask));
  Ecr(EcrValue(EcrMode::kTest, 0));
  int writes = 0;
  while (!EcrBit(rm::kEcrServiceIntrMask) && writes < kFifoDepth) {
    Wr(rm::kFifo, 0xaa);
    ++writes;
  }
  EXPECT_EQ(writes, kFifoDepth / 2);
  EXPECT_EQ(b_.dut().irq_o, 1);
}

TEST_F(RtlRegs, ServiceIntrIsSetAtOnceWhenEnabledWithAnEmptyForwardFifo) {
  // Linux's IRQ probe: test mode, serviceIntr = 0, FIFO empty: the interrupt fires at once.
  Ecr(EcrValue(EcrMode::kTest, 0));
  EXPECT_TRUE(EcrBit(rm::kEcrServiceIntrMask));
  EXPECT_EQ(b_.dut().irq_o, 1);
}

TEST_F(RtlRegs, NoServiceIntrOutsideFifoModesOrWithDma) {
  Ecr(EcrValue(EcrMode::kSpp, 0));
  EXPECT_FALSE(EcrBit(rm::kEcrServiceIntrMask));
  Ecr(EcrValue(EcrMode::kPs2, 0));
  EXPECT_FALSE(EcrBit(rm::kEcrServiceIntrMask));
  Ecr(EcrValue(EcrMode::kTest, rm::kEcrDmaEnMask));
  EXPECT_FALSE(EcrBit(rm::kEcrServiceIntrMask));
  EXPECT_EQ(b_.dut().irq_o, 0);
}

// Linux's probe of an ECP port (parport_pc.c, replayed from the reference notes): the port must
// come out as ECR present, SPP, PS/2 tristate, FIFO depth 16 with thresholds 8 and 8, 8-bit.
// Linux's literal values, spelled with the register map's names:
constexpr uint8_t kLinuxEcrProbe =
    EcrValue(EcrMode::kPs2, rm::kEcrNerrIntrEnMask | rm::kEcrServiceIntrMask);   // 0x34
constexpr uint8_t kLinuxCtrAutofd = rm::kControlReset | rm::kControlAutofdMask;  // 0x0e
constexpr uint8_t kLinuxCtrReverse = rm::kControlReset | rm::kControlDirMask;    // 0x2c
constexpr uint8_t kEcrFlags = rm::kEcrFullMask | rm::kEcrEmptyMask;

TEST_F(RtlRegs, LinuxProbeSequenceFindsAnEcpPort) {
  // frob_set_mode(m): read ECR, replace the mode; frob_econtrol(mask, val) likewise.
  const auto set_mode = [&](EcrMode m) { Ecr(EcrValue(m, Ecr() & ~rm::kEcrModeMask)); };
  const auto frob = [&](uint8_t mask, uint8_t val) {
    Ecr(static_cast<uint8_t>((Ecr() & ~mask) ^ val));
  };
  // parport_ECR_present
  Wr(rm::kControl, rm::kControlReset);
  EXPECT_EQ(Ecr() & kEcrFlags, rm::kEcrEmptyMask);
  Ecr(kLinuxEcrProbe);
  EXPECT_EQ(Ecr(), kLinuxEcrProbe | rm::kEcrEmptyMask);
  Wr(rm::kControl, rm::kControlReset);
  set_mode(EcrMode::kSpp);
  EXPECT_EQ(Ecr(), rm::kEcrReset | rm::kEcrEmptyMask);
  // parport_SPP_supported
  Wr(rm::kControl, rm::kControlReset);
  EXPECT_EQ(Rd(rm::kControl), rm::kControlReset);
  Wr(rm::kControl, kLinuxCtrAutofd);
  EXPECT_EQ(Rd(rm::kControl), kLinuxCtrAutofd);
  Wr(rm::kControl, rm::kControlReset);
  // parport_ECPPS2_supported: with pull-ups the reads must differ from what was written.
  const uint8_t oecr = Ecr();
  Ecr(EcrValue(EcrMode::kPs2, 0));
  Wr(rm::kControl, kLinuxCtrReverse);
  b_.dut().pd_i = 0xff;
  b_.h().Ticks(kSyncCycles);
  for (uint8_t pattern : {uint8_t{0x55}, uint8_t{0xaa}}) {
    Wr(rm::kData, pattern);
    EXPECT_NE(Rd(rm::kData), pattern);
  }
  Wr(rm::kControl, rm::kControlReset);
  Ecr(oecr);
  // parport_ECP_supported: FIFO depth ...
  Ecr(EcrValue(EcrMode::kSpp, 0));
  Ecr(EcrValue(EcrMode::kTest, 0));
  int depth = 0;
  while (depth < 1024 && !(Ecr() & rm::kEcrFullMask)) {
    Wr(rm::kFifo, 0xaa);
    ++depth;
  }
  EXPECT_EQ(depth, kFifoDepth);
  // ... writeIntrThreshold ...
  frob(rm::kEcrServiceIntrMask, rm::kEcrServiceIntrMask);
  frob(rm::kEcrServiceIntrMask, 0);
  int wthr = 0;
  for (int i = 1; i <= depth && wthr == 0; ++i) {
    Rd(rm::kFifo);
    if (Ecr() & rm::kEcrServiceIntrMask) wthr = i;
  }
  EXPECT_EQ(wthr, kFifoDepth / 2);
  // ... readIntrThreshold ...
  set_mode(EcrMode::kPs2);  // resets the FIFO
  Wr(rm::kControl, kLinuxCtrReverse);
  set_mode(EcrMode::kTest);
  frob(rm::kEcrServiceIntrMask, rm::kEcrServiceIntrMask);
  frob(rm::kEcrServiceIntrMask, 0);
  int rthr = 0;
  for (int i = 1; i <= depth && rthr == 0; ++i) {
    Wr(rm::kFifo, 0xaa);
    if (Ecr() & rm::kEcrServiceIntrMask) rthr = i;
  }
  EXPECT_EQ(rthr, kFifoDepth / 2);
  // ... and the implementation word: PWord = (cnfgA >> 4) & 7 must be 1 (8 bits).
  Ecr(EcrValue(EcrMode::kSpp, 0));
  Ecr(EcrValue(EcrMode::kConfig, rm::kEcrNerrIntrEnMask | rm::kEcrServiceIntrMask));
  EXPECT_EQ((Rd(rm::kFifo) >> 4) & 7, 1);
  set_mode(EcrMode::kSpp);
  EXPECT_EQ(b_.Mode(kOwner), EcrMode::kSpp);
  // The probe's tail: ECR 0x34, DATA 0, forward.
  Ecr(kLinuxEcrProbe);
  Wr(rm::kData, 0);
  Wr(rm::kControl, rm::kControlReset);
  EXPECT_EQ(Ecr(), kLinuxEcrProbe | rm::kEcrEmptyMask);
  EXPECT_EQ(b_.dut().pd_oe_o, 1);
}

}  // namespace
}  // namespace ppcosim::rtltest
