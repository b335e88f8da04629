// The IEEE 1284 peripheral driven pin by pin by a host that follows the event sequences of
// Linux's parport_ieee1284 software (negotiate, read nibble/byte, ECP, EPP, terminate).
#include "ieee1284_peripheral.h"

#include <gtest/gtest.h>

#include <functional>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <vector>

namespace ppcosim {
namespace {

constexpr uint32_t kPeriodNs = 20;
// The peripheral answers within 200 ns; the host gives up after 20 us (Linux waits 35 ms).
constexpr uint64_t kTimeoutCycles = 20'000 / kPeriodNs;

class Recorder : public Ieee1284Listener {
 public:
  void OnForwardByte(const Ieee1284Byte& byte) override { forward.push_back(byte); }
  void OnReverseByte(const Ieee1284Byte& byte) override { reverse.push_back(byte); }
  void OnEppCycle(const EppCycle& cycle) override { epp.push_back(cycle); }
  void OnNegotiation(const Negotiation& n) override { negotiations.push_back(n); }
  void OnTermination(const Termination& t) override { terminations.push_back(t); }
  void OnProtocolError(const ProtocolError& e) override { errors.push_back(e); }

  std::vector<Ieee1284Byte> forward;
  std::vector<Ieee1284Byte> reverse;
  std::vector<EppCycle> epp;
  std::vector<Negotiation> negotiations;
  std::vector<Termination> terminations;
  std::vector<ProtocolError> errors;
};

enum class NegotiationResult { kAccepted, kRefused, kNotCompliant };

// The host side of the cable, one register write at a time as the Linux driver does it.
class Host {
 public:
  explicit Host(const Ieee1284Config& config = {}) : peripheral(config) {
    peripheral.SetListener(&recorder);
    Delay(1000);
  }

  void Tick() {
    const bool nack_was = lines.nack;
    lines = peripheral.Step(pins, cycle++);
    if (nack_was && !lines.nack) ++nack_pulses;
  }
  void Delay(uint32_t ns) {
    for (uint32_t i = 0; i < ns / kPeriodNs; ++i) Tick();
  }
  // Linux's parport_wait_peripheral, with a short timeout.
  bool WaitFor(const std::function<bool(const PeripheralPins&)>& ready) {
    for (uint64_t i = 0; i < kTimeoutCycles; ++i) {
      Tick();
      if (ready(lines)) return true;
    }
    return false;
  }
  // pd[7:0] as the host reads it: the peripheral's byte, else its own, else the pull-ups.
  uint8_t Bus() const { return lines.data_oe ? lines.data : pins.data_oe ? pins.data : 0xFF; }

  // Compatibility forward (parport_ieee1284_write_compat).
  bool WriteCompat(uint8_t value) {
    if (!WaitFor([](const PeripheralPins& p) { return !p.busy && p.nfault; })) return false;
    pins.data = value;
    Delay(1000);
    PulseStrobe();
    return true;
  }
  void PulseStrobe() {
    pins.nstrobe = false;
    Delay(1000);
    pins.nstrobe = true;
    Delay(1000);
  }

  // parport_negotiate: Events 0 to 6, and 30/31 for ECP.
  NegotiationResult Negotiate(uint8_t request) {
    pins.nstrobe = true;
    pins.nautofd = true;
    pins.nselectin = false;
    Delay(1000);
    pins.data_oe = true;
    pins.data = request;  // Event 0
    Delay(1000);
    pins.nselectin = true;  // Event 1
    pins.nautofd = false;
    if (!WaitFor([](const PeripheralPins& p) {  // Event 2
          return p.perror && p.select && p.nfault && !p.nack;
        })) {
      pins.nselectin = false;
      pins.nautofd = true;
      Tick();
      return NegotiationResult::kNotCompliant;
    }
    pins.nstrobe = false;  // Event 3
    Delay(1000);
    pins.nstrobe = true;  // Event 4
    pins.nautofd = true;
    if (!WaitFor([](const PeripheralPins& p) { return p.nack; })) {  // Event 6
      Terminate();
      return NegotiationResult::kRefused;
    }
    // XFlag: low accepts nibble mode, high accepts any other.
    if (lines.select == (request == 0x00)) {
      Terminate();
      return NegotiationResult::kRefused;
    }
    if (request & 0x10) {
      pins.nautofd = false;  // Event 30
      if (!WaitFor([](const PeripheralPins& p) { return p.perror; })) {  // Event 31
        return NegotiationResult::kNotCompliant;
      }
      pins.nautofd = true;  // HostAck high: data
    }
    return NegotiationResult::kAccepted;
  }

