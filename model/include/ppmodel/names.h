// Names of the model's enumerated values, made once at the edge for logs and the script runner.
// Each answers "?" for a value outside its enumeration.
#ifndef PPMODEL_NAMES_H_
#define PPMODEL_NAMES_H_

#include "ppmodel/port_arbiter.h"

namespace ppmodel {

const char* ToString(ChipMode value);
const char* ToString(TryResult value);
const char* ToString(AllocateResult value);
const char* ToString(FreeResult value);
const char* ToString(CancelResult value);
const char* ToString(TimeoutResult value);
const char* ToString(ModeResult value);
const char* ToString(ReleaseResult value);
const char* ToString(RequestOutcome value);
const char* ToString(ClientState value);

}  // namespace ppmodel

#endif  // PPMODEL_NAMES_H_
