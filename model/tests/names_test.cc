#include "ppmodel/names.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

namespace ppmodel {
namespace {

// Every enumerator up to `last` has its own name, and the value after it has none, so the
// name table and the enumeration have the same length.
template <typename Enum>
void ExpectDistinctNamesUpTo(Enum last) {
  std::set<std::string> seen;
  const int count = static_cast<int>(last) + 1;
  for (int i = 0; i < count; ++i) {
    std::string name = ToString(static_cast<Enum>(i));
    EXPECT_NE(name, "?") << "enumerator " << i;
    EXPECT_TRUE(seen.insert(name).second) << "duplicate name " << name;
  }
  EXPECT_STREQ(ToString(static_cast<Enum>(count)), "?");
}

TEST(NamesTest, EveryChipModeHasOneName) { ExpectDistinctNamesUpTo(ChipMode::kNibble); }
TEST(NamesTest, EveryTryResultHasOneName) { ExpectDistinctNamesUpTo(TryResult::kBadClient); }
TEST(NamesTest, EveryAllocateResultHasOneName) {
  ExpectDistinctNamesUpTo(AllocateResult::kBadClient);
}
TEST(NamesTest, EveryFreeResultHasOneName) { ExpectDistinctNamesUpTo(FreeResult::kBadClient); }
TEST(NamesTest, EveryCancelResultHasOneName) {
  ExpectDistinctNamesUpTo(CancelResult::kBadClient);
}
TEST(NamesTest, EveryTimeoutResultHasOneName) {
  ExpectDistinctNamesUpTo(TimeoutResult::kBadClient);
}
TEST(NamesTest, EveryModeResultHasOneName) { ExpectDistinctNamesUpTo(ModeResult::kBadClient); }
TEST(NamesTest, EveryReleaseResultHasOneName) {
  ExpectDistinctNamesUpTo(ReleaseResult::kNoRelease);
}
TEST(NamesTest, EveryRequestOutcomeHasOneName) {
  ExpectDistinctNamesUpTo(RequestOutcome::kTimedOut);
}
TEST(NamesTest, EveryClientStateHasOneName) { ExpectDistinctNamesUpTo(ClientState::kOwner); }

TEST(NamesTest, NamesReadAsTheResultMeans) {
  EXPECT_STREQ(ToString(AllocateResult::kPending), "pending");
  EXPECT_STREQ(ToString(FreeResult::kNotOwner), "not_owner");
  EXPECT_STREQ(ToString(ChipMode::kEcp), "ecp");
}

}  // namespace
}  // namespace ppmodel
