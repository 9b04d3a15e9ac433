// Runs the real `openwsus` binary the way an administrator does and checks
// what it prints and returns.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>

#include "catalog/test_documents.h"
#include "common/test_support.h"

namespace openwsus {
namespace {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

class CliTest : public ::testing::Test {
 protected:
  RunResult Run(const std::string& args) {
    std::string err_path = dir_.path() + "/stderr.txt";
    std::string cmd = std::string(OPENWSUS_BINARY) + " --data-dir " + dir_.path() + "/data " + args + " 2>" + err_path;
    RunResult r;
    FILE* p = popen(cmd.c_str(), "r");
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
    int status = pclose(p);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.err = testing::ReadFileOrDie(err_path);
    return r;
  }

  std::string WriteDocs() {
    testing::WriteFileOrDie(dir_.path() + "/docs/bundle.xml", catalog::testdocs::kBundle);
    testing::WriteFileOrDie(dir_.path() + "/docs/product.xml", catalog::testdocs::kProduct);
    return dir_.path() + "/docs";
  }

  testing::ScopedTempDir dir_;
};

TEST_F(CliTest, ImportListShowAndFragments) {
  RunResult imported = Run("import " + WriteDocs());
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.out.find("Imported 2 documents: 2 added, 0 already stored."), std::string::npos) << imported.out;
  RunResult again = Run("import " + dir_.path() + "/docs");
  EXPECT_NE(again.out.find("0 added, 2 already stored"), std::string::npos) << again.out;

  RunResult list = Run("update list");
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("Security Update & Fix"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("KB5000001"), std::string::npos);
  EXPECT_NE(list.out.find("2 updates"), std::string::npos);

  RunResult filtered = Run("update list --product 'widgets' --json");
  ASSERT_EQ(filtered.exit_code, 0) << filtered.err;
  EXPECT_NE(filtered.out.find("\"update_id\": \"11111111-2222-3333-4444-555555555555\""), std::string::npos)
      << filtered.out;
  EXPECT_EQ(filtered.out.find("Widgets 2\""), std::string::npos);  // the product itself is not a member

  RunResult by_kb = Run("update list --kb KB5000001 --type software");
  EXPECT_NE(by_kb.out.find("1 updates"), std::string::npos) << by_kb.out;

  RunResult show = Run("update show 11111111-2222-3333-4444-555555555555");
  ASSERT_EQ(show.exit_code, 0) << show.err;
  for (const char* want : {"Security Update & Fix", "revision_number:", "201", "bundle members:",
                           "bbbbbbbb-0000-0000-0000-000000000002", "supersedes:", "99999999-0000-0000-0000-000000000001",
                           "fix.exe", "a9993e364706816aba3e25717850c26c9cd0d89d", "clause 1 (category):",
                           "cccccccc-0000-0000-0000-000000000002  Widgets 2"}) {
    EXPECT_NE(show.out.find(want), std::string::npos) << want << " in:\n" << show.out;
  }
  RunResult core = Run("update show 11111111-2222-3333-4444-555555555555 --fragment core");
  EXPECT_EQ(core.out.rfind("<UpdateIdentity UpdateID=\"11111111-2222-3333-4444-555555555555\" RevisionNumber=\"201\" />", 0), 0u)
      << core.out;
  RunResult de = Run("update show 11111111-2222-3333-4444-555555555555 --fragment localized:de");
  EXPECT_EQ(de.out, "<LocalizedProperties><Language>de</Language><Title>Sicherheitsupdate</Title></LocalizedProperties>\n");
}

TEST_F(CliTest, BadArgumentsSayWhatIsWrong) {
  ASSERT_EQ(Run("import " + WriteDocs()).exit_code, 0);
  struct Case {
    std::string args;
    std::string message;
  };
  const Case cases[] = {
      {"update list --type gadget", "--type must be software, driver, category or detectoid"},
      {"update list --product nothing-like-it", "no product matches 'nothing-like-it'"},
      {"update show not-a-guid", "not a GUID"},
      {"update show 00000000-0000-0000-0000-000000000001", "no update 00000000-0000-0000-0000-000000000001"},
      {"update show 11111111-2222-3333-4444-555555555555 --fragment everything", "--fragment must be"},
      {"import " + dir_.path() + "/nope.cab", "does not exist"},
      {"frobnicate", "frobnicate"},
  };
  for (const Case& c : cases) {
    RunResult r = Run(c.args);
    EXPECT_NE(r.exit_code, 0) << c.args;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << c.args << ": " << r.err;
  }
}

TEST_F(CliTest, RealExportGivesClassificationsAndProductTree) {
  auto fixtures = testing::FixturesDir(OPENWSUS_SOURCE_DIR);
  if (!fixtures) GTEST_SKIP() << "../shared/fixtures is absent: WSUS.cab CLI test skipped";
  RunResult imported = Run("import " + *fixtures + "/wsus-export/WSUS.cab");
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.out.find("4125 revisions of 4087 updates"), std::string::npos) << imported.out;

  RunResult classes = Run("classification list");
  EXPECT_NE(classes.out.find("12 classifications"), std::string::npos) << classes.out;
  for (const char* name : {"Critical Updates", "Security Updates", "Definition Updates", "Upgrades", "Drivers"}) {
    EXPECT_NE(classes.out.find(name), std::string::npos) << name;
  }
  RunResult products = Run("product list");
  ASSERT_EQ(products.exit_code, 0) << products.err;
  size_t windows = products.out.find("\n  Windows  [ProductFamily");
  size_t windows11 = products.out.find("\n    Windows 11  [Product 72e7624a-5b00-45d2-b92f-e561c0a6a160]");
  EXPECT_NE(windows, std::string::npos) << products.out.substr(0, 2000);
  EXPECT_NE(windows11, std::string::npos);
  EXPECT_LT(windows, windows11);
  EXPECT_EQ(products.out.rfind("Microsoft  [Company", 0) == 0 || products.out.find("\nMicrosoft  [Company") != std::string::npos,
            true);

  RunResult security = Run("update list --classification security --json");
  EXPECT_EQ(security.exit_code, 0);
}

}  // namespace
}  // namespace openwsus