  // parport_ieee1284_terminate for every mode but EPP: Events 22 to 29.
  bool Terminate() {
    pins.nselectin = false;  // Event 22
    pins.nautofd = true;
    if (!WaitFor([](const PeripheralPins& p) { return !p.nack; })) return false;  // Event 24
    pins.nautofd = false;  // Event 25
    if (!WaitFor([](const PeripheralPins& p) { return p.nack; })) return false;  // Event 27
    pins.nautofd = true;  // Event 28
    pins.data_oe = true;
    Tick();
    return true;
  }
  // EPP termination: Event 68 nInit low, Event 69 nInit high and nSelectIn low.
  void EppTerminate() { ResetPulse(); }
  void ResetPulse() {
    pins.ninit = false;
    Delay(1000);
    pins.ninit = true;
    pins.nselectin = false;
    pins.nautofd = true;
    pins.nstrobe = true;
    pins.data_oe = true;
    Tick();
  }
  // nSelectIn low without Event 22's handshake.
  void ImmediateTerminate() {
    pins.nselectin = false;
    pins.nautofd = true;
    Tick();
  }

  // parport_ieee1284_read_nibble / read_byte: up to `max` bytes, fewer at the end of data.
  // False when the peripheral stopped answering.
  bool ReadReverse(Ieee1284Mode mode, size_t max, std::vector<uint8_t>* bytes,
                   bool release_data = true) {
    const bool nibble = mode == Ieee1284Mode::kNibble;
    if (!nibble && release_data) pins.data_oe = false;  // Event 14
    for (size_t i = 0; i < max; ++i) {
      if (lines.nfault) {  // nDataAvail high: end of data, reverse idle
        pins.nautofd = false;
        Tick();
        return true;
      }
      uint8_t byte = 0;
      for (int half = 0; half < (nibble ? 2 : 1); ++half) {
        pins.nautofd = false;  // Event 7
        if (!WaitFor([](const PeripheralPins& p) { return !p.nack; })) {  // Event 9
          pins.nautofd = true;
          Tick();
          return false;
        }
        byte |= nibble ? DecodeNibble() << (4 * half) : Bus();
        pins.nautofd = true;  // Event 10
        if (!WaitFor([](const PeripheralPins& p) { return p.nack; })) return false;  // Event 11
      }
      if (!nibble) PulseStrobe();  // Events 16 and 17
      bytes->push_back(byte);
    }
    return true;
  }
  // Linux: nibble = status >> 3 with bit 3 taken from the inverted Busy bit (status bit 7).
  uint8_t DecodeNibble() const {
    const uint8_t status = (lines.nfault << 3) | (lines.select << 4) | (lines.perror << 5) |
                           (lines.nack << 6) | ((!lines.busy) << 7);
    uint8_t nibble = (status >> 3) & 0x07;
    if (!(status & 0x80)) nibble |= 0x08;
    return nibble;
  }

