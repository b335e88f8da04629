// An IEEE 1284 peripheral at pin level: compatibility (Centronics) forward, negotiation per
// extensibility byte, nibble and byte reverse with Device ID, ECP forward and reverse, EPP 1.9
// address and data cycles, and termination (Events 22-29, or immediate).
//
// It knows nothing of Verilator: each clock cycle the caller hands it the host-driven lines as
// pin levels and gets back the lines it drives. Its states are the standard's phases, and each
// answer carries the number of the Event it implements. It can refuse modes, stall, or stop
// answering from a given Event on, and it tells a listener what crossed the cable and which
// protocol rules the host broke.
#ifndef PPCOSIM_TB_IEEE1284_PERIPHERAL_H_
#define PPCOSIM_TB_IEEE1284_PERIPHERAL_H_

#include <array>
#include <bitset>
#include <cstdint>
#include <string>
#include <vector>

namespace ppcosim {

// Lines the host drives, as pin levels (an n-prefixed line is low when asserted).
struct HostPins {
  uint8_t data = 0;
  bool data_oe = true;      // the host drives pd[7:0]
  bool nstrobe = true;      // HostClk / nWrite
  bool nautofd = true;      // HostBusy / HostAck / nDStrb
  bool ninit = true;        // nReverseRequest
  bool nselectin = false;   // 1284Active / nAStrb; low in compatibility mode
};

// Lines the peripheral drives, as pin levels. The defaults are a ready printer.
struct PeripheralPins {
  uint8_t data = 0;
  bool data_oe = false;     // the peripheral drives pd[7:0] (reverse modes only)
  bool nack = true;         // PtrClk / PeriphClk
  bool busy = false;        // PtrBusy / PeriphAck / nWait
  bool perror = false;      // AckDataReq / nAckReverse
  bool select = true;       // XFlag
  bool nfault = true;       // nDataAvail / nPeriphRequest
};

// Extensibility bytes (Linux uapi parport.h): byte mode, Device ID, ECP and EPP bits; 0x00 is
// nibble mode.
inline constexpr uint8_t kRequestByte = 0x01;
inline constexpr uint8_t kRequestDeviceId = 0x04;
inline constexpr uint8_t kRequestEcp = 0x10;
inline constexpr uint8_t kRequestEpp = 0x40;
// A request for nibble or byte mode (with or without the Device ID): the reverse modes.
inline bool IsReverseRequest(uint8_t request) {
  return (request & (kRequestEcp | kRequestEpp)) == 0;
}

enum class Ieee1284Mode : uint8_t { kCompatibility, kNibble, kByte, kEcp, kEpp };

// Waiting phases are named after what the peripheral waits for; the others answer an Event.
enum class Ieee1284Phase : uint8_t {
  kCompatIdle,
  kCompatBusy,             // a Centronics byte latched, Busy high
  kCompatAck,              // nAck pulse
  kNegotiationEv2,         // Event 1 seen
  kNegotiationAwaitEv3,
  kNegotiationAwaitEv4,    // extensibility byte latched at Event 3
  kNegotiationEv6,         // Events 5 and 6: XFlag, then nAck high
  kRefused,                // answered XFlag for a mode it refuses; awaits Event 22
  kReverseIdle,            // nibble or byte mode
  kReverseEv9,             // Events 8 and 9: data (status lines or pd) valid, nAck low
  kReverseAwaitEv10,
  kReverseEv11,
  kByteAwaitEv16,          // byte mode: data held until the host's HostClk pulse
  kEcpAwaitEv30,
  kEcpEv31,
  kEcpForwardIdle,
  kEcpEv36,                // Event 35 seen, the byte latched
  kEcpAwaitEv37,
  kEcpEv32,
  kEcpEv40,                // Events 38 and 39 seen
  kEcpReverseIdle,
  kEcpEv43,                // Events 42 and 43: data and Busy (high = data), PeriphClk low
  kEcpAwaitEv44,
  kEcpEv45,
  kEcpAwaitEv46,
  kEcpEv49,                // Event 47 seen: Events 48 and 49
  kEppIdle,
  kEppEv58,                // a strobe seen (Event 56, 62, 64 or 67)
  kEppAwaitStrobeEnd,      // Event 59 or 63
  kEppEv60,
  kTerminationEv24,        // Event 22 seen: Events 23 and 24
  kTerminationAwaitEv25,
  kTerminationEv27,        // Events 26 and 27
  kTerminationAwaitEv28,
};

// The compatibility-mode phases: no IEEE 1284 mode negotiated, none being left.
inline bool IsCompatibilityPhase(Ieee1284Phase phase) {
  return phase == Ieee1284Phase::kCompatIdle || phase == Ieee1284Phase::kCompatBusy ||
         phase == Ieee1284Phase::kCompatAck;
}

// Timings in nanoseconds, as the standard gives them; converted to cycles once.
struct Ieee1284Config {
  uint32_t clock_period_ns = 20;
  uint32_t response_ns = 200;            // a host Event to the peripheral's answer
  uint32_t centronics_busy_ns = 2000;    // Busy high per compatibility byte before nAck
  uint32_t centronics_ack_ns = 1000;     // nAck low (tack 0.5 to 10 us)
  // Extensibility bytes it accepts: a subset of 0x00, 0x01, 0x04, 0x05, 0x10, 0x14, 0x40.
  std::vector<uint8_t> accepted_requests = {0x00, 0x01, 0x04, 0x05, 0x10, 0x14, 0x40};
  std::string device_id = "MFG:PPCOSIM;MDL:PERIPH1284;CMD:PCL,ECP;";
};

struct Ieee1284Byte {
  uint8_t value;
  bool command;            // ECP command byte (HostAck low forward, Busy low reverse)
  Ieee1284Mode mode;
  uint64_t cycle;
};

// An EPP cycle as the peripheral completed it (Event 60).
struct EppCycle {
  bool address;            // address cycle (nAStrb), else data cycle (nDStrb)
  bool write;
  uint8_t value;
  uint64_t cycle;
};

struct Negotiation {
  uint8_t request;         // the extensibility byte
  bool accepted;
  uint64_t cycle;
};

enum class TerminationKind : uint8_t { kNormal, kImmediate };

struct Termination {
  TerminationKind kind;
  Ieee1284Mode from;
  uint64_t cycle;
};

enum class ProtocolErrorKind : uint8_t {
  kStrobeInWrongPhase,     // nStrobe fell where no Event of the current phase uses it
  kDataContention,         // host and peripheral both drive pd[7:0]
  kBothEppStrobes,         // nAStrb and nDStrb low together
};

struct ProtocolError {
  ProtocolErrorKind kind;
  Ieee1284Phase phase;
  uint64_t cycle;
};

// Called as things happen; the default implementations ignore them.
class Ieee1284Listener {
 public:
  virtual ~Ieee1284Listener() = default;
  virtual void OnForwardByte(const Ieee1284Byte& /*byte*/) {}
  virtual void OnReverseByte(const Ieee1284Byte& /*byte*/) {}
  virtual void OnEppCycle(const EppCycle& /*cycle*/) {}
  virtual void OnNegotiation(const Negotiation& /*negotiation*/) {}
  virtual void OnTermination(const Termination& /*termination*/) {}
  // The ECP link turned: reverse at Event 40, forward again at Event 49.
  virtual void OnEcpDirection(bool /*reverse*/, uint64_t /*cycle*/) {}
  virtual void OnProtocolError(const ProtocolError& /*error*/) {}
};

class Ieee1284Peripheral {
 public:
  // Throws std::invalid_argument for a zero clock period, an accepted request outside the
  // supported set, or a Device ID longer than its 16-bit length field allows.
  explicit Ieee1284Peripheral(const Ieee1284Config& config);

