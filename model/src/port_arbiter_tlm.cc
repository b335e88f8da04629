#include "ppmodel/port_arbiter_tlm.h"

#include <string>

#include "ppmodel/names.h"

namespace ppmodel {
namespace {

constexpr const char* kMsgType = "ppmodel/PortArbiterTlm";

}  // namespace

const char* ToString(ArbiterOp value) {
  static constexpr const char* kNames[] = {
      "try_allocate", "allocate",  "allocate_blocking", "free",          "complete_release",
      "cancel",       "time_out",  "set_mode",          "clear_mode",    "query_waiters",
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
  SC_METHOD(AutoRelease);
  sensitive << auto_release_event_;
  dont_initialize();
}

PortArbiterTlm::~PortArbiterTlm() = default;

TryResult PortArbiterTlm::TryAllocate(ClientId client) {
  Stamp();
  return arbiter_.TryAllocate(client);
}

AllocateResult PortArbiterTlm::AllocateNoWait(ClientId client) {
  Stamp();
  return arbiter_.Allocate(client);
}

RequestOutcome PortArbiterTlm::Allocate(ClientId client, const sc_core::sc_time& timeout) {
  Stamp();
  AllocateResult accepted = arbiter_.Allocate(client);
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
  Stamp();
  FreeResult result = arbiter_.Free(client);
  if (result == FreeResult::kFreed && auto_release_) auto_release_event_.notify(release_time_);
  return result;
}

ReleaseResult PortArbiterTlm::CompleteRelease() {
  auto_release_event_.cancel();
  Stamp();
  return arbiter_.CompleteRelease();
}

CancelResult PortArbiterTlm::Cancel(ClientId client) {
  Stamp();
  return arbiter_.Cancel(client);
}

TimeoutResult PortArbiterTlm::TimeOut(ClientId client) {
  Stamp();
  return arbiter_.TimeOut(client);
}

ModeResult PortArbiterTlm::SetMode(ClientId client, ChipMode mode) {
  Stamp();
  return arbiter_.SetMode(client, mode);
}

ModeResult PortArbiterTlm::ClearMode(ClientId client) {
  Stamp();
  return arbiter_.ClearMode(client);
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
  Execute(*ext);
  payload.set_response_status(tlm::TLM_OK_RESPONSE);
}

void PortArbiterTlm::Execute(ArbiterExtension& ext) {
  ext.value = 0;
  switch (ext.op) {
    case ArbiterOp::kTryAllocate:
      ext.result = TryAllocate(ext.client);
      break;
    case ArbiterOp::kAllocate:
      ext.result = AllocateNoWait(ext.client);
      break;
    case ArbiterOp::kAllocateBlocking:
      ext.result = Allocate(ext.client, ext.timeout);
      break;
    case ArbiterOp::kFree:
      ext.result = Free(ext.client);
      break;
    case ArbiterOp::kCompleteRelease:
      ext.result = CompleteRelease();
      break;
    case ArbiterOp::kCancel:
      ext.result = Cancel(ext.client);
      break;
    case ArbiterOp::kTimeOut:
      ext.result = TimeOut(ext.client);
      break;
    case ArbiterOp::kSetMode:
      ext.result = SetMode(ext.client, ext.mode);
      break;
    case ArbiterOp::kClearMode:
      ext.result = ClearMode(ext.client);
      break;
    case ArbiterOp::kQueryWaiters:
      ext.result = std::monostate{};
      ext.value = arbiter_.Waiters();
      break;
    case ArbiterOp::kQueryCounter:
      ext.result = std::monostate{};
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
