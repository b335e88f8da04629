// Transaction-level reference model of the parallel port driver's allocate/free arbitration.
//
// Follows the Windows parallel port function driver's internal interface (TryAllocatePort,
// FreePort, QueryNumWaiters, the queued allocate request, TrySetChipMode/ClearChipMode) with
// Linux parport's owner check: the owner is known and misuse is refused with a result code.
// Plain C++, deterministic, O(1) per operation; time is whatever the caller says it is.
#ifndef PPMODEL_PORT_ARBITER_H_
#define PPMODEL_PORT_ARBITER_H_

#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

namespace ppmodel {

using ClientId = int;
using RequestId = uint64_t;

// IEEE 1284 / ECR modes a client may put the port into.
enum class ChipMode : uint8_t {
  kCompatibility,      // SPP, ECR mode 000
  kPs2Byte,            // ECR mode 001
  kCompatibilityFifo,  // ECR mode 010, hardware Centronics handshake
  kEcp,                // ECR mode 011
  kEpp,                // ECR mode 100
  kNibble,             // IEEE 1284 nibble reverse, driven by software in SPP mode
};

enum class TryResult : uint8_t { kGranted, kBusy, kAlreadyOwner, kAlreadyWaiting, kBadClient };
enum class AllocateResult : uint8_t { kGranted, kPending, kAlreadyOwner, kAlreadyWaiting, kBadClient };
enum class FreeResult : uint8_t { kFreed, kNotOwner, kBadClient };
enum class CancelResult : uint8_t { kCancelled, kNotPending, kBadClient };
enum class TimeoutResult : uint8_t { kTimedOut, kNotPending, kBadClient };
enum class ModeResult : uint8_t { kOk, kNotOwner, kRejected, kBadClient };
// What CompleteRelease() did: handed the port to the chosen waiter, left it free, or found no
// release in progress.
enum class ReleaseResult : uint8_t { kGrantedNext, kPortFree, kNoRelease };
// How an allocate (try or queued) ended. Every request ends exactly once.
enum class RequestOutcome : uint8_t { kGranted, kCancelled, kTimedOut };
// Where a client stands. kQueued and kChosen both hold a request that has not ended yet, so a
// second Allocate/TryAllocate from either answers kAlreadyWaiting.
enum class ClientState : uint8_t {
  kIdle,    // no request outstanding, not the owner
  kQueued,  // waiting in the FIFO; cancellable, counted by Waiters()
  kChosen,  // picked by the last Free; granted when the release completes, no longer cancellable
  kOwner,
};

// Every operation that changes the arbiter, as one value: what Execute() runs.
enum class CommandKind : uint8_t {
  kTryAllocate,
  kAllocate,  // queued allocate; answers kGranted or kPending without waiting
  kFree,
  kCompleteRelease,
  kCancel,
  kTimeOut,
  kSetMode,
  kClearMode,
};
struct Command {
  CommandKind kind = CommandKind::kTryAllocate;
  ClientId client = 0;                        // every kind but kCompleteRelease
  ChipMode mode = ChipMode::kCompatibility;  // kSetMode only
};
// A command's result: the alternative of its operation's own result type (kTryAllocate gives
// a TryResult, kCompleteRelease a ReleaseResult, kSetMode and kClearMode a ModeResult).
using CommandResult = std::variant<TryResult, AllocateResult, FreeResult, ReleaseResult,
                                   CancelResult, TimeoutResult, ModeResult>;

// The arbiter's state as facts, by value (copyable byte for byte, so that a TLM debug
// transport can carry it).
struct PortView {
  std::optional<ClientId> owner;
  std::optional<ClientId> chosen;     // ChosenNext()
  std::optional<ClientId> departing;  // during a release, the owner whose tenure it ends
  bool releasing = false;
  int waiters = 0;                    // Waiters()
  uint64_t pending = 0;               // bit c set: IsPending(c)
  ChipMode mode = ChipMode::kCompatibility;
  int num_clients = 0;

  bool IsPending(ClientId client) const {
    return client >= 0 && client < 64 && ((pending >> client) & 1) != 0;
  }
};

// One period of ownership, for the event log. `freed_at` is empty while the owner holds the port.
struct Tenure {
  ClientId client;
  RequestId request;
  uint64_t granted_at;
  std::optional<uint64_t> freed_at;
};

// Told when a request ends; the SystemC face uses it to wake a blocked allocate.
// Called after the arbiter's state is complete, so the listener may query it.
class RequestListener {
 public:
  virtual ~RequestListener() = default;
  virtual void OnRequestEnded(ClientId client, RequestId request, RequestOutcome outcome) = 0;
};

class PortArbiter {
 public:
  static constexpr int kMaxClients = 64;

  // Throws std::invalid_argument unless 1 <= num_clients <= kMaxClients.
  explicit PortArbiter(int num_clients);

