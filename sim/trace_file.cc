#include "trace_file.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <string>

#include "gtkwave/fstapi.h"

namespace ppcosim {
namespace {

uint64_t BigEndian(const unsigned char* bytes) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | bytes[i];
  return v;
}

bool IsHierarchy(int block) {
  return block == FST_BL_HIER || block == FST_BL_HIER_LZ4 || block == FST_BL_HIER_LZ4DUO;
}

// Why a write to `path` fails now (a full disk, a file size limit), found by trying one.
int WriteFailure(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd < 0) return errno;
  const ssize_t n = ::write(fd, "", 1);
  const int reason = n == 1 ? EIO : errno;
  ::close(fd);
  return reason;
}

}  // namespace

bool IsVcdName(const std::string& path) {
  if (path.size() < 4) return false;
  std::string ext = path.substr(path.size() - 4);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext == ".vcd";
}

int FstIncompleteReason(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return errno;
  uint64_t size = 0;
  if (fseeko(f, 0, SEEK_END) == 0) size = static_cast<uint64_t>(ftello(f));
  // Each block: a type byte, then its length (which counts itself), big-endian.
  uint64_t pos = 0;
  bool header = false;
  bool hierarchy = false;
  while (pos < size && fseeko(f, static_cast<off_t>(pos), SEEK_SET) == 0) {
    const int block = std::fgetc(f);
    unsigned char length_bytes[8];
    if (block == EOF || std::fread(length_bytes, 1, 8, f) != 8) break;
    const uint64_t length = BigEndian(length_bytes);
    if (length < 8 || length > size - pos - 1) break;
    if (pos == 0) header = block == FST_BL_HDR;
    hierarchy = hierarchy || IsHierarchy(block);
    pos += 1 + length;
  }
  std::fclose(f);
  if (pos == size && header && hierarchy) return 0;
  // The writer does not report its write errors; a file that lost one is short of the blocks
  // written last.
  return WriteFailure(path);
}

bool ReadFstBack(const std::string& fst_path, std::FILE* vcd) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return false;
  const pid_t child = ::fork();
  if (child < 0) {
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    return false;
  }
  if (child == 0) {
    // fstapi reports a corrupt file by exiting or not at all: let it, in this process. Its
    // messages would only repeat the one the parent gives.
    ::close(pipe_fds[0]);
    // Past a file size limit the reader's own temporary file would make it loop forever.
    std::signal(SIGXFSZ, SIG_DFL);
    const int null_fd = ::open("/dev/null", O_WRONLY);
    if (null_fd >= 0) ::dup2(null_fd, 2);
    void* reader = fstReaderOpen(fst_path.c_str());
    if (reader == nullptr) ::_exit(1);
    std::FILE* out = vcd != nullptr ? ::fdopen(pipe_fds[1], "w") : nullptr;
    // The hierarchy first: it resets the mask of the signals to read (fst2vcd's order).
    bool ok = fstReaderProcessHier(reader, out) != 0;
    fstReaderSetFacProcessMaskAll(reader);
    // Without VCD to write, a callback still makes it decode every value.
    auto ignore = [](void*, uint64_t, fstHandle, const unsigned char*) {};
    ok = ok && fstReaderIterBlocks(reader, out != nullptr ? nullptr : +ignore, nullptr, out) != 0;
    if (out != nullptr) {
      // The end mark: the last time again, so a reader can tell a whole VCD from one cut at
      // a line end (wavecheck --require-complete). The clock changes at every dump, so the
      // end time is the time of the last change.
      std::fprintf(out, "#%llu\n", static_cast<unsigned long long>(fstReaderGetEndTime(reader)));
      std::fflush(out);
    }
    ::_exit(ok ? 0 : 1);
  }
  // fstapi writes the VCD with write(2) and ignores the result: through the pipe every byte
  // comes here and goes to `vcd`, whose writes are checked.
  ::close(pipe_fds[1]);
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(pipe_fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    if (vcd != nullptr) std::fwrite(buf, 1, static_cast<size_t>(n), vcd);
  }
  ::close(pipe_fds[0]);
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

TraceFile::TraceFile(const std::string& target)
    : vcd_(IsVcdName(target)), fst_(target), vcd_file_(target) {}

bool TraceFile::Create(std::string* error) {
  if (!fst_.Create(error)) return false;
  // The FST writer keeps its hierarchy in a side file until it closes.
  fst_.AddSideFile(fst_.temp_path() + ".hier");
  return !vcd_ || vcd_file_.Create(error);
}

bool TraceFile::Finish(std::string* error) {
  const int incomplete = FstIncompleteReason(fst_.temp_path());
  if (incomplete != 0) {
    *error = CannotWrite(fst_.target(), incomplete);
    return false;
  }
  if (!ReadFstBack(fst_.temp_path(), vcd_ ? vcd_file_.stream() : nullptr)) {
    *error = "cannot write '" + fst_.target() +
             "': the trace writer lost data (a full disk or a file size limit, for the trace or "
             "its temporary files in TMPDIR)";
    return false;
  }
  if (!vcd_) return fst_.Commit(error);
  fst_.Discard();
  return vcd_file_.Commit(error);
}

}  // namespace ppcosim
