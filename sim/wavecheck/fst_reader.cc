#include "fst_reader.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "fstapi.h"

namespace ppcosim::wavecheck {
namespace {

constexpr int32_t kNone = -1;

// Verilator names vectors "paddr_i [11:0]"; the range is not part of the name.
std::string StripRange(const char* name, uint32_t len) {
  std::string s(name, len);
  const size_t bracket = s.find('[');
  if (bracket == std::string::npos || bracket == 0) return s;
  size_t end = bracket;
  while (end > 0 && s[end - 1] == ' ') --end;
  return s.substr(0, end);
}

}  // namespace

FstReader::~FstReader() {
  if (ctx_ != nullptr) fstReaderClose(ctx_);
}

ReadStatus FstReader::Open(const std::string& path) {
  FILE* probe = std::fopen(path.c_str(), "rb");
  if (probe == nullptr) {
    error_ = std::string("cannot open: ") + std::strerror(errno);
    return ReadStatus::kCannotOpen;
  }
  std::fclose(probe);
  ctx_ = fstReaderOpen(path.c_str());
  if (ctx_ == nullptr) {
    error_ = "not a readable FST file (truncated, garbled, or still being written)";
    return ReadStatus::kBadFormat;
  }
  if (!MakeTickScale(fstReaderGetTimescale(ctx_), 1, &scale_)) {
    error_ = "unsupported FST timescale 1e" + std::to_string(fstReaderGetTimescale(ctx_)) + " s";
    return ReadStatus::kBadFormat;
  }
  const fstHandle max_handle = fstReaderGetMaxHandle(ctx_);
  width_by_handle_.assign(static_cast<size_t>(max_handle) + 1, 0);
  std::vector<std::string> scopes;
  std::string prefix;
  fstReaderIterateHierRewind(ctx_);
  while (const fstHier* h = fstReaderIterateHier(ctx_)) {
    switch (h->htyp) {
      case FST_HT_SCOPE:
        scopes.emplace_back(h->u.scope.name, h->u.scope.name_length);
        break;
      case FST_HT_UPSCOPE:
        if (!scopes.empty()) scopes.pop_back();
        break;
      case FST_HT_VAR: {
        const fstHandle handle = h->u.var.handle;
        if (handle == 0 || handle > max_handle) {
          error_ = "variable with an invalid handle: garbled FST";
          return ReadStatus::kBadFormat;
        }
        prefix.clear();
        for (const std::string& s : scopes) prefix += s + ".";
        vars_.push_back(
            {prefix + StripRange(h->u.var.name, h->u.var.name_length), h->u.var.length, handle});
        width_by_handle_[handle] = h->u.var.length;
        break;
      }
      default:
        break;  // attributes (enum tables, source stems) do not matter here
    }
  }
  end_ps_ = scale_.ToPs(fstReaderGetEndTime(ctx_));
  return ReadStatus::kOk;
}

void FstReader::OnValue(void* self, uint64_t time, uint32_t handle, const unsigned char* value) {
  auto* r = static_cast<FstReader*>(self);
  if (handle >= r->head_.size()) return;
  const uint32_t width = r->width_by_handle_[handle];
  const uint64_t ps = r->scale_.ToPs(time);
  for (int32_t slot = r->head_[handle]; slot != kNone; slot = r->next_[static_cast<size_t>(slot)]) {
    r->sink_->OnChange(ps, static_cast<size_t>(slot),
                       ParseBits(reinterpret_cast<const char*>(value), width, width));
  }
}

void FstReader::OnVarLengthValue(void*, uint64_t, uint32_t, const unsigned char*, uint32_t) {
  // Strings and reals are never among the checked signals.
}

ReadStatus FstReader::Stream(const std::vector<size_t>& selected, ChangeSink& sink) {
  head_.assign(width_by_handle_.size(), kNone);
  next_.assign(selected.size(), kNone);
  fstReaderClrFacProcessMaskAll(ctx_);
  for (size_t slot = 0; slot < selected.size(); ++slot) {
    const uint32_t handle = vars_.at(selected[slot]).id;
    next_[slot] = head_[handle];
    head_[handle] = static_cast<int32_t>(slot);
    fstReaderSetFacProcessMask(ctx_, handle);
  }
  sink_ = &sink;
  const int ok =
      fstReaderIterBlocks2(ctx_, &FstReader::OnValue, &FstReader::OnVarLengthValue, this, nullptr);
  sink_ = nullptr;
  if (!ok) {
    error_ = "cannot read the value change blocks: garbled FST";
    return ReadStatus::kBadFormat;
  }
  return ReadStatus::kOk;
}

}  // namespace ppcosim::wavecheck
