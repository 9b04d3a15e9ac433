// Store: where OpenWSUS keeps its catalog (and, later, approvals, groups and
// computers). This is the interface; store/sqlite/ is the embedded back end.
//
// Principles it keeps (architecture.md): the original XML of every revision is
// kept byte for byte; each (update id, revision number) gets an int32 revision id
// that never changes and is never reused; every import runs in one transaction,
// so a failed import leaves the store as it was.
//
// Thread-safety: a Store may be used from one thread at a time.
#ifndef OPENWSUS_STORE_STORE_H_
#define OPENWSUS_STORE_STORE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/update.h"
#include "common/result.h"

namespace openwsus::store {

// One row of `update list`: the latest revision of an update.
struct UpdateSummary {
  int32_t revision_id = 0;
  Guid update_id;
  int32_t revision_number = 0;
  catalog::UpdateType type = catalog::UpdateType::kSoftware;
  catalog::CategoryType category_type = catalog::CategoryType::kNone;
  std::string title;  // English, else the default language
  std::string kb_article_id;
  std::string msrc_severity;
  std::string creation_date;
  std::string publication_state;
  std::vector<Guid> product_ids;         // IsCategory prerequisites that are products
  std::vector<Guid> classification_ids;  // ... that are update classifications
};

struct UpdateFilter {
  std::optional<catalog::UpdateType> type;
  std::optional<Guid> product_id;         // includes sub-products' members? no: direct membership
  std::optional<Guid> classification_id;
  std::string title_contains;             // case-insensitive substring
  std::string kb_article_id;
  size_t limit = 0;                       // 0: no limit
};

// A category (company, product family, product or classification) and its parents.
struct CategoryNode {
  Guid update_id;
  int32_t revision_id = 0;
  catalog::CategoryType category_type = catalog::CategoryType::kNone;
  std::string title;
  std::vector<Guid> parent_ids;  // IsCategory prerequisites of the category itself
};

struct StoredRevision {
  int32_t revision_id = 0;
  Guid update_id;
  int32_t revision_number = 0;
  std::string xml;  // the original document, byte for byte
};

struct CatalogCounts {
  int64_t revisions = 0;
  int64_t updates = 0;
};

// Adds revisions in one transaction. Destroying it without Commit() rolls back.
class ImportTransaction {
 public:
  virtual ~ImportTransaction() = default;
  // Adds one parsed revision and its original XML. A revision already stored
  // changes nothing: kUnchanged when the bytes are the same, kKeptStored when
  // they differ (a published revision never changes; another serialization of
  // it, e.g. from an export rather than a sync, keeps the stored bytes and,
  // above all, the revision id clients already cached).
  enum class Outcome { kAdded, kUnchanged, kKeptStored };
  virtual Result<Outcome> Add(const catalog::Update& update, std::string_view xml) = 0;
  virtual Status Commit() = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  virtual Result<std::unique_ptr<ImportTransaction>> BeginImport() = 0;

  virtual Result<CatalogCounts> Counts() = 0;
  virtual Result<std::vector<UpdateSummary>> ListUpdates(const UpdateFilter& filter) = 0;
  // The latest revision of `update_id`.
  virtual Result<StoredRevision> FindLatestRevision(const Guid& update_id) = 0;
  virtual Result<StoredRevision> FindRevision(int32_t revision_id) = 0;
  virtual Result<int32_t> FindRevisionId(const catalog::UpdateIdentity& identity) = 0;
  // Update ids whose latest revision supersedes / bundles `update_id`.
  virtual Result<std::vector<Guid>> FindSupersedingUpdates(const Guid& update_id) = 0;
  virtual Result<std::vector<Guid>> FindBundlingUpdates(const Guid& update_id) = 0;
  // Categories of the given type (kNone: all), latest revision each.
  virtual Result<std::vector<CategoryNode>> ListCategories(catalog::CategoryType type) = 0;
  // Title of the latest revision of an update, empty if unknown.
  virtual Result<std::string> FindTitle(const Guid& update_id) = 0;
};

// Opens (creating and migrating as needed) the SQLite store at `path`.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);

}  // namespace openwsus::store

#endif  // OPENWSUS_STORE_STORE_H_
