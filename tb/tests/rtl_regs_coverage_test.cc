// Register coverage, walked from the register map (ppcosim/regmap.h, generated from
// rtl/pp_regmap.json): every bit of every register, in every ECR mode, written 0 and 1 by the
// owner and read back, where the map's descriptions make it writable and, where they do not,
// shown not to hold; the same writes by a non-owner refused with PSLVERR and without effect.
// Then the release: a departing owner leaves every bit a release must reset set, and the next
// owner finds each at its reset value. A field added to the map is walked without a change here:
// a field of a read-write register is expected to hold its bits in every mode unless a rule
// below says otherwise, a bit in no field of a register that has fields never.
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "rtl_test_util.h"

namespace ppcosim::rtltest {
namespace {

using rm::ArbCmd;
using rm::ArbResult;
using rm::EcrMode;

constexpr int kOwner = 1;
constexpr int kOther = 2;  // never owns the port in the walk
constexpr int kModeCount = 1 << (8 - rm::kEcrModeLsb);  // every encoding of ECR.MODE

// One bit of the map: its register, the field it belongs to (the register itself where the map
// names no field of it) and its position.
struct MapBit {
  const rm::RegisterInfo* reg;
  std::string field;  // "REG.FIELD", "REG" for a register without fields, "REG.(reserved)"
  uint8_t field_mask;
  int bit;
};

bool HasFields(uint16_t reg) {
  for (const rm::FieldInfo& f : rm::kFields) {
    if (f.reg == reg) return true;
  }
  return false;
}

std::vector<MapBit> EveryBit() {
  std::vector<MapBit> bits;
  for (const rm::RegisterInfo& reg : rm::kRegisters) {
    const bool has_fields = HasFields(reg.offset);
    for (int bit = 0; bit < rm::kDataWidth; ++bit) {
      MapBit b{&reg, std::string(reg.name) + (has_fields ? ".(reserved)" : ""), 0, bit};
      if (!has_fields) b.field_mask = 0xff;
      for (const rm::FieldInfo& f : rm::kFields) {
        if (f.reg == reg.offset && (f.mask >> bit & 1)) {
          b.field = std::string(reg.name) + "." + f.name;
          b.field_mask = f.mask;
        }
      }
      bits.push_back(b);
    }
  }
  return bits;
}

bool LowMode(int mode) {
  return mode == static_cast<int>(EcrMode::kSpp) || mode == static_cast<int>(EcrMode::kPs2);
}
bool ModeIs(int mode, EcrMode m) { return mode == static_cast<int>(m); }

// What the register map says about one bit in one mode: does it hold what the owner writes?
// (Owner walk below: the register at its reset value, or 0, with the bit written 1 then 0.)
bool HoldsPerMap(const MapBit& b, int mode) {
  const uint16_t reg = b.reg->offset;
  if (b.field_mask == 0) return false;  // in no field
  if (b.reg->access != rm::Access::kReadWrite) return false;
  // Pin levels, state and write-1-to-clear bits: what is read is not what was written.
  if (reg == rm::kStatus || reg == rm::kHsStatus || reg == rm::kArbIrq || reg == rm::kArbTerm) {
    return false;
  }
  // EPP_ADDR and EPP_DATA run a cycle on the pins (mode 100) or do nothing: no storage.
  if (reg == rm::kEppAddr || reg == rm::kEppData) return false;
  // A FIFO write queues a byte; only test mode reads it back (tFifo), popping it.
  if (reg == rm::kFifo) return ModeIs(mode, EcrMode::kTest);
  // In mode 011 a DATA write is an ecpAFifo command byte and leaves the latch unchanged.
  if (reg == rm::kData) return !ModeIs(mode, EcrMode::kEcp);
  if (reg == rm::kEcr) {
    if (b.field_mask == rm::kEcrEmptyMask || b.field_mask == rm::kEcrFullMask) return false;
    // From 000/001 any mode may be written, from other modes only 000/001.
    if (b.field_mask == rm::kEcrModeMask) {
      return LowMode(mode) || LowMode(mode ^ (1 << (b.bit - rm::kEcrModeLsb)));
    }
    // serviceIntr written 0 is set again by hardware (dmaEn 0) where the FIFO, empty here, is
    // at the write threshold: 010, 011 with the link forward, 110 with CONTROL.DIR 0.
    if (b.field_mask == rm::kEcrServiceIntrMask) {
      return !(ModeIs(mode, EcrMode::kFifo) || ModeIs(mode, EcrMode::kEcp) ||
               ModeIs(mode, EcrMode::kTest));
    }
  }
  return true;
}

std::string ModeName(int mode) {
  std::string s = "mode";
  for (int i = 8 - rm::kEcrModeLsb - 1; i >= 0; --i) s += (mode >> i & 1) ? '1' : '0';
  return s;
}

class RtlRegsCoverage : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override { b_.Own(kOwner); }
  void TearDown() override { EXPECT_FALSE(b_.h().assertion_failed()); }

