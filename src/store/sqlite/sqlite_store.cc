#include "store/sqlite/sqlite_store.h"

#include <map>

#include "store/sqlite/compression.h"
#include "store/sqlite/sqlite_import_transaction.h"
#include "store/sqlite/sqlite_schema.h"

namespace openwsus::store {
namespace {

// Columns of a summary row; the latest revision of each update.
constexpr std::string_view kSummarySelect =
    "SELECT r.revision_id, r.update_id, r.revision_number, r.update_type, r.category_type, r.title, "
    "r.kb_article_id, r.msrc_severity, r.creation_date, r.publication_state, r.is_bundle, r.can_uninstall, "
    "r.has_eula "
    "FROM updates u JOIN revisions r ON r.revision_id = u.latest_revision_id WHERE 1 = 1";

// update id -> category type, for every category in the catalog.
Result<std::map<std::string, catalog::CategoryType>> LoadCategoryTypes(SqliteDb* db) {
  OW_ASSIGN_OR_RETURN(
      auto stmt,
      db->Prepare(
          "SELECT r.update_id, r.category_type FROM updates u JOIN revisions r ON r.revision_id = u.latest_revision_id "
          "WHERE r.update_type = " +
          std::to_string(static_cast<int>(catalog::UpdateType::kCategory))));
  std::map<std::string, catalog::CategoryType> types;
  while (true) {
    OW_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    types[stmt.ColumnText(0)] = static_cast<catalog::CategoryType>(stmt.ColumnInt(1));
  }
  return types;
}

}  // namespace

int SqliteStore::SchemaVersion() { return static_cast<int>(SchemaMigrations().size()); }

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path) {
  OW_ASSIGN_OR_RETURN(auto db, SqliteDb::Open(path));
  // WAL: readers never block the one writer; NORMAL sync is durable across an
  // application crash, and loses at most the last commits on power loss.
  OW_RETURN_IF_ERROR(db->Exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"));
  std::unique_ptr<SqliteStore> store(new SqliteStore(std::move(db)));
  OW_RETURN_IF_ERROR(store->Migrate().WithContext(path));
  return store;
}

Status SqliteStore::Migrate() {
  OW_ASSIGN_OR_RETURN(auto version_stmt, db_->Prepare("PRAGMA user_version"));
  OW_ASSIGN_OR_RETURN(bool row, version_stmt.Step());
  int version = row ? static_cast<int>(version_stmt.ColumnInt(0)) : 0;
  // A statement still stepping would lock the tables a migration drops.
  version_stmt.Reset();
  auto migrations = SchemaMigrations();
  if (version > static_cast<int>(migrations.size())) {
    return Status::FailedPrecondition("database schema version " + std::to_string(version) +
                                      " is newer than this OpenWSUS (" + std::to_string(migrations.size()) + ")");
  }
  for (size_t i = static_cast<size_t>(version); i < migrations.size(); ++i) {
    OW_RETURN_IF_ERROR(db_->Exec("BEGIN IMMEDIATE"));
    Status s = db_->Exec(migrations[i]);
    if (s.ok()) s = db_->Exec("PRAGMA user_version = " + std::to_string(i + 1));
    if (s.ok()) s = db_->Exec("COMMIT");
    if (!s.ok()) {
      (void)db_->Exec("ROLLBACK");
      return s.WithContext("schema migration " + std::to_string(i + 1));
    }
  }
  return Status::Ok();
}

Result<std::unique_ptr<ImportTransaction>> SqliteStore::BeginImport() {
  OW_ASSIGN_OR_RETURN(auto txn, SqliteImportTransaction::Begin(db_.get()));
  return std::unique_ptr<ImportTransaction>(std::move(txn));
}

Result<CatalogCounts> SqliteStore::Counts() {
  OW_ASSIGN_OR_RETURN(auto stmt,
                      db_->Prepare("SELECT (SELECT COUNT(*) FROM revisions), (SELECT COUNT(*) FROM updates)"));
  OW_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Status::Internal("count query returned nothing");
  return CatalogCounts{stmt.ColumnInt(0), stmt.ColumnInt(1)};
}

Result<std::vector<UpdateSummary>> SqliteStore::ListUpdates(const UpdateFilter& filter) {
  std::string sql(kSummarySelect);
  if (filter.type) sql += " AND r.update_type = ?1";
  for (int param : {2, 3}) {
    bool wanted = param == 2 ? filter.product_id.has_value() : filter.classification_id.has_value();
    if (!wanted) continue;
    sql +=
        " AND EXISTS (SELECT 1 FROM prerequisites p WHERE p.revision_id = r.revision_id AND p.is_category = 1 "
        "AND p.update_id = ?" +
        std::to_string(param) + ")";
  }
  if (!filter.title_contains.empty()) sql += " AND r.title LIKE '%' || ?4 || '%' ESCAPE '\\'";
  if (!filter.kb_article_id.empty()) sql += " AND r.kb_article_id = ?5";
  sql += " ORDER BY r.update_type, r.title, r.update_id";
  if (filter.limit > 0) sql += " LIMIT " + std::to_string(filter.limit);
  OW_ASSIGN_OR_RETURN(auto stmt, db_->Prepare(sql));
  if (filter.type) stmt.Bind(1, static_cast<int64_t>(*filter.type));
  if (filter.product_id) stmt.Bind(2, filter.product_id->ToString());
  if (filter.classification_id) stmt.Bind(3, filter.classification_id->ToString());
  if (!filter.title_contains.empty()) {
    std::string escaped;
    for (char c : filter.title_contains) {
      if (c == '%' || c == '_' || c == '\\') escaped += '\\';
      escaped += c;
    }
    stmt.Bind(4, escaped);
  }
  if (!filter.kb_article_id.empty()) stmt.Bind(5, filter.kb_article_id);

  std::vector<UpdateSummary> out;
  std::map<int32_t, size_t> index;
  while (true) {
    OW_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    UpdateSummary s;
    s.revision_id = static_cast<int32_t>(stmt.ColumnInt(0));
    OW_ASSIGN_OR_RETURN(s.update_id, Guid::Parse(stmt.ColumnText(1)));
    s.revision_number = static_cast<int32_t>(stmt.ColumnInt(2));
    s.type = static_cast<catalog::UpdateType>(stmt.ColumnInt(3));
    s.category_type = static_cast<catalog::CategoryType>(stmt.ColumnInt(4));
    s.title = stmt.ColumnText(5);
    s.kb_article_id = stmt.ColumnText(6);
    s.msrc_severity = stmt.ColumnText(7);
    s.creation_date = stmt.ColumnText(8);
    s.publication_state = stmt.ColumnText(9);
    s.is_bundle = stmt.ColumnInt(10) != 0;
    s.can_uninstall = stmt.ColumnInt(11) != 0;
    s.has_eula = stmt.ColumnInt(12) != 0;
    index[s.revision_id] = out.size();
    out.push_back(std::move(s));
  }
  if (out.empty()) return out;

  // Product and classification membership, from IsCategory prerequisites.
  OW_ASSIGN_OR_RETURN(auto types, LoadCategoryTypes(db_.get()));
  OW_ASSIGN_OR_RETURN(auto cats, db_->Prepare("SELECT p.revision_id, p.update_id FROM prerequisites p JOIN updates u "
                                              "ON u.latest_revision_id = p.revision_id "
                                              "WHERE p.is_category = 1"));
  while (true) {
    OW_ASSIGN_OR_RETURN(bool row, cats.Step());
    if (!row) break;
    auto it = index.find(static_cast<int32_t>(cats.ColumnInt(0)));
    if (it == index.end()) continue;
    std::string id = cats.ColumnText(1);
    auto type = types.find(id);
    if (type == types.end()) continue;
    OW_ASSIGN_OR_RETURN(Guid guid, Guid::Parse(id));
    if (type->second == catalog::CategoryType::kProduct) out[it->second].product_ids.push_back(guid);
    if (type->second == catalog::CategoryType::kUpdateClassification) {
      out[it->second].classification_ids.push_back(guid);
    }
  }
  return out;
}

Result<StoredRevision> SqliteStore::ReadRevision(SqliteDb::Statement* stmt) {
  OW_ASSIGN_OR_RETURN(bool row, stmt->Step());
  if (!row) return Status::NotFound("no such revision");
  StoredRevision rev;
  rev.revision_id = static_cast<int32_t>(stmt->ColumnInt(0));
  OW_ASSIGN_OR_RETURN(rev.update_id, Guid::Parse(stmt->ColumnText(1)));
  rev.revision_number = static_cast<int32_t>(stmt->ColumnInt(2));
  OW_ASSIGN_OR_RETURN(rev.xml, Decompress(stmt->ColumnBlob(4), static_cast<size_t>(stmt->ColumnInt(3))));
  return rev;
}

Result<StoredRevision> SqliteStore::FindLatestRevision(const Guid& update_id) {
  OW_ASSIGN_OR_RETURN(
      auto stmt,
      db_->Prepare("SELECT r.revision_id, r.update_id, r.revision_number, r.xml_size, r.xml_compressed "
                   "FROM updates u JOIN revisions r ON r.revision_id = u.latest_revision_id WHERE u.update_id = ?"));
  stmt.Bind(1, update_id.ToString());
  auto rev = ReadRevision(&stmt);
  if (!rev.ok() && rev.status().code() == StatusCode::kNotFound) {
    return Status::NotFound("no update " + update_id.ToString());
  }
  return rev;
}

Result<StoredRevision> SqliteStore::FindRevision(int32_t revision_id) {
  OW_ASSIGN_OR_RETURN(auto stmt, db_->Prepare("SELECT revision_id, update_id, revision_number, xml_size, "
                                              "xml_compressed FROM revisions WHERE revision_id = ?"));
  stmt.Bind(1, revision_id);
  auto rev = ReadRevision(&stmt);
  if (!rev.ok() && rev.status().code() == StatusCode::kNotFound) {
    return Status::NotFound("no revision id " + std::to_string(revision_id));
  }
  return rev;
}

Result<int32_t> SqliteStore::FindRevisionId(const catalog::UpdateIdentity& identity) {
  OW_ASSIGN_OR_RETURN(auto stmt,
                      db_->Prepare("SELECT revision_id FROM revisions WHERE update_id = ? AND revision_number = ?"));
  stmt.Bind(1, identity.update_id.ToString()).Bind(2, identity.revision_number);
  OW_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) {
    return Status::NotFound("no revision " + std::to_string(identity.revision_number) + " of update " +
                            identity.update_id.ToString());
  }
  return static_cast<int32_t>(stmt.ColumnInt(0));
}

