#include "random_stimulus.h"

#include <cstdlib>
#include <sstream>
#include <vector>

#include "ieee1284_peripheral.h"
#include "ppcosim/regmap.h"

namespace ppcosim {
namespace {

struct WeightName {
  const char* name;
  int OpWeights::*field;
};

constexpr WeightName kWeightNames[] = {
    {"allocate", &OpWeights::allocate}, {"try", &OpWeights::try_allocate},
    {"free", &OpWeights::free},         {"cancel", &OpWeights::cancel},
    {"write", &OpWeights::write},       {"mode", &OpWeights::mode},
    {"waiters", &OpWeights::waiters},   {"misuse", &OpWeights::misuse},
    {"stall", &OpWeights::stall},       {"rest", &OpWeights::rest},
    {"ieee1284", &OpWeights::ieee1284}, {"print-job", &OpWeights::print_job},
    {"careless-free", &OpWeights::careless_free},
};

}  // namespace

bool ParseWeights(const std::string& text, OpWeights* weights, std::string* error) {
  std::istringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    const size_t eq = item.find('=');
    const std::string name = item.substr(0, eq);
    const WeightName* match = nullptr;
    for (const WeightName& w : kWeightNames) {
      if (name == w.name) match = &w;
    }
    char* end = nullptr;
    const long value = eq == std::string::npos ? -1 : std::strtol(item.c_str() + eq + 1, &end, 10);
    if (!match) {
      *error = "unknown weight '" + name + "' (known: " + FormatWeights(OpWeights{}) + ")";
      return false;
    }
    if (eq == std::string::npos || *end != '\0' || value < 0 || value > 1000) {
      *error = "weight '" + item + "' must be NAME=N with N from 0 to 1000";
      return false;
    }
    weights->*(match->field) = static_cast<int>(value);
  }
  return true;
}

std::string FormatWeights(const OpWeights& weights) {
  std::string text;
  for (const WeightName& w : kWeightNames) {
    if (!text.empty()) text += ',';
    text += std::string(w.name) + "=" + std::to_string(weights.*(w.field));
  }
  return text;
}

int RandomStimulus::Pick(std::initializer_list<int> weights) {
  int total = 0;
  for (int w : weights) total += w;
  if (total <= 0) return -1;
  int roll = static_cast<int>(rng_() % static_cast<uint64_t>(total));
  int index = 0;
  for (int w : weights) {
    if (roll < w) return index;
    roll -= w;
    ++index;
  }
  return -1;
}

uint64_t RandomStimulus::IdleCycles() {
  // The print job's free follows its write within a strobe or two.
  if (print_job_ == PrintJob::kFree) return rng_() % 64;
  // Now and then a driver has nothing to do for a while, so the port is sometimes free and a
  // try or an allocate finds it so.
  return (rng_() % 8 == 0) ? 2000 + rng_() % 6000 : rng_() % 400;
}

uint64_t RandomStimulus::AwaitTimeoutCycles() {
  // Mostly patient drivers; one in four gives up early, which is when timeouts happen.
  return (rng_() % 4 == 0) ? 200 + rng_() % 2000 : 50'000;
}

