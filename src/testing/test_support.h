// Helpers shared by tests: where the team's real fixtures are, and scratch
// directories that clean up after themselves. Not used by the product code.
#ifndef OPENWSUS_TESTING_TEST_SUPPORT_H_
#define OPENWSUS_TESTING_TEST_SUPPORT_H_

#include <optional>
#include <string>

namespace openwsus::testing {

// The source tree and the `openwsus` binary of this build. Compiled into
// test_support.cc alone, not into every test: an absolute path on a
// compiler's command line would make each clone's build miss the ccache.
std::string SourceDir();
std::string OpenwsusBinary();

// ../shared/fixtures beside the source tree (or $OPENWSUS_FIXTURES), when present.
// Tests that need it skip, saying so, when this returns nullopt.
std::optional<std::string> FixturesDir();

// A fresh directory under $TMPDIR, removed with everything in it on destruction.
class ScopedTempDir {
 public:
  ScopedTempDir();
  ~ScopedTempDir();
  ScopedTempDir(const ScopedTempDir&) = delete;
  ScopedTempDir& operator=(const ScopedTempDir&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string ReadFileOrDie(const std::string& path);
void WriteFileOrDie(const std::string& path, const std::string& contents);

}  // namespace openwsus::testing

#endif  // OPENWSUS_TESTING_TEST_SUPPORT_H_