  // The owner in `mode`, from a clean start: CONTROL and DATA as after reset, the FIFO reset
  // (mode 000 first), the handshake engines idle.
  void EnterMode(int mode) {
    b_.Write(kOwner, rm::kEcr, EcrValue(EcrMode::kSpp, rm::kEcrReset & ~rm::kEcrModeMask));
    b_.Write(kOwner, rm::kControl, rm::kControlReset);
    b_.Write(kOwner, rm::kData, 0);
    ASSERT_TRUE(b_.TickUntil(
        [&] {
          return !(b_.Read(kOwner, rm::kHsStatus) & rm::kHsStatusActiveMask) && !b_.dut().busy_i;
        },
        4 * kBusyTimeoutCycles))
        << "the handshake engines never went idle";
    b_.Write(kOwner, rm::kEcr,
             static_cast<uint8_t>(mode << rm::kEcrModeLsb | (rm::kEcrReset & ~rm::kEcrModeMask)));
    ASSERT_EQ(b_.Mode(kOwner), static_cast<EcrMode>(mode)) << ModeName(mode);
  }
  // The value the walk writes a bit into: the register's reset value where the map gives one.
  static uint8_t Base(const rm::RegisterInfo& reg, int mode) {
    if (reg.offset == rm::kEcr) {
      return static_cast<uint8_t>(mode << rm::kEcrModeLsb | (reg.reset & ~rm::kEcrModeMask));
    }
    return reg.has_reset ? reg.reset : 0;
  }

  RtlBench b_;
};

TEST_P(RtlRegsCoverage, OwnerWritesEachBitZeroAndOneAndReadsItBackWhereTheMapSaysItHolds) {
  const int mode = GetParam();
  int walked = 0;
  for (const MapBit& b : EveryBit()) {
    EnterMode(mode);
    const uint8_t mask = static_cast<uint8_t>(1u << b.bit);
    const uint8_t base = Base(*b.reg, mode);
    const uint8_t one = base | mask;
    const uint8_t zero = base & static_cast<uint8_t>(~mask);
    b_.Write(kOwner, b.reg->offset, one);
    const uint8_t read_one = b_.Read(kOwner, b.reg->offset);
    b_.Write(kOwner, b.reg->offset, zero);
    const uint8_t read_zero = b_.Read(kOwner, b.reg->offset);
    const bool holds = (read_one & mask) && !(read_zero & mask);
    EXPECT_EQ(holds, HoldsPerMap(b, mode))
        << b.field << " bit " << b.bit << " in " << ModeName(mode) << ": wrote 0x" << std::hex
        << int{one} << ", read 0x" << int{read_one} << "; wrote 0x" << int{zero} << ", read 0x"
        << int{read_zero} << (HoldsPerMap(b, mode) ? " (should hold)" : " (should not hold)");
    ++walked;
  }
  EXPECT_EQ(walked, static_cast<int>(std::size(rm::kRegisters)) * rm::kDataWidth);
}

TEST_P(RtlRegsCoverage, NonOwnerWritesGetSlaveErrorAndChangeNothing) {
  const int mode = GetParam();
  for (const MapBit& b : EveryBit()) {
    if (b.reg->offset >= rm::kArbBase) continue;  // the arbitration block answers everybody
    EnterMode(mode);
    const uint8_t mask = static_cast<uint8_t>(1u << b.bit);
    const uint8_t base = Base(*b.reg, mode);
    const uint8_t before = b_.Read(kOwner, b.reg->offset);
    const uint8_t ecr_before = b_.Read(kOwner, rm::kEcr);
    const uint8_t one = base | mask;
    const uint8_t zero = base & static_cast<uint8_t>(~mask);
    for (const uint8_t v : {one, zero}) {
      const std::string what = b.field + " bit " + std::to_string(b.bit) + " in " +
                               ModeName(mode) + ", a non-owner's write of " + std::to_string(v);
      EXPECT_EQ(b_.bus().Write(kOther, b.reg->offset, v).status, ApbStatus::kSlaveError) << what;
      EXPECT_EQ(int{b_.Read(kOwner, b.reg->offset)}, int{before}) << what << " changed it";
      EXPECT_EQ(int{b_.Read(kOwner, rm::kEcr)}, int{ecr_before}) << what << " changed the ECR";
    }
  }
}

INSTANTIATE_TEST_SUITE_P(EveryEcrMode, RtlRegsCoverage, ::testing::Range(0, kModeCount),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return ModeName(info.param);
                         });

