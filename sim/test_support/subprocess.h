// Runs a program for a test and keeps what it printed: the tools are tested as users run them,
// as separate processes. The arguments reach the program as they are, with no shell between,
// so paths with spaces or quotes need no care.
#ifndef PPCOSIM_SIM_TEST_SUPPORT_SUBPROCESS_H_
#define PPCOSIM_SIM_TEST_SUPPORT_SUBPROCESS_H_

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace ppcosim::test_support {

struct CommandResult {
  int status = -1;  // exit status, or -1 if it could not run or was killed by a signal
  std::string output;  // stdout and stderr together
};

struct CommandOptions {
  // RLIMIT_FSIZE of the program in bytes (0: as ours): writes past it fail.
  uint64_t file_size_limit = 0;
  // Where the program's stdout goes instead of the pipe (a file, /dev/full), if set.
  std::string stdout_path;
  // The program's working directory, if set.
  std::string working_dir;
  // A program still running after this long is killed, and the result says so.
  int timeout_s = 300;
};

// A running program, its stdout and stderr into one pipe.
class Child {
 public:
  // argv[0] is looked up on PATH as a shell would.
  explicit Child(const std::vector<std::string>& argv, const CommandOptions& options = {})
      : options_(options) {
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    int fds[2];
    if (argv.empty() || ::pipe2(fds, O_CLOEXEC) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      const int out =
          options.stdout_path.empty() ? fds[1] : ::open(options.stdout_path.c_str(), O_WRONLY);
      ::dup2(out < 0 ? fds[1] : out, 1);
      ::dup2(fds[1], 2);
      if (!options.working_dir.empty() && ::chdir(options.working_dir.c_str()) != 0) ::_exit(127);
      if (options.file_size_limit != 0) {
        const rlimit limit{options.file_size_limit, options.file_size_limit};
        ::setrlimit(RLIMIT_FSIZE, &limit);
      }
      ::execvp(args[0], args.data());
      static const char kFailed[] = "subprocess: cannot run the program\n";
      const ssize_t ignored = ::write(2, kFailed, sizeof kFailed - 1);
      (void)ignored;
      ::_exit(127);
    }
    ::close(fds[1]);
    if (pid_ < 0) {
      ::close(fds[0]);
      return;
    }
    out_fd_ = fds[0];
  }
  ~Child() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      Wait();
    }
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }

  // Reads everything the program prints until it ends, then its exit status.
  CommandResult Wait() {
    CommandResult result;
    if (pid_ <= 0) return result;
    bool killed = false;
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(options_.timeout_s);
    char buf[4096];
    while (out_fd_ >= 0) {
      pollfd p{out_fd_, POLLIN, 0};
      const int ready = ::poll(&p, 1, 100);
      if (ready == 0) {
        if (std::chrono::steady_clock::now() >= deadline && !killed) {
          ::kill(pid_, SIGKILL);
          killed = true;
          result.output += "[subprocess: killed after " + std::to_string(options_.timeout_s) +
                           " s]\n";
        }
        continue;
      }
      if (ready < 0 && errno == EINTR) continue;
      const ssize_t n = ::read(out_fd_, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        ::close(out_fd_);
        out_fd_ = -1;
        break;
      }
      result.output.append(buf, static_cast<size_t>(n));
    }
    int raw = 0;
    while (::waitpid(pid_, &raw, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    result.status = WIFEXITED(raw) && !killed ? WEXITSTATUS(raw) : -1;
    return result;
  }

 private:
  CommandOptions options_;
  pid_t pid_ = -1;
  int out_fd_ = -1;
};

inline CommandResult RunCommand(const std::vector<std::string>& argv,
                                const CommandOptions& options = {}) {
  return Child(argv, options).Wait();
}

// True when `program` is an executable on PATH.
inline bool OnPath(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path != nullptr ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    if (::access(((dir.empty() ? "." : dir) + "/" + program).c_str(), X_OK) == 0) return true;
  }
  return false;
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace ppcosim::test_support

#endif  // PPCOSIM_SIM_TEST_SUPPORT_SUBPROCESS_H_
