// Runs the reference model in the RTL's order and says what it answers.
//
// RTL events (release started, release done, grant changed) are queued as the monitors see
// them and applied to the model in cycle order: an operation the RTL accepted at cycle N runs
// on the model after every event before N. Each applied event is handed on as a ModelStep, with
// the model as it found it and left it, for the checkers to judge.
#ifndef PPCOSIM_TB_MODEL_PREDICTOR_H_
#define PPCOSIM_TB_MODEL_PREDICTOR_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <vector>

#include "arb_monitor.h"
#include "mismatch_log.h"
#include "model_port.h"
#include "op.h"
#include "ppmodel/port_arbiter.h"

namespace ppcosim {

struct ModelStep {
  ArbEvent event;
  ppmodel::PortView before;
  ppmodel::PortView after;
  // kReleaseDone only: what completing the release did to the model.
  std::optional<ppmodel::ReleaseResult> release;
};

class ModelPredictor : private ppmodel::RequestListener {
 public:
  using StepSink = std::function<void(const ModelStep&)>;
  ModelPredictor(ModelPort& model, MismatchLog& log, StepSink sink);

  void OnArbEvent(const ArbEvent& event) { events_.push_back(event); }
  // The model's answer to `op` as of `accept_cycle` (release completions the RTL finished
  // before that cycle go first); the model runs the command if the operation has one.
  Reply Predict(const Op& op, uint64_t accept_cycle);
  // The same for the timeout of a pending allocate (the driver cancels it).
  Reply PredictTimeout(int client, uint64_t accept_cycle);
  // Applies every event seen so far (nothing is in flight).
  void Sync() { ApplyBefore(UINT64_MAX); }

  ppmodel::PortView View() const { return model_.View(); }

 private:
  void ApplyBefore(uint64_t cycle);
  void Apply(const ArbEvent& event);
  Reply Run(const Op& op, uint64_t cycle);
  void OnRequestEnded(ppmodel::ClientId client, ppmodel::RequestId request,
                      ppmodel::RequestOutcome outcome) override;

  ModelPort& model_;
  MismatchLog& log_;
  StepSink sink_;
  std::deque<ArbEvent> events_;
  // How each client's last request ended, and which it was (a request ends once).
  std::vector<std::optional<ppmodel::RequestOutcome>> last_outcome_;
  std::vector<std::optional<ppmodel::RequestId>> ended_request_;
};

// The model's result as the testbench's answer: the one place the two vocabularies meet.
Answer ToAnswer(const ppmodel::CommandResult& result);

}  // namespace ppcosim

#endif  // PPCOSIM_TB_MODEL_PREDICTOR_H_
