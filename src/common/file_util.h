// Whole-file reads and writes for the small files we handle at once (update
// documents, configuration, state files). Large files (exports, content) are
// streamed instead.
#ifndef OPENWSUS_COMMON_FILE_UTIL_H_
#define OPENWSUS_COMMON_FILE_UTIL_H_

#include <string>
#include <string_view>

#include "common/result.h"

namespace openwsus {

// The bytes of `path`, or IoError "cannot read <path>".
Result<std::string> ReadFileToString(const std::string& path);

// Writes `bytes` to `path` + ".tmp" and renames it onto `path`, so that a
// reader never sees half a file and a crash leaves the old one whole. IoError
// naming the file on failure.
Status WriteFileAtomically(const std::string& path, std::string_view bytes);

}  // namespace openwsus

#endif  // OPENWSUS_COMMON_FILE_UTIL_H_
