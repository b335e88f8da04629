#include "release_checker.h"

#include <algorithm>

namespace ppcosim::wavecheck {

ReleaseChecker::ReleaseChecker(const CheckerConfig& config) : config_(config) {}

void ReleaseChecker::Change(uint64_t time_ps, Signal signal, Value value) {
  if (finished_) return;
  if (!started_) {
    started_ = true;
    now_ps_ = time_ps;
  } else if (time_ps > now_ps_) {
    CloseTimestamp();
    now_ps_ = time_ps;
  }
  current_[Index(signal)] = value;
}

void ReleaseChecker::Finish(uint64_t end_time_ps) {
  if (finished_) return;
  finished_ = true;
  if (started_) CloseTimestamp();
  const uint64_t end = std::max(end_time_ps, now_ps_);
  if (!in_release_) return;
  in_release_ = false;
  const uint64_t length = end - release_start_ps_;
  if (!bound_reported_ && length > config_.release_bound_ps) {
    Report({ViolationKind::kReleaseTooLong, Signal::kReleasing,
            release_start_ps_ + config_.release_bound_ps, KnownValue(1), 0, length,
            config_.release_bound_ps, 0, release_start_ps_});
  }
  releases_.push_back({release_start_ps_, end, ReleaseEnd::kOpenAtEnd});
  if (config_.require_complete) {
    Report({ViolationKind::kReleaseUnfinished, Signal::kReleasing, release_start_ps_, KnownValue(1),
            0, length, config_.release_bound_ps, 0, release_start_ps_});
  }
}

void ReleaseChecker::CloseTimestamp() {
  const uint64_t t = now_ps_;
  MeasureStrobe(t);
  if (settled_[Index(Signal::kClk)].Is(0) && current_[Index(Signal::kClk)].Is(1)) {
    EvaluateEdge(t);
  }
  for (size_t i = 0; i < kSignalCount; ++i) {
    if (current_[i] != settled_[i]) {
      settled_[i] = current_[i];
      settled_since_ps_[i] = t;
    }
  }
}

void ReleaseChecker::MeasureStrobe(uint64_t t) {
  const Value& before = settled_[Index(Signal::kNStrobe)];
  const Value& after = current_[Index(Signal::kNStrobe)];
  if (!current_[Index(Signal::kRstN)].Is(1) || !after.known()) {
    strobe_low_ = false;  // a pulse cut by reset or an unknown level has no width to judge
    return;
  }
  if (before.Is(1) && after.Is(0)) {
    strobe_low_ = true;
    strobe_fall_ps_ = t;
  } else if (before.Is(0) && after.Is(1) && strobe_low_) {
    strobe_low_ = false;
    const uint64_t width = t - strobe_fall_ps_;
    if (width < config_.min_strobe_ps) {
      // A pulse a release ends too early breaks its step 1, which lets it finish.
      Report({ViolationKind::kStrobeTooShort, Signal::kNStrobe, strobe_fall_ps_, KnownValue(0), 1,
              width, config_.min_strobe_ps, 0, 0,
              in_release_ ? ReleaseStep::kDrain : ReleaseStep::kNone});
    }
  }
}

void ReleaseChecker::EvaluateEdge(uint64_t t) {
  if (!sampled(Signal::kRstN).Is(1)) {
    if (in_release_) {
      releases_.push_back({release_start_ps_, t, ReleaseEnd::kResetDuring});
      in_release_ = false;
    }
    prev_grant_ = 0;
    last_owner_ = 0;
    released_since_owner_ = false;
    in_not_one_hot_ = false;
    in_grant_while_releasing_ = false;
    return;
  }
  ++checked_edges_;
  const Value& releasing = sampled(Signal::kReleasing);
  if (!in_release_ && releasing.Is(1)) {
    in_release_ = true;
    bound_reported_ = false;
    release_start_ps_ = settled_since_ps_[Index(Signal::kReleasing)];
    released_since_owner_ = true;
    StartTermination();
  } else if (in_release_ && releasing.Is(0)) {
    EndRelease(settled_since_ps_[Index(Signal::kReleasing)]);
  } else if (in_release_) {
    TrackTermination();
  }
  if (in_release_) last_in_release_ = settled_;
  prev_edge_ = settled_;
  if (in_release_ && !bound_reported_ && t - release_start_ps_ > config_.release_bound_ps) {
    bound_reported_ = true;
    Report({ViolationKind::kReleaseTooLong, Signal::kReleasing,
            release_start_ps_ + config_.release_bound_ps, releasing, 0, t - release_start_ps_,
            config_.release_bound_ps, 0, release_start_ps_});
  }
  CheckGrant();
}

void ReleaseChecker::EndRelease(uint64_t end_ps) {
  in_release_ = false;
  releases_.push_back({release_start_ps_, end_ps, ReleaseEnd::kCompleted});
  const uint64_t length = end_ps - release_start_ps_;
  if (!bound_reported_ && length > config_.release_bound_ps) {
    Report({ViolationKind::kReleaseTooLong, Signal::kReleasing,
            release_start_ps_ + config_.release_bound_ps, KnownValue(1), 0, length,
            config_.release_bound_ps, 0, release_start_ps_});
  }
  // The released bus (ppcosim/regmap.h): step 3's control lines at compatibility idle, step 4's
  // data lines undriven.
  constexpr ViolationKind kLine = ViolationKind::kLineNotIdle;
  constexpr ReleaseStep kLines = ReleaseStep::kIdleLines;
  CheckIdleAtEnd(Signal::kNStrobe, regmap::kReleasedNStrobe, kLine, kLines, end_ps);
  CheckIdleAtEnd(Signal::kNAutoFd, regmap::kReleasedNAutoFd, kLine, kLines, end_ps);
  CheckIdleAtEnd(Signal::kNInit, regmap::kReleasedNInit, kLine, kLines, end_ps);
  CheckIdleAtEnd(Signal::kNSelectIn, regmap::kReleasedNSelectIn, kLine, kLines, end_ps);
  CheckIdleAtEnd(Signal::kPdOe, regmap::kReleasedPdOe, ViolationKind::kDataDriven,
                 ReleaseStep::kDataOff, end_ps);
  EndTermination(end_ps);
}

void ReleaseChecker::StartTermination() {
  term_ = Termination();
  // The free found nSelectIn as the owner left it: the edge that shows releasing_o high may
  // already show the release's own lines.
  term_.required = prev_edge_[Index(Signal::kNSelectIn)].Is(1);
}

// Follows the events of rtl/pp_1284_term.sv on the pins: the EPP nInit pulse, Events 22..29,
// or an immediate termination (nSelectIn low, nAutoFd high) after a wait with no answer.
void ReleaseChecker::TrackTermination() {
  Termination& m = term_;
  if (!m.required || m.done) return;
  const auto fell = [&](Signal s) { return prev_edge_[Index(s)].Is(1) && sampled(s).Is(0); };
  const auto rose = [&](Signal s) { return prev_edge_[Index(s)].Is(0) && sampled(s).Is(1); };
  const auto since = [&](Signal s) { return settled_since_ps_[Index(s)]; };
  const bool lines_moved = fell(Signal::kNSelectIn) || rose(Signal::kNSelectIn) ||
                           fell(Signal::kNAutoFd) || rose(Signal::kNAutoFd) ||
                           fell(Signal::kNInit) || rose(Signal::kNInit);
  if (lines_moved) {
    uint64_t moved_ps = 0;
    for (Signal s : {Signal::kNSelectIn, Signal::kNAutoFd, Signal::kNInit}) {
      if (fell(s) || rose(s)) moved_ps = std::max(moved_ps, since(s));
    }
    // A wait that ran out ends in the immediate termination's levels.
    const bool immediate = m.began && moved_ps - m.last_move_ps >= config_.term_timeout_ps &&
                           sampled(Signal::kNSelectIn).Is(0) && sampled(Signal::kNAutoFd).Is(1);
    m.began = true;
    m.last_move_ps = moved_ps;
    if (immediate) {
      m.done = true;
      return;
    }
  }
  if (fell(Signal::kNInit)) m.epp_low = true;
  if (m.epp_low && rose(Signal::kNInit)) {
    m.done = true;  // Event 69; nSelectIn low by the end is step 3's check
    return;
  }
  if (m.epp_low) return;
  if (fell(Signal::kNSelectIn)) m.requested = true;
  // A trace without nack_i (or with it unknown) cannot show the order: not judged.
  const bool nack_known = sampled(Signal::kNAck).known();
  if (m.requested && !m.autofd_low && fell(Signal::kNAutoFd)) {
    if (!m.acked && nack_known) {
      Report({ViolationKind::kTermOutOfOrder, Signal::kNAutoFd, since(Signal::kNAutoFd),
              KnownValue(0), 1, 0, 0, 0, release_start_ps_, ReleaseStep::kTerminate});
      m.done = true;
      return;
    }
    m.autofd_low = true;
    m.autofd_low_ps = since(Signal::kNAutoFd);
  } else if (m.autofd_low && rose(Signal::kNAutoFd)) {
    const bool timed_out = since(Signal::kNAutoFd) - m.autofd_low_ps >= config_.term_timeout_ps;
    if (!m.ack_high && !timed_out && nack_known) {
      Report({ViolationKind::kTermOutOfOrder, Signal::kNAutoFd, since(Signal::kNAutoFd),
              KnownValue(1), 0, 0, config_.term_timeout_ps, 0, release_start_ps_,
              ReleaseStep::kTerminate});
    }
    m.done = true;  // Event 29, or the immediate termination after Event 27's wait
    return;
  }
  // The answers count from the next edge on: the termination reacts to them only then.
  if (m.requested && sampled(Signal::kNAck).Is(0)) m.acked = true;
  if (m.autofd_low && sampled(Signal::kNAck).Is(1)) m.ack_high = true;
}

void ReleaseChecker::EndTermination(uint64_t end_ps) {
  Termination& m = term_;
  if (!m.required || m.done) return;
  // Still waiting for an answer when the release ended: an immediate termination if the wait
  // ran out first.
  if (m.began && end_ps - m.last_move_ps >= config_.term_timeout_ps &&
      last_in_release_[Index(Signal::kNSelectIn)].Is(0) &&
      last_in_release_[Index(Signal::kNAutoFd)].Is(1)) {
    return;
  }
  Report({ViolationKind::kTermSkipped, Signal::kNSelectIn, end_ps,
          last_in_release_[Index(Signal::kNSelectIn)], 0, end_ps - release_start_ps_,
          config_.term_timeout_ps, 0, release_start_ps_, ReleaseStep::kTerminate});
}

void ReleaseChecker::CheckIdleAtEnd(Signal s, bool released_level, ViolationKind kind,
                                    ReleaseStep step, uint64_t end_ps) {
  const Value& seen = last_in_release_[Index(s)];
  const uint64_t expected = released_level ? 1 : 0;
  if (seen.Is(expected)) return;
  Report({kind, s, end_ps, seen, expected, end_ps - release_start_ps_, 0, 0, release_start_ps_,
          step});
}

void ReleaseChecker::CheckGrant() {
  const Value& grant = sampled(Signal::kGrant);
  const Value& releasing = sampled(Signal::kReleasing);
  const uint64_t grant_since = settled_since_ps_[Index(Signal::kGrant)];

  // One report per stretch of consecutive bad edges, not one per clock.
  const bool not_one_hot = !grant.known() || (grant.bits & (grant.bits - 1)) != 0;
  if (not_one_hot && !in_not_one_hot_) {
    Report({ViolationKind::kGrantNotOneHot, Signal::kGrant, grant_since, grant, 0, 0, 0, 0, 0});
  }
  in_not_one_hot_ = not_one_hot;

  const bool while_releasing = releasing.Is(1) && !grant.Is(0);
  if (while_releasing && !in_grant_while_releasing_) {
    const uint64_t since = std::max(grant_since, settled_since_ps_[Index(Signal::kReleasing)]);
    Report({ViolationKind::kGrantWhileReleasing, Signal::kGrant, since, grant, 0, 0, 0, 0,
            release_start_ps_, ReleaseStep::kGrant});
  }
  in_grant_while_releasing_ = while_releasing;

  if (!grant.known()) return;
  if (!not_one_hot && grant.bits != 0 && grant.bits != prev_grant_) {
    if (last_owner_ != 0 && grant.bits != last_owner_ && !released_since_owner_) {
      Report({ViolationKind::kGrantOverlap, Signal::kGrant, grant_since, grant, 0, 0, 0,
              last_owner_, 0});
    }
    last_owner_ = grant.bits;
    released_since_owner_ = false;
  }
  prev_grant_ = grant.bits;
}

}  // namespace ppcosim::wavecheck
