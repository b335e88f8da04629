// The model's view of the register map answers raw accesses as pp_apb_if must.
#include "ppmodel/register_map.h"

#include <gtest/gtest.h>

#include "ppcosim/regmap.h"  // Generated.

namespace ppmodel {
namespace {

namespace rm = ppcosim::regmap;

// ARB_OWNER with `id` in its ID field and the given flag bits.
uint8_t OwnerValue(ClientId id, uint8_t flags) {
  return static_cast<uint8_t>(flags | (id << rm::kArbOwnerIdLsb));
}

class RegisterMapTest : public ::testing::Test {
 protected:
  static constexpr ClientId kOwner = 2, kOther = 1;

  RegisterMapTest() : arbiter_(4) { arbiter_.Allocate(kOwner); }

  PortArbiter arbiter_;
};

TEST_F(RegisterMapTest, EveryRegisterOfTheMapIsMappedAndNothingElse) {
  int mapped = 0;
  for (uint32_t addr = 0; addr < (1u << rm::kAddrWidth); ++addr) {
    mapped += IsMappedRegister(static_cast<uint16_t>(addr));
  }
  EXPECT_EQ(mapped, static_cast<int>(std::size(rm::kRegisters)));
  for (const rm::RegisterInfo& reg : rm::kRegisters) {
    EXPECT_TRUE(IsMappedRegister(reg.offset)) << reg.name;
  }
}

TEST_F(RegisterMapTest, UnmappedAddressIsABusErrorEvenForTheOwner) {
  // Between the port registers, after them, and after the arbitration block.
  for (uint16_t addr : {uint16_t{rm::kEppData + 1}, uint16_t{rm::kHsStatus + 1},
                        uint16_t{rm::kArbIrq + 1}}) {
    EXPECT_EQ(CheckRegisterAccess(arbiter_.View(), kOwner, addr), RegisterAccess::kUnmapped) << addr;
    EXPECT_EQ(CheckRegisterAccess(arbiter_.View(), kOther, addr), RegisterAccess::kUnmapped) << addr;
  }
}

TEST_F(RegisterMapTest, PortRegistersAnswerTheOwnerOnly) {
  EXPECT_EQ(CheckRegisterAccess(arbiter_.View(), kOwner, rm::kEcr), RegisterAccess::kOk);
  EXPECT_EQ(CheckRegisterAccess(arbiter_.View(), kOther, rm::kEcr), RegisterAccess::kNotOwner);
  // Nobody owns the port while it is released.
  arbiter_.Free(kOwner);
  EXPECT_EQ(CheckRegisterAccess(arbiter_.View(), kOwner, rm::kData), RegisterAccess::kNotOwner);
}

TEST_F(RegisterMapTest, ArbitrationRegistersAnswerEverybody) {
  for (uint16_t addr : {rm::kArbStatus, rm::kArbWaiters, rm::kArbOwner, rm::kArbDropped}) {
    EXPECT_EQ(CheckRegisterAccess(arbiter_.View(), kOther, addr), RegisterAccess::kOk) << addr;
  }
  EXPECT_EQ(CheckRegisterAccess(arbiter_.View(), 4, rm::kArbStatus), RegisterAccess::kBadClient);
}

TEST_F(RegisterMapTest, WaitersAndOwnerAreTheModelsState) {
  arbiter_.Allocate(kOther);
  EXPECT_EQ(KnownRegisterValue(arbiter_.View(), rm::kArbWaiters), 1);
  EXPECT_EQ(KnownRegisterValue(arbiter_.View(), rm::kArbOwner),
            OwnerValue(kOwner, rm::kArbOwnerValidMask));
  // During the release ARB_OWNER names the departing owner, without VALID.
  arbiter_.Free(kOwner);
  EXPECT_EQ(KnownRegisterValue(arbiter_.View(), rm::kArbWaiters), 0);
  EXPECT_EQ(KnownRegisterValue(arbiter_.View(), rm::kArbOwner),
            OwnerValue(kOwner, rm::kArbOwnerReleasingMask));
  arbiter_.CompleteRelease();
  EXPECT_EQ(KnownRegisterValue(arbiter_.View(), rm::kArbOwner),
            OwnerValue(kOther, rm::kArbOwnerValidMask));
}

TEST_F(RegisterMapTest, OtherRegistersAreNotKnown) {
  EXPECT_FALSE(KnownRegisterValue(arbiter_.View(), rm::kEcr).has_value());
  EXPECT_FALSE(KnownRegisterValue(arbiter_.View(), rm::kArbDropped).has_value());
}

}  // namespace
}  // namespace ppmodel
