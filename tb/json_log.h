// The run's JSON log: one object per operation (cycle, script line, client, operation and its
// arguments, the model's and the RTL's answers, whether they agreed). Write errors show on the
// stream, which its owner checks when it closes it.
#ifndef PPCOSIM_TB_JSON_LOG_H_
#define PPCOSIM_TB_JSON_LOG_H_

#include <cstdio>

#include "op.h"

namespace ppcosim {

class JsonLog {
 public:
  // Nothing is written when `stream` is null. Not owned.
  explicit JsonLog(std::FILE* stream) : stream_(stream) {}
  void Write(const Op& op, const OpRecord& record);

 private:
  std::FILE* stream_;
};

}  // namespace ppcosim

#endif  // PPCOSIM_TB_JSON_LOG_H_