Result<std::vector<Guid>> SqliteStore::QueryGuids(std::string_view sql, const Guid& key) {
  OW_ASSIGN_OR_RETURN(auto stmt, db_->Prepare(sql));
  stmt.Bind(1, key.ToString());
  std::vector<Guid> out;
  while (true) {
    OW_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    OW_ASSIGN_OR_RETURN(Guid g, Guid::Parse(stmt.ColumnText(0)));
    out.push_back(g);
  }
  return out;
}

Result<std::vector<Guid>> SqliteStore::FindSupersedingUpdates(const Guid& update_id) {
  return QueryGuids(
      "SELECT DISTINCT u.update_id FROM supersedence s JOIN updates u ON u.latest_revision_id = s.revision_id "
      "WHERE s.superseded_update_id = ? ORDER BY u.update_id",
      update_id);
}

Result<std::vector<Guid>> SqliteStore::FindBundlingUpdates(const Guid& update_id) {
  return QueryGuids(
      "SELECT DISTINCT u.update_id FROM bundle_members b JOIN updates u ON u.latest_revision_id = b.revision_id "
      "WHERE b.member_update_id = ? ORDER BY u.update_id",
      update_id);
}

Result<std::vector<std::pair<Guid, Guid>>> SqliteStore::ListSupersedence() {
  OW_ASSIGN_OR_RETURN(auto stmt, db_->Prepare("SELECT u.update_id, s.superseded_update_id FROM supersedence s "
                                              "JOIN updates u ON u.latest_revision_id = s.revision_id"));
  std::vector<std::pair<Guid, Guid>> edges;
  while (true) {
    OW_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    OW_ASSIGN_OR_RETURN(Guid superseding, Guid::Parse(stmt.ColumnText(0)));
    OW_ASSIGN_OR_RETURN(Guid superseded, Guid::Parse(stmt.ColumnText(1)));
    edges.emplace_back(superseding, superseded);
  }
  return edges;
}