  // One clock cycle: the host's lines now in, the peripheral's lines for this cycle out.
  PeripheralPins Step(const HostPins& in, uint64_t cycle);
  // With the host's lines as at the last Step: how many cycles after it Step would change
  // nothing (CycleObserver::QuietCycles); 0 in the phases that wait for a level. SkipTo moves
  // the clock over them.
  uint64_t QuietCycles() const;
  void SkipTo(uint64_t cycle) { now_ = cycle; }

  // Not owned; nullptr stops the reports.
  void SetListener(Ieee1284Listener* listener) { listener_ = listener; }

  // Bytes to send in nibble, byte and ECP reverse, in order.
  void QueueReverse(uint8_t value, bool command = false);
  // The EPP registers: data cycles read and write the one the last address cycle chose.
  void SetEppRegister(uint8_t address, uint8_t value) { epp_registers_[address] = value; }
  uint8_t epp_register(uint8_t address) const { return epp_registers_[address]; }

  // Accepts, or refuses, the extensibility byte `request` from the next negotiation on
  // (one of the supported set, else invalid_argument).
  void SetAccepted(uint8_t request, bool accepted);

  // Holds every answer (and, in compatibility mode, Busy) for `cycles` from the last Step.
  void StallFor(uint64_t cycles) { stall_until_ = now_ + cycles; }
  // Withholds the answer to `event` when it comes due, and every answer after it, until an
  // immediate termination or reset. `event` must be one the peripheral answers: 2, 5, 6, 8, 9,
  // 11, 23, 24, 26, 27, 31, 32, 36, 40, 42, 43, 45, 48, 49, 58 or 60 (else invalid_argument).
  // Silent at Event 23 or 24 it leaves its mode at Event 22 without an answer (nothing the host
  // does after Event 22 short of a reset would show it the immediate termination).
  void StopAnsweringAt(uint8_t event);
  // True for an Event StopAnsweringAt takes.
  static bool Answers(uint8_t event);

