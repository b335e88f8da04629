#include "script.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ieee1284_peripheral.h"
#include "number_parse.h"
#include "ppcosim/regmap.h"

namespace ppcosim {
namespace {

constexpr uint64_t kMaxCycles = 1'000'000'000;
constexpr char kUtf8Bom[] = "\xef\xbb\xbf";
constexpr uint64_t kLastAddr = regmap::kAddrLimit - 1;

// "0xfff"
std::string Hex(uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
  return text;
}

// Script text as it may be shown on a terminal: anything but printable ASCII as \xNN.
std::string Printable(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f) {
      out += c;
    } else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", byte);
      out += hex;
    }
  }
  return out;
}

// Control characters other than tab have no place in a text script; UTF-8 (in comments) does.
size_t FindBinaryByte(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte < 0x20 && byte != '\t') || byte == 0x7f) return i;
  }
  return std::string_view::npos;
}

enum class LineRead : uint8_t { kLine, kEnd, kTooLong };

// One line without its "\n" or "\r\n", reading at most a character past the limit.
LineRead ReadLine(std::istream& in, std::string* text) {
  text->clear();
  std::streambuf* buf = in.rdbuf();
  bool any = false;
  for (;;) {
    const int c = buf->sbumpc();
    if (c == std::char_traits<char>::eof()) {
      in.setstate(std::ios::eofbit);
      if (!any) return LineRead::kEnd;
      break;
    }
    any = true;
    if (c == '\n') break;
    if (text->size() > kMaxScriptLineChars) return LineRead::kTooLong;
    text->push_back(static_cast<char>(c));
  }
  if (!text->empty() && text->back() == '\r') text->pop_back();
  return text->size() > kMaxScriptLineChars ? LineRead::kTooLong : LineRead::kLine;
}

class LineParser {
 public:
  LineParser(int num_clients, ScriptError* error) : num_clients_(num_clients), error_(error) {}

  bool Fail(int line, std::string message) {
    *error_ = {line, std::move(message)};
    return false;
  }

  // A number in [min, max]; a failure names the range: "idle takes 0 to 1000000000 cycles,
  // not '99999999999'".
  bool Number(const std::string& word, uint64_t min, uint64_t max, const std::string& takes,
              int line, uint64_t* value) {
    const NumberStatus status = ParseNumber(word, min, max, value);
    if (status == NumberStatus::kOk) return true;
    return Fail(line, takes + ", not '" + Printable(word) + "'" + NumberHint(status));
  }

  bool Cycles(const std::string& word, uint64_t min, const std::string& what, int line,
              uint64_t* cycles) {
    return Number(word, min, kMaxCycles,
                  what + " takes " + std::to_string(min) + " to " + std::to_string(kMaxCycles) +
                      " cycles",
                  line, cycles);
  }

  // Bytes; where `commands` is given a byte may be an ECP command byte, "cmd:0x05".
  bool ParseBytes(const std::vector<std::string>& words, size_t from, int line,
                  std::vector<uint8_t>* bytes, std::vector<bool>* commands = nullptr) {
    static constexpr std::string_view kCommand = "cmd:";
    for (size_t i = from; i < words.size(); ++i) {
      const bool command = words[i].rfind(kCommand, 0) == 0;
      if (command && !commands) {
        return Fail(line, "'" + Printable(words[i]) +
                              "': only peripheral send, read and expect-bytes take ECP command "
                              "bytes");
      }
      const std::string number = command ? words[i].substr(kCommand.size()) : words[i];
      uint64_t value = 0;
      const NumberStatus status = ParseNumber(number, 0, 0xff, &value);
      if (status != NumberStatus::kOk) {
        return Fail(line, "'" + Printable(words[i]) + "' is not a byte (0 to 0xff" +
                              (commands ? ", or cmd:BYTE for an ECP command byte" : "") + ")" +
                              NumberHint(status));
      }
      bytes->push_back(static_cast<uint8_t>(value));
      if (commands) commands->push_back(command);
    }
    return true;
  }

