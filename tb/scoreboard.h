// Compares the RTL with the reference model, operation by operation.
//
// The RTL's order of events is the truth: the scoreboard feeds the model each command at the
// cycle the RTL accepted it, and each release completion at the cycle the RTL finished it, and
// then compares answers, owners and bytes. Bytes the peripheral received are matched, in order,
// against the bytes the owner wrote; a byte the RTL reports as dropped is counted, never lost.
#ifndef PPCOSIM_TB_SCOREBOARD_H_
#define PPCOSIM_TB_SCOREBOARD_H_

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "arb_monitor.h"
#include "coverage.h"
#include "model_port.h"
#include "op.h"
#include "peripheral_model.h"
#include "ppmodel/port_arbiter.h"

namespace ppcosim {

enum class MismatchKind : uint8_t {
  kAnswer,        // the model and the RTL answered an operation differently
  kExpectation,   // a script's "=> value" was not met
  kOwner,         // grant_o names another owner than the model
  kByte,          // the peripheral latched another byte than the owner wrote
  kUndrivenByte,  // a byte was strobed while the data lines were not driven
  kDropCount,     // ARB_DROPPED disagrees with the bytes that never arrived
  kProtocol,      // pin timing or drive violation, or an RTL assertion
  kRequestEnd,    // a request ended twice or never
  kWatchdog,      // an operation, or the wait between two, ran past --max-cycles
};

struct Mismatch {
  MismatchKind kind;
  uint64_t cycle;
  int line;      // script line, 0 for random operations
  int client;
  std::string text;
};

// Every byte the RTL accepted ends as exactly one of delivered, flushed or discarded.
struct ByteStats {
  uint64_t written = 0;      // accepted by the RTL for sending
  uint64_t delivered = 0;    // latched by the peripheral, matching
  uint64_t flushed = 0;      // flushed at a release and counted in ARB_DROPPED
  uint64_t discarded = 0;    // in the FIFO when its owner left FIFO mode behind a stalled peripheral
  uint64_t not_written = 0;  // given up by the driver before the RTL took them
};

class Scoreboard : public ppmodel::RequestListener {
 public:
  Scoreboard(ModelPort& model, Coverage& coverage);

  // Monitor and peripheral inputs, in cycle order.
  void OnArbEvent(const ArbEvent& event);
  void OnByteWritten(int client, uint8_t byte);
  void OnByteLatched(const LatchedByte& byte);
  // The owner's ARB_DROPPED, read after an operation that can make the FIFO discard bytes
  // (leaving FIFO mode). What it grew by since the last reading is the newest bytes of the
  // owner's that the chip threw away: they are written off, confirmed by the RTL, never guessed.
  void OnDroppedCount(int client, uint8_t rtl_dropped, uint64_t cycle);

  // Runs `op` on the model as of `accept_cycle` (release completions the RTL finished before
  // that cycle go first) and returns its answer.
  Reply ModelAnswer(const Op& op, uint64_t accept_cycle);
  // The same for a write, whose answer the model alone cannot give: it says whether the client
  // may write, and the bytes the RTL took during the write (`bytes_taken`, as OnByteWritten
  // counted them) say whether the driver gave any up (the printer is not the model's): ok when
  // the RTL took them all, else gave-up with the number it did not take.
  Reply ModelWriteAnswer(const Op& op, uint64_t accept_cycle, uint64_t bytes_taken);
  // The same for the timeout of a pending allocate (the driver cancels it).
  Reply ModelTimeout(int client, uint64_t accept_cycle);
  // Applies every event seen so far (nothing is in flight).
  void Sync();

  // Compares and records; returns false on a mismatch.
  bool Check(const Op& op, const Reply& model, const Reply& rtl, uint64_t cycle);
  // `line` 0: the script line in progress, if any (what happens during a line is its doing).
  void Report(MismatchKind kind, uint64_t cycle, int line, int client, std::string text);
  void set_script_line(int line) { script_line_ = line; }

  // A release the RTL finished whose drop count has not been checked yet: the departing
  // client and the bytes of its that never arrived. ARB_DROPPED is a free-running count: what
  // it grew by since the last reading is compared.
  struct DropCheck {
    int client;
    uint64_t missing;
    uint64_t cycle;
  };
  std::optional<DropCheck> TakeDropCheck();
  void CheckDropCount(const DropCheck& check, uint8_t rtl_dropped);
  // Bytes the peripheral latched since the last call.
  std::vector<uint8_t> TakeLatchedSinceMark();

  void OnRequestEnded(ppmodel::ClientId client, ppmodel::RequestId request,
                      ppmodel::RequestOutcome outcome) override;

  const std::vector<Mismatch>& mismatches() const { return mismatches_; }
  const ByteStats& bytes() const { return bytes_; }
  uint64_t pending_bytes() const { return expected_.size(); }

 private:
  void Apply(const ArbEvent& event);
  void ApplyBefore(uint64_t cycle);
  void CheckOwner(uint64_t cycle, uint32_t grant);
  Reply RunModel(const Op& op, uint64_t cycle);

  struct ExpectedByte {
    int client;
    uint8_t value;
  };

  ModelPort& model_;
  Coverage& coverage_;
  uint64_t latched_in_release_ = 0;
  bool rtl_releasing_ = false;
  std::deque<ArbEvent> events_;
  std::deque<ExpectedByte> expected_;
  std::vector<uint8_t> latched_since_mark_;
  std::vector<Mismatch> mismatches_;
  int script_line_ = 0;
  std::vector<std::optional<ppmodel::RequestOutcome>> last_outcome_;
  std::vector<std::optional<ppmodel::RequestId>> ended_request_;
  std::optional<DropCheck> drop_check_;
  std::optional<int> departing_;
  // The client's ARB_DROPPED as last read.
  std::vector<uint8_t> dropped_seen_;
  // The RTL's view, as events arrive: who owns the port and who is releasing it.
  int rtl_owner_ = -1;
  int rtl_departing_ = -1;
  ByteStats bytes_;
};

}  // namespace ppcosim

#endif  // PPCOSIM_TB_SCOREBOARD_H_
