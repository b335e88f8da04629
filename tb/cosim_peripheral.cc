#include "cosim_peripheral.h"

#include <algorithm>

namespace ppcosim {

Ieee1284Config CosimIeee1284Config(uint32_t clock_period_ns) {
  Ieee1284Config config;
  config.clock_period_ns = clock_period_ns;
  config.centronics_busy_ns = clock_period_ns;
  config.centronics_ack_ns = clock_period_ns;
  return config;
}

CosimPeripheral::CosimPeripheral(uint64_t seed, const PeripheralTiming& timing,
                                 const Ieee1284Config& config)
    : printer_(seed, timing), ieee_(config) {}

bool CosimPeripheral::InCompatibility() const { return IsCompatibilityPhase(ieee_.phase()); }

HostPins ReadHostPins(const PpTopPins& pins) {
  HostPins in;
  in.data = pins.pd;
  in.data_oe = pins.pd_oe;
  in.nstrobe = pins.nstrobe;
  in.nautofd = pins.nautofd;
  in.ninit = pins.ninit;
  in.nselectin = pins.nselectin;
  return in;
}

void DrivePeripheralPins(const PeripheralPins& out, PpTopPins& pins) {
  pins.peripheral = {static_cast<uint8_t>(out.data_oe ? out.data : 0xFF), out.nack, out.busy,
                     out.perror, out.select, out.nfault};
}

void CosimPeripheral::OnCycle(PpTopPins& pins, uint64_t cycle) {
  const HostPins in = ReadHostPins(pins);
  const PeripheralPins ieee_out = ieee_.Step(in, cycle);
  const bool compat = InCompatibility();
  HostPins printer_in = in;
  if (!compat) printer_in.nstrobe = true;
  const PeripheralPins printer_out = printer_.Step(printer_in, cycle);
  DrivePeripheralPins(compat ? printer_out : ieee_out, pins);
}

uint64_t CosimPeripheral::QuietCycles() const {
  return std::min(ieee_.QuietCycles(), printer_.QuietCycles());
}

void CosimPeripheral::OnSkipped(uint64_t last_cycle) {
  ieee_.SkipTo(last_cycle);
  printer_.SkipTo(last_cycle);
}

}  // namespace ppcosim