  // `count` is the word after `word`: only "gave-up N", a write's bytes given up, has one.
  bool ParseReply(const std::string& word, const std::string& count, int line, Reply* reply) {
    uint64_t value = 0;
    if (word == "gave-up") {
      const NumberStatus given = ParseNumber(count, 1, 1'000'000'000, &value);
      if (given != NumberStatus::kOk) {
        return Fail(line, "gave-up takes the number of bytes given up, 1 to 1000000000, not '" +
                              Printable(count) + "'" + NumberHint(given));
      }
      *reply = {Answer::kGaveUp, static_cast<int>(value)};
      return true;
    }
    const NumberStatus status = ParseNumber(word, 0, 0xffff, &value);
    if (status == NumberStatus::kOk) {
      *reply = {Answer::kValue, static_cast<int>(value)};
      return true;
    }
    const auto answer = ParseAnswerName(word);
    if (answer && *answer != Answer::kValue) {
      *reply = {*answer, 0};
      return true;
    }
    return Fail(line, "expected value '" + Printable(word) +
                          "' is not one answer or number (0 to 0xffff)" + NumberHint(status));
  }

  // "c" and decimal digits: c0, c1, ... ("c+1", "c0x1" and "c01" are not clients).
  bool ParseClient(const std::string& head, int line, int* client) {
    const std::string digits = head.size() > 1 && head[0] == 'c' ? head.substr(1) : "";
    uint64_t n = 0;
    const NumberStatus status =
        digits.find_first_not_of("0123456789") == std::string::npos
            ? ParseNumber(digits, 0, UINT64_MAX, &n)
            : NumberStatus::kNotANumber;
    if (status == NumberStatus::kNotANumber || status == NumberStatus::kLeadingZero) {
      return Fail(line,
                  "'" + Printable(head) + "' is neither a client (c0, c1, ...) nor a command");
    }
    if (status != NumberStatus::kOk || n >= static_cast<uint64_t>(num_clients_)) {
      return Fail(line, "client " + head + " does not exist (" + std::to_string(num_clients_) +
                            " clients: c0 to c" + std::to_string(num_clients_ - 1) + ")");
    }
    *client = static_cast<int>(n);
    return true;
  }

  bool Parse(const std::string& text, int line, Op* op) {
    op->line = line;
    const size_t arrow = text.find("=>");
    const std::string body = arrow == std::string::npos ? text : text.substr(0, arrow);
    std::vector<std::string> words;
    std::istringstream split(body);
    for (std::string w; split >> w;) words.push_back(w);
    if (arrow != std::string::npos) {
      const std::string expect = text.substr(arrow + 2);
      // A read expects the bytes read (or a quoted Device ID), not one answer.
      const bool reads = words.size() >= 2 && (words[1] == "read" || words[1] == "device-id") &&
                         expect.find_first_not_of(" \t") != std::string::npos;
      if (!(reads ? ParseReadExpect(words[1], expect, line, op)
                  : ParseExpectation(expect, line, op))) {
        return false;
      }
    }
    if (words.empty()) return Fail(line, "nothing before '=>'");
    const std::string& head = words[0];
    if (head == "idle") {
      if (words.size() != 2) return Fail(line, "usage: idle CYCLES");
      op->kind = OpKind::kIdle;
      return Cycles(words[1], 0, "idle", line, &op->cycles) && NoExpect(line, op);
    }
    if (head == "peripheral") return ParsePeripheral(words, line, op) && NoExpect(line, op);
    if (head == "expect-bytes") {
      op->kind = OpKind::kExpectBytes;
      return ParseBytes(words, 1, line, &op->bytes, &op->commands) && NoExpect(line, op);
    }
    // Everything else is "cN operation ...".
    return ParseClientOperation(words, line, op);
  }

 private:
  // What follows "=>": one answer or number.
  bool ParseExpectation(const std::string& expect, int line, Op* op) {
    if (expect.empty()) return Fail(line, "'=>' without a value");
    std::istringstream e(expect);
    std::string word, count, extra;
    e >> word >> count >> extra;
    if (word.empty() || !extra.empty() || (word != "gave-up" && !count.empty())) {
      const size_t first = expect.find_first_not_of(" \t");
      const size_t last = expect.find_last_not_of(" \t");
      const std::string shown =
          first == std::string::npos ? "" : expect.substr(first, last - first + 1);
      return Fail(line, "expected value '" + Printable(shown) + "' is not one answer or number");
    }
    Reply reply;
    if (!ParseReply(word, count, line, &reply)) return false;
    op->expect = reply;
    return true;
  }

  bool ParseClientOperation(const std::vector<std::string>& words, int line, Op* op) {
    const std::string& head = words[0];
    if (!ParseClient(head, line, &op->client)) return false;
    if (words.size() < 2) return Fail(line, "missing operation after " + head);
    const auto kind = ParseOpName(words[1]);
    if (!kind) return Fail(line, "unknown operation '" + Printable(words[1]) + "'");
    op->kind = *kind;
    const size_t args = words.size() - 2;
    switch (*kind) {
      case OpKind::kAllocate:
      case OpKind::kTry:
      case OpKind::kFree:
      case OpKind::kCancel:
      case OpKind::kWaiters:
      case OpKind::kOwner:
      case OpKind::kClearMode:
        if (args != 0) return Fail(line, words[1] + " takes no arguments");
        return true;
      case OpKind::kAwait:
        if (args > 1) return Fail(line, "usage: cN await [TIMEOUT_CYCLES]");
        return args == 0 || Cycles(words[2], 1, "await", line, &op->cycles);
      case OpKind::kSetMode: {
        const auto mode = args == 1 ? ParseModeName(words[2]) : std::nullopt;
        if (!mode) return Fail(line, "usage: cN mode spp|ps2|fifo|ecp|epp|nibble");
        op->mode = *mode;
        return true;
      }
      case OpKind::kWrite:
        if (args == 0) return Fail(line, "usage: cN write BYTE...");
        return ParseBytes(words, 2, line, &op->bytes);
      case OpKind::kRegWrite:
      case OpKind::kRegRead:
        return ParseRegisterAccess(words, line, op);
      case OpKind::kNegotiate: {
        const auto request = args == 1 ? ParseIeee1284Mode(words[2]) : std::nullopt;
        if (!request) {
          return Fail(line, "usage: cN negotiate nibble|byte|ecp|epp|nibble-id|byte-id");
        }
        op->data = *request;
        return true;
      }
      case OpKind::kRead:
        if (args != 1) return Fail(line, "usage: cN read COUNT [=> BYTE...]");
        return Number(words[2], 1, 0xffff, "read takes a count from 1 to 65535", line,
                      &op->cycles);
      case OpKind::kDeviceId:
      case OpKind::kTerminate:
        if (args != 0) return Fail(line, words[1] + " takes no arguments");
        return true;
      case OpKind::kBeginStrobe: {
        if (args != 1) return Fail(line, "usage: cN begin-strobe BYTE");
        uint64_t byte = 0;
        if (!Number(words[2], 0, 0xff, "begin-strobe takes a byte from 0 to 0xff", line, &byte)) {
          return false;
        }
        op->data = static_cast<uint8_t>(byte);
        return true;
      }
      case OpKind::kEcpCommand: {
        if (args != 1) return Fail(line, "usage: cN ecp-command BYTE");
        uint64_t command = 0;
        if (!Number(words[2], 0, 0xff,
                    "ecp-command takes a byte from 0 to 0xff (0x80 and up: a channel address, "
                    "below: a run-length count)",
                    line, &command)) {
          return false;
        }
        op->data = static_cast<uint8_t>(command);
        return true;
      }
      case OpKind::kEppWrite:
      case OpKind::kEppRead:
        return ParseEppAccess(words, line, op);
      default:
        break;
    }
    return Fail(line, "'" + words[1] + "' is not a client operation");
  }

  bool ParsePeripheral(const std::vector<std::string>& words, int line, Op* op) {
    const std::string what = words.size() > 1 ? words[1] : "";
    if (words.size() == 3 && what == "busy") {
      op->kind = OpKind::kPeripheralBusy;
      return Cycles(words[2], 0, "peripheral busy", line, &op->cycles);
    }
    if ((words.size() == 2 || words.size() == 3) &&
        (what == "offline" || what == "paper-out" || what == "fault")) {
      op->kind = what == "offline"     ? OpKind::kPeripheralOffline
                 : what == "paper-out" ? OpKind::kPeripheralPaperOut
                                       : OpKind::kPeripheralFault;
      return words.size() == 2 || Cycles(words[2], 1, "peripheral " + what, line, &op->cycles);
    }
    if (words.size() == 2 && what == "online") {
      op->kind = OpKind::kPeripheralOnline;
      return true;
    }
    if (words.size() > 2 && what == "send") {
      op->kind = OpKind::kPeripheralSend;
      return ParseBytes(words, 2, line, &op->bytes, &op->commands);
    }
    if (words.size() == 3 && what == "stop-at") {
      uint64_t event = 0;
      if (!Number(words[2], 0, 0xff, "peripheral stop-at takes an IEEE 1284 Event number", line,
                  &event)) {
        return false;
      }
      if (!Ieee1284Peripheral::Answers(static_cast<uint8_t>(event))) {
        return Fail(line, "peripheral stop-at: Event " + words[2] +
                              " is not one the peripheral answers (2, 5, 6, 8, 9, 11, 23, 24, "
                              "26, 27, 31, 32, 36, 40, 42, 43, 45, 48, 49, 58, 60)");
      }
      op->kind = OpKind::kPeripheralStopAt;
      op->data = static_cast<uint8_t>(event);
      return true;
    }
    if (words.size() == 3 && what == "refuse") {
      const auto request = ParseIeee1284Mode(words[2]);
      if (!request) {
        return Fail(line, "usage: peripheral refuse nibble|byte|ecp|epp|nibble-id|byte-id");
      }
      op->kind = OpKind::kPeripheralRefuse;
      op->data = *request;
      return true;
    }
    return Fail(line, "usage: peripheral busy CYCLES | offline [CYCLES] | paper-out [CYCLES] "
                      "| fault [CYCLES] | online | send BYTE|cmd:BYTE... | stop-at EVENT | refuse MODE");
  }

  // "read N => BYTE..." or "device-id => \"TEXT\"": the bytes the driver must read (a Device
  // ID with its two length bytes, MSB first, counting themselves).
  bool ParseReadExpect(const std::string& op_name, const std::string& expect, int line, Op* op) {
    std::vector<std::string> words;
    std::istringstream split(expect);
    for (std::string w; split >> w;) words.push_back(w);
    // One answer other than a number (not-owner, rejected): the operation's answer.
    const auto answer = words.size() == 1 ? ParseAnswerName(words[0]) : std::nullopt;
    if (answer && *answer != Answer::kValue) {
      op->expect = Reply{*answer, 0};
      return true;
    }
    if (op_name == "read") {
      if (words.empty()) return Fail(line, "'=>' without a value");
      if (!ParseBytes(words, 0, line, &op->bytes, &op->commands)) return false;
    } else {
      const size_t open = expect.find('"');
      const size_t close = expect.rfind('"');
      const bool blank_outside =
          open != std::string::npos && close > open &&
          expect.find_first_not_of(" \t") == open &&
          expect.find_last_not_of(" \t") == close;
      if (!blank_outside) {
        return Fail(line, "device-id expects a quoted Device ID: => \"MFG:...;\"");
      }
      const std::string text = expect.substr(open + 1, close - open - 1);
      const size_t length = text.size() + 2;
      op->bytes = {static_cast<uint8_t>(length >> 8), static_cast<uint8_t>(length & 0xff)};
      op->bytes.insert(op->bytes.end(), text.begin(), text.end());
    }
    op->expect = Reply{Answer::kOk, 0};
    return true;
  }

  bool ParseEppAccess(const std::vector<std::string>& words, int line, Op* op) {
    const bool write = op->kind == OpKind::kEppWrite;
    const std::string usage =
        write ? "usage: cN epp-write addr|data BYTE" : "usage: cN epp-read addr|data";
    if (words.size() != (write ? 4u : 3u)) return Fail(line, usage);
    if (words[2] != "addr" && words[2] != "data") return Fail(line, usage);
    op->addr = words[2] == "addr" ? regmap::kEppAddr : regmap::kEppData;
    uint64_t data = 0;
    if (write && !Number(words[3], 0, 0xff, "epp-write takes a byte from 0 to 0xff", line, &data)) {
      return false;
    }
    op->data = static_cast<uint8_t>(data);
    return true;
  }

  bool ParseRegisterAccess(const std::vector<std::string>& words, int line, Op* op) {
    const bool write = op->kind == OpKind::kRegWrite;
    if (words.size() != (write ? 4u : 3u)) {
      return Fail(line, write ? "usage: cN reg-write ADDR BYTE" : "usage: cN reg-read ADDR");
    }
    const std::string name = write ? "reg-write" : "reg-read";
    uint64_t addr = 0, data = 0;
    if (!Number(words[2], 0, kLastAddr, name + " takes an address from 0 to " + Hex(kLastAddr),
                line, &addr) ||
        (write && !Number(words[3], 0, 0xff, "reg-write takes a byte from 0 to 0xff", line,
                          &data))) {
      return false;
    }
    // The arbitration registers change through allocate/try/free/cancel only, so that the model
    // sees every change.
    if (write && addr >= regmap::kArbBase) {
      return Fail(line, "reg-write to the arbitration block: use allocate/try/free/cancel");
    }
    op->addr = static_cast<uint16_t>(addr);
    op->data = static_cast<uint8_t>(data);
    return true;
  }

  bool NoExpect(int line, const Op* op) {
    if (op->expect) return Fail(line, "this command takes no '=> value'");
    return true;
  }

  int num_clients_;
  ScriptError* error_;
};

}  // namespace

