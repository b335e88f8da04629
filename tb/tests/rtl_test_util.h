// Helpers for the directed RTL tests beside this file (rtl_*_test.cc): a bench owning the
// harness and the APB transactor, shorthands for registers and arbitration commands, a
// per-cycle pin recorder and a small Centronics peripheral stub. Offsets, bits and times come
// from ppcosim/regmap.h.
#ifndef PPCOSIM_TB_TESTS_RTL_TEST_UTIL_H_
#define PPCOSIM_TB_TESTS_RTL_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "Vpp_top.h"
#include "apb_transactor.h"
#include "cycle_observer.h"
#include "dut_harness.h"
#include "ppcosim/regmap.h"

namespace ppcosim::rtltest {

namespace rm = ::ppcosim::regmap;

// Nanoseconds to whole clock cycles, rounded up (the RTL's own rule).
constexpr uint64_t CyclesFor(uint64_t ns) {
  return (ns + DutHarness::kClockPeriodNs - 1) / DutHarness::kClockPeriodNs;
}
constexpr uint64_t NsFor(uint64_t cycles) { return cycles * DutHarness::kClockPeriodNs; }

constexpr uint64_t kBusyTimeoutCycles = CyclesFor(rm::kBusyTimeoutSimNs);
constexpr int kFifoDepth = rm::kFifoDepthDefault;
constexpr int kNumClients = 4;  // the simulation configuration (rtl/CMakeLists.txt)
// Every parallel port output is a flop: the pins show a register write (or any other change of
// the port's state) this many cycles after the edge that made it.
constexpr uint64_t kPinLagCycles = 1;

constexpr uint8_t Field(uint8_t value, uint8_t mask, int lsb) {
  return static_cast<uint8_t>((value & mask) >> lsb);
}
// An ECR value: `mode` in bits 7:5, `low_bits` (masks of the other ECR fields) below.
constexpr uint8_t EcrValue(rm::EcrMode mode, uint8_t low_bits) {
  return static_cast<uint8_t>((static_cast<uint8_t>(mode) << rm::kEcrModeLsb) | low_bits);
}

// The pins (and observation outputs) during one cycle, sampled just after its rising edge.
struct PinSample {
  uint64_t cycle;
  uint8_t pd;
  bool pd_oe;
  bool nstrobe;
  bool nautofd;
  bool ninit;
  bool nselectin;
  bool busy;
  bool irq;
  bool releasing;
  uint8_t grant;
  uint8_t grant_irq;
};

// The released bus (ppcosim/regmap.h) in a sample: control lines only, or with the data drivers.
inline bool ControlReleased(const PinSample& p) {
  return rm::IsReleasedControl(p.nstrobe, p.nautofd, p.ninit, p.nselectin);
}
inline bool BusReleased(const PinSample& p) {
  return rm::IsReleasedBus(p.nstrobe, p.nautofd, p.ninit, p.nselectin, p.pd_oe);
}

class PinRecorder : public CycleObserver {
 public:
  void OnCycle(Vpp_top& dut, uint64_t cycle) override {
    samples_.push_back({cycle, static_cast<uint8_t>(dut.pd_o), dut.pd_oe_o != 0, dut.nstrobe_o != 0,
                        dut.nautofd_o != 0, dut.ninit_o != 0, dut.nselectin_o != 0, dut.busy_i != 0,
                        dut.irq_o != 0, dut.releasing_o != 0, static_cast<uint8_t>(dut.grant_o),
                        static_cast<uint8_t>(dut.grant_irq_o)});
  }
  const std::vector<PinSample>& samples() const { return samples_; }
  void Clear() { samples_.clear(); }

 private:
  std::vector<PinSample> samples_;
};

// One nStrobe pulse and the data around it, in cycles.
struct StrobePulse {
  size_t fall;     // index of the first sample with nStrobe low
  size_t rise;     // index of the first sample with nStrobe high again
  uint8_t data;    // pd_o at the fall
  bool driven;     // pd_oe_o at the fall
  uint64_t width;  // rise - fall
  uint64_t setup;  // cycles before the fall with this byte driven
  uint64_t hold;   // cycles from the rise with this byte still driven
  bool hold_open;  // the record ended while the byte was still held
};

inline std::vector<StrobePulse> StrobePulses(const std::vector<PinSample>& s) {
  std::vector<StrobePulse> pulses;
  for (size_t i = 1; i < s.size(); ++i) {
    if (!(s[i - 1].nstrobe && !s[i].nstrobe)) continue;
    StrobePulse p{i, s.size(), s[i].pd, s[i].pd_oe, 0, 0, 0, false};
    for (size_t j = i; j < s.size(); ++j) {
      if (s[j].nstrobe) {
        p.rise = j;
        break;
      }
    }
    if (p.rise == s.size()) continue;  // still low at the end of the record
    p.width = p.rise - p.fall;
    for (size_t j = i; j-- > 0 && s[j].pd == p.data && s[j].pd_oe;) ++p.setup;
    size_t j = p.rise;
    while (j < s.size() && s[j].pd == p.data && s[j].pd_oe) ++j;
    p.hold = j - p.rise;
    p.hold_open = (j == s.size());
    pulses.push_back(p);
  }
  return pulses;
}

// A Centronics printer reduced to what the handshake needs: it latches pd_o on each falling edge
// of nStrobe, raises Busy two cycles later (tbusy), stays busy `busy_cycles`, pulses nAck and
// drops Busy. SetStuckBusy() models a peripheral that never answers.
class PeripheralStub : public CycleObserver {
 public:
  void OnCycle(Vpp_top& dut, uint64_t cycle) override {
    if (passive_) return;
    const bool fell = prev_nstrobe_ && !dut.nstrobe_o;
    prev_nstrobe_ = dut.nstrobe_o != 0;
    if (fell) {
      if (dut.busy_i) ++strobes_while_busy_;
      bytes_.push_back(static_cast<uint8_t>(dut.pd_o));
      busy_at_ = cycle + kBusyDelayCycles;
      ack_at_ = busy_at_ + busy_cycles_;
      ack_end_ = ack_at_ + kAckCycles;
    }
    bool busy = false;
    bool nack = true;
    if (ack_end_ != 0 && cycle >= busy_at_ && cycle < ack_end_) {
      busy = true;
      nack = !(cycle >= ack_at_);
    }
    dut.busy_i = busy || stuck_busy_;
    dut.nack_i = nack;
  }

