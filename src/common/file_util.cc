#include "common/file_util.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace openwsus {

Result<std::string> ReadFileToString(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::IoError("cannot read " + path);
  return text.str();
}

Status WriteFileAtomically(const std::string& path, std::string_view bytes) {
  std::string temp = path + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) return Status::IoError("cannot write " + temp);
  }
  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  if (ec) return Status::IoError("cannot rename " + temp + " to " + path + ": " + ec.message());
  return Status::Ok();
}

}  // namespace openwsus