  // Every operation below answers kBadClient for a client outside [0, num_clients()) and then
  // changes nothing; so does every refusal (already-owner, already-waiting, not-owner, ...).

  // Rule 2: grants only when nobody owns the port, no release is in progress and nobody waits.
  TryResult TryAllocate(ClientId client);
  // Rule 3: grants at once when TryAllocate would, otherwise queues (FIFO) and answers kPending.
  // The request's timeout is the caller's timer, reported with TimeOut().
  AllocateResult Allocate(ClientId client);
  // Rule 4: owner only; clears the chip mode, chooses the oldest waiter, starts the release.
  FreeResult Free(ClientId client);
  // Input event: the bus release that Free started has finished. If nobody was chosen but
  // requests were queued during the release, the oldest of them is granted (kGrantedNext).
  ReleaseResult CompleteRelease();
  // Rule 6: removes a queued request; a granted or already chosen one answers kNotPending.
  CancelResult Cancel(ClientId client);
  // Rule 3: a queued request whose own timer expired; ends as kTimedOut. Like Cancel, answers
  // kNotPending for a request already granted or chosen.
  TimeoutResult TimeOut(ClientId client);
  // Rule 7: owner only. A mode other than compatibility, PS/2 or nibble (which runs in
  // compatibility mode) is accepted only from one of those, or when it is the current mode
  // already (the driver's TrySetChipMode and the ECR's mode-change rule), else kRejected.
  ModeResult SetMode(ClientId client, ChipMode mode);
  ModeResult ClearMode(ClientId client);
  // Runs one command: the operation above that `command.kind` names.
  CommandResult Execute(const Command& command);

  // Rule 5: queued requests, never the owner nor the waiter a free already chose.
  int Waiters() const;
  std::optional<ClientId> Owner() const;
  bool Releasing() const;
  // The waiter chosen by the last free, while its release is in progress.
  std::optional<ClientId> ChosenNext() const;
  ChipMode Mode() const;
  // True while the client holds a request that has not ended: queued or chosen.
  bool IsPending(ClientId client) const;
  // kIdle for a bad client id.
  ClientState State(ClientId client) const;
  // Rule 9: the driver's single counter: -1 free, 0 owned with nobody waiting, n > 0 owned with
  // n waiting. During a release the chosen waiter counts as the owner (the driver dequeues it
  // inside FreePort); with nobody chosen the port counts as free, and a request queued during
  // that release counts as the driver would have counted it at a free port: the oldest as the
  // owner-to-be (it is granted when the release completes), the rest as waiters.
  // Equivalently: (requests holding or about to hold the port) + Waiters() - 1.
  int CounterView() const;
  int num_clients() const;
  PortView View() const;

  // Timestamps for the event log; the model never advances time by itself.
  void SetTime(uint64_t now);
  uint64_t Now() const;
  // The latest tenures, oldest first: at least the last kTenuresKept (the ones before are
  // settled and dropped, so a long run's log stays bounded); tenure_count() counts them all.
  const std::vector<Tenure>& tenures() const;
  uint64_t tenure_count() const;
  static constexpr size_t kTenuresKept = 256;
  // The request id the client's last Allocate/TryAllocate was given (ids start at 1 and rise).
  // A refused call or a busy TryAllocate creates no request.
  std::optional<RequestId> LastRequest(ClientId client) const;
  // nullptr for none. Not owned.
  void SetListener(RequestListener* listener);

 private:
  static constexpr ClientId kNone = -1;

  // Each client has at most one request, so its slot doubles as its FIFO node.
  struct Slot {
    ClientState state = ClientState::kIdle;
    ClientId prev = kNone;
    ClientId next = kNone;
    RequestId request = 0;  // 0: never requested
  };

  bool Valid(ClientId client) const;
  // Gives the client a fresh request id.
  RequestId NewRequest(ClientId client);
  void PushBack(ClientId client);
  void Unlink(ClientId client);
  // Makes the client the owner, opens its tenure and ends its request as granted.
  void Grant(ClientId client);
  // Ends a queued request without a grant.
  void Drop(ClientId client, RequestOutcome outcome);
  void Notify(ClientId client, RequestOutcome outcome);

  std::vector<Slot> slots_;
  ClientId head_ = kNone;
  ClientId tail_ = kNone;
  int queued_ = 0;
  ClientId owner_ = kNone;
  ClientId chosen_ = kNone;
  bool releasing_ = false;
  ChipMode mode_ = ChipMode::kCompatibility;
  uint64_t now_ = 0;
  RequestId last_request_ = 0;
  std::vector<Tenure> tenures_;
  uint64_t tenure_count_ = 0;
  RequestListener* listener_ = nullptr;
};

}  // namespace ppmodel

#endif  // PPMODEL_PORT_ARBITER_H_
