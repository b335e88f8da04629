// Accounts for every byte the RTL accepted: matched, in order, against what the peripheral
// latched (the printer, or the IEEE 1284 peripheral in ECP forward, with its command flag) and
// who sent it; or written off by ARB_DROPPED, never guessed (a mode change that discards the
// FIFO, a release that flushes it). ARB_DROPPED also counts ECP reverse bytes received and not
// read: the caller says how many are, and they are written off first. Also judges a script's
// expect-bytes.
#ifndef PPCOSIM_TB_BYTE_SCOREBOARD_H_
#define PPCOSIM_TB_BYTE_SCOREBOARD_H_

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "arb_monitor.h"
#include "mismatch_log.h"
#include "model_predictor.h"
#include "op.h"
#include "peripheral_model.h"
#include "readings.h"

namespace ppcosim {

// Every byte the RTL accepted ends as exactly one of delivered, flushed or discarded.
struct ByteStats {
  uint64_t written = 0;      // accepted by the RTL for sending
  uint64_t delivered = 0;    // latched by the peripheral, matching
  uint64_t flushed = 0;      // flushed at a release and counted in ARB_DROPPED
  uint64_t discarded = 0;    // in the FIFO when its owner left FIFO mode behind a stalled peripheral
  uint64_t not_written = 0;  // given up by the driver before the RTL took them
  // ECP reverse bytes the controller received and nobody read, counted in ARB_DROPPED when
  // the link turned forward, the mode was left or the port released
  uint64_t reverse_dropped = 0;
};

class ByteScoreboard {
 public:
  ByteScoreboard(MismatchLog& log, int num_clients);

  // Monitor, agent and peripheral inputs, in cycle order.
  void OnArbEvent(const ArbEvent& event);
  void OnByteWritten(int client, uint8_t byte, bool command = false);
  void OnByteLatched(const LatchedByte& byte);
  // A release the model completed: the departing client's bytes still undelivered were
  // flushed, and its ARB_DROPPED reading is owed (true when one is).
  bool OnModelStep(const ModelStep& step);
  // ARB_DROPPED as the client's driver read it, with `reverse_unread` ECP reverse bytes the
  // controller received for the client and nobody read. After a mode change or a turn of the
  // link, what it grew by since the last reading is those reverse bytes, then the newest of the
  // client's bytes the chip threw away: they are written off. After a release, it must have
  // grown by the bytes the release flushed plus the reverse bytes. Returns how many of the
  // reverse bytes it wrote off.
  uint64_t OnDropReading(const DropReading& reading, uint64_t reverse_unread = 0);
  // A write's answer, which the model alone cannot give: `allowed` says whether the client may
  // write, and the bytes the RTL took during the write say whether the driver gave any up:
  // ok when the RTL took them all, else gave-up with the number it did not take.
  Reply WriteAnswer(const Reply& allowed, uint64_t wanted, uint64_t taken);
  // The bytes latched since the last expect-bytes must be op.bytes; false when not.
  bool CheckExpectBytes(const Op& op, uint64_t cycle);
  // Every byte written was delivered or reported dropped.
  void CheckEndOfRun(uint64_t cycle);

  const ByteStats& stats() const { return stats_; }
  uint64_t pending() const { return expected_.size(); }

 private:
  struct ExpectedByte {
    int client;
    uint8_t value;
    bool command;
  };
  // A finished release whose drop count has not been read yet: the departing client and the
  // bytes of its that never arrived.
  struct DropCheck {
    int client;
    uint64_t missing;
    uint64_t cycle;
  };
  uint64_t WriteOff(const DropReading& reading, uint64_t reverse_unread);
  uint64_t CheckFlushed(const DropReading& reading, uint64_t reverse_unread);

  MismatchLog& log_;
  std::deque<ExpectedByte> expected_;
  // What expect-bytes compares: the bytes latched since the last one. A script line holds far
  // fewer bytes than kLatchedKept, so past it only the count is kept (the expectation fails).
  static constexpr size_t kLatchedKept = 4096;
  std::vector<uint8_t> latched_since_mark_;
  std::vector<bool> latched_commands_since_mark_;
  uint64_t latched_since_mark_count_ = 0;
  std::optional<DropCheck> drop_check_;
  // The client's ARB_DROPPED as last read.
  std::vector<uint8_t> dropped_seen_;
  // The RTL's view, as events arrive: who owns the port and who is releasing it.
  bool rtl_releasing_ = false;
  int rtl_owner_ = -1;
  int rtl_departing_ = -1;
  ByteStats stats_;
};

}  // namespace ppcosim

#endif  // PPCOSIM_TB_BYTE_SCOREBOARD_H_
