#include "policy/group_tree.h"

#include <gtest/gtest.h>

#include <functional>
#include <span>
#include <string>

#include "policy/targeting_mode.h"
#include "policy/test_groups.h"

namespace openwsus::policy {
namespace {

using namespace testgroups;  // NOLINT: test fixture names

Guid G(const char* text) { return Guid::Parse(text).value(); }

const Guid kNewGroup = G("00000000-0000-4000-8000-0000000000aa");

TEST(TargetGroupTest, BuiltInsCarryTheWsusIds) {
  EXPECT_EQ(kAllComputersId.ToString(), "a0a08746-4dbe-4a37-9adf-9e7652c0b421");
  EXPECT_EQ(kUnassignedComputersId.ToString(), "b73ca6ed-5727-47f3-84de-015e03f6a88a");
  const std::vector<TargetGroup> groups = BuiltInGroups();
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0], (TargetGroup{kAllComputersId, "All Computers", std::nullopt}));
  EXPECT_EQ(groups[1], (TargetGroup{kUnassignedComputersId, "Unassigned Computers", kAllComputersId}));
  EXPECT_TRUE(IsBuiltInGroup(kAllComputersId));
  EXPECT_TRUE(IsBuiltInGroup(kUnassignedComputersId));
  EXPECT_FALSE(IsBuiltInGroup(kLab));
}

TEST(GroupTreeTest, BuiltInTreeHasTheTwoGroups) {
  GroupTree tree = GroupTree::BuiltIn();
  EXPECT_EQ(tree.size(), 2u);
  EXPECT_EQ(tree.Path(kUnassignedComputersId), "All Computers/Unassigned Computers");
  EXPECT_EQ(tree.Depth(kUnassignedComputersId), 1);
}

TEST(GroupTreeTest, AnswersStructuralQueries) {
  GroupTree tree = Tree();
  EXPECT_EQ(tree.size(), 6u);
  ASSERT_NE(tree.Find(kLab), nullptr);
  EXPECT_EQ(tree.Find(kLab)->name, "Lab");
  EXPECT_EQ(tree.Find(kNewGroup), nullptr);

  EXPECT_EQ(tree.Depth(kAllComputersId), 0);
  EXPECT_EQ(tree.Depth(kWorkstations), 1);
  EXPECT_EQ(tree.Depth(kLab), 2);
  EXPECT_EQ(tree.Depth(kBench), 3);
  EXPECT_EQ(tree.Depth(kNewGroup), -1);

  EXPECT_EQ(tree.Ancestors(kBench), (std::vector<Guid>{kBench, kLab, kWorkstations, kAllComputersId}));
  EXPECT_EQ(tree.Ancestors(kAllComputersId), (std::vector<Guid>{kAllComputersId}));
  EXPECT_TRUE(tree.Ancestors(kNewGroup).empty());

  // Children by name: Servers, Unassigned Computers, Workstations.
  EXPECT_EQ(tree.Children(kAllComputersId), (std::vector<Guid>{kServers, kUnassignedComputersId, kWorkstations}));
  EXPECT_EQ(tree.Children(kBench), std::vector<Guid>{});
  EXPECT_EQ(tree.Descendants(kWorkstations), (std::vector<Guid>{kLab, kBench}));
  EXPECT_EQ(tree.Descendants(kAllComputersId),
            (std::vector<Guid>{kServers, kUnassignedComputersId, kWorkstations, kLab, kBench}));

  EXPECT_EQ(tree.Path(kBench), "All Computers/Workstations/Lab/Bench");
  EXPECT_EQ(tree.Path(kAllComputersId), "All Computers");
  EXPECT_EQ(tree.Path(kNewGroup), "");

  EXPECT_TRUE(tree.IsAncestor(kWorkstations, kBench));
  EXPECT_TRUE(tree.IsAncestor(kAllComputersId, kServers));
  EXPECT_FALSE(tree.IsAncestor(kBench, kWorkstations));
  EXPECT_FALSE(tree.IsAncestor(kLab, kLab));
  EXPECT_FALSE(tree.IsAncestor(kServers, kLab));

  std::vector<std::string> order;
  for (const TargetGroup& g : tree.Groups()) order.push_back(g.name);
  EXPECT_EQ(order, (std::vector<std::string>{"All Computers", "Servers", "Unassigned Computers", "Workstations", "Lab",
                                             "Bench"}));
}

