// Drives one APB transfer at a time into pp_top on behalf of a client (PAUSER = client id).
#ifndef PPCOSIM_TB_APB_TRANSACTOR_H_
#define PPCOSIM_TB_APB_TRANSACTOR_H_

#include <cstdint>

#include "dut_harness.h"

namespace ppcosim {

enum class ApbStatus : uint8_t { kOk, kSlaveError, kTimeout };

struct ApbResult {
  ApbStatus status;
  uint8_t data;     // read data; 0 for writes
  uint64_t cycle;   // cycle of the rising edge that completed the transfer
};

class ApbTransactor {
 public:
  // A transfer whose PREADY stays low this many cycles ends as kTimeout.
  static constexpr int kMaxWaitCycles = 1000;

  explicit ApbTransactor(DutHarness& harness) : h_(harness) {}

  ApbResult Write(int client, uint16_t addr, uint8_t data) { return Transfer(client, true, addr, data); }
  ApbResult Read(int client, uint16_t addr) { return Transfer(client, false, addr, 0); }

 private:
  ApbResult Transfer(int client, bool write, uint16_t addr, uint8_t data);

  DutHarness& h_;
};

}  // namespace ppcosim

#endif  // PPCOSIM_TB_APB_TRANSACTOR_H_
