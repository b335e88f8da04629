#include "protocol_monitor.h"

namespace ppcosim {

const char* ProtocolEventMessage(ProtocolEvent event) {
  switch (event) {
    case ProtocolEvent::kStrobeWhileBusy:
      return "nStrobe fell while the peripheral was still busy with the last byte";
    case ProtocolEvent::kRtlAssertion:
      break;
  }
  return "an RTL assertion failed (see the simulator output above)";
}

void ProtocolMonitor::Sample() {
  if (peripheral_.strobes_while_busy() > strobes_while_busy_reported_) {
    strobes_while_busy_reported_ = peripheral_.strobes_while_busy();
    sink_(ProtocolEvent::kStrobeWhileBusy, harness_.cycle());
  }
  if (harness_.assertion_failed() && !assertion_reported_) {
    assertion_reported_ = true;
    sink_(ProtocolEvent::kRtlAssertion, harness_.cycle());
  }
}

}  // namespace ppcosim
