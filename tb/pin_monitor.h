// Checks the parallel pins against IEEE 1284 compatibility-mode timing, every cycle:
// nStrobe low at least tstb, data stable tsetup before nStrobe falls and thold after it rises,
// the data lines driven only while someone owns the port (or a release finishes its byte), and
// the bus released (ppcosim/regmap.h IsReleasedBus: control lines at compatibility idle, data
// not driven) when a release ends.
#ifndef PPCOSIM_TB_PIN_MONITOR_H_
#define PPCOSIM_TB_PIN_MONITOR_H_

#include <cstdint>
#include <functional>

#include "cycle_observer.h"

namespace ppcosim {

enum class PinViolation : uint8_t {
  kRuntStrobe,
  kSetup,
  kHold,
  kDriveWithoutOwner,
  kNotIdleAfterRelease,     // release step 3: control lines not at compatibility idle at its end
  kDrivenAfterRelease,      // release step 4: data lines still driven at its end
};

// What a violation means, for a person; a violation of a release step names the step
// (rtl/pp_release_seq.sv), e.g. "step 4: release ended with the data lines still driven".
const char* PinViolationMessage(PinViolation violation);

class PinMonitor : public CycleObserver {
 public:
  using Sink = std::function<void(PinViolation, uint64_t cycle)>;
  PinMonitor(uint64_t clock_period_ns, Sink sink);
  void OnCycle(PpTopPins& pins, uint64_t cycle) override;
  // It acts only when a pin changes.
  uint64_t QuietCycles() const override { return UINT64_MAX; }

  uint64_t strobes() const { return strobes_; }
  uint64_t min_strobe_cycles() const { return min_strobe_cycles_; }

 private:
  uint64_t width_cycles_;
  uint64_t setup_cycles_;
  uint64_t hold_cycles_;
  Sink sink_;
  bool started_ = false;
  bool nstrobe_ = true;
  uint8_t data_ = 0;
  bool driving_ = false;
  bool releasing_ = false;
  bool unowned_drive_ = false;
  bool released_idle_ = true;
  bool released_undriven_ = true;
  uint64_t strobe_fell_ = 0;
  uint64_t strobe_rose_ = 0;
  uint64_t data_changed_ = 0;
  bool in_hold_ = false;
  bool compat_strobe_ = true;  // the last strobe fell with nSelectIn low
  uint64_t strobes_ = 0;
  uint64_t min_strobe_cycles_ = UINT64_MAX;
};

}  // namespace ppcosim

#endif  // PPCOSIM_TB_PIN_MONITOR_H_
