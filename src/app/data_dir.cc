#include "app/data_dir.h"

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>

namespace openwsus::app {

std::string DataDir::DefaultRoot() {
  if (const char* env = std::getenv("OPENWSUS_DATA_DIR"); env != nullptr && *env != '\0') return env;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg != '\0') {
    return std::string(xdg) + "/openwsus";
  }
  const char* home = std::getenv("HOME");
  return std::string(home != nullptr ? home : ".") + "/.local/share/openwsus";
}

Status DataDir::Create() const {
  std::error_code ec;
  for (const std::string& dir : {root_, content_dir(), keys_dir(), tmp_dir()}) {
    std::filesystem::create_directories(dir, ec);
    if (ec) return Status::IoError("cannot create " + dir + ": " + ec.message());
  }
  ::chmod(root_.c_str(), 0700);
  ::chmod(keys_dir().c_str(), 0700);
  return Status::Ok();
}

}  // namespace openwsus::app
