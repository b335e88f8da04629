#include "arb_monitor.h"


namespace ppcosim {

FreeSample SampleFree(const PpTopPins& pins) {
  FreeSample s;
  s.nstrobe = pins.nstrobe;
  s.nautofd = pins.nautofd;
  s.ninit = pins.ninit;
  s.nselectin = pins.nselectin;
  s.pd_oe = pins.pd_oe;
  s.busy = pins.peripheral.busy;
  s.perror = pins.peripheral.perror;
  s.select = pins.peripheral.select;
  s.ecr_mode = pins.ecr_mode;
  s.dir_in = pins.dir_in;
  s.ecp_reversed = pins.ecp_reversed;
  s.fifo_count = pins.fifo_count;
  s.fifo_full = pins.fifo_full;
  s.engine_active = pins.hs_active || pins.ecp_active;
  // The FREE has already taken its chosen waiter out of ARB_WAITERS: count it back in.
  s.waiters = static_cast<uint8_t>(pins.waiters + pins.chosen_valid);
  return s;
}

void ArbMonitor::OnCycle(PpTopPins& pins, uint64_t cycle) {
  const bool releasing = pins.releasing;
  const uint32_t grant = pins.grant;
  if (!started_ || !pins.rst_ni) {
    // Reset values are the starting point, not events.
    releasing_ = releasing;
    grant_ = grant;
    started_ = pins.rst_ni;
    return;
  }
  // Release edges first: at a shared edge the release ends before the new grant.
  if (releasing && !releasing_) {
    sink_({ArbEventKind::kReleaseStarted, cycle, grant, SampleFree(pins)});
  }
  if (!releasing && releasing_) {
    ++releases_;
    sink_({ArbEventKind::kReleaseDone, cycle, grant});
  }
  if (grant != grant_) {
    if (grant != 0) ++grants_;
    sink_({ArbEventKind::kGrantChanged, cycle, grant});
  }
  releasing_ = releasing;
  grant_ = grant;
}

}  // namespace ppcosim