Result<std::vector<CategoryNode>> SqliteStore::ListCategories(catalog::CategoryType type) {
  std::string sql =
      "SELECT r.revision_id, r.update_id, r.category_type, r.title FROM updates u "
      "JOIN revisions r ON r.revision_id = u.latest_revision_id WHERE r.update_type = " +
      std::to_string(static_cast<int>(catalog::UpdateType::kCategory));
  if (type != catalog::CategoryType::kNone) sql += " AND r.category_type = " + std::to_string(static_cast<int>(type));
  sql += " ORDER BY r.title, r.update_id";
  OW_ASSIGN_OR_RETURN(auto stmt, db_->Prepare(sql));
  OW_ASSIGN_OR_RETURN(
      auto parents,
      db_->Prepare("SELECT update_id FROM prerequisites WHERE revision_id = ? AND is_category = 1 ORDER BY clause"));
  std::vector<CategoryNode> out;
  while (true) {
    OW_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    CategoryNode node;
    node.revision_id = static_cast<int32_t>(stmt.ColumnInt(0));
    OW_ASSIGN_OR_RETURN(node.update_id, Guid::Parse(stmt.ColumnText(1)));
    node.category_type = static_cast<catalog::CategoryType>(stmt.ColumnInt(2));
    node.title = stmt.ColumnText(3);
    parents.Bind(1, node.revision_id);
    while (true) {
      OW_ASSIGN_OR_RETURN(bool prow, parents.Step());
      if (!prow) break;
      OW_ASSIGN_OR_RETURN(Guid parent, Guid::Parse(parents.ColumnText(0)));
      node.parent_ids.push_back(parent);
    }
    parents.Reset();
    out.push_back(std::move(node));
  }
  return out;
}

Result<std::string> SqliteStore::FindTitle(const Guid& update_id) {
  OW_ASSIGN_OR_RETURN(auto stmt, db_->Prepare("SELECT r.title FROM updates u JOIN revisions r ON r.revision_id = "
                                              "u.latest_revision_id WHERE u.update_id = ?"));
  stmt.Bind(1, update_id.ToString());
  OW_ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? stmt.ColumnText(0) : std::string();
}

Status SqliteStore::ForEachLatestRevision(const std::function<Status(const StoredRevision&)>& visit) {
  OW_ASSIGN_OR_RETURN(
      auto stmt,
      db_->Prepare("SELECT r.revision_id, r.update_id, r.revision_number, r.xml_size, r.xml_compressed "
                   "FROM updates u JOIN revisions r ON r.revision_id = u.latest_revision_id ORDER BY r.revision_id"));
  while (true) {
    auto rev = ReadRevision(&stmt);
    if (!rev.ok()) return rev.status().code() == StatusCode::kNotFound ? Status::Ok() : rev.status();
    OW_RETURN_IF_ERROR(visit(*rev));
  }
}

}  // namespace openwsus::store
