// Functional coverage of a co-simulation: which answers each operation produced, and which
// release situations occurred. Counted per run, printed in the summary and the JSON log.
#ifndef PPCOSIM_TB_COVERAGE_H_
#define PPCOSIM_TB_COVERAGE_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "op.h"

namespace ppcosim {

enum class ReleaseBin : uint8_t { kToNextWaiter, kToFreePort, kWithDrain, kWithDrops, kCount };

class Coverage {
 public:
  void SampleOp(OpKind kind, Answer answer);
  void SampleRelease(ReleaseBin bin);
  void SampleWaiters(int waiters);

  // The bins a full run should reach, and how many it did.
  int goals_hit() const;
  int goals_total() const;
  std::vector<std::string> missed_goals() const;

 private:
  static constexpr size_t kOps = static_cast<size_t>(OpKind::kExpectBytes) + 1;
  static constexpr size_t kAnswers = static_cast<size_t>(Answer::kValue) + 1;
  std::array<std::array<uint64_t, kAnswers>, kOps> op_answer_{};
  std::array<uint64_t, static_cast<size_t>(ReleaseBin::kCount)> release_{};
  int max_waiters_ = 0;
};

}  // namespace ppcosim

#endif  // PPCOSIM_TB_COVERAGE_H_
