#include "json_log.h"

#include "ppcosim/regmap.h"

namespace ppcosim {

void JsonLog::Write(const Op& op, const OpRecord& record) {
  if (!stream_) return;
  char model[32], rtl[32];
  FormatReply(record.model, model, sizeof model);
  FormatReply(record.rtl, rtl, sizeof rtl);
  const std::string_view name = OpName(op.kind);
  std::fprintf(stream_, "{\"cycle\":%llu,\"line\":%d,\"client\":%d,\"op\":\"%.*s\",",
               static_cast<unsigned long long>(record.cycle), op.line, op.client,
               static_cast<int>(name.size()), name.data());
  if (op.kind == OpKind::kSetMode) {
    const std::string_view mode = ModeName(op.mode);
    std::fprintf(stream_, "\"mode\":\"%.*s\",", static_cast<int>(mode.size()), mode.data());
  }
  if (op.kind == OpKind::kWrite) {
    std::fputs("\"bytes\":[", stream_);
    for (size_t i = 0; i < op.bytes.size(); ++i) {
      std::fprintf(stream_, "%s%u", i ? "," : "", op.bytes[i]);
    }
    std::fputs("],", stream_);
  }
  if (op.kind == OpKind::kNegotiate) {
    const std::string_view mode = Ieee1284ModeName(op.data);
    std::fprintf(stream_, "\"mode\":\"%.*s\",", static_cast<int>(mode.size()), mode.data());
  }
  if (op.kind == OpKind::kEppWrite || op.kind == OpKind::kEppRead) {
    std::fprintf(stream_, "\"register\":\"%s\",", op.addr == regmap::kEppAddr ? "addr" : "data");
    if (op.kind == OpKind::kEppWrite) std::fprintf(stream_, "\"data\":%u,", op.data);
  }
  if (op.kind == OpKind::kRegRead || op.kind == OpKind::kRegWrite) {
    std::fprintf(stream_, "\"addr\":%u,", op.addr);
  }
  if (op.kind == OpKind::kBeginStrobe) {
    std::fprintf(stream_, "\"data\":%u,", op.data);
  }
  std::fprintf(stream_, "\"model\":\"%s\",\"rtl\":\"%s\",\"ok\":%s}\n", model, rtl,
               record.ok ? "true" : "false");
}

}  // namespace ppcosim
