// Whole-file reads for the small files we read at once (update documents,
// configuration). Large files (exports, content) are streamed instead.
#ifndef OPENWSUS_COMMON_FILE_UTIL_H_
#define OPENWSUS_COMMON_FILE_UTIL_H_

#include <string>

#include "common/result.h"

namespace openwsus {

// The bytes of `path`, or IoError "cannot read <path>".
Result<std::string> ReadFileToString(const std::string& path);

}  // namespace openwsus

#endif  // OPENWSUS_COMMON_FILE_UTIL_H_