struct BuildCase {
  const char* what;
  std::function<void(std::vector<TargetGroup>*)> change;
  const char* message;  // a part of the error
};

TEST(GroupTreeTest, BuildRefusesWhatWsusNeverHas) {
  const Guid a = G("00000000-0000-4000-8000-0000000000a1");
  const Guid b = G("00000000-0000-4000-8000-0000000000b1");
  const Guid c = G("00000000-0000-4000-8000-0000000000c1");
  auto erase = [](std::vector<TargetGroup>* g, const Guid& id) {
    std::erase_if(*g, [&](const TargetGroup& x) { return x.id == id; });
  };
  const BuildCase cases[] = {
      {"duplicate id",
       [&](auto* g) {
         g->push_back({kLab, "Lab 2", kServers});
       },
       "duplicate group id 00000000-0000-4000-8000-000000000002"},
      {"unknown parent",
       [&](auto* g) {
         g->push_back({a, "Orphan", c});
       },
       "group 'Orphan' (00000000-0000-4000-8000-0000000000a1) names an unknown parent "
       "00000000-0000-4000-8000-0000000000c1"},
      {"missing root", [&](auto* g) { erase(g, kAllComputersId); }, "lack the All Computers root"},
      {"root with a parent", [&](auto* g) { (*g)[0].parent_id = kServers; }, "All Computers is the root"},
      {"missing Unassigned", [&](auto* g) { erase(g, kUnassignedComputersId); }, "lack Unassigned Computers"},
      {"Unassigned moved", [&](auto* g) { (*g)[1].parent_id = kServers; },
       "Unassigned Computers must be a child of All Computers"},
      {"child of Unassigned",
       [&](auto* g) {
         g->push_back({a, "Limbo", kUnassignedComputersId});
       },
       "is under Unassigned Computers"},
      {"second root",
       [&](auto* g) {
         g->push_back({a, "Other root", std::nullopt});
       },
       "has no parent; only All Computers is a root"},
      {"own parent",
       [&](auto* g) {
         g->push_back({a, "Ouroboros", a});
       },
       "is its own parent"},
      {"cycle",
       [&](auto* g) {
         g->push_back({a, "A", b});
         g->push_back({b, "B", c});
         g->push_back({c, "C", a});
       },
       "groups form a cycle: "},
      {"siblings share a name",
       [&](auto* g) {
         g->push_back({a, "workSTATIONS", kAllComputersId});
       },
       "have the same name under 'All Computers'"},
      {"empty name",
       [&](auto* g) {
         g->push_back({a, "  ", kServers});
       },
       "has an empty name"},
      {"nil id",
       [&](auto* g) {
         g->push_back({Guid(), "Nil", kServers});
       },
       "has the nil id"},
  };
  for (const BuildCase& test : cases) {
    std::vector<TargetGroup> groups = Groups();
    test.change(&groups);
    auto tree = GroupTree::Build(groups);
    ASSERT_FALSE(tree.ok()) << test.what;
    EXPECT_EQ(tree.status().code(), StatusCode::kInvalidArgument) << test.what;
    EXPECT_NE(tree.status().message().find(test.message), std::string::npos)
        << test.what << ": " << tree.status().message();
  }
}

TEST(GroupTreeTest, CycleMessageNamesTheLoop) {
  const Guid a = G("00000000-0000-4000-8000-0000000000a1");
  const Guid b = G("00000000-0000-4000-8000-0000000000b1");
  const Guid c = G("00000000-0000-4000-8000-0000000000c1");
  std::vector<TargetGroup> groups = Groups();
  groups.push_back({a, "A", b});
  groups.push_back({b, "B", c});
  groups.push_back({c, "C", a});
  groups.push_back({G("00000000-0000-4000-8000-0000000000d1"), "Hanging", c});  // below the loop
  auto tree = GroupTree::Build(groups);
  ASSERT_FALSE(tree.ok());
  // Parent first: A's parent is B, B's is C, C's is A.
  const std::string& m = tree.status().message();
  EXPECT_TRUE(m == "groups form a cycle: A > C > B > A" || m == "groups form a cycle: B > A > C > B" ||
              m == "groups form a cycle: C > B > A > C")
      << m;
}