bool ParseScript(std::istream& in, int num_clients, std::vector<Op>* ops, ScriptError* error) {
  LineParser parser(num_clients, error);
  std::string text;
  for (int line = 1;; ++line) {
    const LineRead got = ReadLine(in, &text);
    if (got == LineRead::kEnd) return true;
    if (line > kMaxScriptLines) {
      return parser.Fail(line, "more than " + std::to_string(kMaxScriptLines) +
                                   " lines: a script is at most that long");
    }
    if (got == LineRead::kTooLong) {
      return parser.Fail(line, "line longer than " + std::to_string(kMaxScriptLineChars) +
                                   " characters");
    }
    const size_t bom = line == 1 && text.rfind(kUtf8Bom, 0) == 0 ? std::strlen(kUtf8Bom) : 0;
    if (const size_t bad = FindBinaryByte(text); bad != std::string::npos) {
      return parser.Fail(line, "byte " + Printable(text.substr(bad, 1)) + " at column " +
                                   std::to_string(bad + 1) + ": a script is text");
    }
    text.erase(0, bom);
    if (const size_t hash = text.find('#'); hash != std::string::npos) text.resize(hash);
    if (text.find_first_not_of(" \t") == std::string::npos) continue;
    Op op;
    if (!parser.Parse(text, line, &op)) return false;
    ops->push_back(std::move(op));
  }
}

ScriptStatus ParseScriptFile(const std::string& path, int num_clients, std::vector<Op>* ops,
                             std::string* message) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    *message = "script '" + path + "' is a directory";
    return ScriptStatus::kCannotRead;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *message = "cannot read script '" + path + "': " + std::strerror(errno);
    return ScriptStatus::kCannotRead;
  }
  ScriptError error;
  if (!ParseScript(in, num_clients, ops, &error)) {
    *message = path + ":" + std::to_string(error.line) + ": " + error.message;
    return ScriptStatus::kMalformed;
  }
  if (ops->empty()) {
    *message = "script '" + path + "' has no operations";
    return ScriptStatus::kEmpty;
  }
  return ScriptStatus::kOk;
}

}  // namespace ppcosim
