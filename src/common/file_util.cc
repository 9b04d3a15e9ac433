#include "common/file_util.h"

#include <fstream>
#include <sstream>

namespace openwsus {

Result<std::string> ReadFileToString(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::IoError("cannot read " + path);
  return text.str();
}

}  // namespace openwsus
