// SystemC face of the arbitration model: a TLM-2.0 target for transaction-level initiators and
// a blocking Allocate for SC_THREAD clients, which waits as a driver's queued allocate does.
#ifndef PPMODEL_PORT_ARBITER_TLM_H_
#define PPMODEL_PORT_ARBITER_TLM_H_

#include <cstdint>
#include <memory>
#include <variant>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "ppmodel/port_arbiter.h"

namespace ppmodel {

// What an ArbiterExtension asks for.
enum class ArbiterOp : uint8_t {
  kCommand,           // runs `command` (PortArbiter::Execute); result in `result`
  kAllocateBlocking,  // waits in b_transport until command.client's request ends (`outcome`)
  kQueryWaiters,      // result in `value`
  kQueryCounter,      // the driver's counter view, in `value`
};
const char* ToString(ArbiterOp value);

// Carried by a generic payload (command TLM_IGNORE_COMMAND, no data) to name an operation.
// A payload without one gets TLM_GENERIC_ERROR_RESPONSE.
struct ArbiterExtension : tlm::tlm_extension<ArbiterExtension> {
  // Set by the initiator.
  ArbiterOp op = ArbiterOp::kCommand;
  Command command;
  sc_core::sc_time timeout = sc_core::sc_max_time();  // kAllocateBlocking only
  // Set by the target.
  CommandResult result;
  RequestOutcome outcome = RequestOutcome::kGranted;
  int value = 0;

  tlm::tlm_extension_base* clone() const override;
  void copy_from(const tlm::tlm_extension_base& other) override;
};

class PortArbiterTlm : public sc_core::sc_module, private RequestListener {
 public:
  // Optional, so that a bench of SC_THREAD clients calling Allocate need not bind it.
  tlm_utils::simple_target_socket_optional<PortArbiterTlm> socket;

  SC_HAS_PROCESS(PortArbiterTlm);
  PortArbiterTlm(sc_core::sc_module_name name, int num_clients);
  ~PortArbiterTlm() override;

  // The model's operations, timestamped with sc_time_stamp() in picoseconds. Execute runs any
  // of them; the named ones below are its shorthands for SC_THREAD clients.
  CommandResult Execute(const Command& command);
  TryResult TryAllocate(ClientId client);
  AllocateResult AllocateNoWait(ClientId client);
  // Blocking allocate; call from an SC_THREAD. Returns kGranted when the port is this client's,
  // kCancelled if someone cancelled the request, kTimedOut if `timeout` passed first (the
  // request is then withdrawn with TimeOut). A request that a free already chose when its
  // timer expires can no longer be withdrawn and returns kGranted when the release completes.
  // sc_max_time() waits forever. A refused allocate (bad client, already owner or waiting) is
  // the calling thread's bug: reported with SC_REPORT_ERROR, and kCancelled if that returns.
  RequestOutcome Allocate(ClientId client,
                          const sc_core::sc_time& timeout = sc_core::sc_max_time());
  FreeResult Free(ClientId client);
  // The bus release input event; also cancels a pending automatic completion.
  ReleaseResult CompleteRelease();
  CancelResult Cancel(ClientId client);
  TimeoutResult TimeOut(ClientId client);
  ModeResult SetMode(ClientId client, ChipMode mode);
  ModeResult ClearMode(ClientId client);

  // For standalone use: each free's release completes by itself `release_time` later.
  void EnableAutoRelease(const sc_core::sc_time& release_time);
  // Also drops an automatic completion still pending.
  void DisableAutoRelease();

  // Also told when a request ends (nullptr for none); not owned.
  void SetListener(RequestListener* listener);
  const PortArbiter& model() const;
  // The socket's debug transport (transport_dbg) answers a TLM_READ_COMMAND of
  // sizeof(PortView) bytes with this view, without touching the model or the time.
  // Notified (delta) when the client's request ends.
  const sc_core::sc_event& request_ended_event(ClientId client) const;

 private:
  struct Ended {
    RequestId request = 0;
    RequestOutcome outcome = RequestOutcome::kGranted;
  };

  void b_transport(tlm::tlm_generic_payload& payload, sc_core::sc_time& delay);
  unsigned int transport_dbg(tlm::tlm_generic_payload& payload);
  void Dispatch(ArbiterExtension& ext);
  void AutoRelease();
  void OnRequestEnded(ClientId client, RequestId request, RequestOutcome outcome) override;
  void Stamp();

  PortArbiter arbiter_;
  std::vector<std::unique_ptr<sc_core::sc_event>> ended_events_;
  std::vector<Ended> ended_;
  sc_core::sc_event auto_release_event_;
  bool auto_release_ = false;
  sc_core::sc_time release_time_;
  RequestListener* listener_ = nullptr;
};

}  // namespace ppmodel

#endif  // PPMODEL_PORT_ARBITER_TLM_H_
