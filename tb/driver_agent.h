// One client's driver: turns operations into the register traffic a parallel port driver would
// generate (software strobing in SPP mode, the hardware handshake in FIFO mode), decodes the
// RTL's answer, keeps track of its own request, and reads for the checkers what a driver reads
// (a granted port's ECR and CONTROL, ARB_DROPPED).
#ifndef PPCOSIM_TB_DRIVER_AGENT_H_
#define PPCOSIM_TB_DRIVER_AGENT_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include "apb_transactor.h"
#include "op.h"
#include "readings.h"

namespace ppcosim {

struct AgentResult {
  AgentResult() = default;
  AgentResult(Reply rtl_reply, uint64_t cycle) : reply(rtl_reply), accept_cycle(cycle) {}

  Reply reply;
  // Cycle at which the RTL accepted the operation's decisive write (or did the read).
  uint64_t accept_cycle = 0;
  // A write: the bytes the controller took (the driver gave the rest up).
  uint64_t bytes_taken = 0;
  // An await that ended in the driver's own timeout, which cancelled the queued allocate.
  bool timed_out = false;
  // A queued allocate that completed: whether it raised its grant interrupt.
  std::optional<bool> grant_irq_raised;
  // The port this operation was granted, as the driver found it.
  std::optional<FreshPortReading> fresh_port;
  // A reverse read or Device ID: the bytes the driver read, in order; in ECP, bit i says
  // received[i] came as a command byte (HS_STATUS.REV_CMD).
  std::vector<uint8_t> received;
  std::vector<bool> received_commands;
};

class DriverAgent {
 public:
  // How long the driver polls Busy or FIFO-full before giving a byte up.
  static constexpr uint64_t kPollLimitCycles = 20'000;
  static constexpr uint64_t kPollIntervalCycles = 8;
  // How often a driver waiting for its queued allocate looks at ARB_STATUS.
  static constexpr uint64_t kAwaitPollCycles = 16;
  // An ECP reverse read ends when the FIFO stayed empty this long: the peripheral has nothing
  // more to send.
  static constexpr uint64_t kReverseQuietCycles = 2'000;

  DriverAgent(int client, ApbTransactor& bus, DutHarness& harness)
      : client_(client), bus_(bus), h_(harness) {}

  // The cycle the engine's watchdog fires at: the driver polls and sends no further.
  void SetDeadline(uint64_t cycle) { deadline_ = cycle; }

  // Called with each byte the RTL accepted for sending, in order, and whether it is an ECP
  // command byte.
  void SetByteSink(std::function<void(int client, uint8_t byte, bool command)> sink) {
    sink_ = std::move(sink);
  }
  // Called with each ARB_DROPPED reading: after an operation that can make the FIFO discard
  // bytes (leaving FIFO or ECP mode, turning an ECP link forward), and when a release of this
  // client's is owed one.
  void SetDropSink(std::function<void(const DropReading&)> sink) { drop_sink_ = std::move(sink); }

  // kAllocate, kTry, kFree, kCancel, kWaiters, kOwner, kSetMode, kClearMode, kWrite,
  // kRegWrite, kRegRead, and the IEEE 1284 operations kNegotiate to kTerminate.
  // Notes the answer (request_outcome()) and reads a port it was granted (fresh_port).
  AgentResult Execute(const Op& op);
  // Waits, at most `budget` cycles, for its queued allocate: polls ARB_STATUS, and on the
  // grant acknowledges the grant interrupt (the driver's completion routine) and reads the
  // port; when the budget runs out it cancels the request (answer kTimedOut). With nothing
  // queued the answer is how the last request ended.
  AgentResult Await(uint64_t budget);
  // A release of the port this client freed has finished: its ARB_DROPPED is to be read.
  void OweReleaseDropReading() { release_reading_owed_ = true; }
  // Reads ARB_TERM (any client may), with the cycle of the read.
  std::pair<uint8_t, uint64_t> ReadArbTerm();
  // Reads and reports ARB_DROPPED if a release reading is owed; false if none was.
  bool ReportOwedDropReading();

  // How the client's last request ended by the RTL's answers: kPending while it waits.
  Answer request_outcome() const { return outcome_; }

  int client() const { return client_; }

