// The controller's register map as the reference model knows it: the addresses come from the
// generated ppcosim/regmap.h (rtl/pp_regmap.json), the rights and the arbitration registers'
// contents from the model's state. Answers a client's raw register access as the RTL must.
#ifndef PPMODEL_REGISTER_MAP_H_
#define PPMODEL_REGISTER_MAP_H_

#include <cstdint>
#include <optional>

#include "ppmodel/port_arbiter.h"

namespace ppmodel {

// How the controller answers a raw register access. Everything but kOk is a bus error.
enum class RegisterAccess : uint8_t {
  kOk,
  kUnmapped,   // no register at the address, whoever asks
  kNotOwner,   // a port register, and the client does not own the port (nobody does while
               // a release is in progress)
  kBadClient,
};

// True for an address the register map names.
bool IsMappedRegister(uint16_t addr);

// The arbitration registers (ARB_*) answer every client; the port registers only the owner.
RegisterAccess CheckRegisterAccess(const PortView& port, ClientId client, uint16_t addr);

// What a read of `addr` returns, for the registers whose contents are the model's state:
// ARB_WAITERS (the queued requests) and ARB_OWNER (ID, VALID, RELEASING; during a release the
// ID is the departing owner's). Empty for every other register: the model does not know it.
std::optional<uint8_t> KnownRegisterValue(const PortView& port, uint16_t addr);

}  // namespace ppmodel

#endif  // PPMODEL_REGISTER_MAP_H_
