#include "wsusss/revision_index.h"

#include <gtest/gtest.h>

namespace openwsus::wsusss {
namespace {

using catalog::UpdateType;

Guid Id(int n) {
  return *Guid::Parse("00000000-0000-0000-0000-" + std::string(12 - std::to_string(n).size(), '0') + std::to_string(n));
}

const Guid kProduct = Id(900);
const Guid kOtherProduct = Id(901);
const Guid kSecurity = Id(910);

// Two categories and a detectoid; a bundle (3) in product + security whose
// leaf (4) carries neither; an update (5) in the product only; one in the
// other product (6). Changes: 1 for everything but 4 and 6 (change 2).
store::RevisionIndexRows Rows() {
  store::RevisionIndexRows rows;
  rows.change_number = 2;
  auto add = [&](int n, UpdateType type, int64_t change, std::vector<Guid> categories, std::vector<Guid> bundled) {
    rows.entries.push_back({{Id(n), 100 + n}, type, change, std::move(categories), std::move(bundled)});
  };
  add(900, UpdateType::kCategory, 1, {}, {});
  add(910, UpdateType::kCategory, 1, {}, {});
  add(920, UpdateType::kDetectoid, 2, {}, {});
  add(3, UpdateType::kSoftware, 1, {kProduct, kSecurity}, {Id(4)});
  add(4, UpdateType::kSoftware, 2, {}, {});
  add(5, UpdateType::kSoftware, 1, {kProduct}, {});
  add(6, UpdateType::kDriver, 2, {kOtherProduct, kSecurity}, {});
  return rows;
}

std::vector<Guid> Ids(const std::vector<catalog::UpdateIdentity>& identities) {
  std::vector<Guid> ids;
  for (const auto& i : identities) ids.push_back(i.update_id);
  return ids;
}

TEST(RevisionIndexTest, ConfigListsCategoriesAndDetectoids) {
  RevisionIndex index(Rows());
  EXPECT_EQ(Ids(index.Select({.get_config = true})), (std::vector<Guid>{Id(900), Id(910), Id(920)}));
  EXPECT_EQ(Ids(index.Select({.get_config = true, .after = 1})), std::vector<Guid>{Id(920)});
  EXPECT_TRUE(index.Select({.get_config = true, .after = 2}).empty());
}

TEST(RevisionIndexTest, ProductAndClassificationBothRequired) {
  RevisionIndex index(Rows());
  EXPECT_EQ(Ids(index.Select({})), (std::vector<Guid>{Id(3), Id(4), Id(5), Id(6)}));  // no lists: everything
  EXPECT_TRUE(index.Select({.categories = {{kProduct, false}}}).empty());             // product only: nothing
  EXPECT_TRUE(index.Select({.classifications = {{kSecurity, false}}}).empty());
  // The bundle matches; its leaf comes through it; 5 lacks the classification.
  EXPECT_EQ(Ids(index.Select({.categories = {{kProduct, false}}, .classifications = {{kSecurity, false}}})),
            (std::vector<Guid>{Id(3), Id(4)}));
  EXPECT_EQ(Ids(index.Select(
                {.categories = {{kProduct, false}, {kOtherProduct, false}}, .classifications = {{kSecurity, false}}})),
            (std::vector<Guid>{Id(3), Id(4), Id(6)}));
}

TEST(RevisionIndexTest, AnchorsAndDelta) {
  RevisionIndex index(Rows());
  RevisionQuery delta{.after = 1, .categories = {{kProduct, true}}, .classifications = {{kSecurity, true}}};
  // Only the leaf changed after 1: it comes through its unchanged bundle.
  EXPECT_EQ(Ids(index.Select(delta)), std::vector<Guid>{Id(4)});
  delta.after = 2;
  EXPECT_TRUE(index.Select(delta).empty());
  // Delta false on either id: everything in it again, as the real server does.
  RevisionQuery again{.after = 2, .categories = {{kProduct, false}}, .classifications = {{kSecurity, true}}};
  EXPECT_EQ(Ids(index.Select(again)), (std::vector<Guid>{Id(3), Id(4)}));
  EXPECT_EQ(Ids(index.Select({.after = 1})), (std::vector<Guid>{Id(4), Id(6)}));
}

}  // namespace
}  // namespace openwsus::wsusss
