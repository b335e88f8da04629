// pp_top's ports and the internal signals the monitors observe (tb/pp_top_observe.vlt), as plain
// values. DutHarness (the one file that includes the Verilated model's header) reads them after
// every evaluation, so that the testbench compiles without the model and an RTL edit rebuilds
// the harness alone.
#ifndef PPCOSIM_TB_PP_TOP_PINS_H_
#define PPCOSIM_TB_PP_TOP_PINS_H_

#include <cstdint>

namespace ppcosim {

// The lines the peripheral drives into pp_top.
struct PeripheralInputs {
  uint8_t pd = 0xFF;  // pd_i: undriven data lines read 0xFF (the cable's pull-ups)
  bool nack = true;
  bool busy = false;
  bool perror = false;
  bool select = true;
  bool nfault = true;

  bool operator==(const PeripheralInputs& o) const {
    return pd == o.pd && nack == o.nack && busy == o.busy && perror == o.perror &&
           select == o.select && nfault == o.nfault;
  }
  bool operator!=(const PeripheralInputs& o) const { return !(*this == o); }
};

// One APB access phase as the host drives it.
struct ApbInputs {
  bool psel = false;
  bool penable = false;
  bool pwrite = false;
  uint16_t paddr = 0;
  uint8_t pwdata = 0;
  uint8_t pauser = 0;
};

// The completer's answer as the rising edge of a Tick() sees it: the outputs after the
// falling edge's evaluation, with the inputs driven before that Tick().
struct ApbResponse {
  bool pready = false;
  bool pslverr = false;
  uint8_t prdata = 0;
};

struct PpTopPins {
  // Inputs.
  bool rst_ni = false;
  ApbInputs apb;
  PeripheralInputs peripheral;
  // Outputs.
  bool pready = false;
  uint8_t prdata = 0;
  bool pslverr = false;
  uint32_t grant_irq = 0;
  bool irq = false;
  uint32_t grant = 0;
  bool releasing = false;
  uint8_t pd = 0;
  bool pd_oe = false;
  bool nstrobe = true;
  bool nautofd = true;
  bool ninit = true;
  bool nselectin = false;
  // Internal state (tb/pp_top_observe.vlt).
  uint8_t ecr_mode = 0;
  bool dir_in = false;
  bool ecp_reversed = false;
  uint8_t fifo_count = 0;
  bool fifo_full = false;
  bool hs_active = false;
  bool ecp_active = false;
  uint8_t waiters = 0;
  bool chosen_valid = false;
};

}  // namespace ppcosim

#endif  // PPCOSIM_TB_PP_TOP_PINS_H_
