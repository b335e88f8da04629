#include "release_checker.h"

#include <algorithm>

namespace ppcosim::wavecheck {
namespace {

constexpr uint8_t kNoEvent = 0;

// One host event of release step 2's IEEE 1284 termination (rtl/pp_1284_term.sv): the line the
// host moves and the level it moves to, after the peripheral's answer to the event before it
// (the answer is awaited only within a mode's stretch of the table, not before its first event).
struct TermEvent {
  uint8_t event;
  Signal line;
  bool level;
  uint8_t answer_event;  // kNoEvent: none awaited
  Signal answer;
  bool answer_level;
  bool last;  // the termination is complete
};

// Every mode's events in one table; a mode runs from its first row to the next last one.
constexpr TermEvent kTermEvents[] = {
    // EPP: the peripheral's reset pulse, no handshake.
    {68, Signal::kNInit, false, kNoEvent, Signal::kNInit, false, false},
    {69, Signal::kNInit, true, kNoEvent, Signal::kNInit, false, true},
    // ECP reverse: back to forward (nReverseRequest high) first.
    {47, Signal::kNInit, true, kNoEvent, Signal::kNInit, false, false},
    // Then as every other mode: the termination request, answered through nAck.
    {22, Signal::kNSelectIn, false, 49, Signal::kPError, true, false},
    {25, Signal::kNAutoFd, false, 24, Signal::kNAck, false, false},
    {29, Signal::kNAutoFd, true, 27, Signal::kNAck, true, true},
};
constexpr int kEppFirst = 0;
constexpr int kEcpReverseFirst = 2;
constexpr int kRequestFirst = 3;  // nibble, byte, ECP forward

}  // namespace

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
  // The free found the lines as the owner left them: the edge that shows releasing_o high may
  // already show the release's own lines.
  const auto at_free = [&](Signal s) { return prev_edge_[Index(s)]; };
  term_.required = at_free(Signal::kNSelectIn).Is(1);
  // ECP reverse idle (nReverseRequest and HostAck low) says the mode; the others show theirs
  // only by the termination's first move.
  if (term_.required && at_free(Signal::kNAutoFd).Is(0) && at_free(Signal::kNInit).Is(0)) {
    term_.first = term_.next = kEcpReverseFirst;
  }
}

// Follows the events of rtl/pp_1284_term.sv on the pins (kTermEvents), or an immediate
// termination (nSelectIn low, nAutoFd high) after a wait with no answer.
void ReleaseChecker::TrackTermination() {
  Termination& m = term_;
  if (!m.required || m.done) return;
  const auto moved_to = [&](Signal s, bool level) {
    return prev_edge_[Index(s)].Is(!level) && sampled(s).Is(level);
  };
  const auto since = [&](Signal s) { return settled_since_ps_[Index(s)]; };
  uint64_t moved_ps = 0;
  bool lines_moved = false;
  for (Signal s : {Signal::kNSelectIn, Signal::kNAutoFd, Signal::kNInit}) {
    if (moved_to(s, false) || moved_to(s, true)) {
      lines_moved = true;
      moved_ps = std::max(moved_ps, since(s));
    }
  }
  // The levels the immediate termination ends in: a wait that ran out may end there.
  const bool immediate_levels =
      sampled(Signal::kNSelectIn).Is(0) && sampled(Signal::kNAutoFd).Is(1);
  if (lines_moved) {
    const bool immediate =
        m.began && moved_ps - m.last_move_ps >= config_.term_timeout_ps && immediate_levels;
    m.began = true;
    m.last_move_ps = moved_ps;
    if (immediate) {
      m.done = true;
      return;
    }
  }
  // `e` made before `after_event`, which `after_signal` moving to `after_level` makes.
  const auto out_of_order = [&](const TermEvent& e, uint8_t after_event, Signal after_signal,
                                bool after_level, uint64_t limit_ps) {
    Violation v{ViolationKind::kTermOutOfOrder, e.line, since(e.line), KnownValue(e.level),
                !e.level, 0, limit_ps, 0, release_start_ps_, ReleaseStep::kTerminate};
    v.event = e.event;
    v.after_event = after_event;
    v.after_signal = after_signal;
    v.after_level = after_level;
    Report(v);
    m.done = true;
  };
  if (m.next < 0) {
    // Not shown at the free: the EPP reset pulse, or the termination request.
    if (moved_to(Signal::kNInit, false)) {
      m.first = m.next = kEppFirst;
    } else if (moved_to(Signal::kNSelectIn, false)) {
      m.first = m.next = kRequestFirst;
    } else {
      return;
    }
  } else {
    const TermEvent& e = kTermEvents[m.next];
    if (!e.last && !moved_to(e.line, e.level)) {
      // The following event on another line, with this one not made.
      const TermEvent& skipped_to = kTermEvents[m.next + 1];
      if (skipped_to.line != e.line && moved_to(skipped_to.line, skipped_to.level)) {
        out_of_order(skipped_to, e.event, e.line, e.level, 0);
        return;
      }
    }
  }
  // Within a mode, an event waits for the answer to the one before it.
  const auto awaits_answer = [&] {
    return m.next != m.first && kTermEvents[m.next].answer_event != kNoEvent;
  };
  for (;;) {
    const TermEvent& e = kTermEvents[m.next];
    if (!moved_to(e.line, e.level)) break;
    // A trace without the answering line (or with it unknown) cannot show the order: not judged.
    if (awaits_answer() && !m.answered && sampled(e.answer).known()) {
      out_of_order(e, e.answer_event, e.answer, e.answer_level,
                   immediate_levels ? config_.term_timeout_ps : 0);
      return;
    }
    if (e.last) {
      m.done = true;
      return;
    }
    ++m.next;
    m.answered = false;
  }
  // The answer counts from the next edge on: the termination reacts to it only then.
  const TermEvent& e = kTermEvents[m.next];
  if (awaits_answer() && sampled(e.answer).Is(e.answer_level)) m.answered = true;
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
  Violation v{ViolationKind::kTermSkipped, Signal::kNSelectIn, end_ps,
              last_in_release_[Index(Signal::kNSelectIn)], 0, end_ps - release_start_ps_,
              config_.term_timeout_ps, 0, release_start_ps_, ReleaseStep::kTerminate};
  // Only ECP reverse is known from the free.
  if (m.first == kEcpReverseFirst) v.event = kTermEvents[m.first].event;
  Report(v);
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
