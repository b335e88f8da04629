// The co-simulation's peripheral on the pins of pp_top: the IEEE 1284 peripheral model
// (negotiation, nibble/byte/ECP/EPP, termination) with, in its compatibility phase, the
// printer (jittered Busy/nAck, stalls, offline/paper-out/fault, latched bytes) answering.
//
// Both see the host's lines every cycle. The 1284 model decides the phase; while it is in
// compatibility mode the printer drives the lines, otherwise the 1284 model does, and the
// printer sees no strobe (nStrobe is HostClk or nWrite there, not a byte).
#ifndef PPCOSIM_TB_COSIM_PERIPHERAL_H_
#define PPCOSIM_TB_COSIM_PERIPHERAL_H_

#include <cstdint>

#include "cycle_observer.h"
#include "ieee1284_peripheral.h"
#include "peripheral_model.h"

namespace ppcosim {

// pp_top's host lines as the peripheral model sees them, and the model's lines onto pp_top's
// inputs (undriven data lines read 0xFF: the cable's pull-ups).
HostPins ReadHostPins(const PpTopPins& pins);
void DrivePeripheralPins(const PeripheralPins& out, PpTopPins& pins);

// The 1284 model's timing in the co-simulation: its own compatibility answers are not shown
// (the printer's are), so they are as short as possible to keep it ready for Event 1.
Ieee1284Config CosimIeee1284Config(uint32_t clock_period_ns);

class CosimPeripheral : public CycleObserver {
 public:
  CosimPeripheral(uint64_t seed, const PeripheralTiming& timing, const Ieee1284Config& config);

  void OnCycle(PpTopPins& pins, uint64_t cycle) override;
  uint64_t QuietCycles() const override;
  void OnSkipped(uint64_t last_cycle) override;

  // Holds Busy (compatibility) and every 1284 answer for `cycles`.
  void StallFor(uint64_t cycles) {
    printer_.StallFor(cycles);
    ieee_.StallFor(cycles);
  }
  void SetCondition(PrinterCondition condition, uint64_t cycles = 0) {
    printer_.SetCondition(condition, cycles);
  }

  // True while the peripheral is in compatibility mode (not negotiating, terminating or in
  // an IEEE 1284 mode).
  bool InCompatibility() const;

  PeripheralModel& printer() { return printer_; }
  const PeripheralModel& printer() const { return printer_; }
  Ieee1284Peripheral& ieee1284() { return ieee_; }
  const Ieee1284Peripheral& ieee1284() const { return ieee_; }

 private:
  PeripheralModel printer_;
  Ieee1284Peripheral ieee_;
};

}  // namespace ppcosim

#endif  // PPCOSIM_TB_COSIM_PERIPHERAL_H_
