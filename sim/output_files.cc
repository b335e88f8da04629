#include "output_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>

namespace ppcosim {
namespace {

namespace fs = std::filesystem;

std::string NormalPath(const std::string& path) {
  std::error_code ec;
  const fs::path absolute = fs::absolute(path, ec);
  if (ec) return fs::path(path).lexically_normal().string();
  const fs::path canonical = fs::weakly_canonical(absolute, ec);
  return (ec ? absolute.lexically_normal() : canonical).string();
}

OutputProblem TargetProblem(const std::string& path) {
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0) return OutputProblem::kNone;  // not there yet
  if (S_ISLNK(st.st_mode)) return OutputProblem::kSymlink;
  if (S_ISDIR(st.st_mode)) return OutputProblem::kDirectory;
  if (!S_ISREG(st.st_mode)) return OutputProblem::kNotRegularFile;
  return OutputProblem::kNone;
}

std::string Quoted(const NamedPath& p) { return p.role + " '" + p.path + "'"; }

}  // namespace

// The stream's end: every write goes to the file descriptor in full or is an error, and the
// first error is kept (stdio itself only keeps a flag, not the reason).
struct OutputFile::Sink {
  int fd = -1;
  int error = 0;

  static ssize_t Write(void* cookie, const char* data, size_t size) {
    Sink* sink = static_cast<Sink*>(cookie);
    if (sink->error != 0) return 0;
    for (size_t done = 0; done < size;) {
      const ssize_t n = ::write(sink->fd, data + done, size - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        sink->error = n < 0 ? errno : EIO;
        return 0;
      }
      done += static_cast<size_t>(n);
    }
    return static_cast<ssize_t>(size);
  }

  static int Close(void* cookie) {
    Sink* sink = static_cast<Sink*>(cookie);
    if (sink->fd >= 0 && ::close(sink->fd) != 0 && sink->error == 0) sink->error = errno;
    sink->fd = -1;
    return sink->error == 0 ? 0 : -1;
  }
};

bool SameFile(const std::string& a, const std::string& b) {
  struct stat sa;
  struct stat sb;
  if (::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0) {
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
  }
  return NormalPath(a) == NormalPath(b);
}

OutputCheck CheckOutputs(const std::vector<NamedPath>& inputs,
                         const std::vector<NamedPath>& outputs) {
  for (size_t o = 0; o < outputs.size(); ++o) {
    for (size_t i = 0; i < inputs.size(); ++i) {
      if (SameFile(outputs[o].path, inputs[i].path)) return {OutputProblem::kIsInput, o, i};
    }
    for (size_t earlier = 0; earlier < o; ++earlier) {
      if (SameFile(outputs[o].path, outputs[earlier].path)) {
        return {OutputProblem::kSameAsOutput, o, earlier};
      }
    }
    const OutputProblem problem = TargetProblem(outputs[o].path);
    if (problem != OutputProblem::kNone) return {problem, o, 0};
  }
  return {};
}

std::string DescribeOutputCheck(const OutputCheck& check, const std::vector<NamedPath>& inputs,
                                const std::vector<NamedPath>& outputs) {
  if (check.problem == OutputProblem::kNone) return "";
  const NamedPath& out = outputs.at(check.output);
  switch (check.problem) {
    case OutputProblem::kNone:
      break;
    case OutputProblem::kIsInput:
      return Quoted(out) + " is the same file as " + Quoted(inputs.at(check.other)) +
             ", an input; refusing to overwrite it";
    case OutputProblem::kSameAsOutput:
      return Quoted(outputs.at(check.other)) + " and " + Quoted(out) +
             " are the same file; give each output its own name";
    case OutputProblem::kDirectory:
      return Quoted(out) + " is a directory; refusing to replace it";
    case OutputProblem::kNotRegularFile:
      return Quoted(out) + " exists and is not a regular file; refusing to replace it";
    case OutputProblem::kSymlink:
      return Quoted(out) + " is a symbolic link; refusing to replace it (name the file itself)";
  }
  return "";
}

std::string ShellQuote(const std::string& text) {
  const auto plain = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::strchr("@%+=:,./_-", c) != nullptr;
  };
  bool needs_quotes = text.empty();
  for (char c : text) needs_quotes = needs_quotes || !plain(c);
  if (!needs_quotes) return text;
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'') {
      quoted += "'\\''";  // close the quotes, an escaped quote, open them again
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

void IgnoreFileSizeSignal() { std::signal(SIGXFSZ, SIG_IGN); }

std::string CannotWrite(const std::string& path, int error_number) {
  return "cannot write '" + path + "': " + std::strerror(error_number);
}

bool FlushStdout(std::string* error) {
  errno = 0;
  const bool flushed = std::fflush(stdout) == 0;
  if (flushed && !std::ferror(stdout)) return true;
  *error = std::string("cannot write to standard output: ") +
           (flushed || errno == 0 ? "an earlier write failed" : std::strerror(errno));
  return false;
}

OutputFile::OutputFile(std::string target) : target_(std::move(target)) {}

OutputFile::~OutputFile() {
  if (!committed_) Discard();
}

bool OutputFile::Create(std::string* error) {
  const fs::path target(target_);
  const std::string name = target.filename().string();
  if (name.empty() || name == "." || name == "..") {
    *error = CannotWrite(target_, EISDIR);
    return false;
  }
  std::string pattern = (target.parent_path() / ("." + name + ".XXXXXX")).string();
  const int fd = ::mkostemp(pattern.data(), O_CLOEXEC);
  if (fd < 0) {
    *error = CannotWrite(target_, errno);
    return false;
  }
  // mkstemp makes the file private; an output gets the permissions any new file would.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  temp_path_ = pattern;
  sink_ = std::make_unique<Sink>();
  sink_->fd = fd;
  stream_ = ::fopencookie(sink_.get(), "w", {nullptr, &Sink::Write, nullptr, &Sink::Close});
  if (stream_ == nullptr) {
    *error = CannotWrite(target_, errno);
    Discard();
    return false;
  }
  return true;
}

bool OutputFile::Commit(std::string* error) {
  if (sink_ == nullptr) {
    *error = CannotWrite(target_, EBADF);
    return false;
  }
  std::fclose(stream_);  // flushes; a failure is in the sink
  stream_ = nullptr;
  int failure = sink_->error;
  if (failure == 0 && std::rename(temp_path_.c_str(), target_.c_str()) != 0) failure = errno;
  if (failure != 0) {
    *error = CannotWrite(target_, failure);
    Discard();
    return false;
  }
  committed_ = true;
  sink_.reset();
  return true;
}

void OutputFile::Discard() {
  if (sink_ == nullptr) return;
  if (stream_ != nullptr) {
    std::fclose(stream_);
    stream_ = nullptr;
  } else {
    Sink::Close(sink_.get());
  }
  sink_.reset();
  ::unlink(temp_path_.c_str());
  for (const std::string& side : side_files_) ::unlink(side.c_str());
}

bool WriteWholeFile(const std::string& target, const std::string& text, std::string* error) {
  OutputFile file(target);
  if (!file.Create(error)) return false;
  std::fwrite(text.data(), 1, text.size(), file.stream());
  return file.Commit(error);
}

}  // namespace ppcosim
