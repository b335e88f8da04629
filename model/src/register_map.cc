#include "ppmodel/register_map.h"

#include <cstring>

#include "ppcosim/regmap.h"

namespace ppmodel {
namespace {

namespace rm = ppcosim::regmap;

const rm::RegisterInfo* FindRegister(uint16_t addr) {
  for (const rm::RegisterInfo& reg : rm::kRegisters) {
    if (reg.offset == addr) return &reg;
  }
  return nullptr;
}

// pp_apb_if decodes the ARB_* registers for every client, on the caller's own id.
bool IsArbitrationRegister(const rm::RegisterInfo& reg) {
  return std::strncmp(reg.name, "ARB_", 4) == 0;
}

uint8_t ArbOwnerValue(const PortArbiter& arbiter) {
  const std::optional<ClientId> owner = arbiter.Owner();
  ClientId id = 0;
  if (owner) {
    id = *owner;
  } else if (arbiter.Releasing() && !arbiter.tenures().empty()) {
    id = arbiter.tenures().back().client;  // the tenure the release ends
  }
  uint8_t value = static_cast<uint8_t>(id << rm::kArbOwnerIdLsb) & rm::kArbOwnerIdMask;
  if (owner) value |= rm::kArbOwnerValidMask;
  if (arbiter.Releasing()) value |= rm::kArbOwnerReleasingMask;
  return value;
}

}  // namespace

bool IsMappedRegister(uint16_t addr) { return FindRegister(addr) != nullptr; }

RegisterAccess CheckRegisterAccess(const PortArbiter& arbiter, ClientId client, uint16_t addr) {
  if (client < 0 || client >= arbiter.num_clients()) return RegisterAccess::kBadClient;
  const rm::RegisterInfo* reg = FindRegister(addr);
  if (reg == nullptr) return RegisterAccess::kUnmapped;
  if (IsArbitrationRegister(*reg) || arbiter.Owner() == client) return RegisterAccess::kOk;
  return RegisterAccess::kNotOwner;
}

std::optional<uint8_t> KnownRegisterValue(const PortArbiter& arbiter, uint16_t addr) {
  switch (addr) {
    case rm::kArbWaiters:
      return static_cast<uint8_t>(arbiter.Waiters());
    case rm::kArbOwner:
      return ArbOwnerValue(arbiter);
    default:
      break;
  }
  return std::nullopt;
}

}  // namespace ppmodel
