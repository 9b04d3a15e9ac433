#include "policy/supersedence.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <vector>

namespace openwsus::policy {
namespace {

using S = SupersedenceState;

Guid U(int n) {
  char text[37];
  std::snprintf(text, sizeof(text), "66666666-0000-4000-8000-%012d", n);
  return Guid::Parse(text).value();
}

catalog::Update Update(int n, std::vector<int> supersedes) {
  catalog::Update u;
  u.identity.update_id = U(n);
  for (int s : supersedes) u.superseded_updates.push_back(U(s));
  return u;
}

TEST(SupersedenceTest, FourStates) {
  EXPECT_EQ(ComputeSupersedenceState(false, false), S::kNone);
  EXPECT_EQ(ComputeSupersedenceState(true, false), S::kSuperseded);
  EXPECT_EQ(ComputeSupersedenceState(false, true), S::kSuperseding);
  EXPECT_EQ(ComputeSupersedenceState(true, true), S::kBoth);
}

TEST(SupersedenceTest, NamesRoundTrip) {
  for (S s : {S::kNone, S::kSuperseded, S::kSuperseding, S::kBoth}) {
    EXPECT_EQ(*ParseSupersedenceState(SupersedenceStateName(s)), s);
  }
  EXPECT_EQ(SupersedenceStateName(S::kSuperseding), "superseding");
  EXPECT_EQ(*ParseSupersedenceState("Both"), S::kBoth);
  EXPECT_FALSE(ParseSupersedenceState("replaced").ok());
}

TEST(SupersedenceTest, StatesOfACatalog) {
  // 3 supersedes 2, which supersedes 1; 4 names only 99 (not in the catalog)
  // and itself; 6 and 7 both supersede 5, and 7 also supersedes 1.
  const std::vector<catalog::Update> updates = {
      Update(1, {}), Update(2, {1}), Update(3, {2}),    Update(4, {99, 4}),
      Update(5, {}), Update(6, {5}), Update(7, {5, 1}),
  };
  auto states = ComputeSupersedenceStates(updates);
  ASSERT_EQ(states.size(), 7u);
  EXPECT_EQ(states[U(1)], S::kSuperseded);
  EXPECT_EQ(states[U(2)], S::kBoth);
  EXPECT_EQ(states[U(3)], S::kSuperseding);
  EXPECT_EQ(states[U(4)], S::kNone);  // its only targets are absent or itself
  EXPECT_EQ(states[U(5)], S::kSuperseded);
  EXPECT_EQ(states[U(6)], S::kSuperseding);
  EXPECT_EQ(states[U(7)], S::kSuperseding);
  EXPECT_EQ(states.count(U(99)), 0u);
}

}  // namespace
}  // namespace openwsus::policy
