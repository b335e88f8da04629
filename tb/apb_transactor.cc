#include "apb_transactor.h"

namespace ppcosim {

ApbResult ApbTransactor::Transfer(int client, bool write, uint16_t addr, uint8_t data) {
  Vpp_top& dut = h_.dut();
  // Setup phase.
  dut.psel_i = 1;
  dut.penable_i = 0;
  dut.pwrite_i = write;
  dut.paddr_i = addr;
  dut.pwdata_i = write ? data : 0;
  dut.pauser_i = static_cast<uint8_t>(client);
  h_.Tick();
  // Access phase: the transfer completes at the first rising edge that sees PREADY high.
  dut.penable_i = 1;
  ApbResult result{ApbStatus::kTimeout, 0, 0};
  for (int wait = 0; wait <= kMaxWaitCycles; ++wait) {
    h_.Eval();
    if (dut.pready_o) {
      result.status = dut.pslverr_o ? ApbStatus::kSlaveError : ApbStatus::kOk;
      result.data = write ? 0 : static_cast<uint8_t>(dut.prdata_o);
      h_.Tick();
      result.cycle = h_.cycle();
      break;
    }
    h_.Tick();
  }
  dut.psel_i = 0;
  dut.penable_i = 0;
  dut.pwrite_i = 0;
  h_.Eval();
  return result;
}

}  // namespace ppcosim
