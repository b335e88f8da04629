// The operations a client performs on the port and the answers they get, as values. The same
// types describe a script line, a random operation, the model's answer and the RTL's.
#ifndef PPCOSIM_TB_OP_H_
#define PPCOSIM_TB_OP_H_

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "ppmodel/port_arbiter.h"

namespace ppcosim {

enum class OpKind : uint8_t {
  kAllocate,     // queued allocate: granted at once, or pending until an await or cancel
  kTry,
  kFree,
  kCancel,
  kWaiters,
  kOwner,
  kSetMode,
  kClearMode,
  kAwait,        // wait until the client's pending allocate ends; after `cycles` (0: the
                 // bench's default) the driver gives up and cancels it
  kWrite,        // send bytes to the peripheral in the current mode
  kRegWrite,
  kRegRead,
  // Bench commands from here on: they concern no client.
  kIdle,         // let cycles pass
  kPeripheralBusy,
  kPeripheralOffline,
  kPeripheralPaperOut,
  kPeripheralFault,
  kPeripheralOnline,  // ready again: online, paper in, no fault
  kExpectBytes,  // the peripheral's latched bytes since the last expect-bytes
};

// Every answer either side can give. kValue carries a number (waiters, owner, register data),
// kGaveUp the number of a write's bytes the driver gave up (printer offline, out of paper,
// faulty or busy too long): "gave-up 3".
enum class Answer : uint8_t {
  kNone,
  kOk,
  kTrue,
  kFalse,
  kGranted,
  kPending,
  kCancelled,
  kTimedOut,
  kNotOwner,
  kAlreadyOwner,
  kAlreadyWaiting,
  kNotPending,
  kRejected,
  kBadClient,
  kBusError,
  kGaveUp,
  kValue,
};

struct Reply {
  Answer answer = Answer::kNone;
  int value = 0;
  // False for the model's answer to a read of a register whose contents it does not know:
  // "any value".
  bool value_known = true;

  bool operator==(const Reply& other) const {
    const bool counted = answer == Answer::kValue || answer == Answer::kGaveUp;
    return answer == other.answer &&
           (!counted || (value_known == other.value_known && value == other.value));
  }
  bool operator!=(const Reply& other) const { return !(*this == other); }
  // True when `actual` is this answer; any value is admitted where this one is not known.
  bool Admits(const Reply& actual) const {
    const bool any = answer == Answer::kValue && !value_known;
    return any ? actual.answer == Answer::kValue : *this == actual;
  }
};

struct Op {
  Op() = default;
  Op(OpKind op_kind, int op_client) : kind(op_kind), client(op_client) {}

  OpKind kind = OpKind::kIdle;
  int client = 0;
  ppmodel::ChipMode mode = ppmodel::ChipMode::kCompatibility;
  uint16_t addr = 0;
  uint8_t data = 0;
  uint64_t cycles = 0;          // idle, peripheral busy or condition (0: until online), await
  std::vector<uint8_t> bytes;   // write, expect-bytes
  std::optional<Reply> expect;  // "=> value" in a script
  int line = 0;                 // script line, 0 for random operations
};

// What an operation did: both answers, the cycle the RTL accepted it, whether they agreed.
struct OpRecord {
  Reply model;
  Reply rtl;
  uint64_t cycle = 0;
  bool ok = true;
};

// A client's operation, as opposed to a bench command.
inline bool IsClientOp(OpKind kind) { return kind < OpKind::kIdle; }
std::string_view OpName(OpKind kind);
std::string_view AnswerName(Answer answer);
std::string_view ModeName(ppmodel::ChipMode mode);
std::optional<OpKind> ParseOpName(std::string_view name);
std::optional<Answer> ParseAnswerName(std::string_view name);
std::optional<ppmodel::ChipMode> ParseModeName(std::string_view name);
// "granted", "53", "gave-up 3", "any value": for messages and logs.
void FormatReply(const Reply& reply, char* out, size_t size);

}  // namespace ppcosim

#endif  // PPCOSIM_TB_OP_H_
