#include <gtest/gtest.h>

#include "Vpp_top.h"
#include "dut_harness.h"
#include "ppcosim/regmap.h"

namespace ppcosim {
namespace {

TEST(RtlSmoke, ResetLeavesCompatibilityIdleAndDataUndriven) {
  DutHarness h;
  h.Reset();
  EXPECT_EQ(h.dut().nstrobe_o, 1);
  EXPECT_EQ(h.dut().nautofd_o, 1);
  EXPECT_EQ(h.dut().ninit_o, 1);
  EXPECT_EQ(h.dut().nselectin_o, 0);
  EXPECT_EQ(h.dut().pd_oe_o, 0);
  EXPECT_EQ(h.dut().grant_o, 0);
  EXPECT_FALSE(h.assertion_failed());
}

}  // namespace
}  // namespace ppcosim
