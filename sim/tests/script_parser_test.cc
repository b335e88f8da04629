// The number syntax and the script reader's limits: what a script or a command line may say,
// and what it is told when it says something else.
#include <gtest/gtest.h>

#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "number_parse.h"
#include "ppcosim/regmap.h"
#include "script.h"

namespace ppcosim {
namespace {

struct NumberCase {
  const char* text;
  NumberStatus status;
  uint64_t value;
};

class Numbers : public ::testing::TestWithParam<NumberCase> {};

TEST_P(Numbers, AreDecimalOrHexWithoutALeadingZero) {
  uint64_t value = 12345;
  EXPECT_EQ(ParseNumber(GetParam().text, 0, 1000, &value), GetParam().status) << GetParam().text;
  EXPECT_EQ(value, GetParam().status == NumberStatus::kOk ? GetParam().value : 12345u)
      << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, Numbers,
    ::testing::Values(NumberCase{"0", NumberStatus::kOk, 0}, NumberCase{"10", NumberStatus::kOk, 10},
                      NumberCase{"1000", NumberStatus::kOk, 1000},
                      NumberCase{"0x3e8", NumberStatus::kOk, 1000},
                      NumberCase{"0X00FF", NumberStatus::kOk, 255},
                      NumberCase{"010", NumberStatus::kLeadingZero, 0},
                      NumberCase{"00", NumberStatus::kLeadingZero, 0},
                      NumberCase{"1001", NumberStatus::kOutOfRange, 0},
                      NumberCase{"0x3e9", NumberStatus::kOutOfRange, 0},
                      NumberCase{"99999999999999999999999", NumberStatus::kOutOfRange, 0},
                      NumberCase{"0x10000000000000000", NumberStatus::kOutOfRange, 0},
                      NumberCase{"", NumberStatus::kNotANumber, 0},
                      NumberCase{"0x", NumberStatus::kNotANumber, 0},
                      NumberCase{"-1", NumberStatus::kNotANumber, 0},
                      NumberCase{"+1", NumberStatus::kNotANumber, 0},
                      NumberCase{" 1", NumberStatus::kNotANumber, 0},
                      NumberCase{"1 ", NumberStatus::kNotANumber, 0},
                      NumberCase{"1e3", NumberStatus::kNotANumber, 0},
                      NumberCase{"0b101", NumberStatus::kNotANumber, 0},
                      NumberCase{"0xg", NumberStatus::kNotANumber, 0}));

TEST(Numbers, ReachTheFull64Bits) {
  uint64_t value = 0;
  EXPECT_EQ(ParseNumber("18446744073709551615", 0, UINT64_MAX, &value), NumberStatus::kOk);
  EXPECT_EQ(value, UINT64_MAX);
  EXPECT_EQ(ParseNumber("18446744073709551616", 0, UINT64_MAX, &value),
            NumberStatus::kOutOfRange);
  EXPECT_EQ(ParseNumber("0xffffffffffffffff", 0, UINT64_MAX, &value), NumberStatus::kOk);
  EXPECT_EQ(ParseNumber("5", 6, 9, &value), NumberStatus::kOutOfRange);
}

struct Parsed {
  bool ok;
  std::vector<Op> ops;
  ScriptError error{0, ""};
};

Parsed Parse(const std::string& text) {
  std::istringstream in(text);
  Parsed p;
  p.ok = ParseScript(in, 4, &p.ops, &p.error);
  return p;
}

TEST(ScriptReader, SkipsAByteOrderMarkOnTheFirstLine) {
  const Parsed p = Parse("\xef\xbb\xbf" "c1 allocate => pending\n");
  ASSERT_TRUE(p.ok) << p.error.message;
  ASSERT_EQ(p.ops.size(), 1u);
  EXPECT_EQ(p.ops[0].client, 1);
}

TEST(ScriptReader, AByteOrderMarkLaterIsNotSkippedAndIsShownEscaped) {
  const Parsed p = Parse("c0 allocate\n\xef\xbb\xbf" "c1 allocate\n");
  EXPECT_FALSE(p.ok);
  EXPECT_EQ(p.error.line, 2);
  EXPECT_EQ(p.error.message,
            "'\\xef\\xbb\\xbfc1' is neither a client (c0, c1, ...) nor a command");
}

TEST(ScriptReader, NamesABinaryByteOnceAndPrintably) {
  const Parsed p = Parse("c0 allocate\nc0 fr" + std::string(1, '\0') + "ee\n");
  EXPECT_FALSE(p.ok);
  EXPECT_EQ(p.error.line, 2);
  EXPECT_EQ(p.error.message, "byte \\x00 at column 6: a script is text");
  const Parsed escape = Parse("# colour \x1b[31m red\n");
  EXPECT_FALSE(escape.ok);
  EXPECT_EQ(escape.error.message, "byte \\x1b at column 10: a script is text");
}

TEST(ScriptReader, TakesUtf8InCommentsAndCrlfLineEnds) {
  const Parsed p = Parse("# r\xc3\xa9sum\xc3\xa9 \xe2\x86\x92 ok\r\nc0 try => true\r\nidle 5\r\n");
  ASSERT_TRUE(p.ok) << p.error.line << ": " << p.error.message;
  ASSERT_EQ(p.ops.size(), 2u);
  EXPECT_EQ(p.ops[1].cycles, 5u);
}

TEST(ScriptReader, ShowsNonAsciiWordsEscaped) {
  const Parsed p = Parse("c0 allocate => gr\xc3\xa9\n");
  EXPECT_FALSE(p.ok);
  EXPECT_EQ(p.error.message,
            "expected value 'gr\\xc3\\xa9' is not one answer or number (0 to 0xffff)");
}

TEST(ScriptReader, RefusesALineLongerThanTheLimit) {
  const std::string longest = "#" + std::string(kMaxScriptLineChars - 1, 'x');
  EXPECT_TRUE(Parse(longest + "\r\nidle 1\n").ok);
  EXPECT_TRUE(Parse("idle 1\n" + longest).ok);
  const Parsed p = Parse("idle 1\n" + longest + "x\nidle 1\n");
  EXPECT_FALSE(p.ok);
  EXPECT_EQ(p.error.line, 2);
  EXPECT_EQ(p.error.message, "line longer than 4096 characters");
}

// Reading an endless line stops just past the limit: the rest is never read.
TEST(ScriptReader, StopsReadingAnEndlessLineAtTheLimit) {
  std::istringstream in(std::string(100000, '\0'));
  std::vector<Op> ops;
  ScriptError error;
  EXPECT_FALSE(ParseScript(in, 4, &ops, &error));
  EXPECT_EQ(error.message, "line longer than 4096 characters");
  EXPECT_LE(static_cast<size_t>(in.tellg()), kMaxScriptLineChars + 2);
}

TEST(ScriptReader, RefusesMoreLinesThanTheLimit) {
  const std::string lines(static_cast<size_t>(kMaxScriptLines), '\n');
  EXPECT_TRUE(Parse(lines).ok);
  const Parsed p = Parse(lines + "\n");
  EXPECT_FALSE(p.ok);
  EXPECT_EQ(p.error.line, kMaxScriptLines + 1);
  EXPECT_EQ(p.error.message, "more than 1000000 lines: a script is at most that long");
}

struct BadLine {
  const char* text;
  const char* message;
};

class ScriptLine : public ::testing::TestWithParam<BadLine> {};

TEST_P(ScriptLine, IsRefusedWithTheExactReason) {
  const Parsed p = Parse(std::string("c0 allocate\n") + GetParam().text + "\n");
  EXPECT_FALSE(p.ok) << GetParam().text;
  EXPECT_EQ(p.error.line, 2);
  EXPECT_EQ(p.error.message, GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Refused, ScriptLine,
    ::testing::Values(
        BadLine{"idle 99999999999", "idle takes 0 to 1000000000 cycles, not '99999999999'"},
        BadLine{"idle 010",
                "idle takes 0 to 1000000000 cycles, not '010' (a leading zero is not allowed: "
                "numbers are decimal, or hex after 0x)"},
        BadLine{"idle -5", "idle takes 0 to 1000000000 cycles, not '-5'"},
        BadLine{"peripheral busy 1000000001",
                "peripheral busy takes 0 to 1000000000 cycles, not '1000000001'"},
        BadLine{"peripheral offline 0", "peripheral offline takes 1 to 1000000000 cycles, not '0'"},
        BadLine{"c1 await 0", "await takes 1 to 1000000000 cycles, not '0'"},
        BadLine{"c0 reg-read 0x1000", "reg-read takes an address from 0 to 0xfff, not '0x1000'"},
        BadLine{"c0 reg-write 0x402 256", "reg-write takes a byte from 0 to 0xff, not '256'"},
        BadLine{"c0 write 0x41 08",
                "'08' is not a byte (0 to 0xff) (a leading zero is not allowed: numbers are "
                "decimal, or hex after 0x)"},
        BadLine{"c0 waiters => 0x10000",
                "expected value '0x10000' is not one answer or number (0 to 0xffff)"},
        BadLine{"c0 waiters => -1", "expected value '-1' is not one answer or number (0 to 0xffff)"},
        BadLine{"c+1 allocate", "'c+1' is neither a client (c0, c1, ...) nor a command"},
        BadLine{"c 1 allocate", "'c' is neither a client (c0, c1, ...) nor a command"},
        BadLine{"c01 allocate", "'c01' is neither a client (c0, c1, ...) nor a command"},
        BadLine{"c0x1 allocate", "'c0x1' is neither a client (c0, c1, ...) nor a command"},
        BadLine{"c-1 allocate", "'c-1' is neither a client (c0, c1, ...) nor a command"},
        BadLine{"c4 allocate", "client c4 does not exist (4 clients: c0 to c3)"},
        BadLine{"c99999999999999999999999 allocate",
                "client c99999999999999999999999 does not exist (4 clients: c0 to c3)"}));

TEST(ScriptReader, ReadsHexAndDecimalAlike) {
  const Parsed p = Parse("c3 reg-write 0x402 52\nc3 reg-read 1026 => 0x34\nidle 0x10\n");
  ASSERT_TRUE(p.ok) << p.error.message;
  EXPECT_EQ(p.ops[0].addr, 0x402);
  EXPECT_EQ(p.ops[0].data, 52);
  EXPECT_EQ(p.ops[1].addr, 0x402);
  EXPECT_EQ(p.ops[1].expect->value, 0x34);
  EXPECT_EQ(p.ops[2].cycles, 16u);
}

// The register map's blocks bound register access: the last address of the map can be read,
// and writes stop where the arbitration block begins.
TEST(ScriptReader, RegisterAccessFollowsTheRegisterMap) {
  const auto hex = [](uint32_t v) {
    char text[16];
    std::snprintf(text, sizeof text, "0x%x", v);
    return std::string(text);
  };
  const Parsed ok = Parse("c0 reg-read " + hex(regmap::kAddrLimit - 1) + "\nc0 reg-write " +
                          hex(regmap::kArbBase - 1) + " 1\n");
  ASSERT_TRUE(ok.ok) << ok.error.message;
  EXPECT_EQ(ok.ops[0].addr, regmap::kAddrLimit - 1);
  const Parsed arb = Parse("c0 reg-write " + hex(regmap::kArbBase) + " 1\n");
  EXPECT_FALSE(arb.ok);
  EXPECT_EQ(arb.error.message, "reg-write to the arbitration block: use allocate/try/free/cancel");
  const Parsed beyond = Parse("c0 reg-read " + hex(regmap::kAddrLimit) + "\n");
  EXPECT_FALSE(beyond.ok);
  EXPECT_EQ(beyond.error.message, "reg-read takes an address from 0 to " +
                                      hex(regmap::kAddrLimit - 1) + ", not '" +
                                      hex(regmap::kAddrLimit) + "'");
}

std::string SourcePath(const std::string& relative) {
  return std::string(PPCOSIM_SOURCE_DIR) + "/" + relative;
}

TEST(ScriptFile, NamesTheFileAndLine) {
  std::vector<Op> ops;
  std::string message;
  const std::string path = SourcePath("sim/tests/bad_line.pps");
  EXPECT_EQ(ParseScriptFile(path, 4, &ops, &message), ScriptStatus::kMalformed);
  EXPECT_EQ(message, path + ":3: unknown operation 'grab'");
}

TEST(ScriptReader, ReadsTheIeee1284Operations) {
  const Parsed p = Parse(
      "c0 negotiate byte-id => ok\n"
      "c0 device-id => \"MFG:X;\"\n"
      "c0 read 3 => 0x01 2 0xff\n"
      "c1 read 1 => not-owner\n"
      "c0 epp-write addr 0x12\n"
      "c0 epp-read data => 0x34\n"
      "c0 terminate\n"
      "peripheral send 1 2\n"
      "peripheral refuse ecp\n"
      "peripheral stop-at 27\n");
  ASSERT_TRUE(p.ok) << p.error.message;
  ASSERT_EQ(p.ops.size(), 10u);
  EXPECT_EQ(p.ops[0].kind, OpKind::kNegotiate);
  EXPECT_EQ(p.ops[0].data, 0x05);
  // The Device ID's two length bytes count themselves.
  EXPECT_EQ(p.ops[1].bytes, (std::vector<uint8_t>{0, 8, 'M', 'F', 'G', ':', 'X', ';'}));
  EXPECT_EQ(p.ops[2].cycles, 3u);
  EXPECT_EQ(p.ops[2].bytes, (std::vector<uint8_t>{1, 2, 0xff}));
  ASSERT_TRUE(p.ops[3].expect);
  EXPECT_EQ(p.ops[3].expect->answer, Answer::kNotOwner);
  EXPECT_EQ(p.ops[4].addr, regmap::kEppAddr);
  EXPECT_EQ(p.ops[4].data, 0x12);
  EXPECT_EQ(p.ops[5].addr, regmap::kEppData);
  EXPECT_EQ(p.ops[5].expect->value, 0x34);
  EXPECT_EQ(p.ops[8].kind, OpKind::kPeripheralRefuse);
  EXPECT_EQ(p.ops[8].data, 0x10);
  EXPECT_EQ(p.ops[9].data, 27);
}

TEST(ScriptReader, ReadsEcpCommandBytes) {
  const Parsed p = Parse(
      "c0 ecp-command 0x85 => ok\n"
      "peripheral send 0x41 cmd:0x05 66\n"
      "c0 read 3 => 0x41 cmd:5 0x42\n"
      "expect-bytes cmd:0x85 0x10\n");
  ASSERT_TRUE(p.ok) << p.error.message;
  ASSERT_EQ(p.ops.size(), 4u);
  EXPECT_EQ(p.ops[0].kind, OpKind::kEcpCommand);
  EXPECT_EQ(p.ops[0].data, 0x85);
  EXPECT_EQ(p.ops[0].expect->answer, Answer::kOk);
  EXPECT_EQ(p.ops[1].bytes, (std::vector<uint8_t>{0x41, 0x05, 66}));
  EXPECT_EQ(p.ops[1].commands, (std::vector<bool>{false, true, false}));
  EXPECT_EQ(p.ops[2].bytes, (std::vector<uint8_t>{0x41, 0x05, 0x42}));
  EXPECT_EQ(p.ops[2].commands, (std::vector<bool>{false, true, false}));
  EXPECT_EQ(p.ops[3].commands, (std::vector<bool>{true, false}));
}

TEST(ScriptReader, NamesWhatIsWrongInAnIeee1284Line) {
  const std::pair<const char*, const char*> kCases[] = {
      {"c0 negotiate spp\n", "usage: cN negotiate nibble|byte|ecp|epp|nibble-id|byte-id"},
      {"c0 read 0\n", "read takes a count from 1 to 65535, not '0'"},
      {"c0 read 2 => 1 0x100\n",
       "'0x100' is not a byte (0 to 0xff, or cmd:BYTE for an ECP command byte)"},
      {"c0 ecp-command\n", "usage: cN ecp-command BYTE"},
      {"c0 ecp-command 1 2\n", "usage: cN ecp-command BYTE"},
      {"c0 ecp-command 0x100\n",
       "ecp-command takes a byte from 0 to 0xff (0x80 and up: a channel address, below: a "
       "run-length count), not '0x100'"},
      {"c0 ecp-command 08\n",
       "ecp-command takes a byte from 0 to 0xff (0x80 and up: a channel address, below: a "
       "run-length count), not '08' (a leading zero is not allowed: numbers are decimal, or hex "
       "after 0x)"},
      {"c0 write cmd:0x05\n",
       "'cmd:0x05': only peripheral send, read and expect-bytes take ECP command bytes"},
      {"peripheral send cmd:\n",
       "'cmd:' is not a byte (0 to 0xff, or cmd:BYTE for an ECP command byte)"},
      {"expect-bytes cmd:0x1ff\n",
       "'cmd:0x1ff' is not a byte (0 to 0xff, or cmd:BYTE for an ECP command byte)"},
      {"c0 device-id => MFG\n", "device-id expects a quoted Device ID: => \"MFG:...;\""},
      {"c0 epp-write port 1\n", "usage: cN epp-write addr|data BYTE"},
      {"c0 epp-read data 1\n", "usage: cN epp-read addr|data"},
      {"c0 terminate now\n", "terminate takes no arguments"},
      {"peripheral stop-at 22\n",
       "peripheral stop-at: Event 22 is not one the peripheral answers (2, 5, 6, 8, 9, 11, 23, "
       "24, 26, 27, 31, 32, 36, 40, 42, 43, 45, 48, 49, 58, 60)"},
      {"peripheral refuse spp\n",
       "usage: peripheral refuse nibble|byte|ecp|epp|nibble-id|byte-id"},
  };
  for (const auto& [text, message] : kCases) {
    const Parsed p = Parse(text);
    EXPECT_FALSE(p.ok) << text;
    EXPECT_EQ(p.error.message, message) << text;
  }
}

TEST(ScriptFile, RefusesWhatIsNotAScriptFile) {
  std::vector<Op> ops;
  std::string message;
  EXPECT_EQ(ParseScriptFile("/nonexistent/x.pps", 4, &ops, &message), ScriptStatus::kCannotRead);
  EXPECT_EQ(message, "cannot read script '/nonexistent/x.pps': No such file or directory");
  EXPECT_EQ(ParseScriptFile(SourcePath("sim/tests"), 4, &ops, &message),
            ScriptStatus::kCannotRead);
  EXPECT_EQ(message, "script '" + SourcePath("sim/tests") + "' is a directory");
  EXPECT_EQ(ParseScriptFile(SourcePath("sim/tests/empty.pps"), 4, &ops, &message),
            ScriptStatus::kEmpty);
  EXPECT_EQ(message, "script '" + SourcePath("sim/tests/empty.pps") + "' has no operations");
  // A device is read like a file, and the line limit ends it.
  EXPECT_EQ(ParseScriptFile("/dev/zero", 4, &ops, &message), ScriptStatus::kMalformed);
  EXPECT_EQ(message, "/dev/zero:1: line longer than 4096 characters");
  EXPECT_TRUE(ops.empty());
}

TEST(ScriptFile, ReadsAShippedScript) {
  std::vector<Op> ops;
  std::string message;
  ASSERT_EQ(ParseScriptFile(SourcePath("sim/scripts/rule9_counter_view.pps"), 4, &ops, &message),
            ScriptStatus::kOk)
      << message;
  EXPECT_EQ(ops.size(), 16u);
}

}  // namespace
}  // namespace ppcosim
