// Chooses a client's next operation from the port's state and the run's weights, the way a
// mix of well-behaved and careless class drivers would.
#ifndef PPCOSIM_SIM_RANDOM_STIMULUS_H_
#define PPCOSIM_SIM_RANDOM_STIMULUS_H_

#include <cstdint>
#include <deque>
#include <random>
#include <optional>
#include <string>
#include <vector>

#include "op.h"
#include "ppmodel/port_arbiter.h"

namespace ppcosim {

struct OpWeights {
  int allocate = 6;
  int try_allocate = 3;
  int free = 5;
  int cancel = 1;
  int write = 6;
  int mode = 2;
  int waiters = 1;
  int misuse = 1;  // operations the client has no right to: the errors must match too
  int stall = 1;   // the peripheral holds Busy, sometimes past the controller's timeout
  int rest = 2;    // a client without the port has nothing to do for a while
  int ieee1284 = 2;  // the owner negotiates an IEEE 1284 mode, works in it, leaves or frees
  int print_job = 2;  // the owner sets FIFO mode, writes, and frees while the bytes go out
  // The owner leaves the port as it was using it and frees it: control lines off idle, a
  // software strobe begun, the data lines turned inward, ECR flags set or a mode only a raw
  // ECR write reaches, bytes in the test FIFO, DATA non-zero; now and then the printer offline,
  // out of paper or stalled just before.
  int careless_free = 2;
};

// "allocate=4,free=2": false with a message on a malformed list or unknown name.
bool ParseWeights(const std::string& text, OpWeights* weights, std::string* error);
std::string FormatWeights(const OpWeights& weights);

class RandomStimulus {
 public:
  RandomStimulus(uint64_t seed, const OpWeights& weights) : rng_(seed), weights_(weights) {}

  // The next operation of `client` given the model's view of the port. `awaiting` says the
  // client's driver still waits for a queued allocate to end. kIdle means the client rests
  // for `cycles` without touching the bus.
  Op Next(int client, const ppmodel::PortView& port, bool awaiting);
  // Cycles the client's driver is idle before its next operation.
  uint64_t IdleCycles();
  // How long a driver waits for a queued allocate before it cancels it.
  uint64_t AwaitTimeoutCycles();

 private:
  int Pick(std::initializer_list<int> weights);
  // The owner's next operation inside the IEEE 1284 mode it negotiated (`request`).
  Op NextIn1284(int client, uint8_t request);
  // A random write of 1 to 8 bytes.
  Op RandomWrite(int client);
  // The next step of the client's print job; none when it has no job under way, or the job
  // ended (the tenure did, or the chip refused FIFO mode).
  std::optional<Op> NextInPrintJob(int client, const ppmodel::PortView& port, bool awaiting);
  // Queues the owner's careless free (OpWeights::careless_free) and returns its first step.
  Op PlanCarelessFree(int client, const ppmodel::PortView& port);
  // A CONTROL value off compatibility idle: some of nAutoFd low, nInit low, nSelectIn high,
  // ACKINTEN, DIR; never a strobe, never IEEE 1284 Event 1 (nSelectIn high with nAutoFd low).
  uint8_t CarelessControl();
  std::mt19937_64 rng_;
  OpWeights weights_;
  // Per client: the extensibility byte of the mode it negotiated and has not left. The
  // negotiation may have been refused: the driver then refuses what needs the mode.
  std::vector<std::optional<uint8_t>> ieee1284_;
  // A print job as a careless driver runs it: FIFO mode, one write, and the free as soon as
  // the write returns, while the hardware handshake still strobes the queued bytes out. The
  // release must drain them, and it may start with nStrobe low.
  enum class PrintJob : uint8_t { kNone, kWrite, kFree };
  PrintJob print_job_ = PrintJob::kNone;
  // Per client: the rest of a planned sequence, given out before anything else while the
  // client owns the port.
  std::vector<std::deque<Op>> plan_;
};

}  // namespace ppcosim

#endif  // PPCOSIM_SIM_RANDOM_STIMULUS_H_
