#include "apb_transactor.h"

namespace ppcosim {

ApbResult ApbTransactor::Transfer(int client, bool write, uint16_t addr, uint8_t data) {
  // Setup phase.
  ApbInputs apb{true, false, write, addr, static_cast<uint8_t>(write ? data : 0),
                static_cast<uint8_t>(client)};
  h_.SetApb(apb);
  h_.Tick();
  // Access phase: the transfer completes at the first rising edge that sees PREADY high (sampled
  // there by the harness: no evaluation of its own, the bus costs what the clock does).
  apb.penable = true;
  h_.SetApb(apb);
  ApbResult result{ApbStatus::kTimeout, 0, 0};
  for (int wait = 0; wait <= kMaxWaitCycles; ++wait) {
    h_.Tick();
    const ApbResponse& edge = h_.apb_at_edge();
    if (edge.pready) {
      result.status = edge.pslverr ? ApbStatus::kSlaveError : ApbStatus::kOk;
      result.data = write ? 0 : edge.prdata;
      result.cycle = h_.cycle();
      break;
    }
  }
  apb.psel = false;
  apb.penable = false;
  apb.pwrite = false;
  h_.SetApb(apb);
  return result;
}

}  // namespace ppcosim
