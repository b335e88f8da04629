#include "tlm_model_port.h"

namespace ppcosim {

TlmModelPort::TlmModelPort(sc_core::sc_module_name name, ppmodel::PortArbiterTlm& model)
    : sc_module(name), socket("socket"), model_(model) {
  socket.bind(model.socket);
}

ppmodel::CommandResult TlmModelPort::Execute(const ppmodel::Command& command, uint64_t) {
  // One payload and extension per call, on the stack: the target never keeps them.
  ppmodel::ArbiterExtension ext;
  ext.op = ppmodel::ArbiterOp::kCommand;
  ext.command = command;
  tlm::tlm_generic_payload payload;
  payload.set_command(tlm::TLM_IGNORE_COMMAND);
  payload.set_data_length(0);
  payload.set_extension(&ext);
  sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
  socket->b_transport(payload, delay);
  payload.clear_extension(&ext);
  if (payload.get_response_status() != tlm::TLM_OK_RESPONSE) {
    SC_REPORT_FATAL("ppcosim", "the model refused a transaction");
  }
  return ext.result;
}

ppmodel::PortView TlmModelPort::View() const {
  ppmodel::PortView view;
  tlm::tlm_generic_payload payload;
  payload.set_command(tlm::TLM_READ_COMMAND);
  payload.set_data_ptr(reinterpret_cast<unsigned char*>(&view));
  payload.set_data_length(sizeof view);
  if (socket->transport_dbg(payload) != sizeof view) {
    SC_REPORT_FATAL("ppcosim", "the model refused a debug read of its view");
  }
  return view;
}

}  // namespace ppcosim
