// Reports the protocol breaches other parts of the bench notice: an RTL assertion that fired
// (the simulator prints which) and a strobe the peripheral saw while it was still busy.
#ifndef PPCOSIM_TB_PROTOCOL_MONITOR_H_
#define PPCOSIM_TB_PROTOCOL_MONITOR_H_

#include <cstdint>
#include <functional>

#include "dut_harness.h"
#include "peripheral_model.h"

namespace ppcosim {

enum class ProtocolEvent : uint8_t { kStrobeWhileBusy, kRtlAssertion };

// What an event means, for a person.
const char* ProtocolEventMessage(ProtocolEvent event);

class ProtocolMonitor {
 public:
  using Sink = std::function<void(ProtocolEvent, uint64_t cycle)>;
  ProtocolMonitor(const DutHarness& harness, const PeripheralModel& peripheral, Sink sink)
      : harness_(harness), peripheral_(peripheral), sink_(std::move(sink)) {}

  // Reports, with the current cycle, what happened since the last call: a new strobe while
  // busy, and the first assertion. Sampled at the end of each step of the run rather than each
  // cycle: the assertion flag is sticky, and a report names the step it happened in.
  void Sample();

 private:
  const DutHarness& harness_;
  const PeripheralModel& peripheral_;
  Sink sink_;
  uint64_t strobes_while_busy_reported_ = 0;
  bool assertion_reported_ = false;
};

}  // namespace ppcosim

#endif  // PPCOSIM_TB_PROTOCOL_MONITOR_H_
