#include "pin_monitor.h"

#include "ppcosim/regmap.h"

namespace ppcosim {

const char* PinViolationMessage(PinViolation violation) {
  switch (violation) {
    case PinViolation::kRuntStrobe: return "nStrobe low shorter than tstb";
    case PinViolation::kSetup: return "data changed within tsetup of nStrobe falling";
    case PinViolation::kHold: return "data changed within thold of nStrobe rising";
    case PinViolation::kDriveWithoutOwner: return "data lines driven while nobody owns the port";
    case PinViolation::kNotIdleAfterRelease:
      return "step 3: release ended with the control lines off compatibility idle";
    case PinViolation::kDrivenAfterRelease:
      return "step 4: release ended with the data lines still driven";
  }
  return "unknown pin violation";
}

PinMonitor::PinMonitor(uint64_t clock_period_ns, Sink sink)
    // The RTL converts with a ceiling; a monitor that rounds down never flags a legal pulse.
    : width_cycles_(regmap::kStrobeWidthNs / clock_period_ns),
      setup_cycles_(regmap::kStrobeSetupNs / clock_period_ns),
      hold_cycles_(regmap::kStrobeHoldNs / clock_period_ns),
      sink_(std::move(sink)) {}

void PinMonitor::OnCycle(PpTopPins& pins, uint64_t cycle) {
  const bool nstrobe = pins.nstrobe;
  const uint8_t data = pins.pd;
  const bool driving = pins.pd_oe;
  if (!started_ || !pins.rst_ni) {
    started_ = pins.rst_ni;
    releasing_ = pins.releasing;
    nstrobe_ = nstrobe;
    data_ = data;
    driving_ = driving;
    return;
  }
  const bool releasing = pins.releasing;
  // A release may still drive the byte in flight; after it, nobody may. One report per episode.
  const bool unowned_drive = driving && pins.grant == 0 && !releasing;
  if (unowned_drive && !unowned_drive_) sink_(PinViolation::kDriveWithoutOwner, cycle);
  unowned_drive_ = unowned_drive;
  // The last cycle of a release shows the bus it hands over (the next owner may drive at once).
  if (releasing_ && !releasing) {
    if (!released_idle_) sink_(PinViolation::kNotIdleAfterRelease, cycle);
    if (!released_undriven_) sink_(PinViolation::kDrivenAfterRelease, cycle);
  }
  if (releasing) {
    released_idle_ = regmap::IsReleasedControl(pins.nstrobe, pins.nautofd, pins.ninit,
                                               pins.nselectin);
    released_undriven_ = driving == regmap::kReleasedPdOe;
  }
  releasing_ = releasing;
  // Centronics timing is compatibility mode's: with nSelectIn (1284 Active) high, nStrobe is
  // HostClk or EPP's nWrite, timed by the IEEE 1284 handshake instead.
  const bool compat = !pins.nselectin;
  const bool data_changed = data != data_ || driving != driving_;
  if (data_changed) {
    if (!nstrobe_ && compat_strobe_) sink_(PinViolation::kSetup, cycle);  // moved under a strobe
    if (in_hold_ && cycle - strobe_rose_ < hold_cycles_) sink_(PinViolation::kHold, cycle);
    in_hold_ = false;
    data_changed_ = cycle;
  }
  if (nstrobe_ && !nstrobe) {
    strobe_fell_ = cycle;
    compat_strobe_ = compat;
    if (compat && cycle - data_changed_ < setup_cycles_) sink_(PinViolation::kSetup, cycle);
  }
  if (!nstrobe_ && nstrobe && compat_strobe_) {
    const uint64_t width = cycle - strobe_fell_;
    ++strobes_;
    if (width < min_strobe_cycles_) min_strobe_cycles_ = width;
    if (width < width_cycles_) sink_(PinViolation::kRuntStrobe, cycle);
    strobe_rose_ = cycle;
    in_hold_ = true;
  }
  nstrobe_ = nstrobe;
  data_ = data;
  driving_ = driving;
}

}  // namespace ppcosim
