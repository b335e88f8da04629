// Functional coverage of a co-simulation: which answers each operation produced, and which
// release situations occurred. Told what happened as it happens, it samples what it needs.
// Counted per run, printed in the summary.
#ifndef PPCOSIM_TB_COVERAGE_H_
#define PPCOSIM_TB_COVERAGE_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "arb_monitor.h"
#include "ieee1284_peripheral.h"
#include "op.h"
#include "ppmodel/port_arbiter.h"

namespace ppcosim {

enum class ReleaseBin : uint8_t {
  kToNextWaiter,
  kToFreePort,
  kWithDrain,
  kWithDrops,
  kMidStrobe,  // began with nStrobe low: step 1 must give the strobe its full width
  kCount
};

// The release situations: what a release must cope with, sampled from the pins and the RTL at
// every FREE the RTL accepts (the release start), plus the requests that race a release. A
// flat list of named bins, none a cross of others; the random regression must reach every one
// (its merged table, scripts/coverage-merge.py).
enum class Situation : uint8_t {
  kStrobeLow,       // nStrobe low: a strobe under way (mid-strobe)
  kAutofdLow,
  kInitLow,
  kSelectinHigh,
  kDataDriven,
  kDataUndriven,
  kDirectionReverse,  // the data lines turned inward, or the ECP link reversed
  kFifoEmpty,
  kFifoPartly,
  kFifoFull,
  kByteOnWire,      // a handshake engine (Centronics or ECP) mid-byte
  kBusy,            // the printer in compatibility mode: Busy high (stalled)
  kOffline,         // ... Select low
  kPaperOut,        // ... PError high
  kMode000,         // ECR modes, in order up to kMode111
  kMode111 = kMode000 + 7,
  kPeriphCompat,    // the peripheral model's IEEE 1284 state
  kPeriphNibbleIdle,
  kPeriphByteIdle,
  kPeriphEcpForwardIdle,
  kPeriphEcpReverse,
  kPeriphEpp,
  kWaiters0,
  kWaiters1,
  kWaitersSeveral,
  kTryDuringRelease,
  kAllocateDuringRelease,
  kCancelBefore,    // a waiter cancelled while the owner still held the port
  kCancelDuring,    // a cancel in the release's window, racing the hand-over
  kCancelAfter,     // the release granted the waiter before its cancel came (not-pending)
  kDriverTimeout,   // an await gave up: the driver cancelled its queued allocate
  kCount
};

struct SituationCount {
  const char* name;
  uint64_t hits;
};

class Coverage {
 public:
  // An operation the RTL accepted at `cycle` and answered with `answer`, and the model's
  // waiters after it.
  void OnOperation(const Op& op, Answer answer, int waiters, uint64_t cycle);
  // The peripheral model's IEEE 1284 state as the RTL starts a release (before OnArbEvent).
  void OnFreePeripheral(Ieee1284Mode mode, Ieee1284Phase phase);
  // The RTL's events as they arrive, and each byte the peripheral latched: a release during
  // which bytes were latched drained them.
  void OnArbEvent(const ArbEvent& event);
  void OnByteLatched();
  // The model completed a release, with `undelivered` bytes written but not latched.
  void OnReleaseCompleted(ppmodel::ReleaseResult result, uint64_t undelivered);
  // The peripheral left an IEEE 1284 mode: during a release, the port was freed from it.
  void OnIeee1284Termination(const Termination& termination);
  // ECP: a read that got bytes through the FIFO; a release that began with the link reversed.
  void OnEcpReverseRead() { ++ecp_reverse_reads_; }
  void OnFreedFromEcpReverse() { ++freed_from_ecp_reverse_; }

  // The bins a full run should reach, and how many it did.
  int goals_hit() const;
  int goals_total() const;
  std::vector<std::string> missed_goals() const;
  // Every release situation with its hits, in a fixed order.
  std::vector<SituationCount> situations() const;
  int situations_hit() const;
  // {"release_situations": [{"bin": NAME, "hits": N}, ...]}, one bin a line, every bin listed.
  std::string SituationsJson() const;

 private:
  static constexpr size_t kOps = static_cast<size_t>(OpKind::kPeripheralRefuse) + 1;
  static constexpr size_t kAnswers = static_cast<size_t>(Answer::kValue) + 1;
  std::array<std::array<uint64_t, kAnswers>, kOps> op_answer_{};
  std::array<uint64_t, static_cast<size_t>(ReleaseBin::kCount)> release_{};
  // Indexed by Ieee1284Mode: frees from inside each IEEE 1284 mode.
  std::array<uint64_t, static_cast<size_t>(Ieee1284Mode::kEpp) + 1> freed_from_{};
  uint64_t ecp_reverse_reads_ = 0;
  uint64_t freed_from_ecp_reverse_ = 0;
  int max_waiters_ = 0;
  void Hit(Situation s) { ++situation_[static_cast<size_t>(s)]; }
  void SampleFree(const FreeSample& free);
  // `cycle` falls inside the last release (from its FREE to its end).
  bool InRelease(uint64_t cycle) const;

  bool rtl_releasing_ = false;
  uint64_t latched_in_release_ = 0;
  std::array<uint64_t, static_cast<size_t>(Situation::kCount)> situation_{};
  std::optional<Situation> periph_at_free_;
  bool periph_compat_at_free_ = true;
  uint64_t release_start_ = UINT64_MAX;
  uint64_t release_end_ = 0;
  // The RTL's owner (-1: none), and whether the last release handed the port to it.
  int rtl_owner_ = -1;
  bool owner_by_handover_ = false;
};

}  // namespace ppcosim

#endif  // PPCOSIM_TB_COVERAGE_H_
