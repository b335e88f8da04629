// The contract between the testbench and the reference model (ppmodel::PortArbiter): the only
// way the testbench reaches the model. Two implementations: DirectModelPort calls the model in
// place (unit tests, plain C++ runs); TlmModelPort (sim/) sends each call through the model's
// TLM-2.0 socket inside the SystemC kernel.
//
// The RTL's order of events is the truth; the model is told what happened, in that order:
//
//   Execute(command, cycle)  Runs one command and returns its result. The testbench must call
//                            it for every client operation the RTL accepted that changes the
//                            arbitration (try, allocate, free, cancel, a driver's timeout, set
//                            and clear mode), at the cycle the RTL accepted it; and with
//                            kCompleteRelease at the cycle the RTL finished each release
//                            (releasing_o fell). Commands go in cycle order: every release the
//                            RTL finished before an operation's cycle goes first. A refused
//                            command (not owner, bad client, ...) changes nothing.
//   View()                   The model's state as facts, by value: owner, chosen waiter,
//                            departing owner, releasing, waiters, who is pending, mode. A read
//                            without side effects (through TLM: the debug transport,
//                            transport_dbg); call it whenever a fact is needed.
//   SetListener(listener)    Once, before the first command: the listener is told, during the
//                            command that ends it, when each request ends (granted, cancelled,
//                            timed out), after the model's state is complete.
//
// Example: client 0 owns the port, client 1 waits; client 0 frees, the RTL releases the bus.
//
//   Execute({kFree, 0}, 1200)          -> FreeResult::kFreed. The model chose client 1 and
//                                         is releasing: View() says owner none, chosen 1,
//                                         departing 0, releasing.
//   ...the RTL drains the FIFO and returns the pins to idle; releasing_o falls at 1480...
//   Execute({kCompleteRelease}, 1480)  -> ReleaseResult::kGrantedNext. The listener hears
//                                         OnRequestEnded(1, request, kGranted); View() says
//                                         owner 1, not releasing. grant_o must now say 1.
#ifndef PPCOSIM_TB_MODEL_PORT_H_
#define PPCOSIM_TB_MODEL_PORT_H_

#include <cstdint>

#include "ppmodel/port_arbiter.h"

namespace ppcosim {

class ModelPort {
 public:
  virtual ~ModelPort() = default;
  // `cycle` is the RTL cycle the command happens at, for the model's event log.
  virtual ppmodel::CommandResult Execute(const ppmodel::Command& command, uint64_t cycle) = 0;
  virtual ppmodel::PortView View() const = 0;
  // nullptr for none; not owned.
  virtual void SetListener(ppmodel::RequestListener* listener) = 0;
};

// The model called in place; its event log is stamped with RTL cycles.
class DirectModelPort : public ModelPort {
 public:
  explicit DirectModelPort(int num_clients) : arbiter_(num_clients) {}
  ppmodel::CommandResult Execute(const ppmodel::Command& command, uint64_t cycle) override {
    arbiter_.SetTime(cycle);
    return arbiter_.Execute(command);
  }
  ppmodel::PortView View() const override { return arbiter_.View(); }
  void SetListener(ppmodel::RequestListener* listener) override { arbiter_.SetListener(listener); }

 private:
  ppmodel::PortArbiter arbiter_;
};

}  // namespace ppcosim

#endif  // PPCOSIM_TB_MODEL_PORT_H_
