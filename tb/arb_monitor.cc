#include "arb_monitor.h"

#include "Vpp_top.h"

namespace ppcosim {

void ArbMonitor::OnCycle(Vpp_top& dut, uint64_t cycle) {
  const bool releasing = dut.releasing_o;
  const uint32_t grant = dut.grant_o;
  if (!started_ || !dut.rst_ni) {
    // Reset values are the starting point, not events.
    releasing_ = releasing;
    grant_ = grant;
    started_ = dut.rst_ni;
    return;
  }
  // Release edges first: at a shared edge the release ends before the new grant.
  if (releasing && !releasing_) {
    sink_({ArbEventKind::kReleaseStarted, cycle, grant, !dut.nstrobe_o});
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
