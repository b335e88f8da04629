#include "ppmodel/port_arbiter_tlm.h"

#include <cstring>
#include <string>
#include <type_traits>

#include "ppmodel/names.h"

namespace ppmodel {
namespace {

constexpr const char* kMsgType = "ppmodel/PortArbiterTlm";

}  // namespace

// transport_dbg copies the view byte for byte.
static_assert(std::is_trivially_copyable_v<PortView>);

const char* ToString(ArbiterOp value) {
  static constexpr const char* kNames[] = {"command", "allocate_blocking", "query_waiters",
                                           "query_counter"};
  size_t index = static_cast<size_t>(value);
  return index < sizeof(kNames) / sizeof(kNames[0]) ? kNames[index] : "?";
}

tlm::tlm_extension_base* ArbiterExtension::clone() const { return new ArbiterExtension(*this); }

void ArbiterExtension::copy_from(const tlm::tlm_extension_base& other) {
  *this = static_cast<const ArbiterExtension&>(other);
}

PortArbiterTlm::PortArbiterTlm(sc_core::sc_module_name name, int num_clients)
    : sc_core::sc_module(name), socket("socket"), arbiter_(num_clients), ended_(num_clients) {
  for (int i = 0; i < num_clients; ++i) {
    ended_events_.push_back(std::make_unique<sc_core::sc_event>());
  }
  arbiter_.SetListener(this);
  socket.register_b_transport(this, &PortArbiterTlm::b_transport);
  socket.register_transport_dbg(this, &PortArbiterTlm::transport_dbg);
  SC_METHOD(AutoRelease);
  sensitive << auto_release_event_;
  dont_initialize();
}

PortArbiterTlm::~PortArbiterTlm() = default;

CommandResult PortArbiterTlm::Execute(const Command& command) {
  // A completion given from outside replaces the automatic one.
  if (command.kind == CommandKind::kCompleteRelease) auto_release_event_.cancel();
  Stamp();
  const CommandResult result = arbiter_.Execute(command);
  if (auto_release_ && result == CommandResult(FreeResult::kFreed)) {
    auto_release_event_.notify(release_time_);
  }
  return result;
}

TryResult PortArbiterTlm::TryAllocate(ClientId client) {
  return std::get<TryResult>(Execute({CommandKind::kTryAllocate, client}));
}

AllocateResult PortArbiterTlm::AllocateNoWait(ClientId client) {
  return std::get<AllocateResult>(Execute({CommandKind::kAllocate, client}));
}

RequestOutcome PortArbiterTlm::Allocate(ClientId client, const sc_core::sc_time& timeout) {
  AllocateResult accepted = AllocateNoWait(client);
  if (accepted == AllocateResult::kGranted) return RequestOutcome::kGranted;
  if (accepted != AllocateResult::kPending) {
    std::string msg = "blocking allocate by client " + std::to_string(client) +
                      " refused: " + ToString(accepted);
    SC_REPORT_ERROR(kMsgType, msg.c_str());
    return RequestOutcome::kCancelled;
  }
  const RequestId request = *arbiter_.LastRequest(client);
  sc_core::sc_event& ended = *ended_events_[client];
  bool timer_running = timeout != sc_core::sc_max_time();
  const sc_core::sc_time deadline =
      timer_running ? sc_core::sc_time_stamp() + timeout : sc_core::sc_max_time();
  // Loops because a wake-up may belong to this client's previous request. The listener records
  // the outcome synchronously, so a grant in the delta the timer expires still counts.
  while (ended_[client].request != request) {
    if (timer_running && sc_core::sc_time_stamp() >= deadline) {
      timer_running = false;
      if (TimeOut(client) == TimeoutResult::kTimedOut) return RequestOutcome::kTimedOut;
      continue;  // a free chose the request: it is granted when the release completes
    }
    if (timer_running) {
      sc_core::wait(deadline - sc_core::sc_time_stamp(), ended);
    } else {
      sc_core::wait(ended);
    }
  }
  return ended_[client].outcome;
}

FreeResult PortArbiterTlm::Free(ClientId client) {
  return std::get<FreeResult>(Execute({CommandKind::kFree, client}));
}

ReleaseResult PortArbiterTlm::CompleteRelease() {
  return std::get<ReleaseResult>(Execute({CommandKind::kCompleteRelease}));
}

CancelResult PortArbiterTlm::Cancel(ClientId client) {
  return std::get<CancelResult>(Execute({CommandKind::kCancel, client}));
}

TimeoutResult PortArbiterTlm::TimeOut(ClientId client) {
  return std::get<TimeoutResult>(Execute({CommandKind::kTimeOut, client}));
}

ModeResult PortArbiterTlm::SetMode(ClientId client, ChipMode mode) {
  return std::get<ModeResult>(Execute({CommandKind::kSetMode, client, mode}));
}

ModeResult PortArbiterTlm::ClearMode(ClientId client) {
  return std::get<ModeResult>(Execute({CommandKind::kClearMode, client}));
}

void PortArbiterTlm::EnableAutoRelease(const sc_core::sc_time& release_time) {
  auto_release_ = true;
  release_time_ = release_time;
}

void PortArbiterTlm::DisableAutoRelease() {
  auto_release_ = false;
  auto_release_event_.cancel();
}

void PortArbiterTlm::SetListener(RequestListener* listener) { listener_ = listener; }

const PortArbiter& PortArbiterTlm::model() const { return arbiter_; }

const sc_core::sc_event& PortArbiterTlm::request_ended_event(ClientId client) const {
  return *ended_events_.at(client);
}

void PortArbiterTlm::b_transport(tlm::tlm_generic_payload& payload, sc_core::sc_time& delay) {
  ArbiterExtension* ext = nullptr;
  payload.get_extension(ext);
  if (ext == nullptr) {
    payload.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
    return;
  }
  // Synchronise first, so the operation is timestamped when the initiator meant it.
  if (delay != sc_core::SC_ZERO_TIME) {
    sc_core::wait(delay);
    delay = sc_core::SC_ZERO_TIME;
  }
  Dispatch(*ext);
  payload.set_response_status(tlm::TLM_OK_RESPONSE);
}

unsigned int PortArbiterTlm::transport_dbg(tlm::tlm_generic_payload& payload) {
  if (payload.get_command() != tlm::TLM_READ_COMMAND || payload.get_data_ptr() == nullptr ||
      payload.get_data_length() < sizeof(PortView)) {
    payload.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
    return 0;
  }
  const PortView view = arbiter_.View();
  std::memcpy(payload.get_data_ptr(), &view, sizeof view);
  payload.set_response_status(tlm::TLM_OK_RESPONSE);
  return sizeof view;
}

void PortArbiterTlm::Dispatch(ArbiterExtension& ext) {
  ext.value = 0;
  switch (ext.op) {
    case ArbiterOp::kCommand:
      ext.result = Execute(ext.command);
      break;
    case ArbiterOp::kAllocateBlocking:
      ext.outcome = Allocate(ext.command.client, ext.timeout);
      break;
    case ArbiterOp::kQueryWaiters:
      ext.value = arbiter_.Waiters();
      break;
    case ArbiterOp::kQueryCounter:
      ext.value = arbiter_.CounterView();
      break;
  }
}

void PortArbiterTlm::AutoRelease() {
  Stamp();
  arbiter_.CompleteRelease();
}

void PortArbiterTlm::OnRequestEnded(ClientId client, RequestId request, RequestOutcome outcome) {
  ended_[client] = Ended{request, outcome};
  ended_events_[client]->notify(sc_core::SC_ZERO_TIME);
  if (listener_ != nullptr) listener_->OnRequestEnded(client, request, outcome);
}

void PortArbiterTlm::Stamp() {
  const double ps = sc_core::sc_time_stamp() / sc_core::sc_time(1, sc_core::SC_PS);
  arbiter_.SetTime(static_cast<uint64_t>(ps));
}

}  // namespace ppmodel
