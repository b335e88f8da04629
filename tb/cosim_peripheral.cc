#include "cosim_peripheral.h"

#include <algorithm>

#include "Vpp_top.h"

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

HostPins ReadHostPins(const Vpp_top& dut) {
  HostPins in;
  in.data = static_cast<uint8_t>(dut.pd_o);
  in.data_oe = dut.pd_oe_o != 0;
  in.nstrobe = dut.nstrobe_o != 0;
  in.nautofd = dut.nautofd_o != 0;
  in.ninit = dut.ninit_o != 0;
  in.nselectin = dut.nselectin_o != 0;
  return in;
}

void DrivePeripheralPins(const PeripheralPins& out, Vpp_top& dut) {
  dut.pd_i = out.data_oe ? out.data : 0xFF;
  dut.nack_i = out.nack;
  dut.busy_i = out.busy;
  dut.perror_i = out.perror;
  dut.select_i = out.select;
  dut.nfault_i = out.nfault;
}

void CosimPeripheral::OnCycle(Vpp_top& dut, uint64_t cycle) {
  const HostPins in = ReadHostPins(dut);
  const PeripheralPins ieee_out = ieee_.Step(in, cycle);
  const bool compat = InCompatibility();
  HostPins printer_in = in;
  if (!compat) printer_in.nstrobe = true;
  const PeripheralPins printer_out = printer_.Step(printer_in, cycle);
  DrivePeripheralPins(compat ? printer_out : ieee_out, dut);
}

uint64_t CosimPeripheral::QuietCycles() const {
  return std::min(ieee_.QuietCycles(), printer_.QuietCycles());
}

void CosimPeripheral::OnSkipped(uint64_t last_cycle) {
  ieee_.SkipTo(last_cycle);
  printer_.SkipTo(last_cycle);
}

}  // namespace ppcosim
