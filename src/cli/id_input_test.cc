#include "cli/id_input.h"

#include <gtest/gtest.h>

#include <sstream>

namespace openwsus::cli {
namespace {

const char kA[] = "11111111-2222-3333-4444-555555555555";
const char kB[] = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

std::vector<std::string> Ids(std::initializer_list<const char*> ids) { return {ids.begin(), ids.end()}; }

TEST(ParseIdListTest, AcceptsEveryFormTheListCommandsPrint) {
  struct Case {
    const char* name;
    std::string text;
    IdKind kind;
    std::vector<std::string> want;
  };
  const Case cases[] = {
      {"API updates", R"({"updates": [{"update_id": "11111111-2222-3333-4444-555555555555", "title": "x",
          "approvals": [{"group_id": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"}]},
          {"update_id": "AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE"}]})",
       IdKind::kUpdate, Ids({kA, kB})},
      {"local update list --json", R"([{"update_id": "11111111-2222-3333-4444-555555555555", "revision_number": 201}])",
       IdKind::kUpdate, Ids({kA})},
      {"update show --json", R"({"update_id": "{11111111-2222-3333-4444-555555555555}", "title": "t"})",
       IdKind::kUpdate, Ids({kA})},
      {"array of strings", R"(["11111111-2222-3333-4444-555555555555", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"])",
       IdKind::kUpdate, Ids({kA, kB})},
      {"lines", "11111111-2222-3333-4444-555555555555\r\n\n  aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee  # lab\n# done\n",
       IdKind::kUpdate, Ids({kA, kB})},
      {"duplicates dropped, order kept",
       "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee\n11111111-2222-3333-4444-555555555555\nAAAAAAAA-bbbb-cccc-dddd-"
       "eeeeeeeeeeee",
       IdKind::kUpdate, Ids({kB, kA})},
      {"API computers", R"({"computers": [{"id": "11111111-2222-3333-4444-555555555555", "name": "pc1"}]})",
       IdKind::kComputer, Ids({kA})},
      {"report rows", R"([{"computer_id": "11111111-2222-3333-4444-555555555555"}])", IdKind::kComputer, Ids({kA})},
      {"empty API list", R"({"updates": []})", IdKind::kUpdate, {}},
      {"empty array", "[]", IdKind::kComputer, {}},
  };
  for (const Case& c : cases) {
    auto ids = ParseIdList(c.text, c.kind);
    ASSERT_TRUE(ids.ok()) << c.name << ": " << ids.status().ToString();
    EXPECT_EQ(*ids, c.want) << c.name;
  }
}

TEST(ParseIdListTest, SaysWhatIsWrong) {
  struct Case {
    std::string text;
    IdKind kind;
    std::string message;
  };
  const Case cases[] = {
      {"11111111-2222-3333-4444-555555555555\nKB5034441\n", IdKind::kUpdate, "line 2: 'KB5034441' is not an update id"},
      {R"({"updates": [{"title": "no id"}]})", IdKind::kUpdate, "item 1 has no \"update_id\""},
      // Computers piped into an update command: the objects have "id", not "update_id".
      {R"([{"id": "11111111-2222-3333-4444-555555555555"}])", IdKind::kUpdate, "has no \"update_id\""},
      {R"({"updates": [1, 2]})", IdKind::kUpdate, "item 1 is neither an id nor an object"},
      {R"({"updates": "x"})", IdKind::kUpdate, "\"updates\" is not a list"},
      {R"({"updates": [)", IdKind::kUpdate, "does not parse"},
      {R"(["pc1"])", IdKind::kComputer, "'pc1' is not a computer id"},
  };
  for (const Case& c : cases) {
    auto ids = ParseIdList(c.text, c.kind);
    ASSERT_FALSE(ids.ok()) << c.text;
    EXPECT_EQ(ids.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(ids.status().message().find(c.message), std::string::npos) << ids.status().message();
  }
}

TEST(CollectIdsTest, ArgumentsDashAndImplicitStandardInput) {
  std::istringstream in(R"({"updates": [{"update_id": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"}]})");
  IdSource source{&in, /*in_is_terminal=*/false};
  auto ids = CollectIds({kA, "-", kA}, IdKind::kUpdate, source);
  ASSERT_TRUE(ids.ok()) << ids.status().ToString();
  EXPECT_EQ(*ids, Ids({kA, kB}));

  std::istringstream piped("11111111-2222-3333-4444-555555555555\n");
  ids = CollectIds({}, IdKind::kUpdate, IdSource{&piped, false});
  ASSERT_TRUE(ids.ok()) << ids.status().ToString();
  EXPECT_EQ(*ids, Ids({kA}));

  std::istringstream nothing_matched(R"({"updates": []})");
  ids = CollectIds({"-"}, IdKind::kUpdate, IdSource{&nothing_matched, false});
  ASSERT_TRUE(ids.ok());
  EXPECT_TRUE(ids->empty());
}

TEST(CollectIdsTest, RefusesToGuess) {
  std::istringstream unread("11111111-2222-3333-4444-555555555555\n");
  // A terminal is never read without "-".
  auto ids = CollectIds({}, IdKind::kUpdate, IdSource{&unread, /*in_is_terminal=*/true});
  ASSERT_FALSE(ids.ok());
  EXPECT_NE(ids.status().message().find("no update ids"), std::string::npos);
  // Destructive commands ask for "-" explicitly.
  ids = CollectIds({}, IdKind::kComputer, IdSource{&unread, false, /*implicit_stdin=*/false});
  ASSERT_FALSE(ids.ok());
  EXPECT_NE(ids.status().message().find("no computer ids"), std::string::npos);

  std::istringstream empty("  \n");
  ids = CollectIds({"-"}, IdKind::kUpdate, IdSource{&empty, false});
  ASSERT_FALSE(ids.ok());
  EXPECT_NE(ids.status().message().find("standard input is empty"), std::string::npos);

  std::istringstream bad("nope\n");
  ids = CollectIds({"-"}, IdKind::kUpdate, IdSource{&bad, false});
  ASSERT_FALSE(ids.ok());
  EXPECT_NE(ids.status().message().find("standard input: line 1: 'nope'"), std::string::npos) << ids.status().message();

  ids = CollectIds({"not-an-id"}, IdKind::kUpdate, IdSource{nullptr, true});
  ASSERT_FALSE(ids.ok());
  EXPECT_EQ(ids.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace openwsus::cli
