// A fresh directory for one test, removed with it. Its name has a space and a quote: a path
// built in it breaks anything that passes paths through a shell.
#ifndef PPCOSIM_SIM_TEST_SUPPORT_SCRATCH_DIR_H_
#define PPCOSIM_SIM_TEST_SUPPORT_SCRATCH_DIR_H_

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace ppcosim::test_support {

class ScratchDir {
 public:
  // Made under `parent`; empty path() if it could not be.
  explicit ScratchDir(const std::string& parent) {
    std::string pattern = parent + "/scratch dir 'q'.XXXXXX";
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::string& path() const { return path_; }
  std::string Path(const std::string& name) const { return path_ + "/" + name; }
  void Write(const std::string& name, const std::string& text) const {
    std::ofstream(Path(name), std::ios::binary) << text;
  }
  // Every name in it, hidden ones too, sorted.
  std::vector<std::string> Names() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(path_)) {
      names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

 private:
  std::string path_;
};

// A fixture whose every test has a ScratchDir of its own, under gtest's temporary directory.
class ScratchDirTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_FALSE(dir_.empty()) << "cannot make a scratch directory"; }
  std::string Path(const std::string& name) const { return scratch_.Path(name); }
  std::vector<std::string> Names() const { return scratch_.Names(); }
  void Write(const std::string& name, const std::string& text) const {
    scratch_.Write(name, text);
  }

  ScratchDir scratch_{::testing::TempDir()};
  const std::string& dir_ = scratch_.path();
};

}  // namespace ppcosim::test_support

#endif  // PPCOSIM_SIM_TEST_SUPPORT_SCRATCH_DIR_H_
