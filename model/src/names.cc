#include "ppmodel/names.h"

#include <cstddef>

namespace ppmodel {
namespace {

constexpr const char* kUnknown = "?";

// Names are listed in enumerator order; the enums are dense and start at 0.
template <typename Enum, size_t N>
const char* Lookup(Enum value, const char* const (&names)[N]) {
  size_t index = static_cast<size_t>(value);
  return index < N ? names[index] : kUnknown;
}

}  // namespace

const char* ToString(ChipMode value) {
  static constexpr const char* kNames[] = {"compatibility", "ps2_byte", "compatibility_fifo",
                                           "ecp", "epp", "nibble"};
  return Lookup(value, kNames);
}

const char* ToString(TryResult value) {
  static constexpr const char* kNames[] = {"granted", "busy", "already_owner", "already_waiting",
                                           "bad_client"};
  return Lookup(value, kNames);
}

const char* ToString(AllocateResult value) {
  static constexpr const char* kNames[] = {"granted", "pending", "already_owner",
                                           "already_waiting", "bad_client"};
  return Lookup(value, kNames);
}

const char* ToString(FreeResult value) {
  static constexpr const char* kNames[] = {"freed", "not_owner", "bad_client"};
  return Lookup(value, kNames);
}

const char* ToString(CancelResult value) {
  static constexpr const char* kNames[] = {"cancelled", "not_pending", "bad_client"};
  return Lookup(value, kNames);
}

const char* ToString(TimeoutResult value) {
  static constexpr const char* kNames[] = {"timed_out", "not_pending", "bad_client"};
  return Lookup(value, kNames);
}

const char* ToString(ModeResult value) {
  static constexpr const char* kNames[] = {"ok", "not_owner", "rejected", "bad_client"};
  return Lookup(value, kNames);
}

const char* ToString(ReleaseResult value) {
  static constexpr const char* kNames[] = {"granted_next", "port_free", "no_release"};
  return Lookup(value, kNames);
}

const char* ToString(RequestOutcome value) {
  static constexpr const char* kNames[] = {"granted", "cancelled", "timed_out"};
  return Lookup(value, kNames);
}

const char* ToString(ClientState value) {
  static constexpr const char* kNames[] = {"idle", "queued", "chosen", "owner"};
  return Lookup(value, kNames);
}

}  // namespace ppmodel
