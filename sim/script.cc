#include "script.h"

#include <cstdlib>
#include <sstream>

namespace ppcosim {
namespace {

// Arbitration registers are changed through allocate/try/free/cancel only, so the model sees it.
constexpr uint16_t kArbitrationBase = 0x800;
constexpr uint16_t kAddrLimit = 0x1000;

bool ParseNumber(const std::string& word, long long min, long long max, long long* value) {
  if (word.empty()) return false;
  char* end = nullptr;
  const long long v = std::strtoll(word.c_str(), &end, 0);
  if (*end != '\0' || v < min || v > max) return false;
  *value = v;
  return true;
}

// `count` is the word after `word`: only "gave-up N", a write's bytes given up, has one.
bool ParseReply(const std::string& word, const std::string& count, Reply* reply) {
  long long value = 0;
  if (word == "gave-up") {
    if (!ParseNumber(count, 1, 1'000'000'000, &value)) return false;
    *reply = {Answer::kGaveUp, static_cast<int>(value)};
    return true;
  }
  if (!count.empty()) return false;
  if (ParseNumber(word, 0, 0xffff, &value)) {
    *reply = {Answer::kValue, static_cast<int>(value)};
    return true;
  }
  const auto answer = ParseAnswerName(word);
  if (!answer || *answer == Answer::kValue) return false;
  *reply = {*answer, 0};
  return true;
}

class LineParser {
 public:
  LineParser(int num_clients, ScriptError* error) : num_clients_(num_clients), error_(error) {}

  bool Fail(int line, std::string message) {
    *error_ = {line, std::move(message)};
    return false;
  }

  bool ParseBytes(const std::vector<std::string>& words, size_t from, int line,
                  std::vector<uint8_t>* bytes) {
    for (size_t i = from; i < words.size(); ++i) {
      long long value = 0;
      if (!ParseNumber(words[i], 0, 0xff, &value)) {
        return Fail(line, "'" + words[i] + "' is not a byte (0 to 0xff)");
      }
      bytes->push_back(static_cast<uint8_t>(value));
    }
    return true;
  }

  bool Parse(const std::string& text, int line, Op* op) {
    std::string body = text;
    std::string expect;
    if (const size_t arrow = text.find("=>"); arrow != std::string::npos) {
      body = text.substr(0, arrow);
      expect = text.substr(arrow + 2);
    }
    std::vector<std::string> words;
    std::istringstream split(body);
    for (std::string w; split >> w;) words.push_back(w);
    op->line = line;
    if (!expect.empty()) {
      std::istringstream e(expect);
      std::string word, count, extra;
      e >> word >> count >> extra;
      Reply reply;
      if (word.empty() || !extra.empty() || !ParseReply(word, count, &reply)) {
        const size_t first = expect.find_first_not_of(" \t");
        const size_t last = expect.find_last_not_of(" \t\r");
        const std::string shown =
            first == std::string::npos ? "" : expect.substr(first, last - first + 1);
        return Fail(line, "expected value '" + shown + "' is not one answer or number");
      }
      op->expect = reply;
    } else if (text.find("=>") != std::string::npos) {
      return Fail(line, "'=>' without a value");
    }

    if (words.empty()) return Fail(line, "nothing before '=>'");
    const std::string& head = words[0];
    if (head == "idle") {
      long long cycles = 0;
      if (words.size() != 2 || !ParseNumber(words[1], 0, 1'000'000'000, &cycles)) {
        return Fail(line, "usage: idle CYCLES");
      }
      op->kind = OpKind::kIdle;
      op->cycles = static_cast<uint64_t>(cycles);
      return NoExpect(line, op);
    }
    if (head == "peripheral") {
      if (words.size() == 3 && words[1] == "busy") {
        long long cycles = 0;
        if (!ParseNumber(words[2], 0, 1'000'000'000, &cycles)) {
          return Fail(line, "usage: peripheral busy CYCLES");
        }
        op->kind = OpKind::kPeripheralBusy;
        op->cycles = static_cast<uint64_t>(cycles);
      } else if ((words.size() == 2 || words.size() == 3) &&
                 (words[1] == "offline" || words[1] == "paper-out" || words[1] == "fault")) {
        long long cycles = 0;
        if (words.size() == 3 && !ParseNumber(words[2], 1, 1'000'000'000, &cycles)) {
          return Fail(line, "usage: peripheral " + words[1] + " [CYCLES]");
        }
        op->kind = words[1] == "offline"     ? OpKind::kPeripheralOffline
                   : words[1] == "paper-out" ? OpKind::kPeripheralPaperOut
                                             : OpKind::kPeripheralFault;
        op->cycles = static_cast<uint64_t>(cycles);
      } else if (words.size() == 2 && words[1] == "online") {
        op->kind = OpKind::kPeripheralOnline;
      } else {
        return Fail(line, "usage: peripheral busy CYCLES | offline [CYCLES] | paper-out [CYCLES] "
                          "| fault [CYCLES] | online");
      }
      return NoExpect(line, op);
    }
    if (head == "expect-bytes") {
      op->kind = OpKind::kExpectBytes;
      return ParseBytes(words, 1, line, &op->bytes) && NoExpect(line, op);
    }
    // Everything else is "cN operation ...".
    long long client = -1;
    if (head.size() < 2 || head[0] != 'c' || !ParseNumber(head.substr(1), 0, 63, &client)) {
      return Fail(line, "'" + head + "' is neither a client (c0, c1, ...) nor a command");
    }
    if (client >= num_clients_) {
      return Fail(line, "client " + head + " does not exist (" + std::to_string(num_clients_) +
                            " clients: c0 to c" + std::to_string(num_clients_ - 1) + ")");
    }
    op->client = static_cast<int>(client);
    if (words.size() < 2) return Fail(line, "missing operation after " + head);
    const auto kind = ParseOpName(words[1]);
    if (!kind) return Fail(line, "unknown operation '" + words[1] + "'");
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
      case OpKind::kAwait: {
        long long cycles = 0;
        if (args > 1 || (args == 1 && !ParseNumber(words[2], 1, 1'000'000'000, &cycles))) {
          return Fail(line, "usage: cN await [TIMEOUT_CYCLES]");
        }
        op->cycles = static_cast<uint64_t>(cycles);
        return true;
      }
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
      case OpKind::kRegRead: {
        const size_t want = *kind == OpKind::kRegWrite ? 2 : 1;
        long long addr = 0, data = 0;
        if (args != want || !ParseNumber(words[2], 0, kAddrLimit - 1, &addr) ||
            (want == 2 && !ParseNumber(words[3], 0, 0xff, &data))) {
          return Fail(line, *kind == OpKind::kRegWrite ? "usage: cN reg-write ADDR BYTE"
                                                       : "usage: cN reg-read ADDR");
        }
        if (*kind == OpKind::kRegWrite && addr >= kArbitrationBase) {
          return Fail(line, "reg-write to the arbitration block: use allocate/try/free/cancel");
        }
        op->addr = static_cast<uint16_t>(addr);
        op->data = static_cast<uint8_t>(data);
        return true;
      }
      default:
        break;
    }
    return Fail(line, "'" + words[1] + "' is not a client operation");
  }

 private:
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
  int line = 0;
  while (std::getline(in, text)) {
    ++line;
    if (const size_t hash = text.find('#'); hash != std::string::npos) text.resize(hash);
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    Op op;
    if (!parser.Parse(text, line, &op)) return false;
    ops->push_back(std::move(op));
  }
  return true;
}

}  // namespace ppcosim