Op RandomStimulus::NextIn1284(int client, uint8_t request) {
  Op op;
  op.client = client;
  const bool reverse = IsReverseRequest(request);
  const bool epp = (request & kRequestEpp) != 0;
  const bool ecp = (request & kRequestEcp) != 0;
  // ECP: data and command bytes forward, reverse reads (the controller takes what the
  // peripheral sends while the link is reversed); a free after a read frees from ECP reverse.
  const bool reads = reverse || ecp;
  switch (Pick({reads ? 4 : 0, reads ? 2 : 0, reverse ? 1 : 0, epp ? 6 : 0, 2, 2, ecp ? 3 : 0,
                ecp ? 2 : 0})) {
    case 0:
      op.kind = OpKind::kRead;
      op.cycles = 1 + rng_() % 4;
      break;
    case 1: {
      op.kind = OpKind::kPeripheralSend;
      const int n = 1 + static_cast<int>(rng_() % 4);
      for (int i = 0; i < n; ++i) {
        op.bytes.push_back(static_cast<uint8_t>(rng_()));
        op.commands.push_back(ecp && rng_() % 4 == 0);
      }
      break;
    }
    case 2: op.kind = OpKind::kDeviceId; break;
    case 3:
      op.kind = (rng_() & 1) ? OpKind::kEppWrite : OpKind::kEppRead;
      op.addr = (rng_() & 1) ? regmap::kEppAddr : regmap::kEppData;
      op.data = static_cast<uint8_t>(rng_());
      break;
    case 4: op.kind = OpKind::kTerminate; break;
    case 6: {
      op.kind = OpKind::kWrite;
      const int n = 1 + static_cast<int>(rng_() % 6);
      for (int i = 0; i < n; ++i) op.bytes.push_back(static_cast<uint8_t>(rng_()));
      break;
    }
    case 7:
      op.kind = OpKind::kEcpCommand;
      op.data = static_cast<uint8_t>(rng_());
      break;
    default: op.kind = OpKind::kFree; break;  // the release terminates the mode
  }
  if (op.kind == OpKind::kTerminate || op.kind == OpKind::kFree) ieee1284_[client].reset();
  return op;
}

Op RandomStimulus::RandomWrite(int client) {
  Op op;
  op.client = client;
  op.kind = OpKind::kWrite;
  const int n = 1 + static_cast<int>(rng_() % 8);
  for (int i = 0; i < n; ++i) op.bytes.push_back(static_cast<uint8_t>(rng_()));
  return op;
}

std::optional<Op> RandomStimulus::NextInPrintJob(int client, const ppmodel::PortView& port,
                                                 bool awaiting) {
  const PrintJob step = print_job_;
  print_job_ = PrintJob::kNone;
  // A job ends with the tenure, and with a FIFO mode the chip did not take.
  const bool fifo = port.mode == ppmodel::ChipMode::kCompatibilityFifo;
  if (step == PrintJob::kNone || port.owner != client || awaiting || !fifo) return std::nullopt;
  if (step == PrintJob::kFree) return Op{OpKind::kFree, client};
  print_job_ = PrintJob::kFree;
  return RandomWrite(client);
}

uint8_t RandomStimulus::CarelessControl() {
  namespace rm = regmap;
  uint8_t control = rm::kControlReset;
  // One line at least off idle, each of the others by chance.
  const uint64_t pick = 1 + rng_() % 31;
  if (pick & 1) control |= rm::kControlAutofdMask;                        // nAutoFd low
  if (pick & 2) control &= static_cast<uint8_t>(~rm::kControlNinitMask);  // nInit low
  if (pick & 4) control &= static_cast<uint8_t>(~rm::kControlSelectinMask);  // nSelectIn high
  if (pick & 8) control |= rm::kControlAckintenMask;
  if (pick & 16) control |= rm::kControlDirMask;
  // nSelectIn high with nAutoFd low is Event 1, the start of a negotiation: not careless.
  if (!(control & rm::kControlSelectinMask)) control &= static_cast<uint8_t>(~rm::kControlAutofdMask);
  return control;
}

