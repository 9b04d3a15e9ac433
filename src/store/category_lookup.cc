#include "store/category_lookup.h"

#include "common/strings.h"

namespace openwsus::store {

Result<CategoryNode> FindCategory(Store* store, catalog::CategoryType type, const std::string& name_or_id) {
  OW_ASSIGN_OR_RETURN(auto categories, store->ListCategories(type));
  std::string kind = type == catalog::CategoryType::kProduct ? "product" : "classification";
  auto id = Guid::Parse(name_or_id);
  std::string wanted = AsciiLower(name_or_id);
  std::vector<const CategoryNode*> partial;
  for (const auto& c : categories) {
    std::string title = AsciiLower(c.title);
    if ((id.ok() && c.update_id == *id) || title == wanted) return c;
    if (title.find(wanted) != std::string::npos) partial.push_back(&c);
  }
  if (partial.size() == 1) return *partial.front();
  if (partial.empty()) return Status::NotFound("no " + kind + " matches '" + name_or_id + "'");
  std::string names;
  for (size_t i = 0; i < partial.size() && i < 5; ++i) names += (i ? ", '" : "'") + partial[i]->title + "'";
  return Status::InvalidArgument("'" + name_or_id + "' matches several " + kind + "s: " + names +
                                 (partial.size() > 5 ? ", ..." : ""));
}

}  // namespace openwsus::store
