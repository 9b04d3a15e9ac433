#include "store/sqlite/sqlite_import_transaction.h"

#include "common/hash.h"
#include "policy/approval.h"
#include "store/sqlite/compression.h"

namespace openwsus::store {

struct SqliteImportTransaction::Statements {
  SqliteDb::Statement find;
  SqliteDb::Statement find_update;
  SqliteDb::Statement insert_revision;
  SqliteDb::Statement insert_prerequisite;
  SqliteDb::Statement insert_bundle_member;
  SqliteDb::Statement insert_supersedence;
  SqliteDb::Statement insert_file;
  SqliteDb::Statement insert_cve;
  SqliteDb::Statement upsert_latest;
};

Result<std::unique_ptr<SqliteImportTransaction>> SqliteImportTransaction::Begin(SqliteDb* db) {
  auto prepare = [db](std::string_view sql) { return db->Prepare(sql); };
  OW_ASSIGN_OR_RETURN(auto find,
                      prepare("SELECT xml_sha256 FROM revisions WHERE update_id = ? AND revision_number = ?"));
  OW_ASSIGN_OR_RETURN(auto find_update, prepare("SELECT 1 FROM updates WHERE update_id = ?"));
  OW_ASSIGN_OR_RETURN(
      auto insert_revision,
      prepare("INSERT INTO revisions (update_id, revision_number, update_type, category_type, title, kb_article_id, "
              "msrc_severity, creation_date, publication_state, is_bundle, can_uninstall, has_eula, xml_sha256, "
              "xml_size, xml_compressed, change_number) "
              "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,(SELECT value FROM change_sequence))"));
  OW_ASSIGN_OR_RETURN(
      auto insert_prerequisite,
      prepare("INSERT INTO prerequisites (revision_id, clause, update_id, is_category) VALUES (?,?,?,?)"));
  OW_ASSIGN_OR_RETURN(auto insert_bundle_member, prepare("INSERT INTO bundle_members (revision_id, clause, "
                                                         "member_update_id, member_revision_number) VALUES (?,?,?,?)"));
  OW_ASSIGN_OR_RETURN(auto insert_supersedence,
                      prepare("INSERT INTO supersedence (revision_id, superseded_update_id) VALUES (?,?)"));
  OW_ASSIGN_OR_RETURN(auto insert_file, prepare("INSERT INTO files (revision_id, sha1, sha256, file_name, size, "
                                                "modified, patching_type) VALUES (?,?,?,?,?,?,?)"));
  OW_ASSIGN_OR_RETURN(auto insert_cve, prepare("INSERT INTO cves (revision_id, cve_id) VALUES (?,?)"));
  // The latest revision is the highest revision number, whatever the import order.
  OW_ASSIGN_OR_RETURN(
      auto upsert_latest,
      prepare("INSERT INTO updates (update_id, latest_revision_id) VALUES (?1, ?2) "
              "ON CONFLICT (update_id) DO UPDATE SET latest_revision_id = ?2 WHERE ?3 > "
              "(SELECT revision_number FROM revisions WHERE revision_id = updates.latest_revision_id)"));
  OW_RETURN_IF_ERROR(db->Exec("BEGIN IMMEDIATE"));
  auto stmts = std::make_unique<Statements>(
      Statements{std::move(find), std::move(find_update), std::move(insert_revision), std::move(insert_prerequisite),
                 std::move(insert_bundle_member), std::move(insert_supersedence), std::move(insert_file),
                 std::move(insert_cve), std::move(upsert_latest)});
  return std::unique_ptr<SqliteImportTransaction>(new SqliteImportTransaction(db, std::move(stmts)));
}

SqliteImportTransaction::SqliteImportTransaction(SqliteDb* db, std::unique_ptr<Statements> statements)
    : db_(db), stmts_(std::move(statements)) {}

SqliteImportTransaction::~SqliteImportTransaction() {
  if (!done_) {
    stmts_.reset();  // finalize before rolling back
    (void)db_->Exec("ROLLBACK");
  }
}

Result<ImportTransaction::Outcome> SqliteImportTransaction::Add(const catalog::Update& update, std::string_view xml) {
  if (done_) return Status::FailedPrecondition("import transaction already committed");
  std::string digest = Sha256(xml);
  SqliteDb::Statement& find = stmts_->find;
  find.Bind(1, update.identity.update_id.ToString()).Bind(2, update.identity.revision_number);
  OW_ASSIGN_OR_RETURN(bool exists, find.Step());
  std::string stored = exists ? find.ColumnBlob(0) : std::string();
  find.Reset();
  if (exists) return stored == digest ? Outcome::kUnchanged : Outcome::kKeptStored;
  SqliteDb::Statement& find_update = stmts_->find_update;
  find_update.Bind(1, update.identity.update_id.ToString());
  OW_ASSIGN_OR_RETURN(bool known_update, find_update.Step());
  find_update.Reset();
  // The whole transaction is one change (store.h): the number moves once,
  // before the first revision it adds.
  if (added_ == 0) OW_RETURN_IF_ERROR(db_->Exec("UPDATE change_sequence SET value = value + 1"));
  OW_ASSIGN_OR_RETURN(int32_t revision_id, InsertRevision(update, xml, digest));
  OW_RETURN_IF_ERROR(InsertRelations(revision_id, update));
  OW_RETURN_IF_ERROR(UpdateLatest(update, revision_id));
  ++added_;
  return known_update ? Outcome::kAddedRevision : Outcome::kAdded;
}

Result<int32_t> SqliteImportTransaction::InsertRevision(const catalog::Update& u, std::string_view xml,
                                                        const std::string& digest) {
  SqliteDb::Statement& s = stmts_->insert_revision;
  s.Bind(1, u.identity.update_id.ToString())
      .Bind(2, u.identity.revision_number)
      .Bind(3, static_cast<int64_t>(u.type))
      .Bind(4, static_cast<int64_t>(u.category_type))
      .Bind(5, u.Title())
      .Bind(6, u.kb_article_id)
      .Bind(7, u.msrc_severity)
      .Bind(8, u.creation_date)
      .Bind(9, u.publication_state)
      .Bind(10, u.IsBundle() ? 1 : 0)
      .Bind(11, u.CanUninstall() ? 1 : 0)
      .Bind(12, u.has_eula ? 1 : 0)
      .BindBlob(13, digest)
      .Bind(14, static_cast<int64_t>(xml.size()))
      .BindBlob(15, Compress(xml));
  OW_RETURN_IF_ERROR(s.Run());
  int64_t id = db_->LastInsertRowId();
  // The protocol carries revision ids as int32, and deployment ids take the
  // upper half (policy::kFirstDeploymentId): never hand out one that meets them.
  if (id >= policy::kFirstDeploymentId) return Status::ResourceExhausted("revision ids exhausted (2^30)");
  return static_cast<int32_t>(id);
}

Status SqliteImportTransaction::InsertRelations(int32_t revision_id, const catalog::Update& u) {
  int clause = 0;
  for (const catalog::PrerequisiteClause& c : u.prerequisites) {
    for (const Guid& id : c.update_ids) {
      OW_RETURN_IF_ERROR(stmts_->insert_prerequisite.Bind(1, revision_id)
                             .Bind(2, clause)
                             .Bind(3, id.ToString())
                             .Bind(4, c.is_category ? 1 : 0)
                             .Run());
    }
    ++clause;
  }
  clause = 0;
  for (const catalog::BundleClause& c : u.bundled_updates) {
    for (const catalog::UpdateIdentity& m : c.members) {
      OW_RETURN_IF_ERROR(stmts_->insert_bundle_member.Bind(1, revision_id)
                             .Bind(2, clause)
                             .Bind(3, m.update_id.ToString())
                             .Bind(4, m.revision_number)
                             .Run());
    }
    ++clause;
  }
  for (const Guid& id : u.superseded_updates) {
    OW_RETURN_IF_ERROR(stmts_->insert_supersedence.Bind(1, revision_id).Bind(2, id.ToString()).Run());
  }
  for (const catalog::UpdateFile& f : u.files) {
    OW_RETURN_IF_ERROR(stmts_->insert_file.Bind(1, revision_id)
                           .BindBlob(2, f.sha1)
                           .BindBlob(3, f.sha256)
                           .Bind(4, f.file_name)
                           .Bind(5, f.size)
                           .Bind(6, f.modified)
                           .Bind(7, f.patching_type)
                           .Run());
  }
  for (const std::string& cve : u.cve_ids) {
    OW_RETURN_IF_ERROR(stmts_->insert_cve.Bind(1, revision_id).Bind(2, cve).Run());
  }
  return Status::Ok();
}

Status SqliteImportTransaction::UpdateLatest(const catalog::Update& u, int32_t revision_id) {
  return stmts_->upsert_latest.Bind(1, u.identity.update_id.ToString())
      .Bind(2, revision_id)
      .Bind(3, u.identity.revision_number)
      .Run();
}

Status SqliteImportTransaction::AddFileOrigin(std::string_view sha1, std::string_view url) {
  if (done_) return Status::FailedPrecondition("import transaction already committed");
  OW_ASSIGN_OR_RETURN(auto stmt, db_->Prepare("INSERT INTO file_origins (sha1, url) VALUES (?1, ?2) "
                                              "ON CONFLICT (sha1) DO UPDATE SET url = ?2"));
  return stmt.BindBlob(1, sha1).Bind(2, url).Run();
}

Status SqliteImportTransaction::Commit() {
  if (done_) return Status::FailedPrecondition("import transaction already committed");
  stmts_.reset();
  // Tells a running server that the catalog changed (store::kCatalogCounter).
  Status s = added_ == 0 ? Status::Ok()
                         : db_->Exec(
                               "INSERT INTO settings (key, value) VALUES ('counter.catalog', '1') "
                               "ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)");
  if (s.ok()) s = db_->Exec("COMMIT");
  if (!s.ok()) {
    (void)db_->Exec("ROLLBACK");
  }
  done_ = true;
  return s;
}

}  // namespace openwsus::store
