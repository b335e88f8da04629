#include "op.h"

#include <array>
#include <cstdio>
#include <utility>

namespace ppcosim {
namespace {

constexpr std::array<std::pair<OpKind, std::string_view>, 30> kOpNames{{
    {OpKind::kAllocate, "allocate"},
    {OpKind::kTry, "try"},
    {OpKind::kFree, "free"},
    {OpKind::kCancel, "cancel"},
    {OpKind::kWaiters, "waiters"},
    {OpKind::kOwner, "owner"},
    {OpKind::kSetMode, "mode"},
    {OpKind::kClearMode, "clear-mode"},
    {OpKind::kAwait, "await"},
    {OpKind::kWrite, "write"},
    {OpKind::kRegWrite, "reg-write"},
    {OpKind::kRegRead, "reg-read"},
    {OpKind::kNegotiate, "negotiate"},
    {OpKind::kRead, "read"},
    {OpKind::kDeviceId, "device-id"},
    {OpKind::kEppWrite, "epp-write"},
    {OpKind::kEppRead, "epp-read"},
    {OpKind::kEcpCommand, "ecp-command"},
    {OpKind::kTerminate, "terminate"},
    {OpKind::kBeginStrobe, "begin-strobe"},
    {OpKind::kIdle, "idle"},
    {OpKind::kPeripheralBusy, "peripheral-busy"},
    {OpKind::kPeripheralOffline, "peripheral-offline"},
    {OpKind::kPeripheralPaperOut, "peripheral-paper-out"},
    {OpKind::kPeripheralFault, "peripheral-fault"},
    {OpKind::kPeripheralOnline, "peripheral-online"},
    {OpKind::kExpectBytes, "expect-bytes"},
    {OpKind::kPeripheralSend, "peripheral-send"},
    {OpKind::kPeripheralStopAt, "peripheral-stop-at"},
    {OpKind::kPeripheralRefuse, "peripheral-refuse"},
}};

constexpr std::array<std::pair<Answer, std::string_view>, 17> kAnswerNames{{
    {Answer::kNone, "none"},
    {Answer::kOk, "ok"},
    {Answer::kTrue, "true"},
    {Answer::kFalse, "false"},
    {Answer::kGranted, "granted"},
    {Answer::kPending, "pending"},
    {Answer::kCancelled, "cancelled"},
    {Answer::kTimedOut, "timed-out"},
    {Answer::kNotOwner, "not-owner"},
    {Answer::kAlreadyOwner, "already-owner"},
    {Answer::kAlreadyWaiting, "already-waiting"},
    {Answer::kNotPending, "not-pending"},
    {Answer::kRejected, "rejected"},
    {Answer::kBadClient, "bad-client"},
    {Answer::kBusError, "bus-error"},
    {Answer::kGaveUp, "gave-up"},
    {Answer::kValue, "value"},
}};

constexpr std::array<std::pair<ppmodel::ChipMode, std::string_view>, 6> kModeNames{{
    {ppmodel::ChipMode::kCompatibility, "spp"},
    {ppmodel::ChipMode::kPs2Byte, "ps2"},
    {ppmodel::ChipMode::kCompatibilityFifo, "fifo"},
    {ppmodel::ChipMode::kEcp, "ecp"},
    {ppmodel::ChipMode::kEpp, "epp"},
    {ppmodel::ChipMode::kNibble, "nibble"},
}};

constexpr std::array<std::pair<uint8_t, std::string_view>, 6> kIeee1284Modes{{
    {0x00, "nibble"}, {0x01, "byte"}, {0x10, "ecp"}, {0x40, "epp"}, {0x04, "nibble-id"},
    {0x05, "byte-id"},
}};

template <typename Table, typename Key>
std::string_view NameOf(const Table& table, Key key) {
  for (const auto& [k, name] : table) {
    if (k == key) return name;
  }
  return "?";
}

template <typename Table>
auto KeyOf(const Table& table, std::string_view name)
    -> std::optional<typename Table::value_type::first_type> {
  for (const auto& [k, n] : table) {
    if (n == name) return k;
  }
  return std::nullopt;
}

}  // namespace

std::string_view OpName(OpKind kind) { return NameOf(kOpNames, kind); }
std::string_view AnswerName(Answer answer) { return NameOf(kAnswerNames, answer); }
std::string_view ModeName(ppmodel::ChipMode mode) { return NameOf(kModeNames, mode); }
std::optional<OpKind> ParseOpName(std::string_view name) { return KeyOf(kOpNames, name); }
std::optional<Answer> ParseAnswerName(std::string_view name) { return KeyOf(kAnswerNames, name); }
std::optional<ppmodel::ChipMode> ParseModeName(std::string_view name) {
  return KeyOf(kModeNames, name);
}

std::optional<uint8_t> ParseIeee1284Mode(std::string_view name) {
  return KeyOf(kIeee1284Modes, name);
}
std::string_view Ieee1284ModeName(uint8_t request) { return NameOf(kIeee1284Modes, request); }

std::vector<bool> PadFlags(const std::vector<bool>& commands, size_t size) {
  std::vector<bool> flags(size, false);
  for (size_t i = 0; i < size; ++i) flags[i] = IsCommandByte(commands, i);
  return flags;
}

std::string FormatBytes(const std::vector<uint8_t>& bytes, const std::vector<bool>& commands) {
  std::string text;
  char hex[16];
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::snprintf(hex, sizeof hex, "%s%s0x%02x", i ? " " : "",
                  IsCommandByte(commands, i) ? "cmd:" : "", bytes[i]);
    text += hex;
  }
  return text;
}

void FormatReply(const Reply& reply, char* out, size_t size) {
  const std::string_view name = AnswerName(reply.answer);
  if (reply.answer == Answer::kValue && !reply.value_known) {
    std::snprintf(out, size, "any value");
  } else if (reply.answer == Answer::kValue) {
    std::snprintf(out, size, "%d", reply.value);
  } else if (reply.answer == Answer::kGaveUp) {
    std::snprintf(out, size, "%.*s %d", static_cast<int>(name.size()), name.data(), reply.value);
  } else {
    std::snprintf(out, size, "%.*s", static_cast<int>(name.size()), name.data());
  }
}

}  // namespace ppcosim
