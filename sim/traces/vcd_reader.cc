#include "vcd_reader.h"

#include <cstring>

namespace ppcosim::traces {
namespace {

constexpr size_t kBufferBytes = 1 << 20;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f'; }

// "data[7:0]" -> "data"; a separate "[7:0]" token is dropped by the caller.
std::string StripRange(const std::string& name) {
  const size_t bracket = name.find('[');
  return bracket == std::string::npos || bracket == 0 ? name : name.substr(0, bracket);
}

bool ParseUnsigned(std::string_view text, uint64_t* out) {
  if (text.empty() || text.size() > 19) return false;
  uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  *out = v;
  return true;
}

bool IsScalarValue(char c) { return std::strchr("01xXzZuUwWhHlL-", c) != nullptr; }

}  // namespace

VcdReader::VcdReader() : buffer_(kBufferBytes) {}

VcdReader::~VcdReader() {
  if (file_ != nullptr) std::fclose(file_);
}

ReadStatus VcdReader::Fail(const std::string& what) {
  // Whatever went wrong on a last line without its newline, the cause is the cut.
  const bool on_cut_line = eof_ && last_byte_ != '\n' &&
                           std::memchr(buffer_.data() + pos_, '\n', len_ - pos_) == nullptr;
  if (on_cut_line) return Truncated(what);
  error_ = "line " + std::to_string(line_) + ": " + what;
  return ReadStatus::kBadFormat;
}

ReadStatus VcdReader::Truncated(const std::string& what) {
  if (bytes_read_ == 0) {
    error_ = "empty file: not a VCD";
  } else {
    error_ = "truncated at line " + std::to_string(last_line()) + ": " + what;
  }
  return ReadStatus::kBadFormat;
}

size_t VcdReader::Fill(size_t offset) {
  const size_t n = std::fread(buffer_.data() + offset, 1, buffer_.size() - offset, file_);
  if (n > 0) {
    bytes_read_ += n;
    last_byte_ = buffer_[offset + n - 1];
  }
  if (n < buffer_.size() - offset) eof_ = true;
  return n;
}

VcdReader::Token VcdReader::Next(std::string_view* token) {
  for (;;) {
    while (pos_ < len_ && IsSpace(buffer_[pos_])) {
      if (buffer_[pos_] == '\n') ++line_;
      ++pos_;
    }
    if (pos_ < len_) break;
    if (eof_) return Token::kEof;
    len_ = Fill(0);
    pos_ = 0;
  }
  size_t end = pos_;
  for (;;) {
    while (end < len_ && !IsSpace(buffer_[end])) ++end;
    if (end < len_ || eof_) break;
    // The token runs past the buffer: move it to the front and read on.
    const size_t have = len_ - pos_;
    if (have == buffer_.size()) return Token::kTooLong;
    std::memmove(buffer_.data(), buffer_.data() + pos_, have);
    len_ = have + Fill(have);
    pos_ = 0;
    end = have;
  }
  *token = std::string_view(buffer_.data() + pos_, end - pos_);
  pos_ = end;
  return Token::kOk;
}

VcdReader::Token VcdReader::CollectToEnd(std::vector<std::string>* tokens) {
  tokens->clear();
  std::string_view t;
  Token got;
  while ((got = Next(&t)) == Token::kOk) {
    if (t == "$end") return Token::kOk;
    tokens->emplace_back(t);
  }
  return got;
}

bool VcdReader::ParseTimescale(const std::vector<std::string>& tokens) {
  std::string text;
  for (const std::string& t : tokens) text += t;  // "1 ps" and "1ps" alike
  size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  uint64_t magnitude = 0;
  if (!ParseUnsigned(std::string_view(text).substr(0, digits), &magnitude)) return false;
  const std::string unit = text.substr(digits);
  int exponent = 0;
  if (unit == "s")
    exponent = 0;
  else if (unit == "ms")
    exponent = -3;
  else if (unit == "us")
    exponent = -6;
  else if (unit == "ns")
    exponent = -9;
  else if (unit == "ps")
    exponent = -12;
  else if (unit == "fs")
    exponent = -15;
  else
    return false;
  return MakeTickScale(exponent, magnitude, &scale_);
}

ReadStatus VcdReader::Open(const std::string& path) {
  file_ = std::fopen(path.c_str(), "rb");
  if (file_ == nullptr) {
    error_ = std::string("cannot open: ") + std::strerror(errno);
    return ReadStatus::kCannotOpen;
  }
  // VCD's default unit when $timescale is absent.
  MakeTickScale(-9, 1, &scale_);
  return ParseHeader();
}

ReadStatus VcdReader::ParseHeader() {
  std::vector<std::string> scopes;
  std::vector<std::string> args;
  std::string_view t;
  for (;;) {
    const Token got = Next(&t);
    if (got == Token::kTooLong) return Fail("token longer than 1 MiB: not a VCD");
    if (got == Token::kEof) return Truncated("end of file before $enddefinitions (or not a VCD)");
    const std::string word(t);
    if (word.empty() || word[0] != '$') {
      return Fail("expected a $keyword in the header, found '" + word.substr(0, 40) + "'");
    }
    switch (CollectToEnd(&args)) {
      case Token::kOk:
        break;
      case Token::kEof:
        return Truncated(word + " without $end");
      case Token::kTooLong:
        return Fail("token longer than 1 MiB: not a VCD");
    }
    if (word == "$enddefinitions") return ReadStatus::kOk;
    if (word == "$timescale") {
      if (!ParseTimescale(args)) return Fail("unsupported $timescale");
    } else if (word == "$scope") {
      if (args.size() < 2) return Fail("$scope without a name");
      scopes.push_back(args[1]);
    } else if (word == "$upscope") {
      if (scopes.empty()) return Fail("$upscope without $scope");
      scopes.pop_back();
    } else if (word == "$var") {
      // $var <type> <size> <code> <reference> [<range>] $end
      uint64_t width = 0;
      if (args.size() < 4 || !ParseUnsigned(args[1], &width) || width == 0) {
        return Fail("malformed $var");
      }
      std::string name;
      for (const std::string& s : scopes) name += s + ".";
      name += StripRange(args[3]);
      const auto [it, inserted] =
          id_by_code_.emplace(args[2], static_cast<uint32_t>(width_by_id_.size()));
      if (inserted) width_by_id_.push_back(static_cast<uint32_t>(width));
      vars_.push_back({name, static_cast<uint32_t>(width), it->second});
    }
    // $date, $version, $comment and vendor extensions carry nothing we need.
  }
}

bool VcdReader::LookUpCode(std::string_view code, uint32_t* id) {
  code_key_.assign(code.data(), code.size());
  const auto it = id_by_code_.find(code_key_);
  if (it == id_by_code_.end()) return false;
  *id = it->second;
  return true;
}

ReadStatus VcdReader::ReadTimestamp(std::string_view t, StreamTime* time) {
  uint64_t ticks = 0;
  if (!ParseUnsigned(t.substr(1), &ticks)) {
    return Fail("bad time '" + std::string(t.substr(0, 40)) + "'");
  }
  const uint64_t ps = scale_.ToPs(ticks);
  if (ps < time->now_ps) return Fail("time goes backwards at '" + std::string(t) + "'");
  end_marked_ = time->any_change && ps == time->last_change_ps;
  time->now_ps = ps;
  if (ps > end_ps_) end_ps_ = ps;
  return ReadStatus::kOk;
}

ReadStatus VcdReader::ReadChange(std::string_view t, ValueChange* change) {
  const char c = t[0];
  change->bits = nullptr;
  change->len = 0;
  if (c == 'b' || c == 'B') {
    bits_.assign(t.data() + 1, t.size() - 1);
    if (Next(&t) != Token::kOk) return Fail("vector value without an identifier code");
    if (!LookUpCode(t, &change->id)) {
      return Fail("unknown identifier code '" + std::string(t) + "'");
    }
    change->bits = bits_.data();
    change->len = bits_.size();
  } else if (c == 'r' || c == 'R' || c == 's' || c == 'S') {
    if (Next(&t) != Token::kOk) return Fail("value without an identifier code");
    if (!LookUpCode(t, &change->id)) {
      return Fail("unknown identifier code '" + std::string(t) + "'");
    }
    // Real and string variables are never ours: no bits.
  } else if (IsScalarValue(c) && t.size() > 1) {
    if (!LookUpCode(t.substr(1), &change->id)) {
      return Fail("unknown identifier code '" + std::string(t.substr(1)) + "'");
    }
    change->bits = t.data();
    change->len = 1;
  } else {
    return Fail("expected a time or a value change, found '" + std::string(t.substr(0, 40)) +
                "'");
  }
  return ReadStatus::kOk;
}

ReadStatus VcdReader::Stream(const std::vector<size_t>& selected, ChangeSink& sink) {
  // Each id heads a chain of the slots that want it (aliases can be selected twice).
  constexpr int32_t kNone = -1;
  std::vector<int32_t> head(width_by_id_.size(), kNone);
  std::vector<int32_t> next(selected.size(), kNone);
  for (size_t slot = 0; slot < selected.size(); ++slot) {
    const uint32_t id = vars_.at(selected[slot]).id;
    next[slot] = head[id];
    head[id] = static_cast<int32_t>(slot);
  }

  StreamTime time;
  std::string_view t;
  std::vector<std::string> skipped;
  for (;;) {
    const Token got = Next(&t);
    if (got == Token::kEof) break;
    if (got == Token::kTooLong) return Fail("token longer than 1 MiB: garbled VCD");
    if (t[0] == '#') {
      const ReadStatus read = ReadTimestamp(t, &time);
      if (read != ReadStatus::kOk) return read;
      continue;
    }
    end_marked_ = false;
    if (t[0] == '$') {
      if (t == "$comment") {
        const Token comment = CollectToEnd(&skipped);
        if (comment == Token::kEof) return Truncated("$comment without $end");
        if (comment == Token::kTooLong) return Fail("token longer than 1 MiB: garbled VCD");
      }
      continue;  // $dumpvars, $dumpall, $dumpon, $dumpoff, $end: the values in between count
    }
    time.any_change = true;
    time.last_change_ps = time.now_ps;
    ValueChange change;
    const ReadStatus read = ReadChange(t, &change);
    if (read != ReadStatus::kOk) return read;
    if (change.bits == nullptr) continue;
    for (int32_t slot = head[change.id]; slot != kNone; slot = next[static_cast<size_t>(slot)]) {
      sink.OnChange(time.now_ps, static_cast<size_t>(slot),
                    ParseBits(change.bits, change.len, width_by_id_[change.id]));
    }
  }
  if (std::ferror(file_)) {
    error_ = std::string("read error: ") + std::strerror(errno);
    return ReadStatus::kCannotOpen;
  }
  if (last_byte_ != '\n') return Truncated("the last line does not end in a newline");
  return ReadStatus::kOk;
}

bool VcdReader::complete(std::string* why) const {
  if (end_marked_) return true;
  *why = "line " + std::to_string(last_line()) +
         ": no end mark after it (the last timestamp written again after its changes), so the "
         "trace may have been cut at a line boundary";
  return false;
}

}  // namespace ppcosim::traces
