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

uint8_t ArbOwnerValue(const PortView& port) {
  // During a release the ID is the departing owner's: the tenure the release ends.
  const ClientId id = port.owner.value_or(port.departing.value_or(0));
  uint8_t value = static_cast<uint8_t>(id << rm::kArbOwnerIdLsb) & rm::kArbOwnerIdMask;
  if (port.owner) value |= rm::kArbOwnerValidMask;
  if (port.releasing) value |= rm::kArbOwnerReleasingMask;
  return value;
}

}  // namespace

bool IsMappedRegister(uint16_t addr) { return FindRegister(addr) != nullptr; }

RegisterAccess CheckRegisterAccess(const PortView& port, ClientId client, uint16_t addr) {
  if (client < 0 || client >= port.num_clients) return RegisterAccess::kBadClient;
  const rm::RegisterInfo* reg = FindRegister(addr);
  if (reg == nullptr) return RegisterAccess::kUnmapped;
  if (IsArbitrationRegister(*reg) || port.owner == client) return RegisterAccess::kOk;
  return RegisterAccess::kNotOwner;
}

std::optional<uint8_t> KnownRegisterValue(const PortView& port, uint16_t addr) {
  switch (addr) {
    case rm::kArbWaiters:
      return static_cast<uint8_t>(port.waiters);
    case rm::kArbOwner:
      return ArbOwnerValue(port);
    default:
      break;
  }
  return std::nullopt;
}

}  // namespace ppmodel