  Ieee1284Phase phase() const { return phase_; }
  Ieee1284Mode mode() const { return mode_; }

 private:
  struct Edges;
  struct ReverseEntry {
    uint8_t value;
    bool command;
  };

  bool HandleTermination(const Edges& edges);
  void Advance(const HostPins& in, const Edges& edges);
  void AdvanceCompat(const HostPins& in, const Edges& edges);
  void AdvanceNegotiation(const HostPins& in, const Edges& edges);
  void AdvanceReverse(const HostPins& in, const Edges& edges);
  void AdvanceEcp(const HostPins& in, const Edges& edges);
  void AdvanceEpp(const HostPins& in, const Edges& edges);
  void AdvanceTermination(const HostPins& in);

  // Enters an answering phase, due one response time from now.
  void Schedule(Ieee1284Phase phase);
  // True when the answer to `event` may be given now (due, not stalled, not stopped).
  bool AnswerDue(uint8_t event);
  void AcceptOrRefuse();
  void ResetToCompat(TerminationKind kind);
  void ShowReverseIdle();

  bool HasReverse() const;
  ReverseEntry NextReverse() const;
  void ConsumeReverse();

  void ReportError(ProtocolErrorKind kind);

  uint64_t response_cycles_;
  uint64_t busy_cycles_;
  uint64_t ack_cycles_;
  std::bitset<256> accepted_;
  std::string device_id_;

  Ieee1284Phase phase_ = Ieee1284Phase::kCompatIdle;
  Ieee1284Mode mode_ = Ieee1284Mode::kCompatibility;
  PeripheralPins out_;
  HostPins prev_;
  uint64_t now_ = 0;
  uint64_t due_ = 0;
  uint64_t stall_until_ = 0;
  int stop_event_ = -1;
  bool stopped_ = false;
  bool contention_ = false;

  uint8_t request_ = 0;             // the extensibility byte of the last negotiation
  bool xflag_ = false;
  bool device_id_mode_ = false;
  size_t device_id_pos_ = 0;
  bool high_nibble_ = false;
  Ieee1284Byte latched_{};          // ECP forward byte between Events 35 and 37

  std::vector<ReverseEntry> reverse_;
  size_t reverse_head_ = 0;

  bool epp_address_cycle_ = false;
  bool epp_write_ = false;
  uint8_t epp_value_ = 0;           // written at the strobe, or read at Event 58
  uint8_t epp_address_ = 0;
  std::array<uint8_t, 256> epp_registers_{};

  Ieee1284Listener* listener_ = nullptr;
};

}  // namespace ppcosim

#endif  // PPCOSIM_TB_IEEE1284_PERIPHERAL_H_