Op RandomStimulus::PlanCarelessFree(int client, const ppmodel::PortView& port) {
  namespace rm = regmap;
  std::deque<Op>& plan = plan_[static_cast<size_t>(client)];
  const auto reg_write = [&](uint16_t addr, uint8_t data) {
    Op op(OpKind::kRegWrite, client);
    op.addr = addr;
    op.data = data;
    plan.push_back(op);
  };
  using ppmodel::ChipMode;
  // CONTROL and DATA are the driver's lines in SPP, PS/2 and FIFO mode; in ECP and EPP the
  // controller's engines own them, and a careless write there would be no driver's.
  const bool fifo = port.mode == ChipMode::kCompatibilityFifo;
  const bool spp = port.mode == ChipMode::kCompatibility || port.mode == ChipMode::kNibble ||
                   port.mode == ChipMode::kPs2Byte;
  if (fifo || spp) {
    if (rng_() % 4 == 0) {
      static constexpr OpKind kConditions[] = {OpKind::kPeripheralOffline,
                                               OpKind::kPeripheralPaperOut, OpKind::kPeripheralBusy};
      Op condition(kConditions[rng_() % std::size(kConditions)], client);
      condition.cycles = 2000 + rng_() % 8000;
      plan.push_back(condition);
      // In FIFO mode the job's bytes queue up behind the printer, for the release to drain or,
      // past the controller's timeout, to flush.
      if (fifo) plan.push_back(RandomWrite(client));
    }
    const uint64_t how = rng_() % 4;
    if (how == 0 && spp) {
      // A software strobe begun, and the free before nStrobe rises.
      Op strobe(OpKind::kBeginStrobe, client);
      strobe.data = static_cast<uint8_t>(rng_());
      plan.push_back(strobe);
    } else if (how == 1 && spp) {
      // A mode only a raw ECR write reaches from SPP or PS/2 (PS/2 for the direction), with
      // dmaEn and maybe nErrIntrEn set; in the test mode the FIFO filled some or all the way.
      // 101 is reserved: the chip takes it as any other mode.
      static constexpr uint8_t kModes[] = {static_cast<uint8_t>(rm::EcrMode::kPs2), 5,
                                           static_cast<uint8_t>(rm::EcrMode::kTest),
                                           static_cast<uint8_t>(rm::EcrMode::kConfig)};
      const uint8_t mode = kModes[rng_() % std::size(kModes)];
      const uint8_t flags = rm::kEcrDmaEnMask | ((rng_() & 1) ? rm::kEcrNerrIntrEnMask : 0);
      reg_write(rm::kEcr, static_cast<uint8_t>((mode << rm::kEcrModeLsb) | flags));
      if (mode == static_cast<uint8_t>(rm::EcrMode::kTest)) {
        const uint64_t fill = (rng_() & 1) ? rm::kFifoDepthDefault
                                           : rng_() % (rm::kFifoDepthDefault + 1);
        for (uint64_t i = 0; i < fill; ++i) reg_write(rm::kFifo, static_cast<uint8_t>(rng_()));
      }
      if (rng_() & 1) reg_write(rm::kControl, CarelessControl());
    } else {
      if (fifo) {
        // FIFO mode stays (a write of another mode than 000/001 leaves it); the flags change.
        const uint8_t ecr_fifo = static_cast<uint8_t>(rm::EcrMode::kFifo) << rm::kEcrModeLsb;
        if (rng_() & 1) reg_write(rm::kEcr, ecr_fifo | rm::kEcrDmaEnMask);
      }
      if (rng_() & 1) reg_write(rm::kData, static_cast<uint8_t>(1 + rng_() % 255));
      reg_write(rm::kControl, CarelessControl());
    }
  }
  plan.push_back(Op(OpKind::kFree, client));
  const Op first = plan.front();
  plan.pop_front();
  return first;
}

