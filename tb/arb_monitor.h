// Watches the arbitration outputs of pp_top and reports what happened, with the cycle:
// a release started (releasing_o rose: the RTL accepted a FREE), with what the pins and the RTL
// showed then; a release finished (releasing_o fell); the owner changed (grant_o).
#ifndef PPCOSIM_TB_ARB_MONITOR_H_
#define PPCOSIM_TB_ARB_MONITOR_H_

#include <cstdint>
#include <functional>

#include "cycle_observer.h"

namespace ppcosim {

enum class ArbEventKind : uint8_t { kReleaseStarted, kReleaseDone, kGrantChanged };

// The port as a release found it, at the cycle releasing_o rose: the pins (levels), and the
// RTL's own state (pp_top's signals that tb/pp_top_observe.vlt keeps readable).
struct FreeSample {
  bool nstrobe = true;
  bool nautofd = true;
  bool ninit = true;
  bool nselectin = false;
  bool pd_oe = false;
  bool busy = false;
  bool perror = false;
  bool select = true;
  uint8_t ecr_mode = 0;        // ECR[7:5]
  bool dir_in = false;         // the data lines turned inward (CONTROL.DIR where it applies)
  bool ecp_reversed = false;   // the ECP link reversed
  uint8_t fifo_count = 0;
  bool fifo_full = false;
  bool engine_active = false;  // a handshake engine has a byte on the wire
  uint8_t waiters = 0;         // clients waiting when the FREE came (ARB_WAITERS + the chosen)
};

struct ArbEvent {
  ArbEventKind kind;
  uint64_t cycle;
  uint32_t grant;     // grant_o after the event
  FreeSample free{};  // kReleaseStarted only
};

// What the pins and the RTL show now (as of the last clock edge).
FreeSample SampleFree(const PpTopPins& pins);

class ArbMonitor : public CycleObserver {
 public:
  explicit ArbMonitor(std::function<void(const ArbEvent&)> sink) : sink_(std::move(sink)) {}
  void OnCycle(PpTopPins& pins, uint64_t cycle) override;
  // It acts only when a pin changes.
  uint64_t QuietCycles() const override { return UINT64_MAX; }

  uint64_t releases() const { return releases_; }
  uint64_t grants() const { return grants_; }

 private:
  std::function<void(const ArbEvent&)> sink_;
  bool releasing_ = false;
  uint32_t grant_ = 0;
  bool started_ = false;
  uint64_t releases_ = 0;
  uint64_t grants_ = 0;
};

}  // namespace ppcosim

#endif  // PPCOSIM_TB_ARB_MONITOR_H_
