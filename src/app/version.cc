#include "app/version.h"

// Defined on this one file by src/app/CMakeLists.txt, so that a version bump
// recompiles one file.
#ifndef OPENWSUS_VERSION
#error "OPENWSUS_VERSION must be defined by the build"
#endif

namespace openwsus::app {

std::string_view Version() { return OPENWSUS_VERSION; }

}  // namespace openwsus::app
