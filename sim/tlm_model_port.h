// The testbench's way to the reference model inside the SystemC kernel (the ModelPort contract,
// tb/model_port.h): each command is one TLM-2.0 transaction (generic payload plus
// ArbiterExtension) into the model's target socket; the view is read with the debug transport.
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
  // Mutable: a debug read through it changes nothing, so View() stays const.
  mutable tlm_utils::simple_initiator_socket<TlmModelPort> socket;

  // Binds itself to `model`'s target socket.
  TlmModelPort(sc_core::sc_module_name name, ppmodel::PortArbiterTlm& model);

  // The TLM face stamps the model's log with SystemC time, not `cycle`.
  ppmodel::CommandResult Execute(const ppmodel::Command& command, uint64_t cycle) override;
  ppmodel::PortView View() const override;
  void SetListener(ppmodel::RequestListener* listener) override { model_.SetListener(listener); }

 private:
  ppmodel::PortArbiterTlm& model_;
};

}  // namespace ppcosim

#endif  // PPCOSIM_SIM_TLM_MODEL_PORT_H_
