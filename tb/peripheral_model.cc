#include "peripheral_model.h"

#include <algorithm>

#include "cycle_observer.h"

namespace ppcosim {

PeripheralModel::PeripheralModel(uint64_t seed, const PeripheralTiming& timing)
    : timing_(timing), rng_(seed ^ 0x5eed'1284'0000'0001ULL) {}

void PeripheralModel::Enter(Phase phase, uint64_t cycles) {
  phase_ = phase;
  phase_end_ = now_ + cycles;
}

uint64_t PeripheralModel::QuietCycles() const {
  // The first cycle at which a phase ends, a condition lapses or a stall lets Busy fall.
  uint64_t due = UINT64_MAX;
  switch (phase_) {
    case Phase::kIdle:
      break;
    case Phase::kBusyDelay:
    case Phase::kAck:
      due = phase_end_;
      break;
    case Phase::kProcessing:
      due = std::max(phase_end_, stall_until_);
      break;
  }
  due = std::min(due, condition_until_);
  if (stall_until_ > now_) due = std::min(due, stall_until_);
  return due == UINT64_MAX ? UINT64_MAX : CyclesBefore(due, now_);
}

PeripheralPins PeripheralModel::Step(const HostPins& in, uint64_t cycle) {
  now_ = cycle;
  const bool nstrobe = in.nstrobe;
  const bool strobe_fell = prev_nstrobe_ && !nstrobe;
  prev_nstrobe_ = nstrobe;

  if (strobe_fell) {
    // A strobe is a byte, whatever state we are in: latch it, and note a host that did not wait.
    if (busy_ || phase_ != Phase::kIdle) ++strobes_while_busy_;
    const LatchedByte byte{in.data, in.data_oe, cycle};
    ++latched_count_;
    if (listener_) listener_(byte);
    Enter(Phase::kBusyDelay, timing_.busy_delay_cycles);
  }

  bool nack = true;
  switch (phase_) {
    case Phase::kIdle:
      busy_ = false;
      break;
    case Phase::kBusyDelay:
      if (now_ >= phase_end_) {
        busy_ = true;
        const uint64_t jitter =
            timing_.process_jitter_cycles ? rng_() % (timing_.process_jitter_cycles + 1) : 0;
        Enter(Phase::kProcessing, timing_.process_cycles + jitter);
      }
      break;
    case Phase::kProcessing:
      if (now_ >= phase_end_ && now_ >= stall_until_) Enter(Phase::kAck, timing_.ack_cycles);
      break;
    case Phase::kAck:
      nack = false;
      if (now_ >= phase_end_) {
        busy_ = false;
        phase_ = Phase::kIdle;
      }
      break;
  }

  if (now_ >= condition_until_) SetCondition(PrinterCondition::kReady);
  // A printer that is offline, out of paper or in error also says Busy and nFault.
  const bool not_ready = condition_ != PrinterCondition::kReady;
  PeripheralPins out;
  out.busy = busy_ || now_ < stall_until_ || not_ready;
  out.nack = nack;
  out.select = condition_ != PrinterCondition::kOffline;
  out.perror = condition_ == PrinterCondition::kPaperOut;
  out.nfault = !not_ready;
  return out;
}

}  // namespace ppcosim
