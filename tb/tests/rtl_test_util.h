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
#include "rtl_config.h"

namespace ppcosim::rtltest {

namespace rm = ::ppcosim::regmap;

// Nanoseconds to whole clock cycles, rounded up (the RTL's own rule).
constexpr uint64_t CyclesFor(uint64_t ns) {
  return (ns + DutHarness::kClockPeriodNs - 1) / DutHarness::kClockPeriodNs;
}
constexpr uint64_t NsFor(uint64_t cycles) { return cycles * DutHarness::kClockPeriodNs; }

constexpr uint64_t kBusyTimeoutCycles = CyclesFor(rm::kBusyTimeoutSimNs);
constexpr int kFifoDepth = kRtlFifoDepth;
constexpr int kNumClients = kRtlClients;
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

// The RTL tests' observers read and drive the model itself; Attach() binds them to it.
class DutObserver : public CycleObserver {
 public:
  void Bind(Vpp_top& dut) { dut_ = &dut; }
  void OnCycle(PpTopPins& /*pins*/, uint64_t cycle) final { OnDutCycle(*dut_, cycle); }
  virtual void OnDutCycle(Vpp_top& dut, uint64_t cycle) = 0;

 private:
  Vpp_top* dut_ = nullptr;
};

class PinRecorder : public DutObserver {
 public:
  void OnDutCycle(Vpp_top& dut, uint64_t cycle) override {
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
class PeripheralStub : public DutObserver {
 public:
  void OnDutCycle(Vpp_top& dut, uint64_t cycle) override {
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

// IEEE 1284 line changes as Ieee1284Responder logs them: the host's (pins of pp_top), the
// peripheral's (its own answers), and the end of a release and the next grant.
enum class Line1284 : uint8_t {
  kNStrobeLow,
  kNStrobeHigh,
  kNAutoFdLow,
  kNAutoFdHigh,
  kNInitLow,
  kNInitHigh,
  kNSelectInLow,
  kNSelectInHigh,
  kDataOff,
  kDataOn,
  kNAckLow,
  kNAckHigh,
  kPErrorLow,
  kPErrorHigh,
  kBusyLow,
  kBusyHigh,
  kReleaseDone,
  kGranted
};

inline const char* Line1284Name(Line1284 e) {
  static constexpr const char* kNames[] = {
      "nStrobe L", "nStrobe H", "nAutoFd L", "nAutoFd H", "nInit L", "nInit H",
      "nSelectIn L", "nSelectIn H", "data off", "data on", "nAck L", "nAck H",
      "PError L", "PError H", "Busy L", "Busy H", "release done", "granted"};
  return kNames[static_cast<int>(e)];
}

struct Logged1284 {
  uint64_t cycle;
  Line1284 line;
};

// The IEEE 1284 mode the peripheral is in.
enum class Periph1284Mode : uint8_t { kCompat, kReverseIdle, kEcpForward, kEcpReverse, kEpp };

// A peripheral on the pins that answers IEEE 1284 termination (Events 22-27, ECP Events 47/49,
// EPP Event 68) and EPP 1.9 address and data cycles, each answer `delay` cycles after the host's
// event; a silent one never answers. Logs every line change, both sides, with its cycle.
// Attach it after RtlBench's PeripheralStub and make that stub passive.
class Ieee1284Responder : public DutObserver {
 public:
  void Enter(Vpp_top& dut, Periph1284Mode mode) {
    mode_ = mode;
    phase_ = Phase::kIdle;
    nack_ = true;
    busy_ = false;
    // nAckReverse (PError) is low while the peripheral owns the data lines in ECP reverse.
    perror_ = mode != Periph1284Mode::kEcpReverse;
    Drive(dut);
  }
  void SetSilent(bool silent) { silent_ = silent; }
  void SetDelay(uint64_t cycles) { delay_ = cycles; }
  // Busy (EPP nWait) held high whatever the handshake says.
  void SetStuckBusy(bool stuck) { stuck_busy_ = stuck; }
  Periph1284Mode mode() const { return mode_; }
  const std::vector<Logged1284>& log() const { return log_; }
  void ClearLog() { log_.clear(); }
  // EPP registers as the peripheral sees them: the last address and data bytes written, and
  // the bytes it returns to reads.
  uint8_t epp_addr() const { return epp_addr_; }
  uint8_t epp_data() const { return epp_data_; }
  void SetEppReadBytes(uint8_t addr, uint8_t data) {
    epp_addr_read_ = addr;
    epp_data_read_ = data;
  }
  // The lines logged from `from_cycle` up to the next grant (included).
  std::vector<Line1284> LinesToGrant(uint64_t from_cycle) const {
    std::vector<Line1284> lines;
    for (const Logged1284& l : log_) {
      if (l.cycle < from_cycle) continue;
      lines.push_back(l.line);
      if (l.line == Line1284::kGranted) break;
    }
    return lines;
  }
  // A text timeline (cycles relative to `from_cycle`), for failure messages.
  std::string Timeline(uint64_t from_cycle) const {
    std::string out;
    for (const Logged1284& l : log_) {
      if (l.cycle < from_cycle) continue;
      out += "+" + std::to_string(l.cycle - from_cycle) + " " + Line1284Name(l.line) + "\n";
    }
    return out;
  }

  void OnDutCycle(Vpp_top& dut, uint64_t cycle) override {
    const Host now{dut.nstrobe_o != 0, dut.nautofd_o != 0, dut.ninit_o != 0,
                   dut.nselectin_o != 0, dut.pd_oe_o != 0};
    if (started_) LogHost(now, cycle);
    if (prev_releasing_ && !dut.releasing_o) log_.push_back({cycle, Line1284::kReleaseDone});
    if (prev_grant_ == 0 && dut.grant_o != 0) log_.push_back({cycle, Line1284::kGranted});
    prev_releasing_ = dut.releasing_o != 0;
    prev_grant_ = dut.grant_o;
    React(dut, now, cycle);
    prev_ = now;
    started_ = true;
    Drive(dut);
    LogPeripheral(cycle);
  }

 private:
  enum class Phase : uint8_t {
    kIdle, kAckLow, kWaitAutoFdLow, kAckHigh, kPError, kEppWait, kEppEnd, kEppRelease
  };
  struct Host {
    bool nstrobe, nautofd, ninit, nselectin, pd_oe;
  };

  void React(Vpp_top& dut, const Host& now, uint64_t cycle) {
    const bool due = cycle >= answer_at_;
    switch (phase_) {
      case Phase::kIdle:
        if (mode_ == Periph1284Mode::kEpp) {
          if (!now.ninit) {  // Event 68: the EPP peripheral resets to compatibility mode
            mode_ = Periph1284Mode::kCompat;
          } else if ((prev_.nautofd && !now.nautofd) || (prev_.nselectin && !now.nselectin)) {
            epp_addr_cycle_ = !now.nselectin;
            epp_write_ = !now.nstrobe;
            Schedule(Phase::kEppWait, cycle);
          }
        } else if (mode_ == Periph1284Mode::kEcpReverse) {
          // Event 47: nReverseRequest rises (HostAck low). Its level alone is not enough: on
          // the way into reverse, Event 38 shows HostAck low before Event 39 lowers nInit.
          if (!prev_.ninit && now.ninit && !now.nautofd) Schedule(Phase::kPError, cycle);
        } else if (mode_ != Periph1284Mode::kCompat && !now.nselectin && now.nautofd) {
          Schedule(Phase::kAckLow, cycle);  // Event 22
        }
        break;
      case Phase::kPError:  // Event 49: the data lines are the host's again
        if (due) {
          perror_ = true;
          mode_ = Periph1284Mode::kEcpForward;
          phase_ = Phase::kIdle;
        }
        break;
      case Phase::kAckLow:  // Event 24
        if (due) {
          nack_ = false;
          phase_ = Phase::kWaitAutoFdLow;
        }
        break;
      case Phase::kWaitAutoFdLow:  // Event 25 seen: answer Event 27
        if (!now.nautofd) Schedule(Phase::kAckHigh, cycle);
        break;
      case Phase::kAckHigh:
        if (due) {
          nack_ = true;
          mode_ = Periph1284Mode::kCompat;
          phase_ = Phase::kIdle;
        }
        break;
      case Phase::kEppWait:  // Event 58: nWait high, read data on the lines
        if (due) {
          if (epp_write_) {
            (epp_addr_cycle_ ? epp_addr_ : epp_data_) = static_cast<uint8_t>(dut.pd_o);
          } else {
            dut.pd_i = epp_addr_cycle_ ? epp_addr_read_ : epp_data_read_;
          }
          busy_ = true;
          phase_ = Phase::kEppEnd;
        }
        break;
      case Phase::kEppEnd:  // the strobe ended (Event 59/63): answer Event 60
        if (now.nautofd && now.nselectin) {
          phase_ = Phase::kEppRelease;
          answer_at_ = cycle + delay_;
        }
        break;
      case Phase::kEppRelease:  // Event 60: nWait low, data lines let go
        if (due) {
          busy_ = false;
          dut.pd_i = 0xff;
          phase_ = Phase::kIdle;
        }
        break;
    }
  }
  void Schedule(Phase next, uint64_t cycle) {
    if (silent_) return;
    phase_ = next;
    answer_at_ = cycle + delay_;
  }
  void Drive(Vpp_top& dut) {
    dut.nack_i = nack_;
    dut.perror_i = perror_;
    dut.busy_i = busy_ || stuck_busy_;
    dut.select_i = 1;
    dut.nfault_i = 1;
  }
  void LogHost(const Host& now, uint64_t cycle) {
    Edge(prev_.nstrobe, now.nstrobe, Line1284::kNStrobeLow, Line1284::kNStrobeHigh, cycle);
    Edge(prev_.nautofd, now.nautofd, Line1284::kNAutoFdLow, Line1284::kNAutoFdHigh, cycle);
    Edge(prev_.ninit, now.ninit, Line1284::kNInitLow, Line1284::kNInitHigh, cycle);
    Edge(prev_.nselectin, now.nselectin, Line1284::kNSelectInLow, Line1284::kNSelectInHigh,
         cycle);
    Edge(prev_.pd_oe, now.pd_oe, Line1284::kDataOff, Line1284::kDataOn, cycle);
  }
  void LogPeripheral(uint64_t cycle) {
    Edge(logged_nack_, nack_, Line1284::kNAckLow, Line1284::kNAckHigh, cycle);
    Edge(logged_perror_, perror_, Line1284::kPErrorLow, Line1284::kPErrorHigh, cycle);
    const bool busy = busy_ || stuck_busy_;
    Edge(logged_busy_, busy, Line1284::kBusyLow, Line1284::kBusyHigh, cycle);
    logged_nack_ = nack_;
    logged_perror_ = perror_;
    logged_busy_ = busy;
  }
  void Edge(bool before, bool after, Line1284 fell, Line1284 rose, uint64_t cycle) {
    if (before && !after) log_.push_back({cycle, fell});
    if (!before && after) log_.push_back({cycle, rose});
  }

  Periph1284Mode mode_ = Periph1284Mode::kCompat;
  Phase phase_ = Phase::kIdle;
  bool silent_ = false;
  bool stuck_busy_ = false;
  uint64_t delay_ = 8;
  uint64_t answer_at_ = 0;
  bool nack_ = true, perror_ = false, busy_ = false;
  bool logged_nack_ = true, logged_perror_ = false, logged_busy_ = false;
  bool started_ = false;
  Host prev_{true, true, true, false, false};
  bool prev_releasing_ = false;
  uint8_t prev_grant_ = 0;
  bool epp_addr_cycle_ = false, epp_write_ = false;
  uint8_t epp_addr_ = 0, epp_data_ = 0, epp_addr_read_ = 0, epp_data_read_ = 0;
  std::vector<Logged1284> log_;
};

// The DUT after reset, with a pin recorder and a peripheral stub attached.
class RtlBench {
 public:
  explicit RtlBench(const std::vector<std::string>& plusargs = {}) : h_(1, plusargs), bus_(h_) {
    Attach(pins_);
    Attach(printer_);
    h_.Reset();
  }

  DutHarness& h() { return h_; }
  void Attach(DutObserver& observer) {
    observer.Bind(h_.dut());
    h_.AddObserver(&observer);
  }
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
