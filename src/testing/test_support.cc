#include "testing/test_support.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace openwsus::testing {

namespace fs = std::filesystem;

std::string SourceDir() { return OPENWSUS_SOURCE_DIR; }

std::string OpenwsusBinary() { return OPENWSUS_BINARY; }

std::optional<std::string> FixturesDir() {
  if (const char* env = std::getenv("OPENWSUS_FIXTURES"); env != nullptr && fs::is_directory(env)) {
    return std::string(env);
  }
  fs::path candidate = fs::path(SourceDir()) / ".." / "shared" / "fixtures";
  std::error_code ec;
  if (fs::is_directory(candidate, ec)) return fs::weakly_canonical(candidate).string();
  return std::nullopt;
}

ScopedTempDir::ScopedTempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base != nullptr ? base : "/tmp") + "/openwsus-test-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

ScopedTempDir::~ScopedTempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string ReadFileOrDie(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFileOrDie(const std::string& path, const std::string& contents) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream out(path, std::ios::binary);
  out << contents;
  if (!out) throw std::runtime_error("cannot write " + path);
}

}  // namespace openwsus::testing
