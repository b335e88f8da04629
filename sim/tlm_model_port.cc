#include "tlm_model_port.h"

namespace ppcosim {

using ppmodel::ArbiterOp;

TlmModelPort::TlmModelPort(sc_core::sc_module_name name, ppmodel::PortArbiterTlm& model)
    : sc_module(name), socket("socket"), model_(model) {
  socket.bind(model.socket);
}

template <typename Result>
Result TlmModelPort::Transact(ArbiterOp op, ppmodel::ClientId client, ppmodel::ChipMode mode) {
  // One payload and extension per call, on the stack: the target never keeps them.
  ppmodel::ArbiterExtension ext;
  ext.op = op;
  ext.client = client;
  ext.mode = mode;
  tlm::tlm_generic_payload payload;
  payload.set_command(tlm::TLM_IGNORE_COMMAND);
  payload.set_data_length(0);
  payload.set_extension(&ext);
  sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
  socket->b_transport(payload, delay);
  payload.clear_extension(&ext);
  ++transactions_;
  if (payload.get_response_status() != tlm::TLM_OK_RESPONSE) {
    SC_REPORT_FATAL("ppcosim", "the model refused a transaction");
  }
  return std::get<Result>(ext.result);
}

ppmodel::TryResult TlmModelPort::TryAllocate(ppmodel::ClientId c) {
  return Transact<ppmodel::TryResult>(ArbiterOp::kTryAllocate, c);
}
ppmodel::AllocateResult TlmModelPort::Allocate(ppmodel::ClientId c) {
  return Transact<ppmodel::AllocateResult>(ArbiterOp::kAllocate, c);
}
ppmodel::FreeResult TlmModelPort::Free(ppmodel::ClientId c) {
  return Transact<ppmodel::FreeResult>(ArbiterOp::kFree, c);
}
ppmodel::ReleaseResult TlmModelPort::CompleteRelease() {
  return Transact<ppmodel::ReleaseResult>(ArbiterOp::kCompleteRelease, 0);
}
ppmodel::CancelResult TlmModelPort::Cancel(ppmodel::ClientId c) {
  return Transact<ppmodel::CancelResult>(ArbiterOp::kCancel, c);
}
ppmodel::TimeoutResult TlmModelPort::TimeOut(ppmodel::ClientId c) {
  return Transact<ppmodel::TimeoutResult>(ArbiterOp::kTimeOut, c);
}
ppmodel::ModeResult TlmModelPort::SetMode(ppmodel::ClientId c, ppmodel::ChipMode m) {
  return Transact<ppmodel::ModeResult>(ArbiterOp::kSetMode, c, m);
}
ppmodel::ModeResult TlmModelPort::ClearMode(ppmodel::ClientId c) {
  return Transact<ppmodel::ModeResult>(ArbiterOp::kClearMode, c);
}

}  // namespace ppcosim