 private:
  AgentResult Run(const Op& op);
  // What the RTL answered this client's operation: keeps track of its request.
  void NoteAnswer(OpKind kind, const Reply& rtl);
  bool Granted();
  // Reads the grant interrupt, and clears it if set.
  bool TakeGrantInterrupt();
  // Reads ECR and CONTROL of a port just granted.
  FreshPortReading ReadFreshPort();
  AgentResult Command(uint8_t command, OpKind kind);
  AgentResult SetMode(ppmodel::ChipMode mode);
  AgentResult ClearMode();
  AgentResult Write(const std::vector<uint8_t>& bytes);
  enum class Push : uint8_t { kTaken, kGaveUp, kNotOwner };
  // One byte into a FIFO the controller's handshake sends (cFifo or ecpDFifo at FIFO, ecpAFifo
  // at DATA): waits while it is full, gives up once the controller reported a timeout.
  Push PushFifo(uint16_t addr, uint8_t byte, bool command);
  // Software strobing (Linux parport_ieee1284_write_compat): waits for Busy low, DATA, setup,
  // nStrobe low; with `finish` also its width, nStrobe high and the hold. Gives up on a printer
  // that reports paper out, offline or an error.
  Push StrobeByte(uint8_t byte, bool finish);
  // kBeginStrobe: one StrobeByte left unfinished; SPP and PS/2 only (else rejected).
  AgentResult BeginStrobe(uint8_t byte);
  // ECP (mode 011): an ECP command byte into ecpAFifo; forward ECP only.
  AgentResult EcpCommand(uint8_t byte);
  // ECP reverse read through the FIFO: CONTROL.DIR turns the link (Events 38-40 in hardware),
  // then bytes and their REV_CMD flags until `count` came or the FIFO stays empty.
  AgentResult EcpRead(uint64_t count, AgentResult result);
  // CONTROL.DIR 0: a reversed ECP link turns forward in hardware (Events 47-49), discarding the
  // bytes received and not read (ARB_DROPPED counts them); false if it did not turn.
  bool TurnForward();
  // Waits until HS_STATUS.ECP_REVERSE says `reverse`; false at a fresh controller timeout or
  // the poll limit.
  bool WaitLink(bool reverse);
  // ECP negotiated and not terminated.
  bool InEcp() const;
  bool WaitStatus(uint16_t addr, uint8_t mask, uint8_t value);
  // Busy low with no error reported; false on paper out, offline, fault or a timeout.
  bool WaitPrinterReady();
  // Waits for the FIFO to empty and the handshake to finish; false if the peripheral stalled.
  bool DrainFifo();
  void WaitHandshakeIdle();
  // ECR write for TrySetChipMode/ClearChipMode: drains a FIFO that the change would discard.
  AgentResult WriteMode(uint8_t current_ecr, uint8_t new_mode);
  void Idle(uint64_t cycles) { h_.Ticks(cycles); }
  // IEEE 1284 in software through CONTROL and STATUS, as Linux's parport_ieee1284: Events 0-6
  // with the XFlag check, nibble and byte reverse reads, the host's termination.
  AgentResult Negotiate(uint8_t request);
  AgentResult ReverseRead(uint64_t count, bool device_id);
  AgentResult Terminate();
  // One EPP cycle through the controller (mode 100); STATUS bit 0 says it timed out.
  AgentResult Epp(const Op& op);
  // Changes the ECR mode as the ECP specification asks, through 000 or 001 between two
  // others; false if the chip did not take it.
  bool ChangeEcrMode(uint8_t mode);
  // Events 22-29, or the EPP reset (Events 68/69); leaves CONTROL at compatibility idle.
  void TerminateLines();
  // Reads one byte in nibble or byte mode (Events 7-11, 14-16); nullopt when the
  // peripheral does not answer.
  std::optional<uint8_t> ReverseByte(bool byte_mode);
  // Where a poll started now gives up: kPollLimitCycles later, or at the deadline.
  uint64_t PollEnd() const;

  int client_;
  ApbTransactor& bus_;
  DutHarness& h_;
  void ReportDropped(DropCause cause);

  std::function<void(int, uint8_t, bool)> sink_;
  // The running operation may have made the FIFO discard bytes: ARB_DROPPED is read after it.
  bool may_have_discarded_ = false;
  uint64_t bytes_taken_ = 0;
  std::function<void(const DropReading&)> drop_sink_;
  uint64_t deadline_ = UINT64_MAX;
  bool release_reading_owed_ = false;
  Answer outcome_ = Answer::kNone;
  // The IEEE 1284 mode negotiated (its extensibility byte), if any.
  std::optional<uint8_t> ieee1284_mode_;
  // The ECR mode before the negotiation, restored when the driver terminates.
  uint8_t ecr_mode_before_1284_ = 0;
};

// The ECR mode a driver programs for a model chip mode.
uint8_t EcrModeFor(ppmodel::ChipMode mode);

}  // namespace ppcosim

#endif  // PPCOSIM_TB_DRIVER_AGENT_H_
