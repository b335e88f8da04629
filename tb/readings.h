// What a driver agent reads for the checkers, as values: the agent reads what a driver would
// read (the same bus reads at the same cycles) and the scoreboard judges it.
#ifndef PPCOSIM_TB_READINGS_H_
#define PPCOSIM_TB_READINGS_H_

#include <cstdint>

namespace ppcosim {

// ECR and CONTROL as the driver finds them on a port it was just given.
struct FreshPortReading {
  uint8_t ecr = 0;
  uint8_t control = 0;
  uint64_t cycle = 0;  // after both reads
};

// Why ARB_DROPPED was read: after an operation that may make the FIFO discard bytes (leaving
// FIFO mode), or after a release of the port that the client freed.
enum class DropCause : uint8_t { kModeChange, kRelease };

struct DropReading {
  int client = 0;
  uint8_t count = 0;  // ARB_DROPPED, a free-running count modulo 256
  uint64_t cycle = 0;
  DropCause cause = DropCause::kModeChange;
};

}  // namespace ppcosim

#endif  // PPCOSIM_TB_READINGS_H_
