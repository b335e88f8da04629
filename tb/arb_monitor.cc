#include "arb_monitor.h"

#include "Vpp_top.h"
#include "Vpp_top___024root.h"

namespace ppcosim {

FreeSample SampleFree(Vpp_top& dut) {
  const Vpp_top___024root& rtl = *dut.rootp;
  FreeSample s;
  s.nstrobe = dut.nstrobe_o;
  s.nautofd = dut.nautofd_o;
  s.ninit = dut.ninit_o;
  s.nselectin = dut.nselectin_o;
  s.pd_oe = dut.pd_oe_o;
  s.busy = dut.busy_i;
  s.perror = dut.perror_i;
  s.select = dut.select_i;
  s.ecr_mode = rtl.pp_top__DOT__mode;
  s.dir_in = rtl.pp_top__DOT__dir_in;
  s.ecp_reversed = rtl.pp_top__DOT__ecp_reversed;
  s.fifo_count = rtl.pp_top__DOT__fifo_count;
  s.fifo_full = rtl.pp_top__DOT__fifo_full;
  s.engine_active = rtl.pp_top__DOT__hs_active || rtl.pp_top__DOT__ecp_active;
  // The FREE has already taken its chosen waiter out of ARB_WAITERS: count it back in.
  s.waiters = static_cast<uint8_t>(rtl.pp_top__DOT__waiters + rtl.pp_top__DOT__chosen_valid);
  return s;
}

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
    sink_({ArbEventKind::kReleaseStarted, cycle, grant, SampleFree(dut)});
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
