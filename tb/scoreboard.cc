#include "scoreboard.h"

namespace ppcosim {

Scoreboard::Scoreboard(ModelPort& model, Coverage& coverage)
    : coverage_(coverage),
      predictor_(model, log_, [this](const ModelStep& step) { OnModelStep(step); }),
      answers_(log_),
      bytes_(log_, model.View().num_clients),
      ieee1284_(log_, coverage) {
  ieee1284_.SetForwardSink([this](const LatchedByte& byte) { OnByteLatched(byte); });
}

void Scoreboard::OnArbEvent(const ArbEvent& event) {
  bytes_.OnArbEvent(event);
  coverage_.OnArbEvent(event);
  ieee1284_.OnArbEvent(event);
  predictor_.OnArbEvent(event);
}

void Scoreboard::OnByteLatched(const LatchedByte& byte) {
  coverage_.OnByteLatched();
  bytes_.OnByteLatched(byte);
}

void Scoreboard::OnModelStep(const ModelStep& step) {
  if (step.release) coverage_.OnReleaseCompleted(*step.release, bytes_.pending());
  answers_.OnModelStep(step);
  if (bytes_.OnModelStep(step) && owed_) owed_(*step.before.departing);
}

Reply Scoreboard::ModelAnswer(const Op& op, uint64_t accept_cycle) {
  return predictor_.Predict(op, accept_cycle);
}

Reply Scoreboard::ModelWriteAnswer(const Op& op, uint64_t accept_cycle, uint64_t bytes_taken) {
  const uint64_t wanted = op.kind == OpKind::kBeginStrobe ? 1 : op.bytes.size();
  return bytes_.WriteAnswer(predictor_.Predict(op, accept_cycle), wanted, bytes_taken);
}

Reply Scoreboard::ModelTimeout(int client, uint64_t accept_cycle) {
  return predictor_.PredictTimeout(client, accept_cycle);
}

OpRecord Scoreboard::Score(const Op& op, const AgentResult& rtl) {
  OpRecord record;
  record.rtl = rtl.reply;
  record.cycle = rtl.accept_cycle;
  if (rtl.grant_irq_raised) answers_.CheckGrantInterrupt(op, *rtl.grant_irq_raised, rtl.accept_cycle);
  if (rtl.timed_out) {
    record.model = ModelTimeout(op.client, rtl.accept_cycle);
  } else if (op.kind == OpKind::kWrite || op.kind == OpKind::kBeginStrobe) {
    record.model = ModelWriteAnswer(op, rtl.accept_cycle, rtl.bytes_taken);
  } else {
    record.model = ModelAnswer(op, rtl.accept_cycle);
  }
  // The model lets the owner do it; the peripheral says what the answer must be.
  const bool ieee1284 = IsIeee1284Op(op.kind) && record.model.answer == Answer::kOk;
  if (ieee1284) record.model = ieee1284_.OwnerAnswer(op);
  // A command byte goes through the FIFO as a write's bytes do: the driver may give it up.
  if (ieee1284 && op.kind == OpKind::kEcpCommand) {
    record.model = bytes_.WriteAnswer(record.model, 1, rtl.bytes_taken);
  }
  if (rtl.fresh_port) answers_.CheckFreshPort(op.client, *rtl.fresh_port);
  record.ok = Check(op, record.model, record.rtl, record.cycle);
  if (ieee1284) {
    record.ok = ieee1284_.Check(op, rtl) && record.ok;
  } else {
    ieee1284_.Forget();
  }
  return record;
}

bool Scoreboard::Check(const Op& op, const Reply& model, const Reply& rtl, uint64_t cycle) {
  coverage_.OnOperation(op, rtl.answer, predictor_.View().waiters, cycle);
  return answers_.Check(op, model, rtl, cycle);
}

void Scoreboard::CheckEndOfRun(const RtlEndState& rtl) {
  answers_.CheckEndOfRun(rtl, predictor_.View());
  bytes_.CheckEndOfRun(rtl.cycle);
  ieee1284_.CheckEndOfRun(rtl.cycle);
}

}  // namespace ppcosim
