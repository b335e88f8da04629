// Anything that must look at (or drive) the pins once per clock: peripheral, monitors.
#ifndef PPCOSIM_TB_CYCLE_OBSERVER_H_
#define PPCOSIM_TB_CYCLE_OBSERVER_H_

#include <cstdint>

class Vpp_top;

namespace ppcosim {

class CycleObserver {
 public:
  virtual ~CycleObserver() = default;
  // Called after each rising edge has been evaluated; inputs driven here are seen at the next.
  virtual void OnCycle(Vpp_top& dut, uint64_t cycle) = 0;
};

}  // namespace ppcosim

#endif  // PPCOSIM_TB_CYCLE_OBSERVER_H_
