// Watches the arbitration outputs of pp_top and reports what happened, with the cycle:
// a release finished (releasing_o fell), the owner changed (grant_o).
#ifndef PPCOSIM_TB_ARB_MONITOR_H_
#define PPCOSIM_TB_ARB_MONITOR_H_

#include <cstdint>
#include <functional>

#include "cycle_observer.h"

namespace ppcosim {

enum class ArbEventKind : uint8_t { kReleaseStarted, kReleaseDone, kGrantChanged };

struct ArbEvent {
  ArbEventKind kind;
  uint64_t cycle;
  uint32_t grant;           // grant_o after the event
  bool strobe_low = false;  // nstrobe_o low at the event: a release began with a strobe on
};

class ArbMonitor : public CycleObserver {
 public:
  explicit ArbMonitor(std::function<void(const ArbEvent&)> sink) : sink_(std::move(sink)) {}
  void OnCycle(Vpp_top& dut, uint64_t cycle) override;

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