// What a departing owner leaves behind for the release to clean up. Each sets DATA, every
// CONTROL bit (ackIntEn with an nAck interrupt pending, DIR), nErrIntrEn and serviceIntr away from
// their reset values and holds a grant interrupt (ARB_IRQ); they differ in what the ECR allows at
// once: dmaEn blocks the service interrupt, and only test mode holds FIFO contents.
enum class Departure : uint8_t {
  kTestModeFullFifoDmaEn,    // mode 110, dmaEn, a full FIFO
  kServiceInterruptPending,  // mode 110, serviceIntr set by hardware, a full FIFO
  kConfigModeDmaEn,          // mode 111 (every mode bit set), dmaEn
};

std::string DepartureName(Departure d) {
  switch (d) {
    case Departure::kTestModeFullFifoDmaEn:
      return "TestModeFullFifoDmaEn";
    case Departure::kServiceInterruptPending:
      return "ServiceInterruptPending";
    case Departure::kConfigModeDmaEn:
      return "ConfigModeDmaEn";
  }
  return "Unknown";
}
void PrintTo(Departure d, std::ostream* os) { *os << DepartureName(d); }

constexpr int kDeparting = 0;
constexpr int kNext = 3;
constexpr int kFirst = 2;  // owns the port first, so that the departing owner's grant is queued

// Every bit of CONTROL's fields.
uint8_t ControlFieldBits() {
  uint8_t bits = 0;
  for (const rm::FieldInfo& f : rm::kFields) {
    if (f.reg == rm::kControl) bits |= f.mask;
  }
  return bits;
}

class RtlRegsRelease : public ::testing::TestWithParam<Departure> {
 protected:
  void SetUp() override {
    b_.printer().SetPassive(true);  // the test drives nAck itself
    b_.dut().busy_i = 0;
    b_.dut().nack_i = 1;
    b_.Own(kFirst);
    ASSERT_EQ(b_.Cmd(kDeparting, ArbCmd::kAllocate), ArbResult::kPending);
    ASSERT_EQ(b_.Cmd(kFirst, ArbCmd::kFree), ArbResult::kFreed);
    ASSERT_GE(b_.WaitReleased(), 0);
    ASSERT_EQ(b_.dut().grant_o, 1u << kDeparting);
    ASSERT_EQ(b_.Cmd(kNext, ArbCmd::kAllocate), ArbResult::kPending);
  }
  void TearDown() override { EXPECT_FALSE(b_.h().assertion_failed()); }

  void Wr(uint16_t addr, uint8_t v) { b_.Write(kDeparting, addr, v); }
  uint8_t Ecr() { return b_.Read(kDeparting, rm::kEcr); }
  // FIFO writes until ECR.FULL (test mode takes every write).
  void FillFifo() {
    for (int i = 0; i < 4 * kFifoDepth && !(Ecr() & rm::kEcrFullMask); ++i) {
      Wr(rm::kFifo, static_cast<uint8_t>(0xa0 + i));
    }
    ASSERT_TRUE(Ecr() & rm::kEcrFullMask) << "the FIFO never filled";
  }
  // ackIntEn is set: a rising nAck makes the nAck interrupt pending (not read: reading STATUS
  // would clear it).
  void PulseNAck() {
    b_.dut().nack_i = 0;
    b_.h().Ticks(4);
    b_.dut().nack_i = 1;
    b_.h().Ticks(4);
  }

