// Anything that must look at (or drive) the pins once per clock: peripheral, monitors.
#ifndef PPCOSIM_TB_CYCLE_OBSERVER_H_
#define PPCOSIM_TB_CYCLE_OBSERVER_H_

#include <cstdint>

#include "pp_top_pins.h"

namespace ppcosim {

class CycleObserver {
 public:
  virtual ~CycleObserver() = default;
  // Called after each rising edge has been evaluated, with pp_top's pins as it left them. What
  // an observer writes to pins.peripheral drives those inputs from the next edge on.
  virtual void OnCycle(PpTopPins& pins, uint64_t cycle) = 0;

  // Fast-forward (DutHarness::Ticks): asked only while the pins are as this observer saw them
  // at its last OnCycle. How many of the cycles after that one OnCycle would pass without
  // acting: nothing falls due, nothing is reported, the same lines are driven. 0 (the
  // default): it must see every cycle. UINT64_MAX: none falls due while the pins stay.
  virtual uint64_t QuietCycles() const { return 0; }
  // The harness skipped the cycles up to `last_cycle` that QuietCycles called quiet.
  virtual void OnSkipped(uint64_t /*last_cycle*/) {}
};

// The number of cycles after `now` before the cycle `due`, at which something acts: 0 when it
// is due at once.
inline uint64_t CyclesBefore(uint64_t due, uint64_t now) { return due > now ? due - now - 1 : 0; }

}  // namespace ppcosim

#endif  // PPCOSIM_TB_CYCLE_OBSERVER_H_