Op RandomStimulus::Next(int client, const ppmodel::PortView& port, bool awaiting) {
  Op op;
  op.client = client;
  const OpWeights& w = weights_;
  if (ieee1284_.size() <= static_cast<size_t>(client)) ieee1284_.resize(client + 1);
  if (plan_.size() <= static_cast<size_t>(client)) plan_.resize(client + 1);
  if (port.owner != client) ieee1284_[client].reset();
  std::deque<Op>& plan = plan_[static_cast<size_t>(client)];
  if (port.owner != client || awaiting) plan.clear();
  if (!plan.empty()) {
    const Op next = plan.front();
    plan.pop_front();
    return next;
  }
  if (ieee1284_[client]) return NextIn1284(client, *ieee1284_[client]);
  if (std::optional<Op> job = NextInPrintJob(client, port, awaiting)) return *job;
  if (awaiting) {
    // A waiting driver mostly waits; sometimes it cancels, asks again, or counts waiters.
    switch (Pick({8, w.cancel, w.misuse, w.waiters})) {
      case 1: op.kind = OpKind::kCancel; break;
      case 2: op.kind = (rng_() & 1) ? OpKind::kAllocate : OpKind::kTry; break;
      case 3: op.kind = OpKind::kWaiters; break;
      default:
        op.kind = OpKind::kAwait;
        op.cycles = AwaitTimeoutCycles();
        break;
    }
    return op;
  }
  if (port.owner == client) {
    switch (Pick({w.write, w.mode, w.free, w.waiters, w.misuse, w.stall, w.ieee1284,
                  w.print_job, w.careless_free})) {
      case 0: return RandomWrite(client);
      case 1: {
        // FIFO mode most often (it has the hardware handshake); ECP and EPP to be rejected
        // or accepted by the mode-change rules; back to SPP; or ClearChipMode.
        static constexpr ppmodel::ChipMode kModes[] = {
            ppmodel::ChipMode::kCompatibilityFifo, ppmodel::ChipMode::kCompatibilityFifo,
            ppmodel::ChipMode::kCompatibility, ppmodel::ChipMode::kPs2Byte,
            ppmodel::ChipMode::kEcp, ppmodel::ChipMode::kEpp};
        if (rng_() % 5 == 0) {
          op.kind = OpKind::kClearMode;
        } else {
          op.kind = OpKind::kSetMode;
          op.mode = kModes[rng_() % std::size(kModes)];
        }
        break;
      }
      case 2: op.kind = OpKind::kFree; break;
      case 3: op.kind = OpKind::kWaiters; break;
      case 4: op.kind = (rng_() & 1) ? OpKind::kAllocate : OpKind::kTry; break;
      case 5: {
        if (rng_() % 3 == 0) {
          // The printer goes offline, runs out of paper or reports a fault for a while.
          static constexpr OpKind kConditions[] = {
              OpKind::kPeripheralOffline, OpKind::kPeripheralPaperOut, OpKind::kPeripheralFault};
          op.kind = kConditions[rng_() % std::size(kConditions)];
          op.cycles = 500 + rng_() % 8000;
          break;
        }
        op.kind = OpKind::kPeripheralBusy;
        // Some stalls outlast the controller's busy timeout (5,000 cycles here); most of them
        // while the hardware handshake runs, where they leave bytes for the release to flush.
        const bool fifo = port.mode == ppmodel::ChipMode::kCompatibilityFifo;
        const bool long_stall = fifo ? rng_() % 4 != 0 : rng_() % 4 == 0;
        op.cycles = long_stall ? 8000 + rng_() % 8000 : 300 + rng_() % 1500;
        break;
      }
      case 6: {
        static constexpr uint8_t kRequests[] = {0x00, 0x01, 0x04, 0x05, kRequestEcp, kRequestEpp};
        op.kind = OpKind::kNegotiate;
        op.data = kRequests[rng_() % std::size(kRequests)];
        ieee1284_[client] = op.data;
        break;
      }
      case 7:
        op.kind = OpKind::kSetMode;
        op.mode = ppmodel::ChipMode::kCompatibilityFifo;
        print_job_ = PrintJob::kWrite;
        break;
      case 8: return PlanCarelessFree(client, port);
      default: op.kind = OpKind::kWaiters; break;
    }
    return op;
  }
  switch (Pick({w.allocate, w.try_allocate, w.waiters, w.misuse, w.rest})) {
    case 0: op.kind = OpKind::kAllocate; break;
    case 1: op.kind = OpKind::kTry; break;
    case 2: op.kind = (rng_() & 1) ? OpKind::kWaiters : OpKind::kOwner; break;
    case 3: {
      static constexpr OpKind kMisuse[] = {OpKind::kFree, OpKind::kCancel, OpKind::kWrite,
                                           OpKind::kSetMode};
      op.kind = kMisuse[rng_() % std::size(kMisuse)];
      if (op.kind == OpKind::kWrite) op.bytes = {static_cast<uint8_t>(rng_())};
      if (op.kind == OpKind::kSetMode) op.mode = ppmodel::ChipMode::kCompatibilityFifo;
      break;
    }
    case 4:
      // The driver has no work for a while; the port empties and a try can find it free.
      op.kind = OpKind::kIdle;
      op.cycles = 3000 + rng_() % 8000;
      break;
    default: op.kind = OpKind::kWaiters; break;
  }
  return op;
}

}  // namespace ppcosim
