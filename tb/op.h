// The operations a client performs on the port and the answers they get, as values. The same
// types describe a script line, a random operation, the model's answer and the RTL's.
#ifndef PPCOSIM_TB_OP_H_
#define PPCOSIM_TB_OP_H_

#include <cstdint>
#include <optional>
#include <string>
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
  // IEEE 1284, in software through CONTROL/STATUS as Linux's parport_ieee1284 does, and EPP
  // cycles through the controller's hardware (owner only).
  kNegotiate,    // IEEE 1284 negotiation, `data` the extensibility byte: ok or rejected
  kRead,         // reverse read of up to `cycles` bytes in the negotiated mode (nibble, byte
                 // or ECP: the FIFO, with each byte's command flag)
  kDeviceId,     // reverse read of the IEEE 1284 Device ID: two length bytes, then the text
  kEppWrite,     // EPP cycle: `addr` EPP_ADDR or EPP_DATA, `data` the byte
  kEppRead,      // EPP cycle: `addr` EPP_ADDR or EPP_DATA; answers the byte read
  kEcpCommand,   // ECP command byte `data` (channel address or run-length count) to ecpAFifo
  kTerminate,    // IEEE 1284 termination back to compatibility mode
  kBeginStrobe,  // SPP or PS/2: a software strobe begun and not ended: waits for the printer,
                 // puts `data` on DATA and drives nStrobe low, then returns with it low (a
                 // driver that frees before it raises nStrobe); the printer latches the byte
  // Bench commands from here on: they concern no client.
  kIdle,         // let cycles pass
  kPeripheralBusy,
  kPeripheralOffline,
  kPeripheralPaperOut,
  kPeripheralFault,
  kPeripheralOnline,  // ready again: online, paper in, no fault
  kExpectBytes,  // the peripheral's latched bytes since the last expect-bytes
  kPeripheralSend,    // bytes the peripheral sends in the reverse modes, queued
  kPeripheralStopAt,  // the peripheral stops answering at IEEE 1284 Event `data`
  kPeripheralRefuse,  // the peripheral refuses the extensibility byte `data` from now on
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
  std::vector<uint8_t> bytes;   // write, expect-bytes; read and device-id: the bytes expected
  // peripheral-send, read, expect-bytes: bit i says bytes[i] is an ECP command byte (empty:
  // none is)
  std::vector<bool> commands;
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
// An IEEE 1284 operation (negotiate to terminate).
inline bool IsIeee1284Op(OpKind kind) {
  return kind >= OpKind::kNegotiate && kind <= OpKind::kTerminate;
}
std::string_view OpName(OpKind kind);
std::string_view AnswerName(Answer answer);
std::string_view ModeName(ppmodel::ChipMode mode);
std::optional<OpKind> ParseOpName(std::string_view name);
std::optional<Answer> ParseAnswerName(std::string_view name);
std::optional<ppmodel::ChipMode> ParseModeName(std::string_view name);
// The IEEE 1284 extensibility byte of a negotiation: nibble 0x00, byte 0x01, ecp 0x10,
// epp 0x40, nibble-id 0x04, byte-id 0x05; and back.
std::optional<uint8_t> ParseIeee1284Mode(std::string_view name);
std::string_view Ieee1284ModeName(uint8_t request);
// bytes[i] is an ECP command byte by `commands` (shorter than `bytes` where the rest are data).
inline bool IsCommandByte(const std::vector<bool>& commands, size_t i) {
  return i < commands.size() && commands[i];
}
// `commands` made as long as `size` bytes: the missing flags are data bytes'.
std::vector<bool> PadFlags(const std::vector<bool>& commands, size_t size);
// "0x41 cmd:0x05": bytes as a script writes them, command bytes marked; "" for none.
std::string FormatBytes(const std::vector<uint8_t>& bytes, const std::vector<bool>& commands);
// "granted", "53", "gave-up 3", "any value": for messages and logs.
void FormatReply(const Reply& reply, char* out, size_t size);

}  // namespace ppcosim

#endif  // PPCOSIM_TB_OP_H_
