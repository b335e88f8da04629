#include "fst_reader.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <functional>

#include "fstapi.h"

namespace ppcosim::traces {
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

// The blocks a closed FST ends with, as a walk of its chain finds them.
struct ClosingBlocks {
  bool geometry = false;
  bool hierarchy = false;
};

// Notes a block of `type` at byte `pos`; false for a block its writer has not finished.
bool NoteBlock(int type, uint64_t pos, ClosingBlocks* seen, std::string* error) {
  switch (type) {
    case FST_BL_SKIP:
      *error = "unfinished: the writer did not close it (block at byte " + std::to_string(pos) +
               " still being written)";
      return false;
    case FST_BL_ZWRAPPER:  // the whole trace compressed: what is inside is fstapi's to check
      seen->geometry = seen->hierarchy = true;
      break;
    case FST_BL_GEOM:
      seen->geometry = true;
      break;
    case FST_BL_HIER:
    case FST_BL_HIER_LZ4:
    case FST_BL_HIER_LZ4DUO:
      seen->hierarchy = true;
      break;
    default:
      break;
  }
  return true;
}

// An FST is a chain of blocks, each a type byte and a big-endian length that counts itself.
// The writer ends the chain with the geometry and hierarchy blocks when it closes the file, and
// marks a block it is still writing FST_BL_SKIP. fstapi trusts the chain: on a file cut short
// it can read a part as if it were whole, or never return. So the chain is walked first: it
// must end exactly at the end of the file, finished, with its hierarchy.
bool CheckBlockChain(FILE* file, std::string* error) {
  uint64_t pos = 0;
  ClosingBlocks seen;
  for (;;) {
    unsigned char head[9];
    if (std::fseek(file, static_cast<long>(pos), SEEK_SET) != 0) break;
    const size_t got = std::fread(head, 1, sizeof head, file);
    if (got == 0) break;
    if (got < sizeof head) {
      *error = "truncated: the block at byte " + std::to_string(pos) + " has no whole header";
      return false;
    }
    if (pos == 0 && head[0] != FST_BL_HDR && head[0] != FST_BL_ZWRAPPER) {
      *error = "not a readable FST file (it does not start with an FST header block)";
      return false;
    }
    uint64_t length = 0;
    for (int i = 1; i < 9; ++i) length = length << 8 | head[i];
    if (length < 8 || length > (uint64_t{1} << 62)) {
      *error = "garbled: the block at byte " + std::to_string(pos) + " has length " +
               std::to_string(length);
      return false;
    }
    if (!NoteBlock(head[0], pos, &seen, error)) return false;
    pos += 1 + length;
  }
  if (std::fseek(file, 0, SEEK_END) != 0) {
    *error = std::string("cannot read: ") + std::strerror(errno);
    return false;
  }
  const auto size = static_cast<uint64_t>(std::ftell(file));
  if (pos > size) {
    *error = "truncated: the file ends at byte " + std::to_string(size) +
             ", inside a block that runs to byte " + std::to_string(pos);
    return false;
  }
  if (size == 0 || !seen.geometry || !seen.hierarchy) {
    *error = "truncated: the file ends at byte " + std::to_string(size) +
             " without the blocks its writer adds when it closes it";
    return false;
  }
  return true;
}

// The reading child's exit status when the reader refused the file (its message follows on
// the pipe); any other failing status is fstapi's own exit.
constexpr int kChildRefused = 1;

class IgnoreChanges : public ChangeSink {
 public:
  void OnChange(uint64_t, size_t, Value) override {}
};

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
  const bool whole = CheckBlockChain(probe, &error_);
  std::fclose(probe);
  if (!whole) return ReadStatus::kBadFormat;
  const ReadStatus tried =
      TryInChild([&path](FstReader& reader) { return reader.OpenHere(path); }, &error_);
  if (tried != ReadStatus::kOk) return tried;
  path_ = path;
  return OpenHere(path);
}

// fstapi trusts what it reads: on a garbled block it may exit the process, or write past its
// buffers and carry on. So each read is first made in a child process, the same calls on the
// same file; only what reads cleanly there is read in this process.
ReadStatus FstReader::TryInChild(const std::function<ReadStatus(FstReader&)>& read,
                                 std::string* error) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    *error = std::string("cannot read: ") + std::strerror(errno);
    return ReadStatus::kCannotOpen;
  }
  const pid_t child = ::fork();
  if (child < 0) {
    *error = std::string("cannot read: ") + std::strerror(errno);
    ::close(fds[0]);
    ::close(fds[1]);
    return ReadStatus::kCannotOpen;
  }
  if (child == 0) {
    ::close(fds[0]);
    // Past a file size limit its temporary file would make it loop forever: let the limit end it.
    std::signal(SIGXFSZ, SIG_DFL);
    // fstapi's own messages would only repeat the one given for them.
    const int null_fd = ::open("/dev/null", O_WRONLY);
    if (null_fd >= 0) ::dup2(null_fd, 2);
    FstReader reader;
    if (read(reader) == ReadStatus::kOk) ::_exit(0);
    const ssize_t ignored = ::write(fds[1], reader.error_.data(), reader.error_.size());
    (void)ignored;
    ::_exit(kChildRefused);
  }
  ::close(fds[1]);
  std::string message;
  char buf[256];
  for (;;) {
    const ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    message.append(buf, static_cast<size_t>(n));
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return ReadStatus::kOk;
  if (WIFEXITED(status)) {
    *error = WEXITSTATUS(status) == kChildRefused && !message.empty()
                 ? message
                 : "garbled: the FST library cannot decode it";
    return ReadStatus::kBadFormat;
  }
  *error = "the FST library died reading it (" +
           std::string(WIFSIGNALED(status) ? strsignal(WTERMSIG(status)) : "stopped") + ")";
  return ReadStatus::kLibraryFailed;
}

ReadStatus FstReader::OpenHere(const std::string& path) {
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
  const ReadStatus tried = TryInChild(
      [this, &selected](FstReader& reader) {
        IgnoreChanges ignore;
        const ReadStatus opened = reader.OpenHere(path_);
        return opened == ReadStatus::kOk ? reader.StreamHere(selected, ignore) : opened;
      },
      &error_);
  if (tried != ReadStatus::kOk) return tried;
  return StreamHere(selected, sink);
}

ReadStatus FstReader::StreamHere(const std::vector<size_t>& selected, ChangeSink& sink) {
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

}  // namespace ppcosim::traces
