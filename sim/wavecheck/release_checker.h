// Checks, from a stream of value changes, that pp_top hands the parallel port back in a clean
// state after every free. Knows nothing of files: readers feed it, tests can feed it directly.
#ifndef PPCOSIM_SIM_WAVECHECK_RELEASE_CHECKER_H_
#define PPCOSIM_SIM_WAVECHECK_RELEASE_CHECKER_H_

#include <array>
#include <cstdint>
#include <vector>

#include "ppcosim/regmap.h"
#include "signals.h"

namespace ppcosim::wavecheck {

// The release bound must admit the slowest legal release: every byte of a full FIFO waits out
// the peripheral timeout before its strobe, then termination waits out two nAck timeouts.
inline constexpr uint64_t kFifoDepth = regmap::kFifoDepthDefault;
inline constexpr uint64_t kPeripheralTimeoutNs = regmap::kBusyTimeoutSimNs;
inline constexpr uint64_t kByteCycleNs =
    regmap::kStrobeSetupNs + regmap::kStrobeWidthNs + regmap::kStrobeHoldNs;
inline constexpr uint64_t kWorstReleaseNs =
    kFifoDepth * (kPeripheralTimeoutNs + kByteCycleNs) + 2 * kPeripheralTimeoutNs;  // 1.824 ms
inline constexpr uint64_t kDefaultReleaseBoundNs = 2'000'000;
static_assert(kDefaultReleaseBoundNs >= kWorstReleaseNs, "bound must admit the worst release");

struct CheckerConfig {
  uint64_t release_bound_ps = kDefaultReleaseBoundNs * 1000;
  uint64_t min_strobe_ps = uint64_t{regmap::kStrobeWidthNs} * 1000;
  // How long the termination waits for an answer before its immediate termination.
  uint64_t term_timeout_ps = uint64_t{regmap::kTermTimeoutSimNs} * 1000;
  // The trace must be whole: a release still open at its end is a violation, not just
  // unfinished, and a trace that does not show its end (traces::TraceReader::complete) is
  // refused.
  bool require_complete = false;
};

enum class ViolationKind : uint8_t {
  kReleaseTooLong,       // releasing_o stayed high past the bound
  kReleaseUnfinished,    // releasing_o high at trace end (only with require_complete)
  kLineNotIdle,          // a control line not at compatibility idle when releasing_o fell
  kDataDriven,           // pd_oe_o high when releasing_o fell
  kGrantWhileReleasing,  // grant_o non-zero while releasing_o is high
  kGrantNotOneHot,       // grant_o with more than one bit (or an unknown bit) set
  kGrantOverlap,         // a new owner with no release since the previous owner
  kStrobeTooShort,       // an nstrobe_o low pulse shorter than the minimum
  kTermSkipped,          // 1284 active at the free, but no termination before the release end
  kTermOutOfOrder,       // a termination line moved before the event it follows (seen: the level
                         // it moved to)
};

// The release step (rtl/pp_release_seq.sv) a violation shows broken, in the step's number.
enum class ReleaseStep : uint8_t {
  kNone = 0,       // no step's: outside a release, or the release as a whole
  kDrain = 1,      // a strobe in flight lasts its minimum width
  kTerminate = 2,  // IEEE 1284 termination when nSelectIn (1284 Active) is high at the free
  kIdleLines = 3,  // control lines at compatibility idle
  kDataOff = 4,    // data lines undriven
  kGrant = 6,      // the next grant only once the release is done
};

struct Violation {
  ViolationKind kind;
  Signal signal;
  uint64_t time_ps;  // where to look in the waveform
  Value seen;
  uint64_t expected = 0;     // the expected value of `signal`, where one applies
  uint64_t measured_ps = 0;  // strobe width or release length so far
  uint64_t limit_ps = 0;     // the minimum or maximum it broke
  uint64_t previous = 0;     // the previous owner (kGrantOverlap)
  uint64_t since_ps = 0;     // when the release began (release kinds)
  ReleaseStep step = ReleaseStep::kNone;
  // Step 2: the IEEE 1284 event `signal` made (kTermOutOfOrder), or the mode's first event when
  // the free showed the mode (kTermSkipped; 0 when it did not).
  uint8_t event = 0;
  // kTermOutOfOrder: the event it must follow, made by `after_signal` moving to `after_level`.
  uint8_t after_event = 0;
  Signal after_signal = Signal::kClk;
  bool after_level = false;
};

enum class ReleaseEnd : uint8_t {
  kCompleted,    // releasing_o fell
  kOpenAtEnd,    // the trace ended first
  kResetDuring,  // rst_ni fell first
};

struct Release {
  uint64_t start_ps;  // releasing_o rose
  uint64_t end_ps;    // releasing_o fell, or where the trace or the release was cut short
  ReleaseEnd end;
};

// Properties are evaluated at rising clk_i edges on the values sampled just before the edge
// (as SVA samples), with rst_ni high. Changes within one timestamp may arrive in any order:
// a timestamp is only looked at once the next one starts, so no half-updated state is judged.
// The strobe width is measured between settled timestamps, so sub-cycle pulses count too.
class ReleaseChecker {
 public:
  explicit ReleaseChecker(const CheckerConfig& config = CheckerConfig());

