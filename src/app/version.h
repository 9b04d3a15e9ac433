// The version of this build, e.g. "0.1.0", from the CMake project version.
// /health reports it and the Server header carries it.
#ifndef OPENWSUS_APP_VERSION_H_
#define OPENWSUS_APP_VERSION_H_

#include <string_view>

namespace openwsus::app {

std::string_view Version();

}  // namespace openwsus::app

#endif  // OPENWSUS_APP_VERSION_H_
