// An IEEE 1284 compatibility-mode peripheral (a printer): the compatibility phase of the
// co-simulation's peripheral (tb/cosim_peripheral.h), which hands it the host's pins each cycle.
//
// It latches a byte on every falling edge of nStrobe, answers with Busy and an nAck pulse whose
// timing is configurable and jittered from the run's seed, and can be stalled, taken offline,
// run out of paper or report a fault. Every byte it latched goes to its listener, with its cycle.
#ifndef PPCOSIM_TB_PERIPHERAL_MODEL_H_
#define PPCOSIM_TB_PERIPHERAL_MODEL_H_

#include <cstdint>
#include <functional>
#include <random>

#include "ieee1284_peripheral.h"

namespace ppcosim {

struct PeripheralTiming {
  uint32_t busy_delay_cycles = 2;     // nStrobe low to Busy high (tbusy <= 500 ns)
  uint32_t process_cycles = 40;       // Busy high before nAck
  uint32_t process_jitter_cycles = 40;
  uint32_t ack_cycles = 25;           // nAck low (tack 0.5 to 10 us)
};

// What the printer reports besides Busy. Every condition but kReady also holds Busy high.
enum class PrinterCondition : uint8_t { kReady, kOffline, kPaperOut, kFault };

struct LatchedByte {
  uint8_t value;
  bool driven;      // pd_oe_o was high when the byte was latched
  uint64_t cycle;
  bool command = false;  // an ECP command byte (HostAck low); a printer latches data only
};

class PeripheralModel {
 public:
  PeripheralModel(uint64_t seed, const PeripheralTiming& timing);

  // One clock cycle: the host's lines in, the printer's out (it never drives the data lines).
  PeripheralPins Step(const HostPins& in, uint64_t cycle);
  // With the host's lines as at the last Step: how many cycles after it Step would change
  // nothing (CycleObserver::QuietCycles); SkipTo moves the clock over them.
  uint64_t QuietCycles() const;
  void SkipTo(uint64_t cycle) { now_ = cycle; }

  // Keeps Busy high for `cycles` from now, whatever the host does.
  void StallFor(uint64_t cycles) { stall_until_ = now_ + cycles; }
  // Offline (Select low), paper out (PError high) or in error (nFault low), for `cycles` from
  // now or, with 0, until the next SetCondition; kReady ends any of them.
  void SetCondition(PrinterCondition condition, uint64_t cycles = 0) {
    condition_ = condition;
    condition_until_ = cycles ? now_ + cycles : UINT64_MAX;
  }

  uint64_t latched_count() const { return latched_count_; }
  // Strobes seen while Busy was high: the host did not wait for the peripheral.
  uint64_t strobes_while_busy() const { return strobes_while_busy_; }
  // Called for every byte latched, in order; the scoreboard listens here.
  void SetByteListener(std::function<void(const LatchedByte&)> listener) {
    listener_ = std::move(listener);
  }

 private:
  enum class Phase : uint8_t { kIdle, kBusyDelay, kProcessing, kAck };

  void Enter(Phase phase, uint64_t cycles);

  PeripheralTiming timing_;
  std::mt19937_64 rng_;
  Phase phase_ = Phase::kIdle;
  uint64_t phase_end_ = 0;
  uint64_t now_ = 0;
  uint64_t stall_until_ = 0;
  bool busy_ = false;
  bool prev_nstrobe_ = true;
  PrinterCondition condition_ = PrinterCondition::kReady;
  uint64_t condition_until_ = UINT64_MAX;
  uint64_t strobes_while_busy_ = 0;
  uint64_t latched_count_ = 0;
  std::function<void(const LatchedByte&)> listener_;
};

}  // namespace ppcosim

#endif  // PPCOSIM_TB_PERIPHERAL_MODEL_H_
