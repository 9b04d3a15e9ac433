#include "catalog/update.h"

#include <algorithm>
#include <cctype>

#include "common/strings.h"

namespace openwsus::catalog {
namespace {

constexpr std::pair<UpdateType, std::string_view> kUpdateTypes[] = {
    {UpdateType::kSoftware, "Software"},
    {UpdateType::kDriver, "Driver"},
    {UpdateType::kCategory, "Category"},
    {UpdateType::kDetectoid, "Detectoid"},
};

constexpr std::pair<CategoryType, std::string_view> kCategoryTypes[] = {
    {CategoryType::kNone, ""},
    {CategoryType::kCompany, "Company"},
    {CategoryType::kProductFamily, "ProductFamily"},
    {CategoryType::kProduct, "Product"},
    {CategoryType::kUpdateClassification, "UpdateClassification"},
};

}  // namespace

std::string_view UpdateTypeName(UpdateType type) {
  for (const auto& [t, name] : kUpdateTypes) {
    if (t == type) return name;
  }
  return "Software";
}

std::optional<UpdateType> ParseUpdateType(std::string_view name) {
  for (const auto& [t, n] : kUpdateTypes) {
    if (EqualsIgnoreCase(n, name)) return t;
  }
  return std::nullopt;
}

std::string_view CategoryTypeName(CategoryType type) {
  for (const auto& [t, name] : kCategoryTypes) {
    if (t == type) return name;
  }
  return "";
}

std::optional<CategoryType> ParseCategoryType(std::string_view name) {
  for (const auto& [t, n] : kCategoryTypes) {
    if (n == name) return t;
  }
  return std::nullopt;
}

std::vector<Guid> Update::CategoryIds() const {
  std::vector<Guid> ids;
  for (const PrerequisiteClause& clause : prerequisites) {
    if (!clause.is_category) continue;
    ids.insert(ids.end(), clause.update_ids.begin(), clause.update_ids.end());
  }
  return ids;
}

const LocalizedProperties* Update::FindLocalized(std::string_view language) const {
  for (const LocalizedProperties& l : localized) {
    if (l.language == language) return &l;
  }
  return nullptr;
}

std::string Update::Title() const {
  const LocalizedProperties* l = FindLocalized("en");
  if (l == nullptr && !default_language.empty()) l = FindLocalized(default_language);
  if (l == nullptr && !localized.empty()) l = &localized.front();
  return l == nullptr ? std::string() : l->title;
}

}  // namespace openwsus::catalog