  // The departing owner's state; returns the ECR it must read before its FREE.
  uint8_t LeaveEverythingSet(Departure d) {
    constexpr uint8_t kAwayFromReset = rm::kEcrDmaEnMask;  // nErrIntrEn and serviceIntr 0
    Wr(rm::kData, 0xff);
    uint8_t ecr = 0;
    switch (d) {
      case Departure::kTestModeFullFifoDmaEn:
        Wr(rm::kEcr, EcrValue(EcrMode::kTest, kAwayFromReset));
        FillFifo();
        ecr = EcrValue(EcrMode::kTest, kAwayFromReset | rm::kEcrFullMask);
        break;
      case Departure::kServiceInterruptPending:
        Wr(rm::kEcr, EcrValue(EcrMode::kTest, 0));  // dmaEn 0: the write threshold sets serviceIntr
        FillFifo();
        ecr = EcrValue(EcrMode::kTest, rm::kEcrServiceIntrMask | rm::kEcrFullMask);
        break;
      case Departure::kConfigModeDmaEn:
        Wr(rm::kEcr, EcrValue(EcrMode::kConfig, kAwayFromReset));
        ecr = EcrValue(EcrMode::kConfig, kAwayFromReset | rm::kEcrEmptyMask);
        break;
    }
    Wr(rm::kControl, ControlFieldBits());
    PulseNAck();
    return ecr;
  }

  RtlBench b_;
};

TEST_P(RtlRegsRelease, TheNextOwnerFindsEveryBitTheDepartingOwnerSetAtItsResetValue) {
  const uint8_t ecr = LeaveEverythingSet(GetParam());
  // Everything is set as intended before the free: the check below cannot pass by accident.
  ASSERT_EQ(int{Ecr()}, int{ecr});
  ASSERT_EQ(int{b_.Read(kDeparting, rm::kControl)}, int{ControlFieldBits()});
  ASSERT_EQ(b_.dut().irq_o, 1);
  ASSERT_TRUE(b_.Read(kDeparting, rm::kArbIrq) & rm::kArbIrqPendingMask);
  ASSERT_EQ(b_.Cmd(kDeparting, ArbCmd::kFree), ArbResult::kFreed);
  ASSERT_GE(b_.WaitReleased(), 0);
  ASSERT_EQ(b_.dut().grant_o, 1u << kNext);

  // Every port register with a reset value in the map reads it (the ECR with its FIFO empty).
  for (const rm::RegisterInfo& reg : rm::kRegisters) {
    if (reg.offset >= rm::kArbBase || !reg.has_reset) continue;
    const uint8_t expected = reg.offset == rm::kEcr ? reg.reset | rm::kEcrEmptyMask : reg.reset;
    EXPECT_EQ(int{b_.Read(kNext, reg.offset)}, int{expected}) << reg.name << " after the release";
  }
  EXPECT_EQ(int{b_.Read(kNext, rm::kData)}, 0) << "DATA: release step 4 clears the latch";
  EXPECT_EQ(b_.dut().irq_o, 0) << "an interrupt survived the release";
  EXPECT_TRUE(b_.Read(kNext, rm::kStatus) & rm::kStatusNirqMask) << "the nAck interrupt survived";
  EXPECT_EQ(int{b_.Read(kNext, rm::kHsStatus)}, 0);
  EXPECT_FALSE(b_.Read(kDeparting, rm::kArbIrq) & rm::kArbIrqPendingMask)
      << "the departing owner's grant interrupt survived its release";
  // Nothing of the FIFO is left, not even its last byte.
  b_.SetMode(kNext, EcrMode::kTest);
  EXPECT_TRUE(b_.Read(kNext, rm::kEcr) & rm::kEcrEmptyMask);
  EXPECT_EQ(int{b_.Read(kNext, rm::kFifo)}, 0);
}

INSTANTIATE_TEST_SUITE_P(EveryDeparture, RtlRegsRelease,
                         ::testing::Values(Departure::kTestModeFullFifoDmaEn,
                                           Departure::kServiceInterruptPending,
                                           Departure::kConfigModeDmaEn),
                         [](const ::testing::TestParamInfo<Departure>& info) {
                           return DepartureName(info.param);
                         });

}  // namespace
}  // namespace ppcosim::rtltest