TEST(GroupTreeTest, SiblingNamesMayRepeatUnderDifferentParents) {
  std::vector<TargetGroup> groups = Groups();
  groups.push_back({kNewGroup, "lab", kServers});
  EXPECT_TRUE(GroupTree::Build(groups).ok());
}

TEST(GroupTreeTest, FindByNameIgnoresCaseAndAcceptsPaths) {
  std::vector<TargetGroup> groups = Groups();
  groups.push_back({kNewGroup, "Lab", kServers});
  GroupTree tree = GroupTree::Build(groups).value();

  auto found = tree.FindByName("workstations");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ((*found)->id, kWorkstations);
  EXPECT_EQ((*tree.FindByName("ALL COMPUTERS"))->id, kAllComputersId);
  EXPECT_EQ((*tree.FindByName("Bench"))->id, kBench);

  auto ambiguous = tree.FindByName("lab");
  ASSERT_FALSE(ambiguous.ok());
  EXPECT_EQ(ambiguous.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ambiguous.status().message(),
            "group name 'lab' is ambiguous; give a path: All Computers/Servers/Lab, All Computers/Workstations/Lab");

  EXPECT_EQ((*tree.FindByName("Workstations/Lab"))->id, kLab);
  EXPECT_EQ((*tree.FindByName("servers/lab"))->id, kNewGroup);
  EXPECT_EQ((*tree.FindByName("All Computers/Workstations/Lab/Bench"))->id, kBench);
  EXPECT_EQ((*tree.FindByName("/All Computers/Servers"))->id, kServers);
  EXPECT_EQ((*tree.FindByName(" Workstations / Lab "))->id, kLab);

  EXPECT_EQ(tree.FindByName("Servers/Bench").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(tree.FindByName("Kiosks").status().message(), "no group named 'Kiosks'");
}

struct CheckCase {
  const char* what;
  std::function<Status(const GroupTree&)> check;
  StatusCode code;
  const char* message;  // the whole message, or "" for OK
};

void RunChecks(const GroupTree& tree, std::span<const CheckCase> cases) {
  for (const CheckCase& test : cases) {
    Status s = test.check(tree);
    EXPECT_EQ(s.code(), test.code) << test.what << ": " << s.ToString();
    EXPECT_EQ(s.message(), test.message) << test.what;
  }
}

TEST(GroupTreeTest, CheckAdd) {
  const std::string longest(256, 'x');
  const std::string too_long(257, 'x');
  std::string accented;
  for (int i = 0; i < 256; ++i) accented += "\xC3\xA9";  // 256 characters, 512 bytes
  const CheckCase cases[] = {
      {"ok", [](auto& t) { return t.CheckAdd("Kiosks", kAllComputersId); }, StatusCode::kOk, ""},
      {"same name, other parent", [](auto& t) { return t.CheckAdd("Lab", kServers); }, StatusCode::kOk, ""},
      {"deep", [](auto& t) { return t.CheckAdd("Shelf", kBench); }, StatusCode::kOk, ""},
      {"256 characters", [&](auto& t) { return t.CheckAdd(longest, kServers); }, StatusCode::kOk, ""},
      {"256 two-byte characters", [&](auto& t) { return t.CheckAdd(accented, kServers); }, StatusCode::kOk, ""},
      {"unknown parent", [](auto& t) { return t.CheckAdd("Kiosks", kNewGroup); }, StatusCode::kNotFound,
       "parent group 00000000-0000-4000-8000-0000000000aa does not exist"},
      {"under Unassigned", [](auto& t) { return t.CheckAdd("Kiosks", kUnassignedComputersId); },
       StatusCode::kFailedPrecondition, "groups cannot be created under Unassigned Computers"},
      {"empty", [](auto& t) { return t.CheckAdd("", kServers); }, StatusCode::kInvalidArgument,
       "a group name cannot be empty"},
      {"blank", [](auto& t) { return t.CheckAdd("   ", kServers); }, StatusCode::kInvalidArgument,
       "a group name cannot be empty"},
      {"too long", [&](auto& t) { return t.CheckAdd(too_long, kServers); }, StatusCode::kInvalidArgument,
       "a group name can have at most 256 characters; this one has 257"},
      {"edge spaces", [](auto& t) { return t.CheckAdd(" Kiosks", kServers); }, StatusCode::kInvalidArgument,
       "group name ' Kiosks' begins or ends with a space"},
      {"control character", [](auto& t) { return t.CheckAdd("Kio\tsks", kServers); }, StatusCode::kInvalidArgument,
       "group name 'Kio\tsks' contains a control character"},
      {"slash", [](auto& t) { return t.CheckAdd("A/B", kServers); }, StatusCode::kInvalidArgument,
       "group name 'A/B' contains '/', which separates group paths"},
      {"sibling exists", [](auto& t) { return t.CheckAdd("LAB", kWorkstations); }, StatusCode::kAlreadyExists,
       "a group named 'Lab' already exists under 'All Computers/Workstations'"},
      {"built-in sibling", [](auto& t) { return t.CheckAdd("unassigned computers", kAllComputersId); },
       StatusCode::kAlreadyExists, "a group named 'Unassigned Computers' already exists under 'All Computers'"},
  };
  RunChecks(Tree(), cases);
}

TEST(GroupTreeTest, CheckRename) {
  const CheckCase cases[] = {
      {"ok", [](auto& t) { return t.CheckRename(kLab, "Test lab"); }, StatusCode::kOk, ""},
      {"own name in other case", [](auto& t) { return t.CheckRename(kLab, "LAB"); }, StatusCode::kOk, ""},
      {"unknown", [](auto& t) { return t.CheckRename(kNewGroup, "X"); }, StatusCode::kNotFound,
       "group 00000000-0000-4000-8000-0000000000aa does not exist"},
      {"built-in", [](auto& t) { return t.CheckRename(kAllComputersId, "Everything"); },
       StatusCode::kFailedPrecondition, "the built-in group 'All Computers' cannot be renamed"},
      {"sibling exists", [](auto& t) { return t.CheckRename(kServers, "workstations"); }, StatusCode::kAlreadyExists,
       "a group named 'Workstations' already exists under 'All Computers'"},
      {"bad name", [](auto& t) { return t.CheckRename(kServers, ""); }, StatusCode::kInvalidArgument,
       "a group name cannot be empty"},
  };
  RunChecks(Tree(), cases);
}

TEST(GroupTreeTest, CheckMove) {
  std::vector<TargetGroup> groups = Groups();
  groups.push_back({kNewGroup, "Lab", kServers});
  const GroupTree tree = GroupTree::Build(groups).value();
  const CheckCase cases[] = {
      {"ok", [](auto& t) { return t.CheckMove(kBench, kServers); }, StatusCode::kOk, ""},
      {"to the root", [](auto& t) { return t.CheckMove(kBench, kAllComputersId); }, StatusCode::kOk, ""},
      {"same parent", [](auto& t) { return t.CheckMove(kLab, kWorkstations); }, StatusCode::kOk, ""},
      {"unknown group", [](auto& t) { return t.CheckMove(G("00000000-0000-4000-8000-0000000000ff"), kServers); },
       StatusCode::kNotFound, "group 00000000-0000-4000-8000-0000000000ff does not exist"},
      {"unknown parent", [](auto& t) { return t.CheckMove(kLab, G("00000000-0000-4000-8000-0000000000ff")); },
       StatusCode::kNotFound, "parent group 00000000-0000-4000-8000-0000000000ff does not exist"},
      {"built-in", [](auto& t) { return t.CheckMove(kUnassignedComputersId, kServers); },
       StatusCode::kFailedPrecondition, "the built-in group 'Unassigned Computers' cannot be moved"},
      {"root", [](auto& t) { return t.CheckMove(kAllComputersId, kServers); }, StatusCode::kFailedPrecondition,
       "the built-in group 'All Computers' cannot be moved"},
      {"under Unassigned", [](auto& t) { return t.CheckMove(kLab, kUnassignedComputersId); },
       StatusCode::kFailedPrecondition, "groups cannot be moved under Unassigned Computers"},
      {"under itself", [](auto& t) { return t.CheckMove(kLab, kLab); }, StatusCode::kFailedPrecondition,
       "cannot move 'Lab' under itself"},
      {"under its child", [](auto& t) { return t.CheckMove(kLab, kBench); }, StatusCode::kFailedPrecondition,
       "cannot move 'Lab' under its own descendant 'Bench': that would make the cycle Lab > Bench > Lab"},
      {"under its grandchild", [](auto& t) { return t.CheckMove(kWorkstations, kBench); },
       StatusCode::kFailedPrecondition,
       "cannot move 'Workstations' under its own descendant 'Bench': that would make the cycle "
       "Workstations > Lab > Bench > Workstations"},
      {"name taken at the new parent", [](auto& t) { return t.CheckMove(kLab, kServers); }, StatusCode::kAlreadyExists,
       "a group named 'Lab' already exists under 'All Computers/Servers'"},
  };
  RunChecks(tree, cases);
}

TEST(GroupTreeTest, CheckRemove) {
  const CheckCase cases[] = {
      {"custom", [](auto& t) { return t.CheckRemove(kLab); }, StatusCode::kOk, ""},
      {"with children", [](auto& t) { return t.CheckRemove(kWorkstations); }, StatusCode::kOk, ""},
      {"unknown", [](auto& t) { return t.CheckRemove(kNewGroup); }, StatusCode::kNotFound,
       "group 00000000-0000-4000-8000-0000000000aa does not exist"},
      {"All Computers", [](auto& t) { return t.CheckRemove(kAllComputersId); }, StatusCode::kFailedPrecondition,
       "the built-in group 'All Computers' cannot be removed"},
      {"Unassigned", [](auto& t) { return t.CheckRemove(kUnassignedComputersId); }, StatusCode::kFailedPrecondition,
       "the built-in group 'Unassigned Computers' cannot be removed"},
  };
  RunChecks(Tree(), cases);
}

TEST(GroupTreeTest, EffectiveGroups) {
  const GroupTree tree = Tree();
  struct Case {
    std::vector<Guid> assigned;
    std::vector<Guid> effective;
  } cases[] = {
      {{}, {kUnassignedComputersId, kAllComputersId}},
      {{kLab}, {kLab, kAllComputersId}},
      {{kServers, kBench}, {kServers, kBench, kAllComputersId}},
      {{kLab, kLab, kAllComputersId}, {kLab, kAllComputersId}},
      {{kUnassignedComputersId}, {kUnassignedComputersId, kAllComputersId}},
      {{kNewGroup}, {kUnassignedComputersId, kAllComputersId}},  // group removed under the computer
      {{kNewGroup, kServers}, {kServers, kAllComputersId}},
  };
  for (const Case& c : cases) EXPECT_EQ(tree.EffectiveGroups(c.assigned), c.effective);
}

TEST(GroupTreeTest, RequestedGroupsSkipUnknownAndAmbiguousNames) {
  std::vector<TargetGroup> groups = Groups();
  groups.push_back({kNewGroup, "Lab", kServers});
  const GroupTree tree = GroupTree::Build(groups).value();
  EXPECT_EQ(tree.RequestedGroups({"servers", "Lab", "Kiosks", "Workstations/Lab", "SERVERS"}),
            (std::vector<Guid>{kServers, kLab}));
  EXPECT_TRUE(tree.RequestedGroups({}).empty());
}

TEST(TargetingModeTest, NamesRoundTrip) {
  EXPECT_EQ(TargetingModeName(TargetingMode::kServerSide), "server");
  EXPECT_EQ(TargetingModeName(TargetingMode::kClientSide), "client");
  for (auto mode : {TargetingMode::kServerSide, TargetingMode::kClientSide}) {
    EXPECT_EQ(*ParseTargetingMode(TargetingModeName(mode)), mode);
  }
  EXPECT_EQ(*ParseTargetingMode("ClientSide"), TargetingMode::kClientSide);
  EXPECT_EQ(*ParseTargetingMode("server-side"), TargetingMode::kServerSide);
  auto bad = ParseTargetingMode("both");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "unknown targeting mode 'both' (expected one of: server, client)");
}

}  // namespace
}  // namespace openwsus::policy