  // Times never decrease from one call to the next.
  void Change(uint64_t time_ps, Signal signal, Value value);
  // Ends the trace; a release still open is reported unfinished (or violating, if required).
  void Finish(uint64_t end_time_ps);

  const CheckerConfig& config() const { return config_; }
  const std::vector<Violation>& violations() const { return violations_; }
  const std::vector<Release>& releases() const { return releases_; }
  // Rising clock edges evaluated with rst_ni high: zero means nothing was checked.
  uint64_t checked_edges() const { return checked_edges_; }

 private:
  using Values = std::array<Value, kSignalCount>;

  void CloseTimestamp();
  void MeasureStrobe(uint64_t t);
  void EvaluateEdge(uint64_t t);
  void EndRelease(uint64_t t);
  void CheckIdleAtEnd(Signal s, bool released_level, ViolationKind kind, ReleaseStep step,
                      uint64_t end_ps);
  void StartTermination();
  void TrackTermination();
  void EndTermination(uint64_t end_ps);
  void CheckGrant();
  void Report(const Violation& v) { violations_.push_back(v); }
  const Value& sampled(Signal s) const { return settled_[Index(s)]; }

  CheckerConfig config_;
  Values current_{};  // the timestamp being received
  Values settled_{};  // as at the end of the previous timestamp
  // As sampled at the last edge a release was still in progress: the bus it hands over. The
  // edge that ends it may already show the next owner driving.
  Values last_in_release_{};
  std::array<uint64_t, kSignalCount> settled_since_ps_{};
  uint64_t now_ps_ = 0;
  bool started_ = false;
  bool finished_ = false;

  bool in_release_ = false;
  bool bound_reported_ = false;
  uint64_t release_start_ps_ = 0;

  uint64_t prev_grant_ = 0;
  uint64_t last_owner_ = 0;
  bool released_since_owner_ = false;
  bool in_not_one_hot_ = false;
  bool in_grant_while_releasing_ = false;

  bool strobe_low_ = false;
  uint64_t strobe_fall_ps_ = 0;

  // Release step 2 as the pins show it, from the edge after the release began: the host's
  // events of the termination in order (kTermEvents in release_checker.cc), each after the
  // peripheral's answer to the one before.
  struct Termination {
    bool required = false;   // nSelectIn high at the edge before the free
    bool began = false;      // a termination line moved
    bool done = false;       // a whole termination seen: no more checks in this release
    int first = -1;          // the mode's first event in kTermEvents; -1: its first move decides
    int next = -1;           // the event the host makes next
    bool answered = false;   // the answer `next` waits for was seen since the event before
    uint64_t last_move_ps = 0;  // the last termination line change: a wait starts there
  };
  Termination term_;
  Values prev_edge_{};  // as sampled at the previous evaluated edge

  uint64_t checked_edges_ = 0;
  std::vector<Violation> violations_;
  std::vector<Release> releases_;
};

}  // namespace ppcosim::wavecheck

#endif  // PPCOSIM_SIM_WAVECHECK_RELEASE_CHECKER_H_
