#include "byte_scoreboard.h"

#include <algorithm>
#include <string>

namespace ppcosim {
namespace {

// " 0x41 cmd:0x05", or " none".
std::string ByteList(const std::vector<uint8_t>& bytes, const std::vector<bool>& commands) {
  return bytes.empty() ? " none" : " " + FormatBytes(bytes, commands);
}

// "0x41", or "command byte 0x05".
std::string Describe(uint8_t value, bool command) {
  return (command ? "command byte " : "") + Hex(value);
}


}  // namespace

ByteScoreboard::ByteScoreboard(MismatchLog& log, int num_clients)
    : log_(log), dropped_seen_(static_cast<size_t>(num_clients), 0) {}

void ByteScoreboard::OnArbEvent(const ArbEvent& event) {
  if (event.kind == ArbEventKind::kReleaseStarted) {
    rtl_releasing_ = true;
    rtl_departing_ = rtl_owner_;
  } else if (event.kind == ArbEventKind::kReleaseDone) {
    rtl_releasing_ = false;
    rtl_departing_ = -1;
  }
  if (event.kind == ArbEventKind::kGrantChanged || event.kind == ArbEventKind::kReleaseDone) {
    rtl_owner_ = -1;
    for (int c = 0; c < 32; ++c) {
      if (event.grant == (1u << c)) rtl_owner_ = c;
    }
  }
}

void ByteScoreboard::OnByteWritten(int client, uint8_t byte, bool command) {
  ++stats_.written;
  expected_.push_back({client, byte, command});
}

void ByteScoreboard::OnByteLatched(const LatchedByte& byte) {
  if (latched_since_mark_.size() < kLatchedKept) {
    latched_since_mark_.push_back(byte.value);
    latched_commands_since_mark_.push_back(byte.command);
  }
  ++latched_since_mark_count_;
  if (!byte.driven) {
    log_.Report(MismatchKind::kUndrivenByte, byte.cycle, 0, -1,
                "nStrobe fell while the data lines were not driven");
    return;
  }
  if (expected_.empty()) {
    log_.Report(MismatchKind::kByte, byte.cycle, 0, -1,
                "peripheral latched " + Describe(byte.value, byte.command) +
                    " that nobody wrote");
    return;
  }
  const ExpectedByte want = expected_.front();
  expected_.pop_front();
  const int sender = rtl_releasing_ ? rtl_departing_ : rtl_owner_;
  if (want.client != sender) {
    log_.Report(MismatchKind::kByte, byte.cycle, 0, want.client,
                "peripheral latched " + Hex(byte.value) + " of client " +
                    std::to_string(want.client) + " while " +
                    (sender >= 0 ? "client " + std::to_string(sender) : "nobody") + " " +
                    (rtl_releasing_ ? "was being released" : "owned the port"));
    return;
  }
  if (want.value != byte.value || want.command != byte.command) {
    log_.Report(MismatchKind::kByte, byte.cycle, 0, want.client,
                "peripheral latched " + Describe(byte.value, byte.command) + ", client " +
                    std::to_string(want.client) + " wrote " + Describe(want.value, want.command));
    return;
  }
  ++stats_.delivered;
}

bool ByteScoreboard::OnModelStep(const ModelStep& step) {
  if (step.event.kind != ArbEventKind::kReleaseDone || !step.before.departing) return false;
  drop_check_ = DropCheck{*step.before.departing, expected_.size(), step.event.cycle};
  return true;
}

uint64_t ByteScoreboard::OnDropReading(const DropReading& reading, uint64_t reverse_unread) {
  if (reading.cause == DropCause::kRelease) return CheckFlushed(reading, reverse_unread);
  return WriteOff(reading, reverse_unread);
}

uint64_t ByteScoreboard::WriteOff(const DropReading& reading, uint64_t reverse_unread) {
  uint8_t& seen = dropped_seen_[static_cast<size_t>(reading.client)];
  // ARB_DROPPED counts modulo 256; between two readings it grows by at most a FIFO.
  const uint8_t total = static_cast<uint8_t>(reading.count - seen);
  seen = reading.count;
  // The FIFO holds one direction's bytes at a time: reverse bytes not read go first.
  const uint64_t reverse = std::min<uint64_t>(total, reverse_unread);
  stats_.reverse_dropped += reverse;
  const auto grew = static_cast<uint8_t>(total - reverse);
  // The FIFO holds the newest bytes; the oldest may be on the wire or already delivered.
  uint64_t owned = 0;
  for (const ExpectedByte& b : expected_) owned += b.client == reading.client;
  if (grew > owned) {
    log_.Report(MismatchKind::kDropCount, reading.cycle, 0, reading.client,
                "ARB_DROPPED grew by " + std::to_string(grew) + ", but only " +
                    std::to_string(owned) + " byte(s) of the client are undelivered");
  }
  for (uint8_t i = 0; i < grew && !expected_.empty(); ++i) expected_.pop_back();
  stats_.discarded += grew;
  return reverse;
}

uint64_t ByteScoreboard::CheckFlushed(const DropReading& reading, uint64_t reverse_unread) {
  if (!drop_check_ || drop_check_->client != reading.client) return 0;
  const DropCheck check = *drop_check_;
  drop_check_.reset();
  uint8_t& seen = dropped_seen_[static_cast<size_t>(check.client)];
  const uint8_t grew = static_cast<uint8_t>(reading.count - seen);
  if (grew != check.missing + reverse_unread) {
    const std::string reverse =
        reverse_unread ? " and " + std::to_string(reverse_unread) + " ECP reverse byte(s) unread"
                       : "";
    log_.Report(MismatchKind::kDropCount, check.cycle, 0, check.client,
                "release dropped " + std::to_string(check.missing) + " byte(s) of client " +
                    std::to_string(check.client) + reverse + ", ARB_DROPPED grew by " +
                    std::to_string(grew));
  }
  seen = reading.count;
  stats_.flushed += check.missing;
  stats_.reverse_dropped += reverse_unread;
  expected_.clear();
  return reverse_unread;
}

Reply ByteScoreboard::WriteAnswer(const Reply& allowed, uint64_t wanted, uint64_t taken) {
  if (allowed.answer != Answer::kOk || taken >= wanted) return allowed;
  stats_.not_written += wanted - taken;
  return {Answer::kGaveUp, static_cast<int>(wanted - taken)};
}

bool ByteScoreboard::CheckExpectBytes(const Op& op, uint64_t cycle) {
  std::vector<uint8_t> seen;
  std::vector<bool> seen_commands;
  seen.swap(latched_since_mark_);
  seen_commands.swap(latched_commands_since_mark_);
  const uint64_t count = latched_since_mark_count_;
  latched_since_mark_count_ = 0;
  if (count == seen.size() && seen == op.bytes &&
      seen_commands == PadFlags(op.commands, op.bytes.size())) {
    return true;
  }
  const std::string more =
      count > seen.size() ? " and " + std::to_string(count - seen.size()) + " more" : "";
  log_.Report(MismatchKind::kExpectation, cycle, op.line, -1,
              "expect-bytes: expected" + ByteList(op.bytes, op.commands) +
                  ", peripheral latched" + ByteList(seen, seen_commands) + more);
  return false;
}

void ByteScoreboard::CheckEndOfRun(uint64_t cycle) {
  if (!expected_.empty()) {
    log_.Report(MismatchKind::kByte, cycle, 0, -1,
                std::to_string(expected_.size()) +
                    " byte(s) written but neither delivered nor reported dropped");
  }
}

}  // namespace ppcosim