  // ECP forward (Events 34 to 37, then 32); HostAck low marks a command byte.
  bool EcpWrite(uint8_t value, bool command = false) {
    pins.nautofd = !command;
    pins.data = value;  // Event 34
    pins.data_oe = true;
    pins.nstrobe = false;  // Event 35
    if (!WaitFor([](const PeripheralPins& p) { return p.busy; })) return false;  // Event 36
    pins.nstrobe = true;  // Event 37
    if (!WaitFor([](const PeripheralPins& p) { return !p.busy; })) return false;  // Event 32
    pins.nautofd = true;
    return true;
  }
  bool EcpForwardToReverse() {
    pins.nautofd = false;  // Event 38
    pins.data_oe = false;
    Delay(1000);
    pins.ninit = false;  // Event 39
    return WaitFor([](const PeripheralPins& p) { return !p.perror; });  // Event 40
  }
  bool EcpRead(uint8_t* value, bool* command) {
    if (!WaitFor([](const PeripheralPins& p) { return !p.nack; })) return false;  // Event 43
    *command = !lines.busy;
    *value = Bus();
    pins.nautofd = true;  // Event 44
    if (!WaitFor([](const PeripheralPins& p) { return p.nack; })) return false;  // Event 45
    pins.nautofd = false;  // Event 46
    return true;
  }
  bool EcpReverseToForward() {
    pins.ninit = true;  // Event 47
    pins.nautofd = false;
    if (!WaitFor([](const PeripheralPins& p) { return p.perror; })) return false;  // Event 49
    pins.data_oe = true;
    pins.nautofd = true;
    Tick();
    return true;
  }

  // EPP 1.9 cycles: nWrite low for writes; nAStrb (nSelectIn) or nDStrb (nAutoFd) strobes.
  bool EppWrite(bool address, uint8_t value) {
    pins.nstrobe = false;
    pins.data = value;
    pins.data_oe = true;
    return EppCycle(address, nullptr);
  }
  bool EppRead(bool address, uint8_t* value) {
    pins.nstrobe = true;
    pins.data_oe = false;
    const bool ok = EppCycle(address, value);
    pins.data_oe = true;
    return ok;
  }
  bool EppCycle(bool address, uint8_t* value) {
    bool& strobe = address ? pins.nselectin : pins.nautofd;
    strobe = false;  // Event 56, 62, 64 or 67
    const bool acked = WaitFor([](const PeripheralPins& p) { return p.busy; });  // Event 58
    if (acked && value) *value = Bus();
    strobe = true;  // Event 59 or 63
    const bool ended = acked && WaitFor([](const PeripheralPins& p) { return !p.busy; });  // 60
    pins.nstrobe = true;  // Event 61
    Tick();
    return ended;
  }

