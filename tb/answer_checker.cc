#include "answer_checker.h"

#include <string>

#include "ppcosim/regmap.h"

namespace ppcosim {
namespace {

std::string Describe(const Reply& reply) {
  char text[32];
  FormatReply(reply, text, sizeof text);
  return text;
}

std::string ClientOrNobody(std::optional<int> client) {
  return client ? "client " + std::to_string(*client) : "nobody";
}

}  // namespace

bool AnswerChecker::Check(const Op& op, const Reply& model, const Reply& rtl, uint64_t cycle) {
  // A register the model does not know reads "any value": the RTL's number, or the script's.
  const std::string op_name(OpName(op.kind));
  if (op.expect) {
    if (!model.Admits(*op.expect) || !op.expect->Admits(rtl)) {
      log_.Report(MismatchKind::kExpectation, cycle, op.line, op.client,
                  op_name + ": expected " + Describe(*op.expect) + ", model said " +
                      Describe(model) + ", RTL said " + Describe(rtl));
      return false;
    }
    return true;
  }
  if (!model.Admits(rtl)) {
    log_.Report(MismatchKind::kAnswer, cycle, op.line, op.client,
                op_name + ": model said " + Describe(model) + ", RTL said " + Describe(rtl));
    return false;
  }
  return true;
}

void AnswerChecker::OnModelStep(const ModelStep& step) {
  const ArbEvent& event = step.event;
  switch (event.kind) {
    case ArbEventKind::kReleaseStarted:
      if (!step.before.releasing) {
        log_.Report(MismatchKind::kOwner, event.cycle, 0, -1,
                    "RTL started a release that the model has no free for");
      }
      break;
    case ArbEventKind::kReleaseDone:
      if (step.release == ppmodel::ReleaseResult::kNoRelease) {
        log_.Report(MismatchKind::kOwner, event.cycle, 0, -1,
                    "RTL finished a release that the model has no free for");
      }
      CheckOwner(event.cycle, event.grant, step.after.owner);
      break;
    case ArbEventKind::kGrantChanged:
      CheckOwner(event.cycle, event.grant, step.after.owner);
      break;
  }
}

void AnswerChecker::CheckOwner(uint64_t cycle, uint32_t grant, std::optional<int> owner) {
  const bool one_hot_or_zero = (grant & (grant - 1)) == 0;
  int rtl_owner = -1;
  for (int c = 0; grant != 0 && c < 32; ++c) {
    if (grant & (1u << c)) rtl_owner = c;
  }
  if (!one_hot_or_zero || rtl_owner != owner.value_or(-1)) {
    log_.Report(MismatchKind::kOwner, cycle, 0, rtl_owner,
                "owner: model says " + ClientOrNobody(owner) + ", RTL grant_o is " +
                    Hex(grant, 1));
  }
}

void AnswerChecker::CheckFreshPort(int client, const FreshPortReading& reading) {
  const uint8_t want_ecr = regmap::kEcrReset | regmap::kEcrEmptyMask;
  const uint8_t control_bits = regmap::kControlStrobeMask | regmap::kControlAutofdMask |
                               regmap::kControlNinitMask | regmap::kControlSelectinMask;
  const uint8_t control = reading.control & control_bits;
  if (reading.ecr != want_ecr || control != regmap::kControlReset) {
    log_.Report(MismatchKind::kProtocol, reading.cycle, 0, client,
                "port granted unclean: ECR " + Hex(reading.ecr) + " (want " + Hex(want_ecr) +
                    "), CONTROL " + Hex(control) + " (want " + Hex(regmap::kControlReset) + ")");
  }
}

void AnswerChecker::CheckGrantInterrupt(const Op& op, bool raised, uint64_t cycle) {
  if (!raised) {
    log_.Report(MismatchKind::kProtocol, cycle, op.line, op.client,
                "a queued allocate was granted without its grant interrupt");
  }
}

void AnswerChecker::CheckEndOfRun(const RtlEndState& rtl, const ppmodel::PortView& model) {
  auto report = [&](const std::string& text) {
    log_.Report(MismatchKind::kRequestEnd, rtl.cycle, 0, -1, text);
  };
  if (rtl.releasing || model.releasing) {
    report("a release was still in progress at the end of the run (RTL " +
           std::to_string(rtl.releasing) + ", model " + std::to_string(model.releasing) + ")");
  }
  if (model.owner || rtl.grant != 0 || model.waiters != 0) {
    report("the port was not idle after every client let go: model owner " +
           (model.owner ? "client " + std::to_string(*model.owner) : std::string("none")) +
           ", waiters " + std::to_string(model.waiters) + ", RTL grant_o " +
           std::to_string(rtl.grant));
  }
  for (int c = 0; c < model.num_clients; ++c) {
    if (((rtl.pending >> c) & 1) != 0 || model.IsPending(c)) {
      report("client " + std::to_string(c) + "'s allocate never ended");
    }
  }
}

}  // namespace ppcosim
