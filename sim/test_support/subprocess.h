// Runs a command line for a test and keeps what it printed: the tools are tested as users
// run them, as separate processes.
#ifndef PPCOSIM_SIM_TEST_SUPPORT_SUBPROCESS_H_
#define PPCOSIM_SIM_TEST_SUPPORT_SUBPROCESS_H_

#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace ppcosim::test_support {

struct CommandResult {
  int status = -1;  // exit status, or -1 if it could not run or was killed by a signal
  std::string output;  // stdout and stderr together
};

inline CommandResult RunCommand(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0) result.output.append(buf, n);
  const int raw = pclose(pipe);
  result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return result;
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace ppcosim::test_support

#endif  // PPCOSIM_SIM_TEST_SUPPORT_SUBPROCESS_H_