  Ieee1284Peripheral peripheral;
  Recorder recorder;
  HostPins pins;
  PeripheralPins lines;
  uint64_t cycle = 0;
  int nack_pulses = 0;
};

bool IsCompatIdleLines(const PeripheralPins& p) {
  return !p.data_oe && p.nack && !p.busy && !p.perror && p.select && p.nfault;
}

void ExpectOneTermination(const Host& host, TerminationKind kind, Ieee1284Mode from) {
  ASSERT_EQ(host.recorder.terminations.size(), 1u);
  EXPECT_EQ(host.recorder.terminations[0].kind, kind);
  EXPECT_EQ(host.recorder.terminations[0].from, from);
}

void ExpectOneError(const Host& host, ProtocolErrorKind kind, Ieee1284Phase phase) {
  ASSERT_EQ(host.recorder.errors.size(), 1u);
  EXPECT_EQ(host.recorder.errors[0].kind, kind);
  EXPECT_EQ(host.recorder.errors[0].phase, phase);
}

Ieee1284Config AcceptOnly(std::initializer_list<uint8_t> requests) {
  Ieee1284Config config;
  config.accepted_requests.assign(requests);
  return config;
}

TEST(Ieee1284Peripheral, AcceptsEachConfiguredRequestAndEntersItsMode) {
  const struct {
    uint8_t request;
    Ieee1284Mode mode;
    Ieee1284Phase phase;
  } cases[] = {
      {0x00, Ieee1284Mode::kNibble, Ieee1284Phase::kReverseIdle},
      {0x01, Ieee1284Mode::kByte, Ieee1284Phase::kReverseIdle},
      {0x04, Ieee1284Mode::kNibble, Ieee1284Phase::kReverseIdle},
      {0x05, Ieee1284Mode::kByte, Ieee1284Phase::kReverseIdle},
      {0x10, Ieee1284Mode::kEcp, Ieee1284Phase::kEcpForwardIdle},
      {0x14, Ieee1284Mode::kEcp, Ieee1284Phase::kEcpForwardIdle},
      {0x40, Ieee1284Mode::kEpp, Ieee1284Phase::kEppIdle},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(testing::Message() << "request 0x" << std::hex << int{c.request});
    Host host;
    ASSERT_EQ(host.Negotiate(c.request), NegotiationResult::kAccepted);
    EXPECT_EQ(host.peripheral.mode(), c.mode);
    EXPECT_EQ(host.peripheral.phase(), c.phase);
    ASSERT_EQ(host.recorder.negotiations.size(), 1u);
    EXPECT_EQ(host.recorder.negotiations[0].request, c.request);
    EXPECT_TRUE(host.recorder.negotiations[0].accepted);
    EXPECT_TRUE(host.recorder.errors.empty());
  }
}

TEST(Ieee1284Peripheral, RefusesRequestsItIsNotConfiguredFor) {
  for (const uint8_t request : {0x01, 0x05, 0x10, 0x40}) {
    SCOPED_TRACE(testing::Message() << "request 0x" << std::hex << int{request});
    Host host(AcceptOnly({0x00}));
    EXPECT_EQ(host.Negotiate(request), NegotiationResult::kRefused);
    ASSERT_EQ(host.recorder.negotiations.size(), 1u);
    EXPECT_FALSE(host.recorder.negotiations[0].accepted);
    // The host's Events 22-29 after the refusal bring it back to compatibility mode.
    EXPECT_EQ(host.peripheral.phase(), Ieee1284Phase::kCompatIdle);
    ExpectOneTermination(host, TerminationKind::kNormal, Ieee1284Mode::kCompatibility);
  }
}

TEST(Ieee1284Peripheral, RefusesNibbleModeWithXFlagHigh) {
  Host host(AcceptOnly({0x01}));
  EXPECT_EQ(host.Negotiate(0x00), NegotiationResult::kRefused);
  ASSERT_EQ(host.recorder.negotiations.size(), 1u);
  EXPECT_FALSE(host.recorder.negotiations[0].accepted);
  EXPECT_EQ(host.peripheral.mode(), Ieee1284Mode::kCompatibility);
}

TEST(Ieee1284Peripheral, RejectsConfigurationsItCannotHonour) {
  Ieee1284Config no_clock;
  no_clock.clock_period_ns = 0;
  EXPECT_THROW(Ieee1284Peripheral{no_clock}, std::invalid_argument);
  try {
    Ieee1284Peripheral peripheral(AcceptOnly({0x00, 0x80}));
    FAIL() << "extensibility link accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("0x80"), std::string::npos) << e.what();
  }
  Ieee1284Peripheral peripheral{Ieee1284Config{}};
  EXPECT_THROW(peripheral.StopAnsweringAt(7), std::invalid_argument);  // a host Event
  EXPECT_NO_THROW(peripheral.StopAnsweringAt(9));
}

void ExpectDeviceId(uint8_t request, Ieee1284Mode mode) {
  Host host;
  host.peripheral.QueueReverse(0xEE);  // ordinary data: not part of the Device ID
  ASSERT_EQ(host.Negotiate(request), NegotiationResult::kAccepted);
  std::vector<uint8_t> length_bytes;
  ASSERT_TRUE(host.ReadReverse(mode, 2, &length_bytes));
  ASSERT_EQ(length_bytes.size(), 2u);
  const size_t length = (size_t{length_bytes[0]} << 8) | length_bytes[1];
  const std::string expected = Ieee1284Config{}.device_id;
  EXPECT_EQ(length, expected.size() + 2);
  std::vector<uint8_t> text;
  ASSERT_TRUE(host.ReadReverse(mode, length + 8, &text));  // stops at the end of data
  EXPECT_EQ(std::string(text.begin(), text.end()), expected);
  EXPECT_TRUE(host.lines.nfault);  // nDataAvail high
  EXPECT_TRUE(host.recorder.errors.empty());
  EXPECT_TRUE(host.Terminate());
}

TEST(Ieee1284Peripheral, DeviceIdInNibbleModeIsTheConfiguredStringAfterItsLength) {
  ExpectDeviceId(0x04, Ieee1284Mode::kNibble);
}

TEST(Ieee1284Peripheral, DeviceIdInByteModeIsTheConfiguredStringAfterItsLength) {
  ExpectDeviceId(0x05, Ieee1284Mode::kByte);
}

void ExpectReverseData(uint8_t request, Ieee1284Mode mode) {
  const std::vector<uint8_t> sent = {0x00, 0xFF, 0xA5, 0x3C, 0x81};
  Host host;
  for (const uint8_t byte : sent) host.peripheral.QueueReverse(byte);
  ASSERT_EQ(host.Negotiate(request), NegotiationResult::kAccepted);
  std::vector<uint8_t> received;
  ASSERT_TRUE(host.ReadReverse(mode, sent.size() + 3, &received));
  EXPECT_EQ(received, sent);
  ASSERT_EQ(host.recorder.reverse.size(), sent.size());
  for (size_t i = 0; i < sent.size(); ++i) {
    EXPECT_EQ(host.recorder.reverse[i].value, sent[i]);
    EXPECT_EQ(host.recorder.reverse[i].mode, mode);
  }
  EXPECT_TRUE(host.recorder.errors.empty());
}

TEST(Ieee1284Peripheral, NibbleModeSendsQueuedBytesLowNibbleFirst) {
  ExpectReverseData(0x00, Ieee1284Mode::kNibble);
}

TEST(Ieee1284Peripheral, ByteModeSendsQueuedBytesOnTheDataLines) {
  ExpectReverseData(0x01, Ieee1284Mode::kByte);
}

TEST(Ieee1284Peripheral, EcpForwardTellsCommandBytesFromData) {
  Host host;
  ASSERT_EQ(host.Negotiate(0x10), NegotiationResult::kAccepted);
  ASSERT_TRUE(host.EcpWrite(0x11));
  ASSERT_TRUE(host.EcpWrite(0x85, /*command=*/true));
  ASSERT_TRUE(host.EcpWrite(0x22));
  const auto& forward = host.recorder.forward;
  ASSERT_EQ(forward.size(), 3u);
  EXPECT_EQ(forward[0].value, 0x11);
  EXPECT_FALSE(forward[0].command);
  EXPECT_EQ(forward[1].value, 0x85);
  EXPECT_TRUE(forward[1].command);
  EXPECT_EQ(forward[2].value, 0x22);
  EXPECT_FALSE(forward[2].command);
  EXPECT_EQ(forward[2].mode, Ieee1284Mode::kEcp);
  EXPECT_TRUE(host.recorder.errors.empty());
}

TEST(Ieee1284Peripheral, EcpTurnsTheBusAroundAndFlagsReverseCommandBytes) {
  Host host;
  host.peripheral.QueueReverse(0x42);
  host.peripheral.QueueReverse(0x81, /*command=*/true);
  host.peripheral.QueueReverse(0x7E);
  ASSERT_EQ(host.Negotiate(0x10), NegotiationResult::kAccepted);
  ASSERT_TRUE(host.EcpWrite(0x01));
  ASSERT_TRUE(host.EcpForwardToReverse());
  EXPECT_EQ(host.peripheral.phase(), Ieee1284Phase::kEcpReverseIdle);
  const std::vector<std::pair<uint8_t, bool>> expected = {{0x42, false}, {0x81, true},
                                                          {0x7E, false}};
  for (const auto& [value, command] : expected) {
    uint8_t got = 0;
    bool got_command = false;
    ASSERT_TRUE(host.EcpRead(&got, &got_command));
    EXPECT_EQ(got, value);
    EXPECT_EQ(got_command, command);
  }
  ASSERT_TRUE(host.EcpReverseToForward());
  EXPECT_EQ(host.peripheral.phase(), Ieee1284Phase::kEcpForwardIdle);
  EXPECT_FALSE(host.lines.data_oe);
  ASSERT_TRUE(host.EcpWrite(0x02));
  ASSERT_EQ(host.recorder.forward.size(), 2u);
  EXPECT_EQ(host.recorder.forward[1].value, 0x02);
  ASSERT_EQ(host.recorder.reverse.size(), 3u);
  EXPECT_TRUE(host.recorder.reverse[1].command);
  EXPECT_TRUE(host.recorder.errors.empty());
}

TEST(Ieee1284Peripheral, EppReadsAndWritesTheAddressedRegister) {
  Host host;
  host.peripheral.SetEppRegister(0x06, 0x77);
  ASSERT_EQ(host.Negotiate(0x40), NegotiationResult::kAccepted);
  uint8_t value = 0;
  ASSERT_TRUE(host.EppWrite(/*address=*/true, 0x05));
  ASSERT_TRUE(host.EppWrite(/*address=*/false, 0x5A));
  ASSERT_TRUE(host.EppRead(/*address=*/true, &value));
  EXPECT_EQ(value, 0x05);
  ASSERT_TRUE(host.EppRead(/*address=*/false, &value));
  EXPECT_EQ(value, 0x5A);
  ASSERT_TRUE(host.EppWrite(/*address=*/true, 0x06));
  ASSERT_TRUE(host.EppRead(/*address=*/false, &value));
  EXPECT_EQ(value, 0x77);
  EXPECT_EQ(host.peripheral.epp_register(0x05), 0x5A);
  const auto& epp = host.recorder.epp;
  ASSERT_EQ(epp.size(), 6u);
  EXPECT_TRUE(epp[0].address && epp[0].write && epp[0].value == 0x05);
  EXPECT_TRUE(!epp[1].address && epp[1].write && epp[1].value == 0x5A);
  EXPECT_TRUE(!epp[3].address && !epp[3].write && epp[3].value == 0x5A);
  EXPECT_TRUE(host.recorder.errors.empty());
  host.EppTerminate();
  EXPECT_EQ(host.peripheral.phase(), Ieee1284Phase::kCompatIdle);
  ExpectOneTermination(host, TerminationKind::kImmediate, Ieee1284Mode::kEpp);
}

TEST(Ieee1284Peripheral, NormalTerminationReturnsToCompatibilityIdle) {
  Host host;
  ASSERT_EQ(host.Negotiate(0x00), NegotiationResult::kAccepted);
  ASSERT_TRUE(host.Terminate());
  EXPECT_EQ(host.peripheral.phase(), Ieee1284Phase::kCompatIdle);
  EXPECT_EQ(host.peripheral.mode(), Ieee1284Mode::kCompatibility);
  EXPECT_TRUE(IsCompatIdleLines(host.lines));
  ExpectOneTermination(host, TerminationKind::kNormal, Ieee1284Mode::kNibble);
  // A printer again: a Centronics byte is latched and acknowledged.
  ASSERT_TRUE(host.WriteCompat(0x55));
  ASSERT_TRUE(host.WaitFor([](const PeripheralPins& p) { return !p.busy && p.nack; }));
  ASSERT_EQ(host.recorder.forward.size(), 1u);
  EXPECT_EQ(host.recorder.forward[0].value, 0x55);
  EXPECT_EQ(host.recorder.forward[0].mode, Ieee1284Mode::kCompatibility);
}

TEST(Ieee1284Peripheral, CompatibilityStrobeWhileBusyIsLatchedAndReported) {
  Host host;
  const int nack_before = host.nack_pulses;
  ASSERT_TRUE(host.WriteCompat(0x41));
  host.PulseStrobe();  // without waiting for Busy low
  ASSERT_TRUE(host.WaitFor([](const PeripheralPins& p) { return !p.busy; }));
  EXPECT_GT(host.nack_pulses, nack_before);
  ASSERT_EQ(host.recorder.forward.size(), 2u);
  ExpectOneError(host, ProtocolErrorKind::kStrobeInWrongPhase, Ieee1284Phase::kCompatBusy);
}

TEST(Ieee1284Peripheral, ImmediateTerminationReleasesTheDataBusAtOnce) {
  Host host;
  host.peripheral.QueueReverse(0x99);
  ASSERT_EQ(host.Negotiate(0x01), NegotiationResult::kAccepted);
  host.pins.data_oe = false;  // Event 14
  host.pins.nautofd = false;  // Event 7
  ASSERT_TRUE(host.WaitFor([](const PeripheralPins& p) { return !p.nack; }));
  ASSERT_TRUE(host.lines.data_oe);
  host.ImmediateTerminate();  // one cycle, far less than 1 us
  EXPECT_FALSE(host.lines.data_oe);
  EXPECT_TRUE(IsCompatIdleLines(host.lines));
  EXPECT_EQ(host.peripheral.phase(), Ieee1284Phase::kCompatIdle);
  ExpectOneTermination(host, TerminationKind::kImmediate, Ieee1284Mode::kByte);
}

TEST(Ieee1284Peripheral, PeripheralSilentMidTransferIsTerminatedImmediately) {
  Host host;
  host.peripheral.QueueReverse(0x12);
  host.peripheral.QueueReverse(0x34);
  ASSERT_EQ(host.Negotiate(0x00), NegotiationResult::kAccepted);
  host.peripheral.StopAnsweringAt(9);
  std::vector<uint8_t> bytes;
  EXPECT_FALSE(host.ReadReverse(Ieee1284Mode::kNibble, 2, &bytes));  // the host times out
  EXPECT_EQ(host.peripheral.phase(), Ieee1284Phase::kReverseEv9);
  host.ImmediateTerminate();
  EXPECT_EQ(host.peripheral.phase(), Ieee1284Phase::kCompatIdle);
  ExpectOneTermination(host, TerminationKind::kImmediate, Ieee1284Mode::kNibble);
  // The reset cleared the fault, and no byte was lost.
  ASSERT_EQ(host.Negotiate(0x00), NegotiationResult::kAccepted);
  ASSERT_TRUE(host.ReadReverse(Ieee1284Mode::kNibble, 2, &bytes));
  EXPECT_EQ(bytes, (std::vector<uint8_t>{0x12, 0x34}));
}

TEST(Ieee1284Peripheral, PeripheralSilentMidTerminationIsResetByNInit) {
  Host host;
  ASSERT_EQ(host.Negotiate(0x01), NegotiationResult::kAccepted);
  host.peripheral.StopAnsweringAt(27);
  EXPECT_FALSE(host.Terminate());  // no Event 27
  EXPECT_EQ(host.peripheral.phase(), Ieee1284Phase::kTerminationEv27);
  EXPECT_TRUE(host.recorder.terminations.empty());
  host.ResetPulse();
  EXPECT_EQ(host.peripheral.phase(), Ieee1284Phase::kCompatIdle);
  EXPECT_TRUE(IsCompatIdleLines(host.lines));
  ExpectOneTermination(host, TerminationKind::kImmediate, Ieee1284Mode::kByte);
}

// Silent at Event 24 the peripheral could never see the host give up (the lines stay as
// Event 22 left them): it takes the termination request as the immediate termination.
TEST(Ieee1284Peripheral, PeripheralSilentAtEvent24LeavesItsModeUnanswered) {
  Host host;
  ASSERT_EQ(host.Negotiate(0x00), NegotiationResult::kAccepted);
  host.peripheral.StopAnsweringAt(24);
  EXPECT_FALSE(host.Terminate());  // no Event 24: nAck never falls
  EXPECT_EQ(host.peripheral.phase(), Ieee1284Phase::kCompatIdle);
  ExpectOneTermination(host, TerminationKind::kImmediate, Ieee1284Mode::kNibble);
  // The immediate termination cleared the fault: the next termination is answered.
  ASSERT_EQ(host.Negotiate(0x01), NegotiationResult::kAccepted);
  EXPECT_TRUE(host.Terminate());
}

TEST(Ieee1284Peripheral, HostGivingUpBeforeEvent27IsAnImmediateTermination) {
  Host host;
  ASSERT_EQ(host.Negotiate(0x00), NegotiationResult::kAccepted);
  host.peripheral.StopAnsweringAt(27);
  EXPECT_FALSE(host.Terminate());  // no Event 27; nAutoFd still low (Event 25)
  EXPECT_EQ(host.peripheral.phase(), Ieee1284Phase::kTerminationEv27);
  // The host's timeout: nAutoFd back high, the lines at compatibility idle.
  host.pins.nautofd = true;
  host.Tick();
  EXPECT_EQ(host.peripheral.phase(), Ieee1284Phase::kCompatIdle);
  ExpectOneTermination(host, TerminationKind::kImmediate, Ieee1284Mode::kNibble);
}

TEST(Ieee1284Peripheral, StallDelaysAnswersUntilItEnds) {
  Host host;
  ASSERT_EQ(host.Negotiate(0x10), NegotiationResult::kAccepted);
  host.peripheral.StallFor(kTimeoutCycles / 2);
  EXPECT_TRUE(host.EcpWrite(0x01));  // answered within the host's patience
  host.peripheral.StallFor(kTimeoutCycles * 3);
  EXPECT_FALSE(host.EcpWrite(0x02));  // no Event 36 before the host gives up
  EXPECT_EQ(host.peripheral.phase(), Ieee1284Phase::kEcpEv36);
  EXPECT_EQ(host.recorder.forward.size(), 1u);
}

TEST(Ieee1284Peripheral, HostStillDrivingInByteReverseIsContention) {
  Host host;
  host.peripheral.QueueReverse(0x5A);
  host.peripheral.QueueReverse(0x5B);
  ASSERT_EQ(host.Negotiate(0x01), NegotiationResult::kAccepted);
  std::vector<uint8_t> bytes;
  host.ReadReverse(Ieee1284Mode::kByte, 2, &bytes, /*release_data=*/false);
  std::vector<ProtocolError> contention;
  for (const auto& e : host.recorder.errors) {
    if (e.kind == ProtocolErrorKind::kDataContention) contention.push_back(e);
  }
  // Once per byte: reported when both start driving, not every cycle they do.
  ASSERT_EQ(contention.size(), 2u);
  EXPECT_EQ(contention[0].phase, Ieee1284Phase::kReverseAwaitEv10);
}

TEST(Ieee1284Peripheral, StrobeInNibbleModeIsAWrongPhase) {
  Host host;
  ASSERT_EQ(host.Negotiate(0x00), NegotiationResult::kAccepted);
  host.PulseStrobe();
  ExpectOneError(host, ProtocolErrorKind::kStrobeInWrongPhase, Ieee1284Phase::kReverseIdle);
}

TEST(Ieee1284Peripheral, HostBusyWithoutDataIsNoTransfer) {
  Host host;
  ASSERT_EQ(host.Negotiate(0x00), NegotiationResult::kAccepted);
  EXPECT_TRUE(host.lines.nfault);  // nDataAvail high: nothing to send
  host.pins.nautofd = false;       // the host idles with HostBusy low
  EXPECT_FALSE(host.WaitFor([](const PeripheralPins& p) { return !p.nack; }));
  EXPECT_EQ(host.peripheral.phase(), Ieee1284Phase::kReverseIdle);
  EXPECT_TRUE(host.recorder.reverse.empty());
  EXPECT_TRUE(host.recorder.errors.empty());
}

TEST(Ieee1284Peripheral, BothEppStrobesAtOnceAreReported) {
  Host host;
  ASSERT_EQ(host.Negotiate(0x40), NegotiationResult::kAccepted);
  host.pins.nselectin = false;
  host.pins.nautofd = false;
  host.Delay(1000);
  ExpectOneError(host, ProtocolErrorKind::kBothEppStrobes, Ieee1284Phase::kEppIdle);
  EXPECT_TRUE(host.recorder.epp.empty());
}

}  // namespace
}  // namespace ppcosim
