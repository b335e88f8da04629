// The scoreboard's way to the reference model inside the SystemC kernel: every operation is a
// TLM-2.0 transaction (generic payload plus ArbiterExtension) into the model's target socket.
#ifndef PPCOSIM_SIM_TLM_MODEL_PORT_H_
#define PPCOSIM_SIM_TLM_MODEL_PORT_H_

#include "model_port.h"  // before SystemC: see cosim_top.h

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include "ppmodel/port_arbiter_tlm.h"

namespace ppcosim {

class TlmModelPort : public sc_core::sc_module, public ModelPort {
 public:
  tlm_utils::simple_initiator_socket<TlmModelPort> socket;

  // Binds itself to `model`'s target socket.
  TlmModelPort(sc_core::sc_module_name name, ppmodel::PortArbiterTlm& model);

  ppmodel::TryResult TryAllocate(ppmodel::ClientId c) override;
  ppmodel::AllocateResult Allocate(ppmodel::ClientId c) override;
  ppmodel::FreeResult Free(ppmodel::ClientId c) override;
  ppmodel::ReleaseResult CompleteRelease() override;
  ppmodel::CancelResult Cancel(ppmodel::ClientId c) override;
  ppmodel::TimeoutResult TimeOut(ppmodel::ClientId c) override;
  ppmodel::ModeResult SetMode(ppmodel::ClientId c, ppmodel::ChipMode m) override;
  ppmodel::ModeResult ClearMode(ppmodel::ClientId c) override;
  void SetListener(ppmodel::RequestListener* listener) override { model_.SetListener(listener); }
  // The TLM face stamps its log with SystemC time.
  void SetCycle(uint64_t) override {}
  const ppmodel::PortArbiter& state() const override { return model_.model(); }

  uint64_t transactions() const { return transactions_; }

 private:
  template <typename Result>
  Result Transact(ppmodel::ArbiterOp op, ppmodel::ClientId client,
                  ppmodel::ChipMode mode = ppmodel::ChipMode::kCompatibility);

  ppmodel::PortArbiterTlm& model_;
  uint64_t transactions_ = 0;
};

}  // namespace ppcosim

#endif  // PPCOSIM_SIM_TLM_MODEL_PORT_H_
