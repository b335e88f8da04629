// How the scoreboard reaches the reference model: directly (unit tests, plain C++ runs) or
// through the model's TLM-2.0 socket (ppcosim, inside the SystemC kernel). Queries read the
// model's state; every operation that changes it goes through here.
#ifndef PPCOSIM_TB_MODEL_PORT_H_
#define PPCOSIM_TB_MODEL_PORT_H_

#include <cstdint>

#include "ppmodel/port_arbiter.h"

namespace ppcosim {

class ModelPort {
 public:
  virtual ~ModelPort() = default;
  virtual ppmodel::TryResult TryAllocate(ppmodel::ClientId client) = 0;
  virtual ppmodel::AllocateResult Allocate(ppmodel::ClientId client) = 0;
  virtual ppmodel::FreeResult Free(ppmodel::ClientId client) = 0;
  virtual ppmodel::ReleaseResult CompleteRelease() = 0;
  virtual ppmodel::CancelResult Cancel(ppmodel::ClientId client) = 0;
  virtual ppmodel::TimeoutResult TimeOut(ppmodel::ClientId client) = 0;
  virtual ppmodel::ModeResult SetMode(ppmodel::ClientId client, ppmodel::ChipMode mode) = 0;
  virtual ppmodel::ModeResult ClearMode(ppmodel::ClientId client) = 0;
  virtual void SetListener(ppmodel::RequestListener* listener) = 0;
  // The RTL cycle the next operation happens at, for the model's event log.
  virtual void SetCycle(uint64_t cycle) = 0;
  virtual const ppmodel::PortArbiter& state() const = 0;
};

// The model called in place.
class DirectModelPort : public ModelPort {
 public:
  explicit DirectModelPort(int num_clients) : arbiter_(num_clients) {}
  ppmodel::TryResult TryAllocate(ppmodel::ClientId c) override { return arbiter_.TryAllocate(c); }
  ppmodel::AllocateResult Allocate(ppmodel::ClientId c) override { return arbiter_.Allocate(c); }
  ppmodel::FreeResult Free(ppmodel::ClientId c) override { return arbiter_.Free(c); }
  ppmodel::ReleaseResult CompleteRelease() override { return arbiter_.CompleteRelease(); }
  ppmodel::CancelResult Cancel(ppmodel::ClientId c) override { return arbiter_.Cancel(c); }
  ppmodel::TimeoutResult TimeOut(ppmodel::ClientId c) override { return arbiter_.TimeOut(c); }
  ppmodel::ModeResult SetMode(ppmodel::ClientId c, ppmodel::ChipMode m) override {
    return arbiter_.SetMode(c, m);
  }
  ppmodel::ModeResult ClearMode(ppmodel::ClientId c) override { return arbiter_.ClearMode(c); }
  void SetListener(ppmodel::RequestListener* listener) override { arbiter_.SetListener(listener); }
  void SetCycle(uint64_t cycle) override { arbiter_.SetTime(cycle); }
  const ppmodel::PortArbiter& state() const override { return arbiter_; }

 private:
  ppmodel::PortArbiter arbiter_;
};

}  // namespace ppcosim

#endif  // PPCOSIM_TB_MODEL_PORT_H_