  void SetStuckBusy(bool stuck) { stuck_busy_ = stuck; }
  // A passive stub drives nothing: the test sets busy_i and nack_i itself.
  void SetPassive(bool passive) { passive_ = passive; }
  void SetBusyCycles(uint64_t cycles) { busy_cycles_ = cycles; }
  const std::vector<uint8_t>& bytes() const { return bytes_; }
  int strobes_while_busy() const { return strobes_while_busy_; }

 private:
  static constexpr uint64_t kBusyDelayCycles = 2;
  static constexpr uint64_t kAckCycles = CyclesFor(rm::kStrobeWidthNs);

  bool prev_nstrobe_ = true;
  bool passive_ = false;
  bool stuck_busy_ = false;
  uint64_t busy_cycles_ = 40;
  uint64_t busy_at_ = 0;
  uint64_t ack_at_ = 0;
  uint64_t ack_end_ = 0;
  int strobes_while_busy_ = 0;
  std::vector<uint8_t> bytes_;
};

// The DUT after reset, with a pin recorder and a peripheral stub attached.
class RtlBench {
 public:
  explicit RtlBench(const std::vector<std::string>& plusargs = {}) : h_(1, plusargs), bus_(h_) {
    h_.AddObserver(&pins_);
    h_.AddObserver(&printer_);
    h_.Reset();
  }

  DutHarness& h() { return h_; }
  Vpp_top& dut() { return h_.dut(); }
  ApbTransactor& bus() { return bus_; }
  PinRecorder& pins() { return pins_; }
  PeripheralStub& printer() { return printer_; }

  // Register access that must succeed.
  uint8_t Read(int client, uint16_t addr) {
    const ApbResult r = bus_.Read(client, addr);
    EXPECT_EQ(r.status, ApbStatus::kOk) << "read of 0x" << std::hex << addr << " by " << client;
    return r.data;
  }
  void Write(int client, uint16_t addr, uint8_t data) {
    const ApbResult r = bus_.Write(client, addr, data);
    EXPECT_EQ(r.status, ApbStatus::kOk) << "write of 0x" << std::hex << addr << " by " << client;
  }
  // A write, then the cycles until the pins show it.
  void WriteToPins(int client, uint16_t addr, uint8_t data) {
    Write(client, addr, data);
    h_.Ticks(kPinLagCycles);
  }

  // An arbitration command and the result the caller's ARB_STATUS then shows.
  rm::ArbResult Cmd(int client, rm::ArbCmd cmd) { return Raw(client, static_cast<uint8_t>(cmd)); }
  rm::ArbResult Raw(int client, uint8_t cmd) {
    Write(client, rm::kArbCmd, cmd);
    return LastResult(client);
  }
  rm::ArbResult LastResult(int client) {
    return static_cast<rm::ArbResult>(Field(
        Read(client, rm::kArbStatus), rm::kArbStatusLastResultMask, rm::kArbStatusLastResultLsb));
  }
  bool StatusBit(int client, uint8_t mask) { return (Read(client, rm::kArbStatus) & mask) != 0; }
  int Waiters() { return Read(0, rm::kArbWaiters); }

  // Client `client` takes the free port (fails the test otherwise).
  void Own(int client) { ASSERT_EQ(Cmd(client, rm::ArbCmd::kAllocate), rm::ArbResult::kGranted); }
  // Writes the ECR mode, the rest of the ECR as after reset.
  void SetMode(int client, rm::EcrMode mode) {
    Write(client, rm::kEcr, EcrValue(mode, rm::kEcrReset & ~rm::kEcrModeMask));
  }
  rm::EcrMode Mode(int client) {
    return static_cast<rm::EcrMode>(
        Field(Read(client, rm::kEcr), rm::kEcrModeMask, rm::kEcrModeLsb));
  }

  // Ticks until the release is over and the port handed on: releasing_o low, then the arbiter's
  // own flag (ARB_OWNER.RELEASING, which lasts through the hand-over cycle) clear. Returns the
  // cycles waited, or -1 after `limit`.
  int64_t WaitReleased(uint64_t limit = 10 * kBusyTimeoutCycles) {
    const uint64_t start = h_.cycle();
    while (dut().releasing_o) {
      if (h_.cycle() - start > limit) return -1;
      h_.Tick();
    }
    while (Read(0, rm::kArbOwner) & rm::kArbOwnerReleasingMask) {
      if (h_.cycle() - start > limit) return -1;
    }
    return static_cast<int64_t>(h_.cycle() - start);
  }
  // Ticks until `pred` holds; false after `limit` cycles.
  template <typename Pred>
  bool TickUntil(Pred pred, uint64_t limit) {
    for (uint64_t n = 0; n <= limit; ++n) {
      if (pred()) return true;
      h_.Tick();
    }
    return false;
  }

 private:
  DutHarness h_;
  ApbTransactor bus_;
  PinRecorder pins_;
  PeripheralStub printer_;
};

}  // namespace ppcosim::rtltest

#endif  // PPCOSIM_TB_TESTS_RTL_TEST_UTIL_H_
